// The market's fees (src/ledger/fees.ts MARKET_FEE_BASE; spec/market.md "Fees"): every new kind of
// issue 14 has a base fee in the recommended schedule, and a chain whose genesis takes it charges it,
// refused payloads included (spec/ledger.md §2.3), so listings, orders and credentials are not free.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MARKET_FEE_BASE } from '../../../src/ledger/fees.ts';
import type { BlockContext, TxKind } from '../../../src/ledger/types.ts';
import { PROPOSER } from '../fixtures.ts';
import { run, tx } from '../records-fixtures.ts';
import { NATIVE, at, balance, checkAllContracts } from '../contracts-fixtures.ts';
import { ALICE, BOB, CAROL, H, chairTerms, listingOf, marketWorld } from './market-fixtures.ts';

const NEW_KINDS: TxKind[] = ['escrow.deliver', 'credential.issue', 'credential.revoke', 'market.list', 'market.update', 'market.pause', 'market.close', 'market.buy'];

test('every kind of issue 14 has a base fee above 0 in MARKET_FEE_BASE, and nothing else is in it', () => {
  for (const kind of NEW_KINDS) assert.ok((MARKET_FEE_BASE[kind] ?? 0n) > 0n, kind);
  assert.deepEqual(Object.keys(MARKET_FEE_BASE).sort(), [...NEW_KINDS].sort());
});

test('a chain with the market schedule charges it: a listing, a refused order and an order pay their base fee', () => {
  const w = marketWorld();
  const paid = (hours: number): BlockContext => ({ ...at(H(hours)), params: { nativeAsset: NATIVE, fees: { perByte: 0n, base: MARKET_FEE_BASE } } });
  const proposer = balance(w.state, PROPOSER.address, NATIVE);
  const listed = run(w.state, tx(w.state, BOB, 'market.list', { kind: 'goods', terms: chairTerms({ title: 'stool' }) }), paid(1));
  assert.ok(listed.result.admitted && listed.result.receipt.code === 'ok');
  assert.equal(listed.result.receipt.fee, 10_000n);
  const refused = run(w.state, tx(w.state, BOB, 'market.buy', { listing: w.listing, version: 1, quantity: 1 }), paid(1));
  assert.ok(refused.result.admitted);
  assert.deepEqual([refused.result.receipt.code, refused.result.receipt.fee], ['self_trade', 5_000n]);
  const bought = run(w.state, tx(w.state, ALICE, 'market.buy', { listing: w.listing, version: listingOf(w.state, w.listing).version, quantity: 1, arbiter: CAROL.address }), paid(2));
  assert.ok(bought.result.admitted && bought.result.receipt.code === 'ok');
  assert.equal(balance(w.state, PROPOSER.address, NATIVE), proposer + 10_000n + 5_000n + 5_000n);
  checkAllContracts(w.state);
});
