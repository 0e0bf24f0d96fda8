// Property: random escrows with the additions of spec/ledger.md §8.2.7 — several tranches, a review
// window, an arbiter's fee and window — under random deliveries, releases, refunds, disputes,
// resolutions, settlements and time steps keep every invariant after every tx (the escrow account
// holds exactly its held tranches; supply equals the sum of balances), and once every deadline and
// window has passed, escrow.settle from anyone closes every escrow; then each escrow's money went
// exactly to its payer, its payee and (only on a resolution) its arbiter's fee. Seeded by fast-check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { KeyPair } from '../../../src/crypto/keys.ts';
import { getContractRecord } from '../../../src/ledger/accounts/contract-account.ts';
import { decodeEscrow, type Escrow } from '../../../src/ledger/contracts/escrow-state.ts';
import type { LedgerEvent, TxKind, TxPayloads } from '../../../src/ledger/types.ts';
import type { MemoryState } from '../../../src/ledger/state.ts';
import { run, tx } from '../records-fixtures.ts';
import { at, balance, checkAllContracts, contractWorld } from '../contracts-fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, H, HOUR_MS } from './market-fixtures.ts';

const KEYS: KeyPair[] = [ALICE, BOB, CAROL, DAVE];
const pick = fc.nat(1000);
const smart = fc.boolean();
const who = fc.nat(KEYS.length - 1);

const operation = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('create' as const), tranches: fc.array(fc.bigInt(1n, 500n), { minLength: 1, maxLength: 3 }), deadlineHours: fc.integer({ min: 1, max: 60 }), release: fc.boolean(), reviewHours: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }), fee: fc.option(fc.bigInt(1n, 40n), { nil: undefined }), arbiterHours: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('escrow.deliver' as const), actor: who, smart, escrow: pick, tranche: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('escrow.release' as const), actor: who, smart, escrow: pick, tranche: fc.nat(3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('escrow.refund' as const), actor: who, smart, escrow: pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('escrow.dispute' as const), actor: who, smart, escrow: pick, byPayer: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('escrow.resolve' as const), actor: who, smart, escrow: pick, part: fc.nat(100) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('escrow.settle' as const), actor: who, smart, escrow: pick }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('time' as const), hours: fc.integer({ min: 0, max: 40 }) }) },
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

interface Run {
  state: MemoryState;
  timeMs: number;
  escrows: string[];
  events: LedgerEvent[];
}

/** What the runs reached: every escrow event, and each settlement outcome (checked at the end, so the property is not vacuous). */
const reached = new Map<string, number>();
const tally = (what: string): void => void reached.set(what, (reached.get(what) ?? 0) + 1);
const keyOf = (address: string | undefined): KeyPair => KEYS.find((k) => k.address === address) ?? ALICE;
const escrowAt = (r: Run, address: string): Escrow => decodeEscrow(address, getContractRecord(r.state, address)!.record);

function send<K extends TxKind>(r: Run, key: KeyPair, kind: K, payload: TxPayloads[K]): LedgerEvent[] | undefined {
  const outcome = run(r.state, tx(r.state, key, kind, payload), at(r.timeMs));
  checkAllContracts(r.state);
  assert.ok(outcome.result.admitted);
  if (outcome.result.receipt.code !== 'ok') return undefined;
  r.events.push(...outcome.result.receipt.events);
  for (const e of outcome.result.receipt.events) if (e.type.startsWith('escrow.')) tally(e.type === 'escrow.settled' ? `settled ${e.attributes.outcome}${e.attributes.lapsed === 'true' ? ' lapsed' : ''}` : e.type);
  return outcome.result.receipt.events;
}

function step(r: Run, op: Operation): void {
  if (op.kind === 'time') {
    r.timeMs += op.hours * HOUR_MS;
    return;
  }
  if (op.kind === 'create') {
    // ALICE pays BOB; CAROL arbitrates when a fee or window asks for one (and half the time otherwise).
    const withArbiter = op.fee !== undefined || op.arbiterHours !== undefined || op.release;
    const payload: TxPayloads['escrow.create'] = { payee: BOB.address, deadlineMs: r.timeMs + op.deadlineHours * HOUR_MS, onExpiry: op.release ? 'release' : 'refund', tranches: op.tranches.map((amount) => ({ assets: [{ asset: 'USD', amount }] })) };
    if (withArbiter) payload.arbiter = CAROL.address;
    if (op.reviewHours !== undefined) payload.reviewWindowMs = op.reviewHours * HOUR_MS;
    if (withArbiter && op.fee !== undefined) payload.arbiterFee = { asset: 'USD', amount: op.fee };
    if (withArbiter && op.arbiterHours !== undefined) payload.arbiterWindowMs = op.arbiterHours * HOUR_MS;
    const created = send(r, ALICE, 'escrow.create', payload)?.find((e) => e.type === 'escrow.created');
    if (created !== undefined) r.escrows.push(created.attributes.escrow);
    return;
  }
  if (r.escrows.length === 0) return;
  const open = r.escrows.filter((e) => escrowAt(r, e).state !== 'closed');
  const address = (op.smart && open.length > 0 ? open : r.escrows)[op.escrow % (op.smart && open.length > 0 ? open.length : r.escrows.length)];
  const escrow = escrowAt(r, address);
  const signer = (right: string | undefined): KeyPair => (op.smart ? keyOf(right) : KEYS[op.actor]);
  switch (op.kind) {
    case 'escrow.deliver':
      send(r, signer(escrow.payee), op.kind, { escrow: address, tranche: op.tranche % escrow.tranches.length });
      return;
    case 'escrow.release':
      send(r, signer(escrow.payer), op.kind, { escrow: address, tranche: op.tranche % escrow.tranches.length });
      return;
    case 'escrow.refund':
      send(r, signer(escrow.payee), op.kind, { escrow: address });
      return;
    case 'escrow.dispute':
      send(r, signer(op.byPayer ? escrow.payer : escrow.payee), op.kind, { escrow: address });
      return;
    case 'escrow.settle':
      send(r, KEYS[op.actor], op.kind, { escrow: address });
      return;
    case 'escrow.resolve': {
      const held = escrow.tranches.filter((t) => t.status === 'held').reduce((sum, t) => sum + t.assets![0].amount, 0n);
      const toPayee = ((held - (escrow.arbiterFee?.amount ?? 0n)) * BigInt(op.part)) / 100n;
      send(r, signer(escrow.arbiter), op.kind, toPayee > 0n ? { escrow: address, toPayee: { assets: [{ asset: 'USD', amount: toPayee }] } } : { escrow: address });
    }
  }
}

/** What the events say an escrow paid to `to` in USD. */
function paidTo(events: LedgerEvent[], escrow: string, to: string): bigint {
  return events.filter((e) => e.type === 'transfer' && e.attributes.from === escrow && e.attributes.to === to && e.attributes.asset === 'USD').reduce((sum, e) => sum + BigInt(e.attributes.amount), 0n);
}

test('random escrows with deliveries, fees and windows: invariants after every tx, every escrow ends settled, money goes only to its parties', () => {
  fc.assert(
    fc.property(fc.array(operation, { minLength: 1, maxLength: 30, size: 'max' }), (operations) => {
      const w = contractWorld();
      const r: Run = { state: w.state, timeMs: H(1), escrows: [], events: [] };
      const before = [ALICE, BOB, CAROL].map((k) => balance(r.state, k, 'USD'));
      for (const op of operations) step(r, op);
      // Every deadline (≤ 60 h), review window (≤ 60 h) and arbiter window (≤ 60 h) has passed; disputes without an arbiter window are resolved.
      r.timeMs += 400 * HOUR_MS;
      for (const address of r.escrows) {
        const escrow = escrowAt(r, address);
        if (escrow.state === 'disputed' && escrow.arbiterWindowMs === undefined) assert.ok(send(r, CAROL, 'escrow.resolve', { escrow: address }) !== undefined);
        else if (escrow.state !== 'closed') assert.ok(send(r, DAVE, 'escrow.settle', { escrow: address }) !== undefined, `escrow ${address} did not settle`);
        const closed = escrowAt(r, address);
        assert.equal(closed.state, 'closed');
        assert.equal(balance(r.state, address, 'USD'), 0n);
        const total = closed.tranches.reduce((sum, t) => sum + t.assets![0].amount, 0n);
        const fee = paidTo(r.events, address, CAROL.address);
        assert.equal(paidTo(r.events, address, ALICE.address) + paidTo(r.events, address, BOB.address) + fee, total);
        const resolved = closed.tranches.some((t) => t.status === 'resolved');
        assert.equal(fee, resolved ? (closed.arbiterFee?.amount ?? 0n) : 0n, 'a fee only on a resolution');
      }
      const after = [ALICE, BOB, CAROL].map((k) => balance(r.state, k, 'USD'));
      assert.equal(after.reduce((a, b) => a + b, 0n), before.reduce((a, b) => a + b, 0n));
    }),
    { numRuns: 100 },
  );
  if (process.env.MARKET_COVERAGE === '1') console.log([...reached].sort().map(([k, n]) => `${k}: ${n}`).join('\n'));
  // A mixed settlement (one delivered and one undelivered tranche due together) is rarer: escrow-delivery.test.ts has it.
  for (const wanted of ['escrow.delivered', 'escrow.disputed', 'escrow.resolved', 'escrow.released', 'settled released', 'settled refunded', 'settled refunded lapsed']) assert.ok(reached.has(wanted), `never reached: ${wanted} (reached: ${[...reached.keys()].sort().join(', ')})`);
});
