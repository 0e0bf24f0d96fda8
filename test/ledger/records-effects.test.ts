// The records module's effects (spec/ledger.md §7.2): for every kind, what a successful tx writes, the
// events it emits and the history entry it appends; the invariants hold after each.
import { tradeIdFor } from '../../src/ledger/market/trades.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { itemIdFor } from '../../src/ledger/records/ids.ts';
import { getHistoryEntry } from '../../src/ledger/records/item-log.ts';
import { getItem } from '../../src/ledger/records/item-state.ts';
import { getRegistry } from '../../src/ledger/records/registry-state.ts';
import { getAsset, getBalance, getNonce } from '../../src/ledger/accounts/balances.ts';
import { ALICE, BOB, CAROL, CHAIN_ID, genesisState } from './fixtures.ts';
import { DAVE, assertOk, attributeOf, checkAll, ctx, multiTx, ok, registerItem, run, tx, world } from './records-fixtures.ts';

const HASH = new Uint8Array(32).fill(9);
const sorted = (keys: Iterable<string>): string[] => [...keys].sort();

test('registry.create: the record, one key per role, registry.created then one registry.authorized per role', () => {
  const state = genesisState([[BOB, 1n]]);
  const outcome = run(state, tx(state, BOB, 'registry.create', { name: 'coffee-lots', open: false, roles: [{ role: 'attester', eventType: 'certified-organic', address: CAROL.address }, { role: 'registrar', address: DAVE.address }] }));
  assert.deepEqual(assertOk(outcome), [
    { type: 'registry.created', attributes: { registry: 'coffee-lots', curator: BOB.address, open: 'false' } },
    { type: 'registry.authorized', attributes: { registry: 'coffee-lots', role: 'attester', eventType: 'certified-organic', address: CAROL.address, granted: 'true' } },
    { type: 'registry.authorized', attributes: { registry: 'coffee-lots', role: 'registrar', address: DAVE.address, granted: 'true' } },
  ]);
  assert.deepEqual(getRegistry(state, 'coffee-lots'), { name: 'coffee-lots', curator: BOB.address, open: false, createdAt: ctx.height });
  assert.deepEqual(sorted(outcome.diff.keys()), sorted([`acct/${BOB.address}`, 'registry/coffee-lots', `attester/coffee-lots/certified-organic/${CAROL.address}`, `registrar/coffee-lots/${DAVE.address}`]));
  checkAll(state);
});

test('registry.authorize: revocations first, then grants; granting a held role or revoking a missing one changes nothing', () => {
  const w = world();
  const outcome = run(
    w.state,
    tx(w.state, ALICE, 'registry.authorize', {
      registry: 'deeds',
      grant: [{ role: 'registrar', address: BOB.address }, { role: 'attester', eventType: 'survey', address: DAVE.address }],
      revoke: [{ role: 'attester', eventType: 'inspection', address: CAROL.address }, { role: 'registrar', address: DAVE.address }],
    }),
  );
  const events = assertOk(outcome);
  assert.deepEqual(events.map((e) => [e.attributes.role, e.attributes.address, e.attributes.granted]), [
    ['attester', CAROL.address, 'false'],
    ['registrar', DAVE.address, 'false'],
    ['registrar', BOB.address, 'true'],
    ['attester', DAVE.address, 'true'],
  ]);
  assert.deepEqual(sorted(outcome.diff.keys()), sorted([`acct/${ALICE.address}`, `attester/deeds/inspection/${CAROL.address}`, `attester/deeds/survey/${DAVE.address}`]));
  assertOk(run(w.state, tx(w.state, DAVE, 'item.attest', { item: w.deed, type: 'survey' })));
  checkAll(w.state);
});

test('item.register: the id of (chain, signer, nonce, 0), the record, its index entries and history entry 0', () => {
  const w = world();
  const nonce = getNonce(w.state, BOB.address);
  const payload = { kind: 'deed', registry: 'deeds', owner: DAVE.address, custodian: CAROL.address, metadata: '{"parcel":"9"}', documents: [HASH] };
  const outcome = run(w.state, tx(w.state, BOB, 'item.register', payload));
  const id = itemIdFor(CHAIN_ID, BOB.address, nonce, 0);
  assert.deepEqual(assertOk(outcome), [{ type: 'item.registered', attributes: { item: id, kind: 'deed', owner: DAVE.address, signer: BOB.address, seq: '0', registry: 'deeds', custodian: CAROL.address } }]);
  assert.deepEqual(getItem(w.state, id), {
    id,
    kind: 'deed',
    owner: DAVE.address,
    status: 'live',
    registry: 'deeds',
    custodian: CAROL.address,
    metadata: '{"parcel":"9"}',
    documents: [HASH],
    parents: undefined,
    children: undefined,
    lock: undefined,
    createdAt: ctx.height,
    events: 1,
  });
  assert.deepEqual(sorted(outcome.diff.keys()), sorted([`acct/${BOB.address}`, `item/${id}`, `owneritem/${DAVE.address}/${id}`, `regitem/deeds/${id}`, `itemlog/${id}/0000000000`]));
  const entry = getHistoryEntry(w.state, id, 0);
  assert.equal(entry?.action, 'register');
  assert.equal(entry?.signer, BOB.address);
  assert.equal(entry?.nonce, nonce);
  assert.equal(entry?.to, DAVE.address);
  assert.equal(entry?.custodian, CAROL.address);
  assert.equal(entry?.height, ctx.height);
  assert.equal(entry?.timeMs, ctx.timeMs);
  checkAll(w.state);
});

test('item.register: anyone into an open registry; the curator into its own; no registry; a custodian equal to the owner is not stored', () => {
  const w = world();
  const lot = registerItem(w.state, DAVE, { kind: 'lot', registry: 'lots' });
  const deed = registerItem(w.state, ALICE, { kind: 'deed', registry: 'deeds', custodian: ALICE.address });
  const plain = registerItem(w.state, CAROL, { kind: 'bike' });
  assert.equal(getItem(w.state, lot)?.owner, DAVE.address);
  assert.equal(getItem(w.state, deed)?.custodian, undefined);
  assert.equal(getItem(w.state, plain)?.registry, undefined);
  assert.equal(new Set([lot, deed, plain, w.deed, w.drill]).size, 5);
  checkAll(w.state);
});

test('item.transfer: the owner and its index entry move, the custodian stays, history entry 1', () => {
  const w = world();
  ok(w.state, ALICE, 'item.attest', { item: w.drill, type: 'custody', custodian: CAROL.address });
  const outcome = run(w.state, tx(w.state, ALICE, 'item.transfer', { item: w.drill, to: BOB.address }));
  assert.deepEqual(assertOk(outcome), [{ type: 'item.transferred', attributes: { item: w.drill, from: ALICE.address, to: BOB.address, seq: '2' } }]);
  const item = getItem(w.state, w.drill);
  assert.equal(item?.owner, BOB.address);
  assert.equal(item?.custodian, CAROL.address);
  assert.deepEqual(sorted(outcome.diff.keys()), sorted([`acct/${ALICE.address}`, `item/${w.drill}`, `owneritem/${ALICE.address}/${w.drill}`, `owneritem/${BOB.address}/${w.drill}`, `itemlog/${w.drill}/0000000002`]));
  assert.equal(outcome.diff.get(`owneritem/${ALICE.address}/${w.drill}`)?.[1], null, 'the old index entry is deleted');
  const entry = getHistoryEntry(w.state, w.drill, 2);
  assert.deepEqual([entry?.action, entry?.from, entry?.to, entry?.payment], ['transfer', ALICE.address, BOB.address, undefined]);
  checkAll(w.state);
});

test('item.transfer with a payment: both sign, both nonces advance, the price moves to the owner in the same tx', () => {
  const w = world();
  ok(w.state, ALICE, 'item.attest', { item: w.drill, type: 'custody', custodian: BOB.address });
  const before = { alice: getBalance(w.state, ALICE.address, 'AGR'), bob: getBalance(w.state, BOB.address, 'AGR'), nonces: [getNonce(w.state, ALICE.address), getNonce(w.state, BOB.address)] };
  const outcome = run(w.state, multiTx(w.state, [ALICE, BOB], 'item.transfer', { item: w.drill, to: BOB.address, payment: { asset: 'AGR', amount: 250n } }));
  assert.deepEqual(assertOk(outcome), [
    { type: 'transfer', attributes: { asset: 'AGR', from: BOB.address, to: ALICE.address, amount: '250' } },
    { type: 'item.transferred', attributes: { item: w.drill, from: ALICE.address, to: BOB.address, seq: '2', asset: 'AGR', amount: '250' } },
    // A sale is a trade (spec/reputation.md §1), named by the item and the entry's seq.
    {
      type: 'trade.recorded',
      attributes: { trade: tradeIdFor('item', `${w.drill}/2`), kind: 'item', ref: `${w.drill}/2`, buyer: BOB.address, seller: ALICE.address, asset: 'AGR', amount: '250', disputed: 'false' },
    },
  ]);
  assert.equal(getBalance(w.state, ALICE.address, 'AGR'), before.alice + 250n);
  assert.equal(getBalance(w.state, BOB.address, 'AGR'), before.bob - 250n);
  assert.deepEqual([getNonce(w.state, ALICE.address), getNonce(w.state, BOB.address)], before.nonces.map((n) => n + 1n));
  const item = getItem(w.state, w.drill);
  assert.equal(item?.owner, BOB.address);
  assert.equal(item?.custodian, undefined, 'the buyer held it: custodian and owner are one now');
  assert.deepEqual(getHistoryEntry(w.state, w.drill, 2)?.payment, { asset: 'AGR', amount: 250n });
  checkAll(w.state);
});

test('item.attest: by the owner, an authorised attester, the custodian; custody hands over and back; the entry keeps type, data, documents, signer', () => {
  const w = world();
  const byOwner = ok(w.state, ALICE, 'item.attest', { item: w.deed, type: 'repair', data: '{"roof":"new"}', documents: [HASH] });
  assert.deepEqual(byOwner, [{ type: 'item.attested', attributes: { item: w.deed, type: 'repair', signer: ALICE.address, seq: '1' } }]);
  const entry = getHistoryEntry(w.state, w.deed, 1);
  assert.deepEqual([entry?.action, entry?.type, entry?.data, entry?.documents, entry?.signer], ['attest', 'repair', '{"roof":"new"}', [HASH], ALICE.address]);
  ok(w.state, CAROL, 'item.attest', { item: w.deed, type: 'inspection' });
  const handover = ok(w.state, ALICE, 'item.attest', { item: w.deed, type: 'custody', custodian: DAVE.address });
  assert.deepEqual(handover[0].attributes, { item: w.deed, type: 'custody', signer: ALICE.address, seq: '3', custodian: DAVE.address });
  assert.equal(getItem(w.state, w.deed)?.custodian, DAVE.address);
  ok(w.state, DAVE, 'item.attest', { item: w.deed, type: 'location', data: '{"lat":1}' });
  ok(w.state, DAVE, 'item.attest', { item: w.deed, type: 'custody', custodian: ALICE.address });
  assert.equal(getItem(w.state, w.deed)?.custodian, undefined, 'custody back to the owner clears the custodian');
  assert.equal(getItem(w.state, w.deed)?.events, 6);
  checkAll(w.state);
});

test('item.attest: a locked item takes life events (they do not move it)', () => {
  const w = world();
  ok(w.state, CAROL, 'item.attest', { item: w.locked, type: 'inspection' });
  assert.equal(getItem(w.state, w.locked)?.status, 'locked');
  checkAll(w.state);
});

test('item.split: children of ids (signer, nonce, 0…N-1) link the parent, keep its owner, registry and custodian; the parent is retired', () => {
  const w = world();
  ok(w.state, ALICE, 'item.attest', { item: w.deed, type: 'custody', custodian: CAROL.address });
  const nonce = getNonce(w.state, ALICE.address);
  const outcome = run(w.state, tx(w.state, ALICE, 'item.split', { item: w.deed, children: [{ kind: 'parcel', metadata: 'north' }, { kind: 'parcel', documents: [HASH] }, { kind: 'road' }] }));
  const children = [0, 1, 2].map((i) => itemIdFor(CHAIN_ID, ALICE.address, nonce, i));
  assert.deepEqual(assertOk(outcome), [
    { type: 'item.retired', attributes: { item: w.deed, owner: ALICE.address, by: 'split', seq: '2' } },
    ...children.map((id, i) => ({ type: 'item.created', attributes: { item: id, kind: i === 2 ? 'road' : 'parcel', owner: ALICE.address, parents: w.deed, seq: '0', registry: 'deeds' } })),
  ]);
  const parent = getItem(w.state, w.deed);
  assert.deepEqual([parent?.status, parent?.children], ['retired', children]);
  assert.deepEqual(getHistoryEntry(w.state, w.deed, 2)?.items, children);
  for (const id of children) {
    const child = getItem(w.state, id);
    assert.deepEqual([child?.owner, child?.registry, child?.custodian, child?.parents, child?.events], [ALICE.address, 'deeds', CAROL.address, [w.deed], 1]);
    assert.deepEqual(getHistoryEntry(w.state, id, 0)?.items, [w.deed]);
  }
  assert.equal(getItem(w.state, children[0])?.metadata, 'north');
  checkAll(w.state);
});

test('item.merge: one new item links every parent in order; parents retired; a shared custodian carries over, differing ones do not', () => {
  const w = world();
  const lots = [registerItem(w.state, ALICE, { kind: 'lot', custodian: CAROL.address }), registerItem(w.state, ALICE, { kind: 'lot', custodian: CAROL.address })];
  const nonce = getNonce(w.state, ALICE.address);
  const events = ok(w.state, ALICE, 'item.merge', { items: lots, kind: 'blend', registry: 'lots', metadata: 'house blend' });
  const blend = itemIdFor(CHAIN_ID, ALICE.address, nonce, 0);
  assert.deepEqual(events, [
    ...lots.map((id) => ({ type: 'item.retired', attributes: { item: id, owner: ALICE.address, by: 'merge', seq: '1' } })),
    { type: 'item.created', attributes: { item: blend, kind: 'blend', owner: ALICE.address, parents: lots.join(','), seq: '0', registry: 'lots' } },
  ]);
  const item = getItem(w.state, blend);
  assert.deepEqual([item?.parents, item?.custodian, item?.registry, item?.metadata], [lots, CAROL.address, 'lots', 'house blend']);
  for (const id of lots) assert.deepEqual([getItem(w.state, id)?.status, getItem(w.state, id)?.children], ['retired', [blend]]);
  const mixed = ok(w.state, ALICE, 'item.merge', { items: [w.drill, w.deed], kind: 'kit' });
  assert.equal(getItem(w.state, attributeOf(mixed, 'item.created'))?.custodian, undefined);
  checkAll(w.state);
});

test('item.retire: the status, the reason in the history, the owner kept; nothing after', () => {
  const w = world();
  const events = ok(w.state, ALICE, 'item.retire', { item: w.drill, reason: 'broken' });
  assert.deepEqual(events, [{ type: 'item.retired', attributes: { item: w.drill, owner: ALICE.address, by: 'retire', seq: '1' } }]);
  assert.deepEqual([getItem(w.state, w.drill)?.status, getItem(w.state, w.drill)?.owner], ['retired', ALICE.address]);
  assert.equal(getHistoryEntry(w.state, w.drill, 1)?.reason, 'broken');
  checkAll(w.state);
});

test('item.fractionalize: a fixed-supply asset of N shares to the owner, shares/<symbol>, the item locked', () => {
  const w = world();
  const outcome = run(w.state, tx(w.state, ALICE, 'item.fractionalize', { item: w.drill, symbol: 'DRILL', shares: 1000n }));
  assert.deepEqual(assertOk(outcome), [
    { type: 'asset.created', attributes: { asset: 'DRILL', creator: ALICE.address, supply: '1000', mintable: 'false' } },
    { type: 'item.locked', attributes: { item: w.drill, owner: ALICE.address, asset: 'DRILL', shares: '1000', seq: '1' } },
  ]);
  assert.deepEqual(getAsset(w.state, 'DRILL'), { symbol: 'DRILL', name: 'Shares of drill', decimals: 0, supply: 1000n, creator: ALICE.address, maxSupply: undefined, mintAuthority: undefined });
  assert.equal(getBalance(w.state, ALICE.address, 'DRILL'), 1000n);
  assert.deepEqual([getItem(w.state, w.drill)?.status, getItem(w.state, w.drill)?.lock], ['locked', { asset: 'DRILL', shares: 1000n }]);
  assert.deepEqual(sorted(outcome.diff.keys()), sorted([`acct/${ALICE.address}`, 'asset/DRILL', `bal/${ALICE.address}/DRILL`, 'shares/DRILL', `item/${w.drill}`, `itemlog/${w.drill}/0000000001`]));
  ok(w.state, ALICE, 'item.fractionalize', { item: w.deed, symbol: 'DEED', shares: 4n, name: 'Deed 12/7' });
  assert.equal(getAsset(w.state, 'DEED')?.name, 'Deed 12/7');
  checkAll(w.state);
});

test('item.redeem: whoever gathers all N shares burns them and owns the item, which is live again and moves as usual', () => {
  const w = world();
  ok(w.state, ALICE, 'transfer', { transfers: [{ to: BOB.address, asset: 'SHARE', amount: 60n }, { to: CAROL.address, asset: 'SHARE', amount: 40n }] });
  ok(w.state, CAROL, 'transfer', { transfers: [{ to: BOB.address, asset: 'SHARE', amount: 40n }] });
  const outcome = run(w.state, tx(w.state, BOB, 'item.redeem', { item: w.locked }));
  assert.deepEqual(assertOk(outcome), [
    { type: 'burn', attributes: { asset: 'SHARE', from: BOB.address, amount: '100' } },
    { type: 'item.redeemed', attributes: { item: w.locked, from: ALICE.address, to: BOB.address, asset: 'SHARE', shares: '100', seq: '2' } },
  ]);
  const item = getItem(w.state, w.locked);
  assert.deepEqual([item?.status, item?.owner, item?.lock], ['live', BOB.address, undefined]);
  assert.equal(getAsset(w.state, 'SHARE')?.supply, 0n);
  assert.equal(w.state.get('shares/SHARE'), undefined);
  assert.deepEqual(sorted(outcome.diff.keys()), sorted([`acct/${BOB.address}`, 'asset/SHARE', `bal/${BOB.address}/SHARE`, 'shares/SHARE', `item/${w.locked}`, `itemlog/${w.locked}/0000000002`, `owneritem/${ALICE.address}/${w.locked}`, `owneritem/${BOB.address}/${w.locked}`]));
  checkAll(w.state);
  ok(w.state, BOB, 'item.transfer', { item: w.locked, to: DAVE.address });
  assert.equal(getItem(w.state, w.locked)?.owner, DAVE.address);
  checkAll(w.state);
});

test('item.redeem: the owner who kept every share unlocks its own item', () => {
  const w = world();
  ok(w.state, ALICE, 'item.redeem', { item: w.locked });
  assert.deepEqual([getItem(w.state, w.locked)?.status, getItem(w.state, w.locked)?.owner], ['live', ALICE.address]);
  checkAll(w.state);
});
