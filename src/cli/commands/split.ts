import type { Command } from 'commander';
import { SPLIT_MEMBERS_MAX, SPLIT_WEIGHT_MAX } from '../../ledger/limits.ts';
import { CliError } from '../errors.ts';
import { globalOptions } from '../options.ts';
import { resolveAddress } from './node-client.ts';
import { collect, createdContract, parseInteger, printContractTx, sendContractTx, showContract } from './contracts-common.ts';

/**
 * `agora split …` (spec/ledger.md §8.4): create (prints the split's address) and show. Every payment
 * to a split's address is forwarded to its members by weight in the same tx (largest remainder).
 */
export function registerSplitCommands(program: Command): Command {
  const split = program.command('split').description('a revenue split: an address that forwards every payment to its members by fixed weights');
  split
    .command('create')
    .description('make a split of 2 or more members; prints its address (send to it like to any address)')
    .requiredOption('--from <name>', 'key name of the creator (it pays the fee; it is a member only if listed)')
    .requiredOption('--member <address=weight>', `ADDRESS_OR_KEYNAME=WEIGHT (1-${SPLIT_WEIGHT_MAX}); repeat it, ${SPLIT_MEMBERS_MAX} at most, in the order the rounding rule uses`, collect, [])
    .action(async (flags: { from: string; member: string[] }, command: Command) => {
      const options = globalOptions(command);
      if (flags.member.length < 2 || flags.member.length > SPLIT_MEMBERS_MAX) throw new CliError('bad_usage', `a split has 2 to ${SPLIT_MEMBERS_MAX} --member`);
      const parsed = flags.member.map((text) => {
        const at = text.lastIndexOf('=');
        if (at <= 0) throw new CliError('bad_usage', `--member "${text}": expected ADDRESS_OR_KEYNAME=WEIGHT`);
        return { who: text.slice(0, at), weight: parseInteger('--member weight', text.slice(at + 1), 1, SPLIT_WEIGHT_MAX) };
      });
      const members: { address: string; weight: number }[] = [];
      for (const { who, weight } of parsed) members.push({ address: await resolveAddress(options.home, who), weight });
      if (new Set(members.map((member) => member.address)).size !== members.length) throw new CliError('bad_usage', '--member names an address twice');
      const { result } = await sendContractTx(options, flags.from, 'split.create', { members });
      const address = createdContract(result, 'split');
      const total = members.reduce((sum, member) => sum + member.weight, 0);
      const summary = `split: ${address}\n${members.map((member) => `  ${member.address} ${member.weight}/${total}`).join('\n')}`;
      printContractTx(options, summary, result, { split: address, members });
    });
  split
    .command('show')
    .description('a split: its members and weights')
    .argument('<address>', 'the split address')
    .action(async (address: string, _flags: unknown, command: Command) => showContract(globalOptions(command), address, 'split'));
  return split;
}
