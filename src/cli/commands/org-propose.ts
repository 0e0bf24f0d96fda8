import type { OrgAction } from '../../client/org.ts';
import type { Charter } from '../../ledger/org/types.ts';
import { ESCROW_TRANCHES_MAX } from '../../ledger/limits.ts';
import { AssetBook, checkAmountText } from '../amounts.ts';
import { CliError } from '../errors.ts';
import type { GlobalOptions } from '../options.ts';
import { checkContractAddress, checkSymbol, holdingOf, parseDeadline, parseHoldingPart, parseInteger, printContractTx, sendContractTx } from './contracts-common.ts';
import { parseCredentialName } from './market-common.ts';
import { clientFor, resolveAddress } from './node-client.ts';
import { actionWords, eventAttribute, orgRefId } from './org-common.ts';
import { checkName } from './records-common.ts';

/**
 * `agora org propose` and `agora org distribute` (spec/org.md §4): the motion's action read from the
 * flags, proposed, and printed with its id `ORG/N` (`motionId`, spec/api.md §10).
 */

export interface ProposeFlags {
  from: string;
  org: string;
  pay?: string;
  give: string[];
  mint?: string;
  amount?: string;
  asset?: string;
  addMember?: string;
  removeMember?: string;
  createRegistry?: string;
  grant?: string;
  revokeGrant?: string;
  credential?: string;
  expires?: string;
  approver?: string;
  dropApprover?: boolean;
  release?: string;
  tranche?: string;
  dispute?: string;
}

export async function actionOf(options: GlobalOptions, org: string, flags: ProposeFlags): Promise<OrgAction> {
  const chosen = [flags.pay, flags.mint, flags.addMember, flags.removeMember, flags.createRegistry, flags.grant, flags.revokeGrant, flags.approver, flags.dropApprover, flags.release, flags.dispute].filter((f) => f !== undefined).length;
  if (chosen !== 1) {
    throw new CliError('bad_usage', 'give exactly one action: --pay (with --give), --mint (with --amount), --add-member, --remove-member, --create-registry, --grant or --revoke-grant (with --credential), --approver, --drop-approver, --release (with --tranche) or --dispute (or use `agora org distribute`)');
  }
  const roleAction = await roleActionOf(options, org, flags);
  if (roleAction !== undefined) return roleAction;
  const client = clientFor(options);
  if (flags.pay === undefined && flags.asset !== undefined) throw new CliError('bad_usage', '--asset goes with --pay --amount');
  if (flags.pay !== undefined) {
    if ((flags.give.length === 0) === (flags.amount === undefined)) throw new CliError('bad_usage', '--pay needs --give AMOUNT[:SYM]|ITEM... or --amount AMOUNT [--asset SYM], not both');
    if (flags.amount !== undefined) checkAmountText('--amount', flags.amount);
    const parts = flags.amount !== undefined ? [{ amount: flags.amount, ...(flags.asset === undefined ? {} : { asset: checkSymbol('--asset', flags.asset) }) }] : flags.give.map((text) => parseHoldingPart('--give', text));
    const holding = await holdingOf(new AssetBook(client), '--give', parts, (await client.params()).nativeAsset);
    return { type: 'pay', to: await resolveAddress(options.home, flags.pay), ...holding };
  }
  if (flags.mint !== undefined) {
    if (flags.amount === undefined) throw new CliError('bad_usage', '--mint needs --amount');
    checkAmountText('--amount', flags.amount);
    const token = (await client.getOrg(org)).org.token;
    return { type: 'mint', to: await resolveAddress(options.home, flags.mint), amount: await new AssetBook(client).amount('--amount', flags.amount, token) };
  }
  if (flags.addMember !== undefined) return { type: 'member', address: await resolveAddress(options.home, flags.addMember) };
  return { type: 'remove', address: await resolveAddress(options.home, flags.removeMember!) };
}

/** The motions of spec/org.md §4.3 and the escrow acts: a registry, a grant, a revocation, the charter's approver role, release, dispute. */
async function roleActionOf(options: GlobalOptions, org: string, flags: ProposeFlags): Promise<OrgAction | undefined> {
  if (flags.createRegistry !== undefined) return { type: 'registry', name: checkName('--create-registry', flags.createRegistry) };
  if (flags.release !== undefined) {
    if (flags.tranche === undefined) throw new CliError('bad_usage', '--release needs --tranche');
    return { type: 'release', escrow: checkContractAddress('--release', flags.release), tranche: parseInteger('--tranche', flags.tranche, 0, ESCROW_TRANCHES_MAX - 1) };
  }
  if (flags.dispute !== undefined) return { type: 'dispute', escrow: checkContractAddress('--dispute', flags.dispute) };
  if (flags.grant !== undefined || flags.revokeGrant !== undefined) {
    if (flags.credential === undefined) throw new CliError('bad_usage', '--grant and --revoke-grant need --credential REGISTRY:TYPE');
    const credential = parseCredentialName('--credential', flags.credential);
    if (flags.revokeGrant !== undefined) return { type: 'revoke', credential, to: await resolveAddress(options.home, flags.revokeGrant) };
    const to = await resolveAddress(options.home, flags.grant!);
    if (flags.expires === undefined) return { type: 'issue', credential, to };
    // The expiry is read at execute, a motion period or more after now: a short one may have passed by then (deadline_passed).
    return { type: 'issue', credential, to, expiresAtMs: parseDeadline('--expires', flags.expires, (await clientFor(options).status()).lastBlockTimeMs) };
  }
  if (flags.approver !== undefined || flags.dropApprover !== undefined) {
    const approver = flags.approver === undefined ? undefined : parseCredentialName('--approver', flags.approver);
    const { charter: current } = (await clientFor(options).getOrg(org)).org;
    const charter: Charter = {
      evaluationWindowMs: current.evaluationWindowMs, quorumPpm: current.quorumPpm, thresholdPpm: current.thresholdPpm,
      tokenReward: BigInt(current.tokenReward), reputationReward: BigInt(current.reputationReward), evaluatorStakePpm: current.evaluatorStakePpm,
      feeAsset: current.feeAsset, contributionFee: BigInt(current.contributionFee), halfLifeMs: current.halfLifeMs, motionPeriodMs: current.motionPeriodMs,
      motionStake: BigInt(current.motionStake), open: current.open, ...(approver === undefined ? {} : { approver }),
    };
    return { type: 'charter', charter };
  }
  return undefined;
}

export async function propose(options: GlobalOptions, from: string, org: string, action: OrgAction): Promise<void> {
  const { result } = await sendContractTx(options, from, 'org.propose', { org, action });
  const motion = Number(eventAttribute(result, 'org.proposed', 'motion'));
  const format = await new AssetBook(clientFor(options)).formatter('asset' in action ? [action.asset] : action.type === 'pay' ? (action.assets ?? []).map((a) => a.asset) : []);
  const motionId = orgRefId(org, motion);
  printContractTx(options, `proposed motion ${motionId}: ${actionWords(JSON.parse(JSON.stringify(action, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))) as { [key: string]: string }, format)}`, result, { org, motion, motionId });
}
