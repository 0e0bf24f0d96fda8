import type { Command } from 'commander';
import { AssetBook } from '../amounts.ts';
import { CliError } from '../errors.ts';
import { globalOptions } from '../options.ts';
import { encodeJson, printResult } from '../output.ts';
import { clientFor } from './node-client.ts';

/** `agora tx ID`: a committed or pending tx with its receipt. */
export function registerTxCommands(program: Command): void {
  program
    .command('tx')
    .description('show a tx: its kind, signers, payload and, once committed, height and receipt')
    .argument('<id>', 'tx id (64 hex digits)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const options = globalOptions(command);
      if (!/^[0-9a-f]{64}$/.test(id)) throw new CliError('bad_tx_id', 'a tx id is 64 lower-case hex digits');
      const client = clientFor(options);
      const tx = await client.tx(id);
      const book = new AssetBook(client);
      const nativeAsset = (await client.params()).nativeAsset;
      const lines = [
        `id:       ${tx.id}`,
        `status:   ${tx.status}${tx.height === undefined ? '' : ` at height ${tx.height} (index ${tx.index})`}`,
        `kind:     ${tx.tx.kind}`,
        `from:     ${tx.tx.signers.map((s) => `${s.address} (nonce ${s.nonce})`).join(', ')}`,
        `fee max:  ${await book.format(tx.tx.fee, nativeAsset)}`,
        `payload:  ${encodeJson(tx.tx.payload)} (amounts here and in events are base units)`,
      ];
      if (tx.tx.expiresAt !== null) lines.push(`expires:  after height ${tx.tx.expiresAt}`);
      if (tx.receipt !== undefined) {
        lines.push(`result:   ${tx.receipt.code}${tx.receipt.message === undefined ? '' : `: ${tx.receipt.message}`}`, `fee paid: ${await book.format(tx.receipt.fee, nativeAsset)}`);
        for (const event of tx.receipt.events) lines.push(`event:    ${event.type} ${encodeJson(event.attributes)}`);
      }
      printResult(options, lines.join('\n'), tx);
    });
}
