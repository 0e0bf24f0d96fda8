import { Command, InvalidArgumentError } from 'commander';
import {
  ACCOUNT_MAX,
  agoraDerivationPath,
  formatDerivationPath,
  generateMnemonic,
  keyPairFromMnemonic,
} from '../../crypto/mnemonic.ts';
import { isValidKeyName, keyExists, keysDirectory, listKeys, readKeyInfo, saveKeyPair, type KeyInfo } from '../../crypto/keystore.ts';
import { CliError } from '../errors.ts';
import { globalOptions, type GlobalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { resolvePassphrase, unlockKeyPair } from '../passphrase.ts';

/** `agora keys new|list|show|import|check`: the local encrypted keystore under HOME/keys. */
export function registerKeysCommands(program: Command): void {
  const keys = program.command('keys').description('manage the keys in HOME/keys');

  keys
    .command('new')
    .description('create a key from a new 24-word mnemonic (shown once)')
    .argument('<name>', 'key name: 1-64 of a-z A-Z 0-9 _ -')
    .action(async (name: string, _options: unknown, command: Command) => keysNew(globalOptions(command), name));

  keys
    .command('import')
    .description('recreate a key from its BIP-39 mnemonic')
    .argument('<name>', 'key name: 1-64 of a-z A-Z 0-9 _ -')
    .requiredOption('--mnemonic <words>', 'the 12-24 word BIP-39 mnemonic, quoted')
    .option('--account <n>', `account index in m/44'/7777'/account'/0'/0' (0-${ACCOUNT_MAX})`, parseAccount, 0)
    .action(async (name: string, options: { mnemonic: string; account: number }, command: Command) =>
      keysImport(globalOptions(command), name, options.mnemonic, options.account),
    );

  keys
    .command('list')
    .description('list the keys: name, address, whether a passphrase protects them')
    .action(async (_options: unknown, command: Command) => keysList(globalOptions(command)));

  keys
    .command('show')
    .description("show a key's address and public key")
    .argument('<name>', 'key name')
    .action(async (name: string, _options: unknown, command: Command) => keysShow(globalOptions(command), name));

  keys
    .command('check')
    .description('check that the passphrase (AGORA_PASSPHRASE or prompt) unlocks a key')
    .argument('<name>', 'key name')
    .action(async (name: string, _options: unknown, command: Command) => keysCheck(globalOptions(command), name));
}

async function keysNew(options: GlobalOptions, name: string): Promise<void> {
  await assertNameFree(options.home, name);
  const passphrase = await resolvePassphrase({ name }, 'new');
  const mnemonic = generateMnemonic();
  const info = await saveKeyPair(options.home, name, keyPairFromMnemonic(mnemonic, 0), passphrase);
  const human = [
    describeKey(info),
    '',
    'Mnemonic (24 words). Write it down and keep it offline: it is shown only this once,',
    'it is the only way to recover this key, and anyone who has it controls the key.',
    '',
    `  ${mnemonic}`,
  ].join('\n');
  printResult(options, human, { ...info, mnemonic });
}

async function keysImport(options: GlobalOptions, name: string, mnemonic: string, account: number): Promise<void> {
  await assertNameFree(options.home, name);
  // Derive before asking for a passphrase, so a mistyped mnemonic fails at once.
  const keyPair = keyPairFromMnemonic(mnemonic, account);
  const passphrase = await resolvePassphrase({ name }, 'new');
  const info = await saveKeyPair(options.home, name, keyPair, passphrase);
  const path = formatDerivationPath(agoraDerivationPath(account));
  printResult(options, `${describeKey(info)}\npath:      ${path}`, { ...info, path });
}

async function keysList(options: GlobalOptions): Promise<void> {
  const keys = await listKeys(options.home);
  const human =
    keys.length === 0
      ? `no keys in ${keysDirectory(options.home)}`
      : keys.map((key) => `${key.name}\t${key.address}${key.protected ? '' : '\t(no passphrase)'}`).join('\n');
  printResult(options, human, { keys });
}

async function keysShow(options: GlobalOptions, name: string): Promise<void> {
  const info = await readKeyInfo(options.home, checkName(name));
  printResult(options, describeKey(info), info);
}

async function keysCheck(options: GlobalOptions, name: string): Promise<void> {
  const keyPair = await unlockKeyPair(options.home, checkName(name));
  printResult(options, `ok: the passphrase unlocks "${name}" (${keyPair.address})`, { name, address: keyPair.address, unlocked: true });
}

function describeKey(info: KeyInfo): string {
  return [
    `name:      ${info.name}`,
    `address:   ${info.address}`,
    `publicKey: ${info.publicKey}`,
    `protected: ${info.protected ? 'yes' : 'no (saved with an empty passphrase)'}`,
  ].join('\n');
}

async function assertNameFree(home: string, name: string): Promise<void> {
  if (await keyExists(home, checkName(name))) {
    throw new CliError('key_exists', `a key named "${name}" already exists in ${keysDirectory(home)}`);
  }
}

function checkName(name: string): string {
  if (!isValidKeyName(name)) {
    throw new CliError('bad_key_name', 'a key name is 1 to 64 characters from a-z, A-Z, 0-9, "_" and "-"');
  }
  return name;
}

function parseAccount(value: string): number {
  const account = /^\d{1,10}$/u.test(value) ? Number(value) : -1;
  if (account < 0 || account > ACCOUNT_MAX) throw new InvalidArgumentError(`must be an integer from 0 to ${ACCOUNT_MAX}`);
  return account;
}
