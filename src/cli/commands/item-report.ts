import { rename, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { verifyReport } from '../../client/provenance/verify.ts';
import { verifyEd25519Node } from '../../crypto/ed25519-node.ts';
import { CliError } from '../errors.ts';
import { globalOptions } from '../options.ts';
import { cliIo } from '../io.ts';
import { printResult } from '../output.ts';
import { clientFor } from './node-client.ts';

/**
 * `agora item report ID --out FILE` (spec/provenance.md): fetches the item's provenance report from
 * the node, checks it as `agora verify` would, and writes it as it came (its canonical text). Without
 * --out the report goes to stdout. A report the node sends that does not verify is not written.
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
      const result = verifyReport(text, { verify: verifyEd25519Node });
      if (!result.ok) throw new CliError('not_proven', `the node's report does not verify (${result.problems[0].place}: ${result.problems[0].message}); nothing written`);
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
      const summary = { file: flags.out, item: id, items: result.items.length, events: result.proven.length, bytes: Buffer.byteLength(text), validatorSets: result.validatorSets };
      printResult(options, `wrote ${flags.out}: ${result.proven.length} events of ${result.items.length} item(s) (${summary.bytes} bytes), checked; verify it anywhere with \`agora verify ${flags.out}\``, summary);
    });
}
