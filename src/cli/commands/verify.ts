import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { GenesisError, parseGenesis, type GenesisJson } from '../../chain/genesis.ts';
import { anchorFromGenesis, isValidatorsHash, type TrustAnchor } from '../../client/provenance/anchor.ts';
import { REPORT_TEXT_MAX } from '../../client/provenance/report.ts';
import { verifyReport, type VerifyResult } from '../../client/provenance/verify.ts';
import { verifyEd25519Node } from '../../crypto/ed25519-node.ts';
import { CliError } from '../errors.ts';
import { globalOptions } from '../options.ts';
import { printResult } from '../output.ts';
// reputation (spec/reputation.md §4): the same command verifies reputation reports
import { isReputationReport, verifyReputationFile } from './verify-reputation.ts';

/**
 * `agora verify FILE` (spec/provenance.md §1, §3): checks a provenance report offline — no node, no
 * network — against a trust anchor the user chose, never against the validator sets the report
 * carries: --validators-hash or --genesis, else the genesis of the home (--home, default ./.agora).
 * Exits 0 only when everything in the file is proven; otherwise prints every problem with its place
 * and exits 1: `no_trust_anchor` when there is nothing to trust, else `not_proven`.
 */
export function registerVerifyCommands(program: Command): void {
  program
    .command('verify')
    .description('verify a provenance or reputation report offline (no node, no network) against your genesis; exit 0 only when everything in it is proven')
    .argument('<file>', 'a report written by `agora item report ID --out FILE`')
    .option('--validators-hash <hash>', "trust the chain whose genesis validator set has this hash (instead of the home's genesis)")
    .option('--genesis <file>', "trust this chain's genesis: its validator set and chain id (instead of the home's genesis)")
    .action(async (file: string, flags: { validatorsHash?: string; genesis?: string }, command: Command) => {
      const options = globalOptions(command);
      const trust = await trustFrom(flags, options.home);
      const text = await readReportFile(file);
      if (isReputationReport(text)) return verifyReputationFile(file, text, trust, options);
      const result = verifyReport(text, { verify: verifyEd25519Node, anchor: trust?.anchor ?? null });
      printResult(options, describe(file, result, trust), { file, trust: trust === null ? null : trustJson(trust), ...result });
      if (trust === null) throw new CliError('no_trust_anchor', noAnchorMessage(options.home));
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

/** Where the anchor came from, for the output: the user's own words for it. */
export type Trust =
  | { source: 'validators-hash'; anchor: TrustAnchor; homeDiffers: boolean }
  | { source: 'genesis'; file: string; anchor: TrustAnchor; homeDiffers: boolean }
  | { source: 'home'; home: string; anchor: TrustAnchor };

/**
 * The trust anchor, in order (spec/provenance.md §1): --validators-hash or --genesis, else the genesis
 * of `home` when it has one, else null. A flag given beside a home genesis that says otherwise is
 * the user's explicit choice; the output notes the difference.
 */
export async function trustFrom(flags: { validatorsHash?: string; genesis?: string }, home: string): Promise<Trust | null> {
  if (flags.validatorsHash !== undefined && flags.genesis !== undefined) throw new CliError('bad_request', 'give --validators-hash or --genesis, not both');
  if (flags.validatorsHash !== undefined && !isValidatorsHash(flags.validatorsHash)) throw new CliError('bad_request', '--validators-hash is 32 bytes of lower-case hex');
  const homeAnchor = await homeGenesisAnchor(home);
  const differs = (anchor: TrustAnchor): boolean =>
    homeAnchor !== null && (anchor.validatorsHash !== homeAnchor.validatorsHash || (anchor.chainId !== undefined && anchor.chainId !== homeAnchor.chainId));
  if (flags.validatorsHash !== undefined) {
    const anchor = { validatorsHash: flags.validatorsHash };
    return { source: 'validators-hash', anchor, homeDiffers: differs(anchor) };
  }
  if (flags.genesis !== undefined) {
    const anchor = anchorFromGenesis(await readGenesis(flags.genesis));
    return { source: 'genesis', file: flags.genesis, anchor, homeDiffers: differs(anchor) };
  }
  return homeAnchor === null ? null : { source: 'home', home, anchor: homeAnchor };
}

/** The anchor of HOME/genesis.json, or null when the home has none. */
export async function homeGenesisAnchor(home: string): Promise<TrustAnchor | null> {
  const path = join(home, 'genesis.json');
  return existsSync(path) ? anchorFromGenesis(await readGenesis(path)) : null;
}

async function readGenesis(path: string): Promise<ReturnType<typeof parseGenesis>> {
  let json: GenesisJson;
  try {
    json = JSON.parse(await readFile(path, 'utf8')) as GenesisJson;
  } catch (error) {
    throw new CliError('bad_file', `cannot read ${path} as JSON: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return parseGenesis(json);
  } catch (error) {
    if (error instanceof GenesisError) throw new CliError('bad_genesis', `${path}: ${error.message}`);
    throw error;
  }
}

/** What `no_trust_anchor` says: the flags to pass, and why the report's own sets are not enough. */
export function noAnchorMessage(home: string): string {
  return (
    `nothing to trust: ${join(home, 'genesis.json')} does not exist, and neither --genesis FILE (the chain's genesis.json) ` +
    'nor --validators-hash HASH (its genesis validator set hash) was given; --home DIR uses the genesis of another home. ' +
    'The validator sets inside a report prove nothing by themselves: anyone can sign one with fresh keys'
  );
}

/** The anchor in words: "the genesis of HOME (chain …, validator set …)". */
export function trustWords(trust: Trust): string {
  const { anchor } = trust;
  const set = `validator set ${anchor.validatorsHash}`;
  if (trust.source === 'home') return `the genesis of ${trust.home} (chain ${anchor.chainId}, ${set})`;
  if (trust.source === 'genesis') return `the genesis in ${trust.file} (chain ${anchor.chainId}, ${set})`;
  return `${set} (any chain it signs)`;
}

function trustJson(trust: Trust): { source: Trust['source']; file?: string; home?: string; validatorsHash: string; chainId: string | null; homeDiffers: boolean } {
  return {
    source: trust.source,
    ...(trust.source === 'genesis' ? { file: trust.file } : {}),
    ...(trust.source === 'home' ? { home: trust.home } : {}),
    validatorsHash: trust.anchor.validatorsHash,
    chainId: trust.anchor.chainId ?? null,
    homeDiffers: trust.source === 'home' ? false : trust.homeDiffers,
  };
}

function describe(file: string, result: VerifyResult, trust: Trust | null): string {
  const lines = [`report:      ${file}`, `chain:       ${result.chainId ?? '?'}`, `item:        ${result.item ?? '?'}`];
  lines.push(trust === null ? 'trusting:    nothing — no genesis in the home and no --genesis or --validators-hash' : `trusting:    ${trustWords(trust)}`);
  if (trust !== null && trust.source !== 'home' && trust.homeDiffers) lines.push('             (by your choice: not the genesis of your home)');
  for (const set of result.validatorSets) {
    const count = `${set.validators} validator${set.validators === 1 ? '' : 's'}`;
    lines.push(`validators:  ${set.hash} (${count}) ${trust === null ? '— carried by the report, trusted by nothing' : '— the trusted set'}`);
  }
  const items = new Map(result.items.map((item, i) => [item.id, i === 0 ? 'item' : `ancestor ${i}`]));
  if (result.proven.length > 0) {
    lines.push('', trust === null ? 'events the report claims, oldest first (consistent with its own signatures, NOT proven):' : result.ok ? 'proven events, oldest first:' : 'events that check out, oldest first:');
    for (const event of result.proven) {
      const what = event.entry.type ?? '';
      const detail = event.entry.to !== undefined && event.action !== 'attest' ? `→ ${event.entry.to}` : event.entry.data ?? '';
      lines.push(`  ${String(event.height).padStart(7)}  ${new Date(event.timeMs).toISOString()}  ${(items.get(event.item) ?? '').padEnd(10)} ${event.item.slice(0, 14)}…  #${String(event.seq).padEnd(3)} ${event.action.padEnd(13)} ${what.padEnd(18)} ${detail}`.trimEnd());
      lines.push(`           by ${event.signer} in tx ${event.txId}`);
    }
  }
  if (result.ok) {
    lines.push('', `PROVEN: ${result.proven.length} events of ${result.items.length} item(s), every one signed into a final block by the trusted validators.`);
    if (result.completeAt !== null) lines.push(`COMPLETE: no other event of these items up to block ${result.completeAt.height} (${new Date(result.completeAt.timeMs).toISOString()}).`);
  } else {
    lines.push('', `NOT PROVEN: ${result.problems.length} problem(s):`, ...result.problems.map((p) => `  ${p.place}: ${p.message}`));
  }
  return lines.join('\n');
}
