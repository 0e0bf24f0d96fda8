import { rename, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { verifyReport, type VerifyResult } from '../../client/provenance/verify.ts';
import { verifyEd25519Node } from '../../crypto/ed25519-node.ts';
import { CliError } from '../errors.ts';
import { globalOptions } from '../options.ts';
import { cliIo } from '../io.ts';
import { printResult } from '../output.ts';
import { clientFor } from './node-client.ts';
import { homeGenesisAnchor, trustWords } from './verify.ts';

/**
 * `agora item report ID --out FILE` (spec/provenance.md): fetches the item's provenance report from
 * the node, checks it as `agora verify` would, and writes it as it came (its canonical text). Without
 * --out the report goes to stdout. A report the node sends that does not verify is not written.
 *
 * The anchor is the genesis of the home (--home, default ./.agora) when it has one. Without one the
 * report is checked against itself only and written, but not called proven: the genesis of the node
 * that sent it is no anchor for a claim carried offline, since a lying node would lie about both
 * (spec/provenance.md §1).
 */
export function addItemReportCommand(item: Command): void {
  item
    .command('report')
    .description('write the provenance report of an item: every event of it and its ancestors, with proofs anyone can check offline (`agora verify FILE`)')
    .argument('<id>', 'an item1… id')
    .option('--out <file>', 'where to write the report (default: stdout)')
    .action(async (id: string, flags: { out?: string }, command: Command) => {
      const options = globalOptions(command);
      const text = await clientFor(options).getItemReport(id);
      const anchor = await homeGenesisAnchor(options.home);
      const result = verifyReport(text, { verify: verifyEd25519Node, anchor });
      const refused = result.problems.filter((p) => p.code !== 'no_trust_anchor');
      if (refused.length > 0) {
        const against = refused[0].code === 'not_trusted' && anchor !== null ? `; checked against ${trustWords({ source: 'home', home: options.home, anchor })}: --home DIR names the home of another chain` : '';
        throw new CliError('not_proven', `the node's report does not verify (${refused[0].place}: ${refused[0].message})${against}; nothing written`);
      }
      if (flags.out === undefined) {
        cliIo().writeOut(text);
        return;
      }
      const temporary = `${flags.out}.partial`;
      try {
        await writeFile(temporary, text, { flag: 'w' });
        await rename(temporary, flags.out);
      } catch (error) {
        throw new CliError('bad_file', `cannot write ${flags.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      const summary = {
        file: flags.out,
        item: id,
        items: result.items.length,
        events: result.proven.length,
        bytes: Buffer.byteLength(text),
        validatorSets: result.validatorSets,
        proven: result.ok,
        trust: anchor === null ? null : { source: 'home' as const, home: options.home, validatorsHash: anchor.validatorsHash, chainId: anchor.chainId ?? null },
      };
      printResult(options, wroteWords(flags.out, options.home, result, summary.bytes), summary);
    });
}

function wroteWords(file: string, home: string, result: VerifyResult, bytes: number): string {
  const what = `wrote ${file}: ${result.proven.length} events of ${result.items.length} item(s) (${bytes} bytes)`;
  if (result.anchor !== null) {
    return `${what}, proven against ${trustWords({ source: 'home', home, anchor: result.anchor })}; verify it anywhere with \`agora verify ${file} --genesis GENESIS\``;
  }
  return [
    `${what}; its proofs agree with the validator set it carries, which nothing here anchors:`,
    `${home} has no genesis.json, and the genesis of the node that sent the report is no anchor for a claim you carry offline.`,
    `Verify it with \`agora verify ${file} --genesis GENESIS\` (the genesis of the chain you trust) or \`--validators-hash HASH\`.`,
  ].join('\n');
}
