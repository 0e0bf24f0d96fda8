// An org's approver role (spec/work.md §2.1; src/ledger/work/roles.ts): the org creates a registry it
// curates, grants a credential and names it in its charter, all by motion; a holder then approves and
// disputes milestones of the org's job as the org would by motion, the payout coming from the job's
// escrow. A non-holder, a holder of the same type in another registry, a revoked or an expired
// credential, and a holder paid by the job are refused with their codes and change nothing.
// Invariants checked after every block (TimedChain).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyPair } from '../../../src/crypto/keys.ts';
import { contractAddressFor } from '../../../src/ledger/accounts/contract-account.ts';
import { getContribution } from '../../../src/ledger/org/state.ts';
import type { OrgAction } from '../../../src/ledger/org/types.ts';
import { getTrade, tradeIdFor } from '../../../src/ledger/market/trades-state.ts';
import { getRegistry } from '../../../src/ledger/records/registry-state.ts';
import { CHAIN_ID, keyFromByte } from '../fixtures.ts';
import { eventsOf, expectOk, expectRefused, type TimedChain } from '../rental-stream-fixtures.ts';
import { ALICE, BOB, CAROL, CHARTER, DAVE, DAY, ERIN, HOUR, NATIVE, T0, foundCoop, newChain, orgOf, refusedUnchanged } from '../org/fixtures.ts';
import { escrowOf, jobOf, PROPOSAL, SPEC } from './work-fixtures.ts';

const FRANK = keyFromByte(6);
const GRACE = keyFromByte(7);
const HEIDI = keyFromByte(8);
const ROLE = { registry: 'coop-roles', type: 'approver' };

/** Proposes `action` by ALICE at `timeMs` and executes it (CAROL) one motion period later; the motion's number. */
function pass(chain: TimedChain, org: string, timeMs: number, action: OrgAction): number {
  const motion = orgOf(chain, org).nextMotion;
  expectOk(chain.one(timeMs, ALICE, 'org.propose', { org, action }));
  expectOk(chain.one(timeMs + CHARTER.motionPeriodMs + 1000, CAROL, 'org.execute', { org, motion }));
  return motion;
}

/** Proposes each action at `timeMs` (one block each) and executes them in order a motion period later. */
function passAll(chain: TimedChain, org: string, timeMs: number, actions: OrgAction[]): void {
  const first = orgOf(chain, org).nextMotion;
  actions.forEach((action, i) => expectOk(chain.one(timeMs + i * 1000, ALICE, 'org.propose', { org, action })));
  actions.forEach((_, i) => expectOk(chain.one(timeMs + CHARTER.motionPeriodMs + (actions.length + i) * 1000, CAROL, 'org.execute', { org, motion: first + i })));
}

const issue = (to: KeyPair, expiresAtMs?: number): OrgAction => ({ type: 'issue', credential: ROLE, to: to.address, ...(expiresAtMs === undefined ? {} : { expiresAtMs }) });

/**
 * COOP with 600 AGR, its registry `coop-roles`, ERIN, DAVE and HEIDI (until day 3) granted `approver`
 * there, the charter naming it; a job of 200 + 300 AGR posted by motion with CAROL as arbiter, DAVE
 * assigned by motion, both milestones delivered on day 4. GRACE holds `approver` in her own registry.
 */
function orgJobWithRole(): { chain: TimedChain; org: string; job: string; escrow: string } {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + HOUR / 2, BOB, 'org.fund', { org, assets: [{ asset: NATIVE, amount: 600n }] }));
  const post = { spec: SPEC, asset: NATIVE, milestones: [200n, 300n], mode: 'single' as const, applyByMs: T0 + 5 * DAY, deliverByMs: T0 + 8 * DAY, deadlineMs: T0 + 20 * DAY, reviewWindowMs: 10 * DAY, arbiters: [{ address: CAROL.address, fee: 0n }] };
  passAll(chain, org, T0 + HOUR, [
    { type: 'registry', name: ROLE.registry },
    issue(ERIN),
    issue(DAVE),
    issue(HEIDI, T0 + 3 * DAY),
    { type: 'charter', charter: { ...CHARTER, approver: ROLE } },
    { type: 'job', kind: 'post', payload: post },
  ]);
  assert.equal(getRegistry(chain.state, ROLE.registry)?.curator, org);
  assert.deepEqual(orgOf(chain, org).charter.approver, ROLE);
  const job = contractAddressFor(CHAIN_ID, org, 5n, 0);
  // GRACE's own registry, same type
  expectOk(chain.one(T0 + 2 * DAY + 2 * HOUR, GRACE, 'registry.create', { name: 'coop-roles-2', open: false }));
  expectOk(chain.one(T0 + 2 * DAY + 2 * HOUR + 1000, GRACE, 'credential.issue', { registry: 'coop-roles-2', type: ROLE.type, to: GRACE.address }));
  expectOk(chain.one(T0 + 2 * DAY + 3 * HOUR, DAVE, 'job.apply', { job, proposal: PROPOSAL }));
  pass(chain, org, T0 + 2 * DAY + 4 * HOUR, { type: 'job', kind: 'assign', payload: { job, worker: DAVE.address, arbiter: CAROL.address } });
  expectOk(chain.one(T0 + 4 * DAY + 6 * HOUR, DAVE, 'job.deliver', { job, milestone: 0 }));
  expectOk(chain.one(T0 + 4 * DAY + 6 * HOUR + 1000, DAVE, 'job.deliver', { job, milestone: 1 }));
  return { chain, org, job, escrow: jobOf(chain.state, job).escrow ?? '' };
}

test('a holder of the org\'s approver role approves a milestone: paid from the job\'s escrow as by a motion', () => {
  const { chain, org, job, escrow } = orgJobWithRole();
  const at = T0 + 4 * DAY + 7 * HOUR;
  const dave0 = chain.balance(DAVE);
  const events = expectOk(chain.one(at, ERIN, 'job.approve', { job, milestone: 0 }));
  assert.deepEqual(eventsOf(events, 'job.role_signed'), [{ job, org, signer: ERIN.address, registry: ROLE.registry, type: ROLE.type, kind: 'approve' }]);
  assert.equal(chain.balance(DAVE), dave0 + 200n);
  assert.equal(chain.balance(escrow), 300n);
  assert.equal(escrowOf(chain.state, escrow).tranches[0].status, 'released');
  const trade = getTrade(chain.state, tradeIdFor('job', `${escrow}/0`));
  assert.equal(trade?.buyer, org);
  assert.equal(trade?.seller, DAVE.address);
  assert.equal(trade?.amount, 200n);
  assert.equal(getContribution(chain.state, org, 0)?.contributor, DAVE.address);
  // the same holder disputes the other milestone as the payer: CAROL arbitrates
  const disputed = expectOk(chain.one(at + HOUR, ERIN, 'job.dispute', { job }));
  assert.deepEqual(eventsOf(disputed, 'job.role_signed').map((e) => e.kind), ['dispute']);
  assert.equal(escrowOf(chain.state, escrow).state, 'disputed');
});

test('who is refused the approver role, with its code and no change', () => {
  const { chain, org, job } = orgJobWithRole();
  let at = T0 + 4 * DAY + 7 * HOUR;
  const approve = { job, milestone: 0 };
  // holds nothing
  refusedUnchanged(chain, (at += 1000), FRANK, 'job.approve', approve, 'not_credentialed');
  refusedUnchanged(chain, (at += 1000), FRANK, 'job.dispute', { job }, 'not_credentialed');
  // holds the same type in a registry the org does not curate
  refusedUnchanged(chain, (at += 1000), GRACE, 'job.approve', approve, 'not_credentialed');
  // the grant expired on day 3
  refusedUnchanged(chain, (at += 1000), HEIDI, 'job.approve', approve, 'not_credentialed');
  // the worker holds the role: it cannot approve its own milestone
  refusedUnchanged(chain, (at += 1000), DAVE, 'job.approve', approve, 'self_trade');
  // revoked by motion
  pass(chain, org, (at += 1000), { type: 'revoke', credential: ROLE, to: ERIN.address });
  refusedUnchanged(chain, T0 + 7 * DAY, ERIN, 'job.approve', approve, 'not_credentialed');
  // a charter without the role withdraws it from every holder: the org's own motion still approves
  pass(chain, org, T0 + 7 * DAY + HOUR, issue(ERIN));
  expectOk(chain.one(T0 + 9 * DAY + 2 * HOUR, ALICE, 'org.propose', { org, action: { type: 'charter', charter: CHARTER } }));
  expectOk(chain.one(T0 + 9 * DAY + 3 * HOUR, ALICE, 'org.propose', { org, action: { type: 'job', kind: 'approve', payload: approve } }));
  expectOk(chain.one(T0 + 11 * DAY + 3 * HOUR, CAROL, 'org.execute', { org, motion: orgOf(chain, org).nextMotion - 2 }));
  refusedUnchanged(chain, T0 + 11 * DAY + 4 * HOUR, ERIN, 'job.approve', approve, 'wrong_party');
  const dave0 = chain.balance(DAVE);
  expectOk(chain.one(T0 + 11 * DAY + 4 * HOUR + 1000, CAROL, 'org.execute', { org, motion: orgOf(chain, org).nextMotion - 1 }));
  assert.equal(chain.balance(DAVE), dave0 + 200n);
});

test('a job whose poster is a person, or an org naming no role: a third signer is wrong_party', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + HOUR / 2, BOB, 'org.fund', { org, assets: [{ asset: NATIVE, amount: 600n }] }));
  const post = { spec: SPEC, asset: NATIVE, milestones: [200n], mode: 'single' as const, applyByMs: T0 + 5 * DAY, deliverByMs: T0 + 8 * DAY, deadlineMs: T0 + 20 * DAY };
  pass(chain, org, T0 + HOUR, { type: 'job', kind: 'post', payload: post });
  const job = contractAddressFor(CHAIN_ID, org, 0n, 0);
  expectOk(chain.one(T0 + 2 * DAY + 2 * HOUR, DAVE, 'job.apply', { job, proposal: PROPOSAL }));
  pass(chain, org, T0 + 2 * DAY + 3 * HOUR, { type: 'job', kind: 'assign', payload: { job, worker: DAVE.address } });
  expectOk(chain.one(T0 + 4 * DAY + 5 * HOUR, DAVE, 'job.deliver', { job, milestone: 0 }));
  refusedUnchanged(chain, T0 + 4 * DAY + 6 * HOUR, ERIN, 'job.approve', { job, milestone: 0 }, 'wrong_party');
});

test('the charter may name only a registry the org curates (bad_charter); the org issues only in its own', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + HOUR / 2, GRACE, 'registry.create', { name: 'coop-roles-2', open: false }));
  // another's registry: refused at execute, nothing changes, the motion stays passable
  expectOk(chain.one(T0 + HOUR, ALICE, 'org.propose', { org, action: { type: 'charter', charter: { ...CHARTER, approver: { registry: 'coop-roles-2', type: 'approver' } } } }));
  refusedUnchanged(chain, T0 + 2 * DAY + 2 * HOUR, CAROL, 'org.execute', { org, motion: 0 }, 'bad_charter');
  // a registry that does not exist yet
  expectOk(chain.one(T0 + 2 * DAY + 3 * HOUR, ALICE, 'org.propose', { org, action: { type: 'charter', charter: { ...CHARTER, approver: ROLE } } }));
  refusedUnchanged(chain, T0 + 4 * DAY + 4 * HOUR, CAROL, 'org.execute', { org, motion: 1 }, 'bad_charter');
  // the org cannot issue in GRACE's registry
  expectOk(chain.one(T0 + 4 * DAY + 5 * HOUR, ALICE, 'org.propose', { org, action: { type: 'issue', credential: { registry: 'coop-roles-2', type: 'approver' }, to: ERIN.address } }));
  refusedUnchanged(chain, T0 + 6 * DAY + 6 * HOUR, CAROL, 'org.execute', { org, motion: 2 }, 'not_authorised');
  // its own registry, then the charter motion passes
  pass(chain, org, T0 + 6 * DAY + 7 * HOUR, { type: 'registry', name: ROLE.registry });
  expectOk(chain.one(T0 + 8 * DAY + 9 * HOUR, CAROL, 'org.execute', { org, motion: 1 }));
  assert.deepEqual(orgOf(chain, org).charter.approver, ROLE);
  // a registry name is taken once
  expectOk(chain.one(T0 + 8 * DAY + 10 * HOUR, ALICE, 'org.propose', { org, action: { type: 'registry', name: ROLE.registry } }));
  refusedUnchanged(chain, T0 + 10 * DAY + 11 * HOUR, CAROL, 'org.execute', { org, motion: 4 }, 'registry_exists');
});

test('a founding charter names no approver role (bad_charter)', () => {
  const chain = newChain();
  const block = chain.block().add(ALICE, 'org.create', { name: 'Coop', token: { symbol: 'COOP', name: 'Coop token', decimals: 0 }, members: [BOB.address], charter: { ...CHARTER, approver: ROLE }, foundingReputation: 2000n });
  expectRefused(chain.runAt(T0, block)[0], 'bad_charter');
});

test('a team job: a member of the team\'s split holding the role cannot approve what it is paid (self_trade); the arbiter neither', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + HOUR / 2, BOB, 'org.fund', { org, assets: [{ asset: NATIVE, amount: 600n }] }));
  const split = eventsOf(expectOk(chain.one(T0 + HOUR / 2 + 1000, DAVE, 'split.create', { members: [{ address: DAVE.address, weight: 1 }, { address: ERIN.address, weight: 1 }] })), 'split.created')[0].split;
  const post = { spec: SPEC, asset: NATIVE, milestones: [200n], mode: 'team' as const, applyByMs: T0 + 5 * DAY, deliverByMs: T0 + 8 * DAY, deadlineMs: T0 + 20 * DAY, arbiters: [{ address: FRANK.address, fee: 0n }] };
  passAll(chain, org, T0 + HOUR, [{ type: 'registry', name: ROLE.registry }, issue(ERIN), issue(FRANK), { type: 'charter', charter: { ...CHARTER, approver: ROLE } }, { type: 'job', kind: 'post', payload: post }]);
  const job = contractAddressFor(CHAIN_ID, org, 4n, 0);
  expectOk(chain.one(T0 + 2 * DAY + 2 * HOUR, DAVE, 'job.apply', { job, proposal: PROPOSAL, payee: split }));
  pass(chain, org, T0 + 2 * DAY + 3 * HOUR, { type: 'job', kind: 'assign', payload: { job, worker: DAVE.address, arbiter: FRANK.address } });
  expectOk(chain.one(T0 + 4 * DAY + 5 * HOUR, DAVE, 'job.deliver', { job, milestone: 0 }));
  refusedUnchanged(chain, T0 + 4 * DAY + 6 * HOUR, ERIN, 'job.approve', { job, milestone: 0 }, 'self_trade');
  refusedUnchanged(chain, T0 + 4 * DAY + 6 * HOUR + 1000, FRANK, 'job.dispute', { job }, 'self_trade');
});
