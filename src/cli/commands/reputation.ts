import { rename, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { verifyReputationReport } from '../../client/reputation/verify.ts';
import { verifyEd25519Node } from '../../crypto/ed25519-node.ts';
import { CliError } from '../errors.ts';
import { cliIo } from '../io.ts';
import { globalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { clientFor, resolveAddress } from './node-client.ts';
import { homeGenesisAnchor, trustWords } from './verify.ts';

/**
 * `agora reputation show ADDRESS_OR_NAME` (the aggregates, the score and the reviews, a rating and a
 * text only once shown) and `agora reputation report ADDRESS_OR_NAME --out FILE` (spec/reputation.md §4): the
 * report is fetched, checked as `agora verify` would against the home's genesis, and written as it
 * came; a report that does not verify is not written. Without a genesis in the home it is written
 * but not called proven, as `agora item report` (spec/provenance.md §1.1).
 */
/**
 * A stranger's review text as one terminal line: every control or format character (escape sequences,
 * bidirectional overrides, line breaks) written as \u{…}, so that a review cannot move the cursor,
 * recolour the screen or disguise what follows it.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

export function registerReputationCommands(program: Command): void {
  const reputation = program.command('reputation').description('reputation earned from settled trades (spec/reputation.md)');
  reputation
    .command('show')
    .description('the reputation aggregates, score and reviews of an address or of a key in HOME/keys')
    .argument('<address-or-name>', 'an agora1… address or a key name')
    .action(async (addressOrName: string, _flags: unknown, command: Command) => {
      const options = globalOptions(command);
      const client = clientFor(options);
      const address = await resolveAddress(options.home, addressOrName);
      const [shown, reviews] = await Promise.all([client.getReputation(address), client.getReviews(address)]);
      const a = shown.aggregates;
      const lines = [
        `address:        ${address}`,
        `score:          ${shown.scorePpm === null ? 'none (no value paid in the native asset)' : `${shown.scorePpm} ppm`}`,
        `reviews:        ${a.reviews} (${a.negatives} negative) from ${a.counterparties} counterparties`,
        `trades:         ${a.trades}; ${a.disputesLost} disputes lost; weight ${a.weight}`,
        ...reviews.reviews.flatMap((r) => [
          `  ${r.shown ? `${r.rating}/5` : r.revealed ? 'hidden' : 'committed'}  by ${r.reviewer} on trade ${r.trade.slice(0, 16)}…${r.reply !== undefined ? ' (replied)' : ''}`,
          ...(r.text === undefined ? [] : [`      “${terminalSafe(r.text)}”`]),
        ]),
      ];
      printResult(options, lines.join('\n'), { ...shown, reviews: reviews.reviews });
    });
  reputation
    .command('report')
    .description('write the reputation report of an address: its aggregates and reviews with proofs anyone can check offline (`agora verify FILE`)')
    .argument('<address-or-name>', 'an agora1… address or a key name')
    .option('--out <file>', 'where to write the report (default: stdout)')
    .action(async (addressOrName: string, flags: { out?: string }, command: Command) => {
      const options = globalOptions(command);
      const address = await resolveAddress(options.home, addressOrName);
      const text = await clientFor(options).getReputationReport(address);
      const anchor = await homeGenesisAnchor(options.home);
      const result = verifyReputationReport(text, { verify: verifyEd25519Node, anchor });
      const refused = result.problems.filter((p) => p.code !== 'no_trust_anchor');
      if (refused.length > 0) throw new CliError('not_proven', `the node's report does not verify (${refused[0].place}: ${refused[0].message}); nothing written`);
      if (flags.out === undefined) {
        cliIo().writeOut(text);
        return;
      }
      try {
        await writeFile(`${flags.out}.partial`, text, { flag: 'w' });
        await rename(`${flags.out}.partial`, flags.out);
      } catch (error) {
        throw new CliError('bad_file', `cannot write ${flags.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      const trusted = result.anchor === null ? 'not proven here: the home has no genesis.json' : `proven against ${trustWords({ source: 'home', home: options.home, anchor: result.anchor })}`;
      const human = `wrote ${flags.out}: ${result.reviews.length} reviews of ${address} at block ${result.height}, ${trusted}; verify it anywhere with \`agora verify ${flags.out} --genesis GENESIS\``;
      printResult(options, human, { file: flags.out, subject: address, height: result.height, reviews: result.reviews.length, scorePpm: result.scorePpm, proven: result.ok });
    });
}
