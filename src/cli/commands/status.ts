import type { Command } from 'commander';
import { globalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { clientFor } from './node-client.ts';

/** `agora status`: the node's chain, height and tip. */
export function registerStatusCommands(program: Command): void {
  program
    .command('status')
    .description("show the node's chain id, height, last block and mempool size")
    .action(async (_options: unknown, command: Command) => {
      const options = globalOptions(command);
      const status = await clientFor(options).status();
      const human = [
        `chain:      ${status.chainId}`,
        `height:     ${status.height}`,
        `last block: ${status.lastBlockHash} at ${new Date(status.lastBlockTimeMs).toISOString()}`,
        `validator:  ${status.validator ?? '(this node does not validate)'}`,
        `mempool:    ${status.mempoolSize} txs`,
        `version:    ${status.version}`,
        `node:       ${options.node}`,
      ].join('\n');
      printResult(options, human, status);
    });
}
