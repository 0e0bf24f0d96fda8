import { rename, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { verifyReputationReport, type ReputationVerifyResult } from '../../client/reputation/verify.ts';
import { verifyEd25519Node } from '../../crypto/ed25519-node.ts';
import { CliError } from '../errors.ts';
import { cliIo } from '../io.ts';
import { globalOptions, type GlobalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { clientFor, resolveAddress } from './node-client.ts';
import { reviewLines } from './review-lines.ts';
import { homeGenesisAnchor, trustWords } from './verify.ts';

/**
 * `agora reputation ADDRESS_OR_NAME [--report FILE]` (DESIGN.md "reviews"), `agora reputation show
 * ADDRESS_OR_NAME` (the aggregates, the score and the reviews, a rating and a text only once shown) and
 * `agora reputation report ADDRESS_OR_NAME --out FILE` (spec/reputation.md §4). `reputation X` is
 * `reputation show X`, and with --report FILE also `reputation report X --out FILE`. The report is
 * fetched, checked as `agora verify` would against the home's genesis, and written as it came; a
 * report that does not verify is not written. Without a genesis in the home it is written but not
 * called proven, as `agora item report` (spec/provenance.md §1.1). A key named `show` or `report` is
 * reached by its address (commander takes the word as the subcommand).
 */
async function shown(options: GlobalOptions, address: string): Promise<{ lines: string[]; json: object }> {
  const client = clientFor(options);
  const [reputation, reviews] = await Promise.all([client.getReputation(address), client.getReviews(address)]);
  const a = reputation.aggregates;
  const lines = [
    `address:        ${address}`,
    `score:          ${reputation.scorePpm === null ? 'none (no value paid in the native asset)' : `${reputation.scorePpm} ppm`}`,
    `reviews:        ${a.reviews} (${a.negatives} negative) from ${a.counterparties} counterparties`,
    `trades:         ${a.trades}; ${a.disputesLost} disputes lost; weight ${a.weight}`,
    ...reviewLines(reviews.reviews),
  ];
  return { lines, json: { ...reputation, reviews: reviews.reviews } };
}

interface Written {
  human: string;
  json: { file: string; subject: string; height: ReputationVerifyResult['height']; reviews: number; scorePpm: ReputationVerifyResult['scorePpm']; proven: boolean };
}

/** Fetches the report, checks it, writes it to `out` (through OUT.partial); undefined `out` is stdout. */
async function writeReport(options: GlobalOptions, address: string, out: string | undefined): Promise<Written | undefined> {
  const text = await clientFor(options).getReputationReport(address);
  const anchor = await homeGenesisAnchor(options.home);
  const result = verifyReputationReport(text, { verify: verifyEd25519Node, anchor });
  const refused = result.problems.filter((p) => p.code !== 'no_trust_anchor');
  if (refused.length > 0) throw new CliError('not_proven', `the node's report does not verify (${refused[0].place}: ${refused[0].message}); nothing written`);
  if (out === undefined) {
    cliIo().writeOut(text);
    return undefined;
  }
  try {
    await writeFile(`${out}.partial`, text, { flag: 'w' });
    await rename(`${out}.partial`, out);
  } catch (error) {
    throw new CliError('bad_file', `cannot write ${out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const trusted = result.anchor === null ? 'not proven here: the home has no genesis.json' : `proven against ${trustWords({ source: 'home', home: options.home, anchor: result.anchor })}`;
  return {
    human: `wrote ${out}: ${result.reviews.length} reviews of ${address} at block ${result.height}, ${trusted}; verify it anywhere with \`agora verify ${out} --genesis GENESIS\``,
    json: { file: out, subject: address, height: result.height, reviews: result.reviews.length, scorePpm: result.scorePpm, proven: result.ok },
  };
}

export function registerReputationCommands(program: Command): void {
  const reputation = program
    .command('reputation')
    .description('reputation earned from settled trades (spec/reputation.md): `reputation ADDRESS_OR_NAME [--report FILE]`, or its subcommands')
    .argument('<address-or-name>', 'an agora1… address or a key name: shows its reputation, as `reputation show`')
    .option('--report <file>', 'also write its reputation report to FILE, checked as `reputation report --out` does')
    .action(async (addressOrName: string, flags: { report?: string }, command: Command) => {
      const options = globalOptions(command);
      const address = await resolveAddress(options.home, addressOrName);
      const { lines, json } = await shown(options, address);
      const written = flags.report === undefined ? undefined : await writeReport(options, address, flags.report);
      if (written === undefined) printResult(options, lines.join('\n'), json);
      else printResult(options, [...lines, written.human].join('\n'), { ...json, report: written.json });
    });
  reputation
    .command('show')
    .description('the reputation aggregates, score and reviews of an address or of a key in HOME/keys')
    .argument('<address-or-name>', 'an agora1… address or a key name')
    .action(async (addressOrName: string, _flags: unknown, command: Command) => {
      const options = globalOptions(command);
      const { lines, json } = await shown(options, await resolveAddress(options.home, addressOrName));
      printResult(options, lines.join('\n'), json);
    });
  reputation
    .command('report')
    .description('write the reputation report of an address: its aggregates and reviews with proofs anyone can check offline (`agora verify FILE`)')
    .argument('<address-or-name>', 'an agora1… address or a key name')
    .option('--out <file>', 'where to write the report (default: stdout)')
    .action(async (addressOrName: string, flags: { out?: string }, command: Command) => {
      const options = globalOptions(command);
      const written = await writeReport(options, await resolveAddress(options.home, addressOrName), flags.out);
      if (written !== undefined) printResult(options, written.human, written.json);
    });
}
