import { contractAddressFor } from '../../ledger/accounts/contract-account.ts';
import type { JobAction } from '../../ledger/work/types.ts';
import { AssetBook } from '../amounts.ts';
import { CliError } from '../errors.ts';
import { encodeJson } from '../output.ts';
import type { GlobalOptions } from '../options.ts';
import { checkContractAddress, printContractTx, sendContractTx } from './contracts-common.ts';
import { clientFor } from './node-client.ts';
import { jobActionWords, orgRefId } from './org-common.ts';

/**
 * `agora job post|assign|approve|dispute|replace|award|cancel --org ORG` (spec/work.md §2, spec/org.md
 * §4 `job`): an org acts on its jobs only by motion, so with `--org` the command proposes the org's
 * motion whose action is that job kind with the same payload, signed by `--from` (a member holding the
 * charter's motion stake). The job tx runs when the motion passes and someone executes it (`agora org
 * execute --motion ORG/N`); a refusal then is the job kind's code (or `insufficient_treasury` for
 * a post). Prints `motion` (the number), `motionId` (`ORG/N`) and `jobId`: for a post, the address the job will have,
 * the contract address of (chain, org, motion number, 0).
 */

export const ORG_JOB_FLAG = ['--org <address>', 'propose this org\'s motion that does it, --from being a member (spec/work.md §2): it runs once passed and executed (agora org execute)'] as const;

/** The `--org` flag's address, checked before a key is unlocked. */
export const orgOf = (text: string | undefined): string | undefined => (text === undefined ? undefined : checkContractAddress('--org', text));

/** The job an org motion acts on: the payload's, or for a post the address it will have once executed. */
function jobOfMotion(chainId: string, org: string, motion: number, action: JobAction): string {
  return action.kind === 'post' ? contractAddressFor(chainId, org, BigInt(motion), 0) : action.payload.job;
}

/** Proposes `action` as a motion of `org` and prints it; `jobAsset`: the job's asset, for an award's amount. */
export async function proposeJobMotion(options: GlobalOptions, from: string, org: string, action: JobAction, jobAsset?: string): Promise<void> {
  const { result } = await sendContractTx(options, from, 'org.propose', { org, action: { type: 'job', ...action } });
  const attribute = result.receipt.events.find((e) => e.type === 'org.proposed')?.attributes.motion;
  if (attribute === undefined) throw new CliError('internal', `tx ${result.id} committed without an org.proposed event`);
  const motion = Number(attribute);
  const client = clientFor(options);
  const jobId = jobOfMotion((await client.params()).chainId, org, motion, action);
  const asset = action.kind === 'post' ? action.payload.asset : jobAsset;
  const format = await new AssetBook(client).formatter(asset === undefined ? [] : [asset]);
  const payload = JSON.parse(encodeJson(action.payload)) as { [key: string]: unknown };
  const words = jobActionWords(action.kind, payload, format, jobAsset);
  const motionId = orgRefId(org, motion);
  const human = `proposed motion ${motion} of ${org}: ${words}${action.kind === 'post' ? ` (job ${jobId} once executed)` : ''}\nit runs once passed: agora org execute --from NAME --motion ${motionId}`;
  printContractTx(options, human, result, { org, motion, motionId, kind: action.kind, jobId });
}
