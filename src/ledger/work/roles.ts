import { reject, type Rejection } from '../errors.ts';
import type { Overlay } from '../state.ts';
import { loadEscrow, type Escrow } from '../contracts/escrow-state.ts';
import { loadJob, type Job } from './state.ts';

/**
 * An assigned job and its escrow, for a signer in one of `roles` (spec/work.md §3.4): `unknown_contract`,
 * `job_not_assigned`, then `wrong_party`. The worker side is the applicant assigned (a team's lead).
 */
export function loadAssigned(view: Overlay, address: string, signer: string, roles: readonly ('poster' | 'worker')[]): { job: Job; escrow: Escrow } | Rejection {
  const job = loadJob(view, address);
  if ('code' in job) return job;
  if (job.state !== 'assigned' || job.escrow === undefined || job.worker === undefined) return reject('job_not_assigned', `job ${address} has no worker`);
  const allowed = roles.map((role) => (role === 'poster' ? job.poster : job.worker));
  if (!allowed.includes(signer)) return reject('wrong_party', `only the ${roles.join(' or the ')} of job ${address} may do this`);
  const escrow = loadEscrow(view, job.escrow);
  if ('code' in escrow) return escrow;
  return { job, escrow };
}
