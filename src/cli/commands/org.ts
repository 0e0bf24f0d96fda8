import type { Command } from 'commander';
import { isAgoraError } from '../../client/errors.ts';
import { evaluationCommitment, newOrgSalt, voteCommitment } from '../../client/org.ts';
import type { CommittedResult } from '../../client/types.ts';
import { fromHex } from '../../crypto/hash.ts';
import { ESCROW_TRANCHES_MAX, ORG_DESCRIPTION_LENGTH_MAX, ORG_DOMAIN_LENGTH_MAX, ORG_FOUNDERS_MAX, ORG_NAME_LENGTH_MAX, ORG_SCORE_MAX } from '../../ledger/limits.ts';
import { AMOUNT_HELP, AssetBook, checkAmountText } from '../amounts.ts';
import { CliError } from '../errors.ts';
import { globalOptions, type GlobalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { checkContractAddress, checkSymbol, collect, holdingOf, holdingText, parseHoldingPart, parseInteger, printContractTx, sendContractTx } from './contracts-common.ts';
import { clientFor, resolveAddress } from './node-client.ts';
import { orgCreate, orgShow, type CreateFlags } from './org-create.ts';
import { registerOrgHolderCommands } from './org-holders.ts';
import { eventAttribute, forgetCommit, keepCommit, keptCommit, keptCommitFile, orgRefId, parseOrgRef } from './org-common.ts';
import { actionOf, propose, type ProposeFlags } from './org-propose.ts';
import { claimAll, contributionDocument } from './org-claim.ts';
import { checkText, table } from './records-common.ts';

/**
 * `agora org …` (spec/org.md): create, show, join, fund, contribute, evaluate, reveal, close, claim,
 * propose, object, vote, execute, distribute (a `distribute` motion), withdraw, memberships; lock,
 * unlock and holder (org-holders.ts); the motions' actions in org-propose.ts. A contribution or motion
 * is named `ORG/N` as printed (`contributionId`, `motionId`), or N with `--org` (org-common.ts).
 * `evaluate` and `vote` draw a salt, keep the value and the salt in HOME/org-salts/ (mode 600: with
 * the salt anyone could test the 101 scores against the commitment) and send only the hash; `reveal`
 * sends what was kept. Flags are checked before a key is unlocked; every tx waits for its commit; a
 * refusal exits 1 with the ledger's code (already_evaluated, own_contribution, reveal_mismatch,
 * no_reputation, motion_pending, motion_closed, already_claimed, …) on stderr.
 */

const EXAMPLES = `
Examples:
  agora org create --from alice --name "Ride Coop" --member bob --member carol \\
      --evaluation-window 1d --motion-period 2d --charter charter.json   (prints org; token RIDECOOP)
  agora org create --from alice --name "Ride Coop" --symbol RIDE --member bob --member carol \\
      --reputation 3000 --evaluation-window 1d --quorum 50 --threshold 60 --token-reward 1000 \\
      --reputation-reward 300 --evaluator-stake 10 --fee 50 --motion-period 2d --motion-stake 100
  agora org show ORG                      (members by reputation, open contributions and motions)
  agora org join --from dave --org ORG
  agora org contribute --from dave --org ORG --doc route.pdf --description "route planner"   (prints contributionId ORG/0)
  agora org evaluate --from alice --contribution ORG/0 --score 80
  agora org evaluate --from alice --org ORG --contribution 0 --score 80        (the same)
  agora org reveal --from alice --contribution ORG/0        (after the commit window)
  agora org close --from bob --contribution ORG/0            (after the reveal window)
  agora org claim --from alice --org ORG                     (every closed contribution alice evaluated)
  agora org propose --from alice --org ORG --pay dave --amount 20        (prints motionId ORG/0)
  agora org object --from bob --motion ORG/0
  agora org vote --from carol --motion ORG/0 --no
  agora org execute --from bob --motion ORG/0
  agora org distribute --from alice --org ORG --amount 300
  agora org lock --from dave --org ORG --amount 600               (org tokens, to share with holders)
  agora org distribute --from alice --org ORG --amount 300 --to holders
  agora org withdraw --from bob --org ORG
  agora org unlock --from dave --org ORG --amount 600`;

const ORG_FLAG = ['--org <address>', 'the organisation'] as const;
/** Where a contribution or motion is named, --org is needed only with a bare number. */
const ORG_REF_FLAG = ['--org <address>', 'the organisation (not needed with an id ORG/N as printed)'] as const;
const CONTRIBUTION_FLAG = ['--contribution <id>', 'the contribution: ORG/N as printed (contributionId), or N with --org'] as const;
const MOTION_FLAG = ['--motion <id>', 'the motion: ORG/N as printed (motionId), or N with --org'] as const;

export function registerOrgCommands(program: Command): Command {
  const org = program.command('org').description('organisations: a treasury, a token, contributions valued by peers, motions that pass unless objected').addHelpText('after', EXAMPLES);

  org
    .command('create')
    .description('found an organisation with its token; the founders share the founding reputation; prints org (and orgId)')
    .requiredOption('--from <name>', 'key name of the creator (a founder)')
    .requiredOption('--name <text>', `1-${ORG_NAME_LENGTH_MAX} characters`)
    .option('--symbol <symbol>', 'the org token’s symbol (a new asset; the org is its mint authority); default: the name’s letters and digits, upper-cased, at most 12 ("Ride Coop" → RIDECOOP)')
    .option('--charter <file>', 'a JSON object of charter fields named as these flags in camelCase ({"quorum": 40, "motionStake": 50, "fee": "1", "closed": true}); a flag given on the command line wins')
    .option('--token-name <text>', 'the org token’s name (default: the org’s name)')
    .option('--decimals <n>', 'the org token’s decimals, 0-18', '0')
    .option('--member <address-or-name>', `another founding member; repeat it (0-${ORG_FOUNDERS_MAX})`, collect, [])
    .option('--reputation <n>', 'founding reputation, shared by the creator and the members', '3000')
    .option('--evaluation-window <duration>', 'commits, then reveals, each last this long', '1d')
    .option('--quorum <percent>', 'revealed reputation needed, of the reputation at submission', '50')
    .option('--threshold <percent>', 'up-voted share of the revealed reputation needed', '60')
    .option('--token-reward <amount>', `org tokens per accepted contribution at score 100: ${AMOUNT_HELP}`, '1000')
    .option('--reputation-reward <n>', 'reputation per accepted contribution at score 100', '300')
    .option('--evaluator-stake <percent>', 'share of an evaluator’s reputation staked', '10')
    .option('--fee-asset <symbol>', 'the contribution fee’s asset (default: the native asset)')
    .option('--fee <amount>', `the contribution fee, into the treasury: ${AMOUNT_HELP}`, '0')
    .option('--half-life <duration>', 'reputation halves every half-life (at least 16s; fixed for good)', '90d')
    .option('--motion-period <duration>', 'objections, then vote commits, then reveals, each last this long', '2d')
    .option('--motion-stake <n>', 'reputation staked to propose or to object', '100')
    .option('--closed', 'members are added by motion only (default: anyone may join)')
    .addHelpText('after', '\nExample:\n  agora org create --from alice --name Coop --symbol COOP --member bob --member carol --fee 50 --evaluation-window 10s --motion-period 10s')
    .action(async (flags: CreateFlags, command: Command) => orgCreate(globalOptions(command), flags, (field) => command.getOptionValueSource(field) === 'cli'));

  org
    .command('show')
    .description('an org (charter, treasury, token, members by reputation, open contributions and motions with their deadlines), or one contribution or motion')
    .argument('<org>', 'the org address')
    .option('--contribution <id>', 'show this contribution (N, or ORG/N as printed) and its evaluations')
    .option('--motion <id>', 'show this motion (N, or ORG/N as printed) and its votes')
    .addHelpText('after', '\nExample:\n  agora org show ORG --contribution 0 --json')
    .action(async (address: string, flags: { contribution?: string; motion?: string }, command: Command) => orgShow(globalOptions(command), address, flags));

  org
    .command('memberships')
    .description('the orgs an address is a member of, with its reputation in each')
    .argument('<address-or-name>', 'an address or a key name')
    .option('--limit <n>', 'orgs per page (1-100)', '20')
    .option('--after <cursor>', 'the `next` of the previous page')
    .action(async (who: string, flags: { limit: string; after?: string }, command: Command) => {
      const options = globalOptions(command);
      const address = await resolveAddress(options.home, who);
      const page = await clientFor(options).getAccountOrgs(address, { limit: parseInteger('--limit', flags.limit, 1, 100), after: flags.after });
      printResult(options, page.orgs.length === 0 ? `${address} is a member of no org` : table(['org', 'name', 'token', 'reputation'], page.orgs.map((o) => [o.org, o.name, o.token, o.reputation])), page);
    });

  simple(org, 'join', 'become a member (with no reputation until a contribution of yours is accepted)', 'key name of the joiner', async (options, flags) => {
    const address = checkContractAddress('--org', flags.org);
    const { result } = await sendContractTx(options, flags.from, 'org.join', { org: address });
    printContractTx(options, `joined ${address}`, result, { org: address });
  });

  org
    .command('fund')
    .description('give assets or items to the treasury')
    .requiredOption('--from <name>', 'key name of the giver')
    .requiredOption(...ORG_FLAG)
    .requiredOption('--give <amount[:symbol]|item>', `an amount (${AMOUNT_HELP}; the native asset unless :SYMBOL) or an item id; repeat it`, collect, [])
    .addHelpText('after', '\nExample:\n  agora org fund --from alice --org ORG --give 300 --give 5:GOLD')
    .action(async (flags: { from: string; org: string; give: string[] }, command: Command) => {
      const options = globalOptions(command);
      const address = checkContractAddress('--org', flags.org);
      const parts = flags.give.map((text) => parseHoldingPart('--give', text));
      const client = clientFor(options);
      const holding = await holdingOf(new AssetBook(client), '--give', parts, (await client.params()).nativeAsset);
      const { result } = await sendContractTx(options, flags.from, 'org.fund', { org: address, ...holding });
      printContractTx(options, `funded ${address}`, result, { org: address, assets: holding.assets ?? [], items: holding.items ?? [] });
    });

  org
    .command('contribute')
    .description('submit a contribution for the members to evaluate (pays the charter’s contribution fee into the treasury); prints its number')
    .requiredOption('--from <name>', 'key name of the contributor (a member)')
    .requiredOption(...ORG_FLAG)
    .option('--doc <hash-or-file>', 'the work: a SHA-256 (64 hex characters, always read as a hash), or a file whose SHA-256 goes on the ledger (the file stays with you); default: the SHA-256 of --description')
    .requiredOption('--description <text>', `1-${ORG_DESCRIPTION_LENGTH_MAX} characters`)
    .option('--domain <text>', `an optional domain, up to ${ORG_DOMAIN_LENGTH_MAX} characters`)
    .action(async (flags: { from: string; org: string; doc?: string; description: string; domain?: string }, command: Command) => {
      const options = globalOptions(command);
      const address = checkContractAddress('--org', flags.org);
      checkText('--description', flags.description, ORG_DESCRIPTION_LENGTH_MAX);
      if (flags.domain !== undefined) checkText('--domain', flags.domain, ORG_DOMAIN_LENGTH_MAX);
      const document = await contributionDocument(flags.doc, flags.description);
      const payload = flags.domain === undefined ? { org: address, document, description: flags.description } : { org: address, document, description: flags.description, domain: flags.domain };
      const { result } = await sendContractTx(options, flags.from, 'org.contribute', payload);
      const contribution = Number(eventAttribute(result, 'org.contributed', 'contribution'));
      const contributionId = orgRefId(address, contribution);
      printContractTx(options, `submitted contribution ${contributionId}`, result, { org: address, contribution, contributionId });
    });

  org
    .command('evaluate')
    .description('commit a score (0-100) of another member’s contribution, staking a share of your reputation; only its hash is sent, the score and salt are kept in this home')
    .requiredOption('--from <name>', 'key name of the evaluator (a member holding reputation)')
    .option(...ORG_REF_FLAG)
    .requiredOption(...CONTRIBUTION_FLAG)
    .requiredOption('--score <n>', `0-${ORG_SCORE_MAX}: 50 or more is up`)
    .action(async (flags: { from: string; org?: string; contribution: string; score: string }, command: Command) => {
      const options = globalOptions(command);
      const { org: address, id: contribution } = parseOrgRef('--contribution', flags.contribution, flags.org);
      const score = parseInteger('--score', flags.score, 0, ORG_SCORE_MAX);
      const signer = await resolveAddress(options.home, flags.from);
      const salt = newOrgSalt();
      const file = keptCommitFile(options.home, address, { contribution }, signer);
      const result = await sendKept(options, flags.from, file, { value: score, salt }, 'org.evaluate', { org: address, contribution, commitment: evaluationCommitment(address, contribution, signer, score, salt) });
      printContractTx(options, `committed an evaluation of contribution ${contribution}; kept in ${file} for \`agora org reveal\``, result, { org: address, contribution, contributionId: orgRefId(address, contribution), kept: file });
    });

  org
    .command('vote')
    .description('commit a vote on an objected motion, weighted by your reputation; only its hash is sent, the vote and salt are kept in this home')
    .requiredOption('--from <name>', 'key name of the voter (a member holding reputation)')
    .option(...ORG_REF_FLAG)
    .requiredOption(...MOTION_FLAG)
    .option('--yes', 'vote for the motion')
    .option('--no', 'vote against the motion')
    .action(async (flags: { from: string; org?: string; motion: string; yes?: boolean; no?: boolean }, command: Command) => {
      const options = globalOptions(command);
      const { org: address, id: motion } = parseOrgRef('--motion', flags.motion, flags.org);
      if ((flags.yes === true) === (flags.no === true)) throw new CliError('bad_usage', 'give exactly one of --yes and --no');
      const value = flags.yes === true ? 1 : 0;
      const signer = await resolveAddress(options.home, flags.from);
      const salt = newOrgSalt();
      const file = keptCommitFile(options.home, address, { motion }, signer);
      const result = await sendKept(options, flags.from, file, { value, salt }, 'org.vote', { org: address, motion, commitment: voteCommitment(address, motion, signer, value, salt) });
      printContractTx(options, `committed a vote on motion ${motion}; kept in ${file} for \`agora org reveal\``, result, { org: address, motion, motionId: orgRefId(address, motion), kept: file });
    });

  org
    .command('reveal')
    .description('reveal the score or vote committed from this home (in the reveal window); --score/--yes/--no with --salt reveal one committed elsewhere')
    .requiredOption('--from <name>', 'key name of the evaluator or voter')
    .option(...ORG_REF_FLAG)
    .option('--contribution <id>', 'reveal the evaluation of this contribution (ORG/N as printed, or N with --org)')
    .option('--motion <id>', 'reveal the vote on this motion (ORG/N as printed, or N with --org)')
    .option('--score <n>', 'the score committed (default: the one kept)')
    .option('--yes', 'the vote committed was yes (default: the one kept)')
    .option('--no', 'the vote committed was no (default: the one kept)')
    .option('--salt <hex>', 'the salt committed, 64 hex characters (default: the one kept)')
    .action(async (flags: RevealFlags, command: Command) => orgReveal(globalOptions(command), flags));

  for (const [name, kind, description] of [
    ['close', 'org.close', 'close a contribution after its reveal window (anyone): accepted, rejected or without quorum; the contributor is rewarded if accepted'],
    ['claim', 'org.claim', 'take back your evaluation stake, and your share of the other side’s, once the contribution is closed'],
  ] as const) {
    org
      .command(name)
      .description(description)
      .requiredOption('--from <name>', 'key name of the signer')
      .option(...ORG_REF_FLAG)
      .option(CONTRIBUTION_FLAG[0], name === 'claim' ? `${CONTRIBUTION_FLAG[1]}; without it, every closed contribution of --org you evaluated and have not claimed` : CONTRIBUTION_FLAG[1])
      .action(async (flags: { from: string; org?: string; contribution?: string }, command: Command) => {
        const options = globalOptions(command);
        if (name === 'claim' && flags.contribution === undefined) return claimAll(options, flags.from, flags.org);
        if (flags.contribution === undefined) throw new CliError('bad_usage', "required option '--contribution <id>' not specified");
        const { org: address, id: contribution } = parseOrgRef('--contribution', flags.contribution, flags.org);
        const contributionId = orgRefId(address, contribution);
        const { result } = await sendContractTx(options, flags.from, kind, { org: address, contribution });
        if (name === 'close') {
          const outcome = eventAttribute(result, 'org.closed', 'outcome');
          const rewarded = result.receipt.events.find((e) => e.type === 'org.rewarded')?.attributes;
          // The reward in the org token's own units (its decimals), as every amount printed for people.
          const client = clientFor(options);
          const tokens = rewarded === undefined ? '' : await new AssetBook(client).format(rewarded.tokens, (await client.getOrg(address)).org.token);
          printContractTx(options, `closed contribution ${contribution}: ${outcome}${rewarded === undefined ? '' : ` (${tokens} and ${rewarded.reputation} reputation to ${rewarded.contributor})`}`, result, { org: address, contribution, contributionId, outcome, score: Number(eventAttribute(result, 'org.closed', 'score')) });
        } else {
          const reputation = eventAttribute(result, 'org.claimed', 'reputation');
          printContractTx(options, `claimed ${reputation} reputation from contribution ${contribution}`, result, { org: address, contribution, contributionId, reputation });
        }
      });
  }

  org
    .command('propose')
    .description('propose a motion, staking the charter’s motion stake: it passes after the motion period unless a member objects')
    .requiredOption('--from <name>', 'key name of the proposer (a member)')
    .requiredOption(...ORG_FLAG)
    .option('--pay <address-or-name>', 'pay from the treasury to this address (with --give, or --amount [--asset])')
    .option('--give <amount[:symbol]|item>', 'with --pay: an amount or an item id; repeat it', collect, [])
    .option('--mint <address-or-name>', 'mint the org token to this address (with --amount)')
    .option('--amount <amount>', `with --mint (in the org token) or --pay (in --asset): ${AMOUNT_HELP}`)
    .option('--asset <symbol>', 'with --pay --amount: the asset paid (default: the native asset)')
    .option('--add-member <address-or-name>', 'add a member (with no reputation)')
    .option('--remove-member <address-or-name>', 'remove a member')
    .option('--create-registry <name>', 'create a registry curated by the org (its roles are granted only by motion)')
    .option('--grant <address-or-name>', 'issue the credential --credential of the org\'s registry to this address (with --expires)')
    .option('--revoke-grant <address-or-name>', 'revoke the credential --credential of this address')
    .option('--credential <registry:type>', 'with --grant or --revoke-grant: the credential, in a registry the org curates')
    .option('--expires <duration-or-date>', 'with --grant: when it stops being valid (90d, or an ISO date); default never')
    .option('--approver <registry:type>', 'a charter motion naming the approver role: its holders approve and dispute the org\'s job milestones (spec/work.md §2.1)')
    .option('--drop-approver', 'a charter motion without the approver role')
    .option('--release <escrow>', 'release a tranche of an escrow the org pays (with --tranche)')
    .option('--tranche <n>', `with --release: the tranche, 0-${ESCROW_TRANCHES_MAX - 1}`)
    .option('--dispute <escrow>', 'dispute an escrow the org pays: its arbiter decides')
    .addHelpText('after', '\nExamples:\n  agora org propose --from alice --org ORG --pay dave --amount 20\n  agora org propose --from alice --org ORG --pay dave --give 20 --give 5:GOLD\n  agora org propose --from alice --org ORG --add-member erin\n  agora org propose --from alice --org ORG --create-registry coop-roles\n  agora org propose --from alice --org ORG --grant erin --credential coop-roles:approver --expires 90d\n  agora org propose --from alice --org ORG --approver coop-roles:approver\n  agora org propose --from alice --org ORG --release ESCROW --tranche 0\n  agora org distribute --from alice --org ORG --amount 300     (a distribute motion)')
    .action(async (flags: ProposeFlags, command: Command) => {
      const options = globalOptions(command);
      const address = checkContractAddress('--org', flags.org);
      await propose(options, flags.from, address, await actionOf(options, address, flags));
    });

  org
    .command('distribute')
    .description('propose a `distribute` motion: once passed, the amount moves from the treasury to be shared by reputation, or with --to holders by the org tokens locked (members and holders withdraw it)')
    .requiredOption('--from <name>', 'key name of the proposer (a member)')
    .requiredOption(...ORG_FLAG)
    .requiredOption('--amount <amount>', `${AMOUNT_HELP}, of --asset`)
    .option('--asset <symbol>', 'the asset shared (default: the native asset)')
    .option('--to <reputation|holders>', 'share by members’ reputation, or among holders by the org tokens they locked (spec/org.md §4.2)', 'reputation')
    .addHelpText('after', '\nExamples:\n  agora org distribute --from alice --org ORG --amount 300\n  agora org distribute --from alice --org ORG --amount 300 --to holders')
    .action(async (flags: { from: string; org: string; amount: string; asset?: string; to: string }, command: Command) => {
      const options = globalOptions(command);
      const address = checkContractAddress('--org', flags.org);
      checkAmountText('--amount', flags.amount);
      if (flags.to !== 'reputation' && flags.to !== 'holders') throw new CliError('bad_usage', '--to is reputation or holders');
      const client = clientFor(options);
      const asset = flags.asset === undefined ? (await client.params()).nativeAsset : checkSymbol('--asset', flags.asset);
      const amount = await new AssetBook(client).amount('--amount', flags.amount, asset);
      await propose(options, flags.from, address, flags.to === 'holders' ? { type: 'distribute', asset, amount, to: 'holders' } : { type: 'distribute', asset, amount });
    });

  for (const [name, kind, description] of [
    ['object', 'org.object', 'object to a motion in its objection period, staking as much as the proposer: it goes to a vote'],
    ['execute', 'org.execute', 'decide a motion (anyone) once its period or vote is over: an unobjected or voted motion runs its action, a rejected one fails'],
  ] as const) {
    org
      .command(name)
      .description(description)
      .requiredOption('--from <name>', 'key name of the signer')
      .option(...ORG_REF_FLAG)
      .requiredOption(...MOTION_FLAG)
      .action(async (flags: { from: string; org?: string; motion: string }, command: Command) => {
        const options = globalOptions(command);
        const { org: address, id: motion } = parseOrgRef('--motion', flags.motion, flags.org);
        const motionId = orgRefId(address, motion);
        const { result } = await sendContractTx(options, flags.from, kind, { org: address, motion });
        if (name === 'execute') {
          const outcome = eventAttribute(result, 'org.executed', 'outcome');
          printContractTx(options, `motion ${motion} ${outcome}`, result, { org: address, motion, motionId, outcome });
        } else printContractTx(options, `objected to motion ${motion}: it goes to a vote`, result, { org: address, motion, motionId });
      });
  }

  registerOrgHolderCommands(org);

  simple(org, 'withdraw', 'take the dividends distributed to you, as a member and as a holder with tokens locked (each asset capped by its pot)', 'key name of the member or holder', async (options, flags) => {
    const address = checkContractAddress('--org', flags.org);
    const { result } = await sendContractTx(options, flags.from, 'org.withdraw', { org: address });
    const paid = result.receipt.events.filter((e) => e.type === 'transfer' && e.attributes.from === address).map((e) => ({ asset: e.attributes.asset, amount: e.attributes.amount }));
    const format = await new AssetBook(clientFor(options)).formatter(paid.map((p) => p.asset));
    printContractTx(options, `withdrew ${holdingText({ assets: paid }, format)} of dividends from ${address}`, result, { org: address, paid });
  });
  return org;
}

function simple(org: Command, name: string, description: string, who: string, run: (options: GlobalOptions, flags: { from: string; org: string }) => Promise<void>): void {
  org
    .command(name)
    .description(description)
    .requiredOption('--from <name>', who)
    .requiredOption(...ORG_FLAG)
    .action(async (flags: { from: string; org: string }, command: Command) => run(globalOptions(command), flags));
}

/** Keeps the commit, sends it, and forgets it when the node refused it for sure (as `agora review commit`). */
async function sendKept<K extends 'org.evaluate' | 'org.vote'>(options: GlobalOptions, from: string, file: string, kept: { value: number; salt: Uint8Array }, kind: K, payload: Parameters<typeof sendContractTx<K>>[3]): Promise<CommittedResult> {
  await keepCommit(options, file, kept, kind === 'org.vote' ? 'already_voted' : 'already_evaluated');
  try {
    return (await sendContractTx(options, from, kind, payload)).result;
  } catch (error) {
    // After a timeout or a lost connection the commitment may still commit: keep it for the reveal.
    const unknownFate = isAgoraError(error) && ['commit_timeout', 'network_error', 'timeout', 'bad_response'].includes(error.code);
    if (!unknownFate) await forgetCommit(file);
    throw error;
  }
}

interface RevealFlags {
  from: string;
  org?: string;
  contribution?: string;
  motion?: string;
  score?: string;
  yes?: boolean;
  no?: boolean;
  salt?: string;
}

async function orgReveal(options: GlobalOptions, flags: RevealFlags): Promise<void> {
  if ((flags.contribution === undefined) === (flags.motion === undefined)) throw new CliError('bad_usage', 'give exactly one of --contribution and --motion');
  const ref = flags.contribution !== undefined ? parseOrgRef('--contribution', flags.contribution, flags.org) : parseOrgRef('--motion', flags.motion!, flags.org);
  const address = ref.org;
  if (flags.yes === true && flags.no === true) throw new CliError('bad_usage', 'give at most one of --yes and --no');
  if (flags.salt !== undefined && !/^[0-9a-f]{64}$/.test(flags.salt)) throw new CliError('bad_usage', '--salt is 64 lower-case hex characters');
  const target = flags.contribution !== undefined ? { contribution: ref.id } : { motion: ref.id };
  const given = 'contribution' in target ? (flags.score === undefined ? undefined : parseInteger('--score', flags.score, 0, ORG_SCORE_MAX)) : flags.yes === true ? 1 : flags.no === true ? 0 : undefined;
  const signer = await resolveAddress(options.home, flags.from);
  const kept = given !== undefined && flags.salt !== undefined ? undefined : await keptCommit(keptCommitFile(options.home, address, target, signer));
  const value = given ?? kept!.value;
  const salt = flags.salt === undefined ? kept!.salt : fromHex(flags.salt);
  const { result } = await sendContractTx(options, flags.from, 'org.reveal', { org: address, ...target, value, salt });
  const what = 'contribution' in target ? `score ${value} for contribution ${target.contribution}` : `${value === 1 ? 'yes' : 'no'} on motion ${target.motion}`;
  const id = 'contribution' in target ? { contributionId: orgRefId(address, ref.id) } : { motionId: orgRefId(address, ref.id) };
  printContractTx(options, `revealed ${what}`, result, { org: address, ...target, ...id, value });
}
