import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseGenesis, type GenesisJson } from '../../chain/genesis.ts';
import { validatorsHash } from '../../chain/validators.ts';
import { REPORT_TEXT_MAX } from '../../client/provenance/report.ts';
import { verifyReport, type VerifyResult } from '../../client/provenance/verify.ts';
import { verifyEd25519Node } from '../../crypto/ed25519-node.ts';
import { CliError } from '../errors.ts';
import { globalOptions } from '../options.ts';
import { printResult } from '../output.ts';

/**
 * `agora verify FILE` (spec/provenance.md §3): checks a provenance report offline — no node, no
 * network — and prints which events it proved. Exits 0 only when everything in the file is proven;
 * otherwise prints every problem with its place and exits 1 with `not_proven`.
 */
export function registerVerifyCommands(program: Command): void {
  program
    .command('verify')
    .description('verify a provenance report offline (no node, no network); exit 0 only when every event in it is proven')
    .argument('<file>', 'a report written by `agora item report ID --out FILE`')
    .option('--validators-hash <hash>', 'trust only blocks signed by the validator set with this hash')
    .option('--genesis <file>', "trust only this chain's genesis validator set (and its chain id)")
    .action(async (file: string, flags: { validatorsHash?: string; genesis?: string }, command: Command) => {
      const options = globalOptions(command);
      const pin = await trustFrom(flags);
      const text = await readReportFile(file);
      const result = verifyReport(text, { verify: verifyEd25519Node, ...pin });
      printResult(options, describe(file, result, pin), { file, ...result });
      if (!result.ok) {
        const first = result.problems[0];
        throw new CliError('not_proven', `${result.problems.length} problem(s) in ${file}; first: ${first.place}: ${first.message}`);
      }
    });
}

/** Reads a report file: CliError `bad_file` when it cannot be read or is too large. */
export async function readReportFile(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError('bad_file', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (text.length > REPORT_TEXT_MAX) throw new CliError('bad_file', `${file} is larger than a report may be (${REPORT_TEXT_MAX} characters)`);
  return text;
}

async function trustFrom(flags: { validatorsHash?: string; genesis?: string }): Promise<{ trustedValidatorsHash?: string; chainId?: string }> {
  if (flags.validatorsHash !== undefined && flags.genesis !== undefined) throw new CliError('bad_request', 'give --validators-hash or --genesis, not both');
  if (flags.validatorsHash !== undefined) {
    if (!/^[0-9a-f]{64}$/.test(flags.validatorsHash)) throw new CliError('bad_request', '--validators-hash is 32 bytes of lower-case hex');
    return { trustedValidatorsHash: flags.validatorsHash };
  }
  if (flags.genesis === undefined) return {};
  let json: GenesisJson;
  try {
    json = JSON.parse(await readFile(flags.genesis, 'utf8')) as GenesisJson;
  } catch (error) {
    throw new CliError('bad_file', `cannot read ${flags.genesis} as JSON: ${(error as Error).message}`);
  }
  const genesis = parseGenesis(json);
  return { trustedValidatorsHash: validatorsHash(genesis.validators), chainId: genesis.chainId };
}

function describe(file: string, result: VerifyResult, pin: { trustedValidatorsHash?: string }): string {
  const lines = [`report:      ${file}`, `chain:       ${result.chainId ?? '?'}`, `item:        ${result.item ?? '?'}`];
  for (const set of result.validatorSets) {
    lines.push(`validators:  ${set.hash} (${set.validators} validator${set.validators === 1 ? '' : 's'}) ${pin.trustedValidatorsHash === undefined ? '— compare with your genesis, or pin it with --genesis' : '— pinned'}`);
  }
  const items = new Map(result.items.map((item, i) => [item.id, i === 0 ? 'item' : `ancestor ${i}`]));
  if (result.proven.length > 0) {
    lines.push('', 'proven events, oldest first:');
    for (const event of result.proven) {
      const what = event.entry.type ?? '';
      const detail = event.entry.to !== undefined && event.action !== 'attest' ? `→ ${event.entry.to}` : event.entry.data ?? '';
      lines.push(`  ${String(event.height).padStart(7)}  ${new Date(event.timeMs).toISOString()}  ${(items.get(event.item) ?? '').padEnd(10)} ${event.item.slice(0, 14)}…  #${String(event.seq).padEnd(3)} ${event.action.padEnd(13)} ${what.padEnd(18)} ${detail}`.trimEnd());
      lines.push(`           by ${event.signer} in tx ${event.txId}`);
    }
  }
  if (result.ok) {
    lines.push('', `PROVEN: ${result.proven.length} events of ${result.items.length} item(s), every one signed into a final block.`);
    if (result.completeAt !== null) lines.push(`COMPLETE: no other event of these items up to block ${result.completeAt.height} (${new Date(result.completeAt.timeMs).toISOString()}).`);
  } else {
    lines.push('', `NOT PROVEN: ${result.problems.length} problem(s):`, ...result.problems.map((p) => `  ${p.place}: ${p.message}`));
  }
  return lines.join('\n');
}
