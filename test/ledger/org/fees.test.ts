// The org kinds' fees (src/ledger/fees.ts ORG_FEE_BASE; spec/org.md §5): every org kind has a base fee
// above 0, and a chain whose genesis takes the schedule charges it, refused payloads included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ORG_FEE_BASE } from '../../../src/ledger/fees.ts';
import { CODECS } from '../../../src/ledger/kinds-codec.ts';
import { contractAddressFor } from '../../../src/ledger/accounts/contract-account.ts';
import { CHAIN_ID, PROPOSER } from '../fixtures.ts';
import { TimedChain, expectOk, expectRefused } from '../rental-stream-fixtures.ts';
import { ALICE, BOB, CHARTER, ERIN, NATIVE, T0 } from './fixtures.ts';

test('every org kind has a base fee above 0 in ORG_FEE_BASE, and nothing else is in it', () => {
  const orgKinds = Object.keys(CODECS).filter((kind) => kind.startsWith('org.')).sort();
  assert.equal(orgKinds.length, 15);
  for (const kind of orgKinds) assert.ok((ORG_FEE_BASE[kind as keyof typeof ORG_FEE_BASE] ?? 0n) > 0n, kind);
  assert.deepEqual(Object.keys(ORG_FEE_BASE).sort(), orgKinds);
});

test('a chain with the org schedule charges it: a founding and a refused join pay their base fee', () => {
  const chain = new TimedChain([[ALICE, 100_000n], [ERIN, 100_000n]], { nativeAsset: NATIVE, fees: { perByte: 0n, base: ORG_FEE_BASE } });
  const block = chain.block();
  const org = contractAddressFor(CHAIN_ID, ALICE.address, block.nextNonce(ALICE), 0);
  block.add(ALICE, 'org.create', { name: 'Coop', token: { symbol: 'COOP', name: 'Coop', decimals: 0 }, members: [BOB.address], charter: { ...CHARTER, open: false }, foundingReputation: 10n });
  const [created] = chain.runAt(T0, block);
  expectOk(created);
  assert.equal(created.fee, 20_000n);
  const refused = chain.one(T0 + 1000, ERIN, 'org.join', { org });
  expectRefused(refused, 'membership_closed');
  assert.equal(refused.fee, 2_000n);
  assert.equal(chain.balance(PROPOSER), 22_000n);
});
