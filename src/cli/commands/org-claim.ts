import { fromHex, sha256 } from '../../crypto/hash.ts';
import { CliError } from '../errors.ts';
import type { GlobalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { unlockKeyPair } from '../passphrase.ts';
import { checkContractAddress } from './contracts-common.ts';
import { clientFor, resolveAddress } from './node-client.ts';
import { orgRefId } from './org-common.ts';
import { documentHashes } from './records-common.ts';

/**
 * Two forms of DESIGN.md's CLI (spec/api.md §10) that `agora org contribute` and `agora org claim`
 * take besides their first ones: `--doc HASH` (or no document), and `claim --org ORG` without a
 * contribution, which claims every closed contribution the signer evaluated and has not claimed.
 */

/** Contributions read by `claim --org`, newest first: the newest this many (10 pages of the API). */
const CLAIM_SCAN_MAX = 1_000;

/**
 * `--doc`: 64 hex characters are a SHA-256, always (a file of such a name is given as ./NAME); anything
 * else is a file, hashed here. Without `--doc`, the SHA-256 of the description's UTF-8 text.
 */
export async function contributionDocument(doc: string | undefined, description: string): Promise<Uint8Array> {
  if (doc === undefined) return sha256(new TextEncoder().encode(description));
  if (/^[0-9a-fA-F]{64}$/.test(doc)) return fromHex(doc.toLowerCase());
  return (await documentHashes([doc]))![0];
}

interface Claimed {
  contribution: number;
  contributionId: string;
  reputation: string;
  txId: string;
  height: number;
}

/** The closed contributions of `org` (newest first, within CLAIM_SCAN_MAX) where `evaluator` has an evaluation, split by claimed or not. */
async function evaluatedClosed(options: GlobalOptions, org: string, evaluator: string): Promise<{ unclaimed: number[]; claimed: number }> {
  const client = clientFor(options);
  const unclaimed: number[] = [];
  let claimed = 0;
  let scanned = 0;
  let after: string | undefined;
  do {
    const page = await client.getOrgContributions(org, { limit: 100, after });
    for (const contribution of page.contributions) {
      if (contribution.status === 'open' || contribution.evaluations === 0) continue;
      const mine = (await client.getOrgContribution(org, contribution.id)).evaluations.find((e) => e.evaluator === evaluator);
      if (mine === undefined) continue;
      if (mine.claimed) claimed += 1;
      else unclaimed.push(contribution.id);
    }
    scanned += page.contributions.length;
    after = page.next ?? undefined;
  } while (after !== undefined && scanned < CLAIM_SCAN_MAX);
  return { unclaimed: unclaimed.sort((a, b) => a - b), claimed };
}

/** `agora org claim --from NAME --org ORG`: one org.claim per closed contribution evaluated and not claimed, oldest first. */
export async function claimAll(options: GlobalOptions, from: string, orgText: string | undefined): Promise<void> {
  if (orgText === undefined) throw new CliError('bad_usage', 'give --contribution ORG/N, or --org ORG to claim every closed contribution you evaluated');
  const org = checkContractAddress('--org', orgText);
  const signer = await resolveAddress(options.home, from);
  const { unclaimed, claimed: already } = await evaluatedClosed(options, org, signer);
  if (unclaimed.length === 0) {
    if (already > 0) throw new CliError('already_claimed', `every closed contribution of ${org} you evaluated is claimed`);
    throw new CliError('not_evaluated', `you evaluated no closed contribution of ${org} (among its newest ${CLAIM_SCAN_MAX})`);
  }
  const key = await unlockKeyPair(options.home, from);
  const client = clientFor(options);
  const done: Claimed[] = [];
  for (const contribution of unclaimed) {
    const result = await client.sendTx(key, 'org.claim', { org, contribution });
    const reputation = result.receipt.events.find((e) => e.type === 'org.claimed')?.attributes.reputation;
    if (reputation === undefined) throw new CliError('internal', `tx ${result.id} committed without an org.claimed event`);
    done.push({ contribution, contributionId: orgRefId(org, contribution), reputation, txId: result.id, height: result.height });
  }
  const total = done.reduce((sum, k) => sum + BigInt(k.reputation), 0n).toString();
  const lines = done.map((k) => `claimed ${k.reputation} reputation from contribution ${k.contribution} (tx ${k.txId} at height ${k.height})`);
  const last = done[done.length - 1];
  printResult(options, [...lines, `${total} reputation back from ${done.length} contribution(s) of ${org}`].join('\n'), { org, reputation: total, claimed: done, txId: last.txId, height: last.height });
}
