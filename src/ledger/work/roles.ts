import { reject, type Rejection } from '../errors.ts';
import type { Overlay, StateReader } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { loadEscrow, type Escrow } from '../contracts/escrow-state.ts';
import { getSplit } from '../accounts/split-state.ts';
import { holdsCredential } from '../market/credential.ts';
import type { CredentialName } from '../market/types.ts';
import { getRegistry } from '../records/registry-state.ts';
import { getOrg } from '../org/state.ts';
import { loadJob, type Job } from './state.ts';

/** Who may sign a job kind: its poster, its worker (a team's lead), or a holder of the poster org's approver role. */
export type JobRole = 'poster' | 'worker' | 'approver';

/** What `loadAssigned` found, and as whom the signer acts: `payer` (the poster's side) or `payee` (the worker's). */
export interface Assigned {
  job: Job;
  escrow: Escrow;
  side: 'payer' | 'payee';
  /** Present when the signer acts by the org's approver role (spec/work.md §2.1): the credential it held. */
  role?: { org: string; credential: CredentialName };
}

/**
 * An assigned job and its escrow, for a signer in one of `roles` (spec/work.md §3.4): `unknown_contract`,
 * `job_not_assigned`, then `wrong_party`. The worker side is the applicant assigned (a team's lead).
 * With `approver` among `roles`, a signer who is neither the poster nor the worker is checked against
 * the poster org's approver role (`approverRefusal`) and then acts on the poster's side.
 */
export function loadAssigned(view: Overlay, address: string, signer: string, roles: readonly JobRole[], ctx: BlockContext): Assigned | Rejection {
  const job = loadJob(view, address);
  if ('code' in job) return job;
  if (job.state !== 'assigned' || job.escrow === undefined || job.worker === undefined) return reject('job_not_assigned', `job ${address} has no worker`);
  // An assigned job's escrow exists (spec/work.md §3.3): a missing one is a broken invariant, reported as the escrow's code.
  const escrow = loadEscrow(view, job.escrow);
  if ('code' in escrow) return escrow;
  if (roles.includes('poster') && signer === job.poster) return { job, escrow, side: 'payer' };
  if (roles.includes('worker') && signer === job.worker) return { job, escrow, side: 'payee' };
  const parties = roles.filter((role) => role !== 'approver').join(' or the ');
  if (!roles.includes('approver')) return reject('wrong_party', `only the ${parties} of job ${address} may do this`);
  const credential = approverRole(view, job.poster);
  if (credential === undefined) return reject('wrong_party', `only the ${parties} of job ${address} may do this: its poster names no approver role`);
  const refused = approverRefusal(view, job, escrow, signer, job.poster, credential, ctx);
  if (refused !== undefined) return refused;
  return { job, escrow, side: 'payer', role: { org: job.poster, credential } };
}

/** The approver role the org at `poster` names in its charter, if `poster` is an org that names one. */
function approverRole(view: StateReader, poster: string): CredentialName | undefined {
  return getOrg(view, poster)?.charter.approver;
}

/**
 * The checks of spec/work.md §2.1 after the role is named, in order: the role's registry is curated
 * by the org (`wrong_party`: a credential of a registry anyone else controls proves nothing); the
 * signer holds the credential at block time (`not_credentialed`: none, another registry's, revoked or
 * expired); the signer is not paid by the escrow nor its arbiter (`self_trade`).
 */
function approverRefusal(view: StateReader, job: Job, escrow: Escrow, signer: string, org: string, credential: CredentialName, ctx: BlockContext): Rejection | undefined {
  if (getRegistry(view, credential.registry)?.curator !== org) return reject('wrong_party', `the approver role's registry ${credential.registry} is not curated by ${org}`);
  if (!holdsCredential(view, credential, signer, ctx.timeMs)) return reject('not_credentialed', `${signer} holds no valid ${credential.type} credential of ${credential.registry}, the approver role of ${org}`);
  const paid = [escrow.payee, ...(getSplit(view, escrow.payee)?.members.map((m) => m.address) ?? []), ...(escrow.arbiter === undefined ? [] : [escrow.arbiter])];
  if (signer === job.worker || paid.includes(signer)) return reject('self_trade', `${signer} is paid by or arbitrates the escrow of job ${job.address}; it cannot approve or dispute for ${org}`);
  return undefined;
}

/**
 * A charter's approver role must name a registry curated by the org (spec/work.md §2.1), else
 * `bad_charter`. Checked when a charter is set (org.create, the `charter` action).
 */
export function charterApproverRefusal(view: StateReader, org: string, approver: CredentialName | undefined): Rejection | undefined {
  if (approver === undefined) return undefined;
  if (getRegistry(view, approver.registry)?.curator !== org) return reject('bad_charter', `the approver role's registry ${approver.registry} is not one the org curates (create it by a registry motion)`);
  return undefined;
}

/** The event of a job kind signed by the approver role, before the escrow's own (spec/work.md §2.1); it touches the holder. */
export function roleSignedEvent(view: Overlay, found: Assigned, signer: string, kind: 'approve' | 'dispute'): LedgerEvent[] {
  if (found.role === undefined) return [];
  const { org, credential } = found.role;
  view.touch(signer, org);
  return [{ type: 'job.role_signed', attributes: { job: found.job.address, org, signer, registry: credential.registry, type: credential.type, kind } }];
}
