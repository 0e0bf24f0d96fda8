// Fixtures of the org tests (spec/org.md): the worked example's charter, an org founded on a TimedChain
// (every invariant checked after each block, the org's treasury among them), and commit helpers.
import assert from 'node:assert/strict';
import type { KeyPair } from '../../../src/crypto/keys.ts';
import { contractAddressFor } from '../../../src/ledger/accounts/contract-account.ts';
import { evaluationCommitment, voteCommitment } from '../../../src/ledger/org/commitment.ts';
import { getMember, getOrg, type OrgRecord } from '../../../src/ledger/org/state.ts';
import type { Charter, OrgAction } from '../../../src/ledger/org/types.ts';
import { ALICE, BOB, CAROL, CHAIN_ID, keyFromByte } from '../fixtures.ts';
import { DAY, HOUR, NATIVE, T0, TimedChain, expectOk, expectRefused } from '../rental-stream-fixtures.ts';
import type { RejectCode } from '../../../src/ledger/errors.ts';
import type { TxKind, TxPayloads } from '../../../src/ledger/types.ts';

export { ALICE, BOB, CAROL, DAY, HOUR, NATIVE, T0 };
export const DAVE = keyFromByte(4);
export const ERIN = keyFromByte(5);

/** The worked example's charter (spec/org.md §3.1). */
export const CHARTER: Charter = {
  evaluationWindowMs: DAY,
  quorumPpm: 500_000,
  thresholdPpm: 600_000,
  tokenReward: 1000n,
  reputationReward: 300n,
  evaluatorStakePpm: 100_000,
  feeAsset: NATIVE,
  contributionFee: 50n,
  halfLifeMs: 90 * DAY,
  motionPeriodMs: 2 * DAY,
  motionStake: 100n,
  open: true,
};

/** A chain where Alice, Bob, Carol, Dave and Erin hold 1 000 AGR each. */
export function newChain(): TimedChain {
  return new TimedChain([ALICE, BOB, CAROL, DAVE, ERIN].map((k) => [k, 1000n] as [KeyPair, bigint]));
}

/** Alice founds COOP with Bob and Carol at `timeMs` (3 000 reputation, 1 000 each); the org's address. */
export function foundCoop(chain: TimedChain, timeMs = T0, charter: Charter = CHARTER): string {
  const block = chain.block();
  const org = contractAddressFor(CHAIN_ID, ALICE.address, block.nextNonce(ALICE), 0);
  block.add(ALICE, 'org.create', { name: 'Coop', token: { symbol: 'COOP', name: 'Coop token', decimals: 0 }, members: [BOB.address, CAROL.address], charter, foundingReputation: 3000n });
  expectOk(chain.runAt(timeMs, block)[0]);
  return org;
}

export const salt = (byte: number): Uint8Array => new Uint8Array(32).fill(byte);
export const DOC = new Uint8Array(32).fill(0xd0);

export function evaluate(org: string, contribution: number, key: KeyPair, score: number) {
  return { org, contribution, commitment: evaluationCommitment(org, contribution, key.address, score, salt(score + 1)) };
}

export function revealScore(org: string, contribution: number, score: number) {
  return { org, contribution, value: score, salt: salt(score + 1) };
}

export function voteOn(org: string, motion: number, key: KeyPair, yes: boolean) {
  return { org, motion, commitment: voteCommitment(org, motion, key.address, yes ? 1 : 0, salt(yes ? 201 : 200)) };
}

export function revealVote(org: string, motion: number, yes: boolean) {
  return { org, motion, value: yes ? 1 : 0, salt: salt(yes ? 201 : 200) };
}

export const pay = (to: KeyPair, amount: bigint): OrgAction => ({ type: 'pay', to: to.address, assets: [{ asset: NATIVE, amount }] });

export function reputationOf(chain: TimedChain, org: string, key: KeyPair): bigint | undefined {
  return getMember(chain.state, org, key.address)?.reputation;
}

export function orgOf(chain: TimedChain, org: string): OrgRecord {
  const record = getOrg(chain.state, org);
  assert.ok(record !== undefined, `no org at ${org}`);
  return record;
}

/** The state without the signers' nonces: what a refused payload must leave unchanged. */
function stateWithoutNonces(chain: TimedChain): Map<string, string> {
  return new Map([...chain.state.entries].filter(([key]) => !key.startsWith('acct/')).map(([key, bytes]) => [key, Buffer.from(bytes).toString('hex')]));
}

/** Sends one tx at `timeMs` and asserts it is refused with `code` and changes nothing but its nonce. */
export function refusedUnchanged<K extends TxKind>(chain: TimedChain, timeMs: number, key: KeyPair, kind: K, payload: TxPayloads[K], code: RejectCode): void {
  const before = stateWithoutNonces(chain);
  expectRefused(chain.one(timeMs, key, kind, payload), code);
  assert.deepEqual(stateWithoutNonces(chain), before, `${kind} refused with ${code} changed the state`);
}
