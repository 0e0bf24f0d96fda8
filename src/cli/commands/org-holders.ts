import type { Command } from 'commander';
import { AMOUNT_HELP, AssetBook, checkAmountText } from '../amounts.ts';
import { globalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { checkContractAddress, holdingText, printContractTx, sendContractTx } from './contracts-common.ts';
import { clientFor, resolveAddress } from './node-client.ts';

/**
 * `agora org lock|unlock|holder` (spec/org.md §4.2): a holder of the org's token locks some into the
 * org to share in distributions to holders (`agora org distribute --to holders`), unlocks it, and reads
 * what it has locked and can claim; `agora org withdraw` claims. Amounts are in whole units of the
 * org's token (its decimals read from the node).
 */
export function registerOrgHolderCommands(org: Command): void {
  for (const [name, kind, description] of [
    ['lock', 'org.lock', 'lock org tokens into the org: from the next distribution to holders on, they earn a share (they stay the org’s until unlocked)'],
    ['unlock', 'org.unlock', 'take locked org tokens back; what they earned stays yours to withdraw'],
  ] as const) {
    org
      .command(name)
      .description(description)
      .requiredOption('--from <name>', 'key name of the holder')
      .requiredOption('--org <address>', 'the organisation')
      .requiredOption('--amount <amount>', `${AMOUNT_HELP}, of the org token`)
      .addHelpText('after', `\nExample:\n  agora org ${name} --from dave --org ORG --amount 600`)
      .action(async (flags: { from: string; org: string; amount: string }, command: Command) => {
        const options = globalOptions(command);
        const address = checkContractAddress('--org', flags.org);
        checkAmountText('--amount', flags.amount);
        const client = clientFor(options);
        const token = (await client.getOrg(address)).org.token;
        const book = new AssetBook(client);
        const amount = await book.amount('--amount', flags.amount, token);
        const { result } = await sendContractTx(options, flags.from, kind, { org: address, amount });
        const event = result.receipt.events.find((e) => e.type === (kind === 'org.lock' ? 'org.locked' : 'org.unlocked'));
        const locked = event?.attributes.locked ?? '0';
        const format = await book.formatter([token]);
        printContractTx(options, `${name}ed ${format(amount.toString(), token)} in ${address}; ${format(locked, token)} locked now`, result, { org: address, amount: amount.toString(), locked });
      });
  }

  org
    .command('holder')
    .description('what an address has locked in an org and can claim from distributions to holders')
    .requiredOption('--org <address>', 'the organisation')
    .argument('<address-or-name>', 'an address or a key name')
    .action(async (who: string, flags: { org: string }, command: Command) => {
      const options = globalOptions(command);
      const address = checkContractAddress('--org', flags.org);
      const holder = await resolveAddress(options.home, who);
      const client = clientFor(options);
      const found = await client.getOrgHolder(address, holder);
      const token = (await client.getOrg(address)).org.token;
      const format = await new AssetBook(client).formatter([token, ...found.owed.map((a) => a.asset)]);
      printResult(options, `${holder} has ${format(found.locked, token)} locked in ${address}; claimable ${found.owed.length === 0 ? 'nothing' : holdingText({ assets: found.owed }, format)}`, found);
    });
}
