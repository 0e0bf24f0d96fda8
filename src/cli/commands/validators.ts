import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  approveValidatorsUpdate,
  proposeValidatorsUpdate,
  readValidatorsUpdateFile,
  validatorsUpdatePayload,
  type ValidatorsUpdateFile,
} from '../../client/validators.ts';
import type { ValidatorsResponse } from '../../client/types.ts';
import { isAddress } from '../../crypto/address.ts';
import { fromHex } from '../../crypto/hash.ts';
import type { KeyPair } from '../../crypto/keys.ts';
import { isValidKeyName, keyExists, readKeyInfo } from '../../crypto/keystore.ts';
import { VALIDATOR_TOTAL_POWER_MAX } from '../../ledger/limits.ts';
import type { ValidatorChange } from '../../ledger/validators/update-types.ts';
import { loadValidatorKey } from '../../node/home.ts';
import { CliError } from '../errors.ts';
import { globalOptions, type GlobalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { unlockKeyPair } from '../passphrase.ts';
import { collect } from './contracts-common.ts';
import { printRecordTx } from './records-common.ts';
import { clientFor } from './node-client.ts';

/**
 * `agora validators list|propose|sign|submit` (spec/ledger.md §10.2). An update travels as a file
 * (format `agora-validators-update/1`), as a swap does: `propose` fixes the changes and the update
 * sequence they are for; each validator adds its approval with `sign FILE --from NAME` (NAME a key
 * in HOME/keys, or `validator` for HOME/validator.json: the key never leaves its machine); `submit`
 * sends it, paid by `--from` (default `dev`), once the approvals hold more than 2/3 of the power.
 */
export function registerValidatorsCommands(program: Command): Command {
  const validators = program.command('validators').description('the validator set: list it, and change it by an update approved by more than 2/3 of its power');

  validators
    .command('list')
    .description('the validator set that signs the next block (or --height H), with powers and shares')
    .option('--height <height>', 'a height from 1 to the tip + 2')
    .action(async (flags: { height?: string }, command: Command) => {
      const options = globalOptions(command);
      if (flags.height !== undefined && !/^[1-9][0-9]{0,14}$/.test(flags.height)) throw new CliError('bad_height', '--height: an integer from 1');
      const set = await clientFor(options).validators(flags.height === undefined ? undefined : Number(flags.height));
      printResult(options, setText(set), set);
    });

  validators
    .command('propose')
    .description('write an update to --out for the validators to approve; repeat --add, --remove, --power')
    .option('--add <pubkey[:power]>', 'add a validator by its Ed25519 public key (hex), power 1 unless given', collect, [])
    .option('--remove <address>', 'remove a validator', collect, [])
    .option('--power <address:power>', 'set a validator\'s power', collect, [])
    .requiredOption('--out <file>', 'where to write the update')
    .action(async (flags: { add: string[]; remove: string[]; power: string[]; out: string }, command: Command) => {
      const options = globalOptions(command);
      const client = clientFor(options);
      const [status, set] = await Promise.all([client.status(), client.validators()]);
      const changes = parseChanges(flags, set);
      const file = proposeValidatorsUpdate(status.chainId, BigInt(set.sequence), changes);
      await writeUpdate(flags.out, file);
      printResult(options, `${changesText(file)}\nwrote ${flags.out}; each validator approves it: agora validators sign ${flags.out} --from NAME`, summary(file, flags.out, set));
    });

  validators
    .command('sign')
    .description('add the approval of --from (a validator of the current set) to an update file, after showing it')
    .argument('<file>', 'the update file')
    .requiredOption('--from <name>', 'a key name in HOME/keys, or `validator` for the home\'s validator key')
    .action(async (file: string, flags: { from: string }, command: Command) => {
      const options = globalOptions(command);
      const update = await readUpdate(file);
      const key = await validatorKey(options, flags.from);
      // With a node in reach, an approval the ledger would refuse (unknown_approver) is not written.
      const set = await clientFor(options).validators().catch(() => null);
      if (set !== null && !set.validators.some((v) => v.address === key.address)) {
        throw new CliError('bad_signers', `${flags.from} (${key.address}) is not in the current validator set: its approval would be refused (agora validators list)`);
      }
      const signed = approveValidatorsUpdate(update, key);
      await writeUpdate(file, signed);
      const power = set === null ? '' : `; approvals hold ${approvedText(signed, set)}`;
      printResult(options, `${changesText(signed)}\napproved by ${key.address}${power}`, { ...summary(signed, file, set), signed: key.address });
    });

  validators
    .command('submit')
    .description('send an update file once its approvals hold more than 2/3 of the power; waits for the commit')
    .argument('<file>', 'the update file')
    .option('--from <name>', 'key name of who submits and pays the fee', 'dev')
    .action(async (file: string, flags: { from: string }, command: Command) => {
      const options = globalOptions(command);
      const update = await readUpdate(file);
      const client = clientFor(options);
      const set = await client.validators();
      if (update.sequence !== set.sequence) throw new CliError('bad_request', `the update is for sequence ${update.sequence}; the chain is at ${set.sequence}: propose it again`);
      const key = await unlockKeyPair(options.home, flags.from);
      const result = await client.sendTx(key, 'validators.update', validatorsUpdatePayload(update));
      const event = result.receipt.events.find((e) => e.type === 'validators.updated');
      const effective = event?.attributes.effectiveHeight ?? '?';
      printRecordTx(options, `${changesText(update)}\nthe new set (${event?.attributes.validatorsHash ?? '?'}) signs from height ${effective}`, result, {
        validatorsHash: event?.attributes.validatorsHash ?? null,
        effectiveHeight: Number(effective),
        sequence: update.sequence,
      });
    });
  return validators;
}

function parsePower(text: string, what: string, zero: boolean): bigint {
  if (!/^[0-9]{1,20}$/.test(text) || BigInt(text) > VALIDATOR_TOTAL_POWER_MAX || (!zero && BigInt(text) === 0n)) throw new CliError('bad_request', `${what}: a power from ${zero ? 0 : 1} to 2^64 - 1`);
  return BigInt(text);
}

function parseChanges(flags: { add: string[]; remove: string[]; power: string[] }, set: ValidatorsResponse): ValidatorChange[] {
  const member = (address: string, what: string): ValidatorsResponse['validators'][number] => {
    if (!isAddress(address)) throw new CliError('bad_address', `${what}: "${address}" is not an agora1… address`);
    const found = set.validators.find((v) => v.address === address);
    if (found === undefined) throw new CliError('bad_request', `${what}: ${address} is not in the validator set (agora validators list)`);
    return found;
  };
  const changes: ValidatorChange[] = [];
  for (const text of flags.add) {
    const [hex, power] = text.split(':');
    if (!/^[0-9a-f]{64}$/.test(hex ?? '')) throw new CliError('bad_request', `--add: "${hex}" is not an Ed25519 public key (64 hex characters; agora keys show NAME prints one)`);
    changes.push({ publicKey: fromHex(hex), power: power === undefined ? 1n : parsePower(power, '--add', false) });
  }
  for (const address of flags.remove) changes.push({ publicKey: fromHex(member(address, '--remove').publicKey), power: 0n });
  for (const text of flags.power) {
    const at = text.lastIndexOf(':');
    if (at < 0) throw new CliError('bad_request', '--power: ADDRESS:POWER');
    changes.push({ publicKey: fromHex(member(text.slice(0, at), '--power').publicKey), power: parsePower(text.slice(at + 1), '--power', true) });
  }
  if (changes.length === 0) throw new CliError('bad_usage', 'give at least one --add, --remove or --power');
  return changes;
}

/** A key in HOME/keys, or the home's validator key when NAME is `validator` and no key has that name. */
async function validatorKey(options: GlobalOptions, name: string): Promise<KeyPair> {
  if (name === 'validator' && !(isValidKeyName(name) && (await keyExists(options.home, name)))) {
    const key = await loadValidatorKey(options.home);
    if (key === null) throw new CliError('bad_usage', `${options.home} holds no validator.json`);
    return key;
  }
  await readKeyInfo(options.home, name);
  return unlockKeyPair(options.home, name);
}

async function readUpdate(file: string): Promise<ValidatorsUpdateFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError('bad_file', `cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return readValidatorsUpdateFile(JSON.parse(text) as unknown);
  } catch (error) {
    throw new CliError('bad_file', `${file}: ${(error as Error).message}`);
  }
}

async function writeUpdate(file: string, update: ValidatorsUpdateFile): Promise<void> {
  await writeFile(file, `${JSON.stringify(update, null, 2)}\n`);
}

function share(power: bigint, total: bigint): string {
  if (total === 0n) return '0%';
  const tenths = (power * 1000n) / total;
  return `${tenths / 10n}.${tenths % 10n}%`;
}

function setText(set: ValidatorsResponse): string {
  const total = BigInt(set.totalPower);
  const lines = set.validators.map((v) => `  ${v.address}  power ${v.power} (${share(BigInt(v.power), total)})`);
  return [`validator set of height ${set.height}: ${set.validators.length} validator${set.validators.length === 1 ? '' : 's'}, total power ${set.totalPower}`, ...lines, `hash ${set.validatorsHash}; next update sequence ${set.sequence}`].join('\n');
}

function changesText(update: ValidatorsUpdateFile): string {
  const lines = update.changes.map((c) => (c.power === '0' ? `  remove ${c.address}` : `  ${c.address}: power ${c.power}`));
  return [`validators update ${update.sequence} on chain ${update.chainId}:`, ...lines, `approvals: ${update.approvals.length}`].join('\n');
}

/** The approvals' power of the current set, and whether it passes 2/3. */
function approvedText(update: ValidatorsUpdateFile, set: ValidatorsResponse): string {
  const power = update.approvals.reduce((sum, a) => sum + BigInt(set.validators.find((v) => v.address === a.validator)?.power ?? '0'), 0n);
  const total = BigInt(set.totalPower);
  return `${power} of ${total} (${share(power, total)}): ${power * 3n > total * 2n ? 'more than 2/3, ready to submit' : 'not yet more than 2/3'}`;
}

function summary(update: ValidatorsUpdateFile, file: string, set: ValidatorsResponse | null): { [key: string]: unknown } {
  const approvedPower = set === null ? null : update.approvals.reduce((sum, a) => sum + BigInt(set.validators.find((v) => v.address === a.validator)?.power ?? '0'), 0n).toString();
  return { file, chainId: update.chainId, sequence: update.sequence, changes: update.changes, approvals: update.approvals.map((a) => a.validator), approvedPower, totalPower: set?.totalPower ?? null };
}
