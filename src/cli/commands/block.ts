import type { Command } from 'commander';
import { CliError } from '../errors.ts';
import { globalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { clientFor } from './node-client.ts';

/** `agora block HEIGHT|latest`: a committed block's header, txs and commit. */
export function registerBlockCommands(program: Command): void {
  program
    .command('block')
    .description('show a committed block: header, tx ids and the validators that signed it')
    .argument('<height>', 'a height ≥ 1, or "latest"')
    .action(async (height: string, _options: unknown, command: Command) => {
      const options = globalOptions(command);
      if (height !== 'latest' && !/^[1-9][0-9]{0,14}$/.test(height)) throw new CliError('bad_height', 'a height is a positive integer, or "latest"');
      const block = await clientFor(options).block(height === 'latest' ? 'latest' : Number(height));
      const { header } = block;
      const human = [
        `height:    ${block.height}`,
        `hash:      ${block.hash}`,
        `time:      ${new Date(header.timeMs).toISOString()}`,
        `proposer:  ${header.proposer}`,
        `previous:  ${header.previousHash}`,
        `state:     ${header.stateRoot}`,
        `commit:    round ${block.commit.round}, ${block.commit.signatures.length} signature(s)`,
        `txs:       ${block.txs.length}`,
        ...block.txs.map((id) => `  ${id}`),
        ...(block.evidence.length === 0 ? [] : [`evidence:  ${block.evidence.length} piece(s) against ${block.offenders.join(', ')}`, ...block.evidence.map((e) => `  ${e.id} ${e.kind} height ${e.height} round ${e.round}`)]),
      ].join('\n');
      printResult(options, human, block);
    });
}
