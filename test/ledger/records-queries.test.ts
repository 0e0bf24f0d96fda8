// The records read queries (src/node/records-queries.ts) over a state built by the ledger: an item, its
// history in pages, its lineage both ways (bounded), items by owner and by registry in pages, a registry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex } from '../../src/crypto/hash.ts';
import { itemIdFor } from '../../src/ledger/records/ids.ts';
import { MemoryState } from '../../src/ledger/state.ts';
import { NodeError } from '../../src/node/errors.ts';
import {
  LINEAGE_ITEMS_MAX,
  queryItem,
  queryItemHistory,
  queryItemLineage,
  queryItemsByOwner,
  queryItemsByRegistry,
  queryRegistry,
  type RecordsStore,
} from '../../src/node/records-queries.ts';
import { ALICE, BOB, CAROL, CHAIN_ID } from './fixtures.ts';
import { DAVE, attributeOf, ok, registerItem, world } from './records-fixtures.ts';

/** The store's prefix scan from a cursor over a MemoryState, in key order, counting reads. */
class ScanStore implements RecordsStore {
  reads = 0;
  constructor(private readonly state: MemoryState) {}
  get(key: string): Uint8Array | undefined {
    return this.state.get(key);
  }
  scanState(prefix: string, limit: number, after?: string): { key: string; value: Uint8Array }[] {
    this.reads += 1;
    return [...this.state.entries.keys()]
      .filter((key) => key.startsWith(prefix) && (after === undefined || key > prefix + after))
      .sort()
      .slice(0, limit)
      .map((key) => ({ key, value: this.state.entries.get(key)! }));
  }
}

function code(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof NodeError) return error.code;
    throw error;
  }
  return 'no error';
}

test('queryItem: the item as JSON; undefined when absent; bad_item_id for a bad id', () => {
  const w = world();
  const store = new ScanStore(w.state);
  const hash = new Uint8Array(32).fill(3);
  const id = registerItem(w.state, ALICE, { kind: 'car', custodian: BOB.address, metadata: '{"vin":"X"}', documents: [hash] });
  assert.deepEqual(queryItem(store, id), {
    id,
    kind: 'car',
    owner: ALICE.address,
    status: 'live',
    registry: null,
    custodian: BOB.address,
    metadata: '{"vin":"X"}',
    documents: [toHex(hash)],
    parents: [],
    children: [],
    lock: null,
    createdAt: 5,
    events: 1,
  });
  assert.deepEqual(queryItem(store, w.locked)?.lock, { asset: 'SHARE', shares: '100' });
  assert.equal(queryItem(store, itemIdFor(CHAIN_ID, CAROL.address, 99n, 0)), undefined);
  assert.equal(code(() => queryItem(store, 'item1nope')), 'bad_item_id');
});

test('queryItemHistory: oldest first, in pages with a `from` cursor; not_found, bad_request', () => {
  const w = world();
  const store = new ScanStore(w.state);
  for (const type of ['a', 'b', 'c']) ok(w.state, ALICE, 'item.attest', { item: w.drill, type, data: type });
  ok(w.state, ALICE, 'item.transfer', { item: w.drill, to: BOB.address });
  const first = queryItemHistory(store, w.drill, 2);
  assert.deepEqual(first.entries.map((e) => [e.seq, e.action, e.type ?? null]), [[0, 'register', null], [1, 'attest', 'a']]);
  assert.equal(first.next, 2);
  const second = queryItemHistory(store, w.drill, 2, 2);
  assert.deepEqual(second.entries.map((e) => e.seq), [2, 3]);
  const last = queryItemHistory(store, w.drill, 2, 4);
  assert.deepEqual(last.entries.map((e) => [e.action, e.from, e.to]), [['transfer', ALICE.address, BOB.address]]);
  assert.equal(last.next, null);
  assert.deepEqual(queryItemHistory(store, w.drill, 5, 9), { item: w.drill, entries: [], next: null });
  assert.equal(typeof first.entries[0].nonce, 'string');
  assert.equal(code(() => queryItemHistory(store, itemIdFor(CHAIN_ID, CAROL.address, 99n, 0), 5)), 'not_found');
  assert.equal(code(() => queryItemHistory(store, w.drill, 0)), 'bad_request');
  assert.equal(code(() => queryItemHistory(store, w.drill, 101)), 'bad_request');
  assert.equal(code(() => queryItemHistory(store, w.drill, 5, -1)), 'bad_request');
  assert.deepEqual(queryItemHistory(store, w.locked, 5).entries.map((e) => [e.action, e.asset, e.shares]), [['register', undefined, undefined], ['fractionalize', 'SHARE', '100']]);
});

test('queryItemLineage: a bag’s ancestors reach both lots; a lot’s descendants reach every bag', () => {
  const w = world();
  const store = new ScanStore(w.state);
  const lots = [registerItem(w.state, ALICE, { kind: 'lot' }), registerItem(w.state, ALICE, { kind: 'lot' })];
  const blend = attributeOf(ok(w.state, ALICE, 'item.merge', { items: lots, kind: 'blend' }), 'item.created');
  const bags = ok(w.state, ALICE, 'item.split', { item: blend, children: [{ kind: 'bag' }, { kind: 'bag' }, { kind: 'bag' }] })
    .filter((e) => e.type === 'item.created')
    .map((e) => e.attributes.item);
  const up = queryItemLineage(store, bags[1], 'ancestors');
  assert.deepEqual(up.items.map((i) => [i.id, i.depth, i.kind, i.links]), [[blend, 1, 'blend', lots], [lots[0], 2, 'lot', []], [lots[1], 2, 'lot', []]]);
  assert.equal(up.truncated, false);
  const down = queryItemLineage(store, lots[0], 'descendants');
  assert.deepEqual(down.items.map((i) => [i.id, i.depth]), [[blend, 1], ...bags.map((b) => [b, 2])]);
  assert.deepEqual(queryItemLineage(store, w.drill, 'ancestors').items, []);
});

test('queryItemLineage: at most LINEAGE_ITEMS_MAX items, then truncated', () => {
  const w = world();
  const store = new ScanStore(w.state);
  const parts = Array.from({ length: 32 }, () => ({ kind: 'part' }));
  const children = ok(w.state, ALICE, 'item.split', { item: w.drill, children: parts }).filter((e) => e.type === 'item.created').map((e) => e.attributes.item);
  for (const child of children) ok(w.state, ALICE, 'item.split', { item: child, children: parts });
  const down = queryItemLineage(store, w.drill, 'descendants');
  assert.equal(down.items.length, LINEAGE_ITEMS_MAX);
  assert.equal(down.truncated, true);
  assert.equal(new Set(down.items.map((i) => i.id)).size, LINEAGE_ITEMS_MAX);
  assert.deepEqual(down.items.slice(0, 32).map((i) => i.id), children);
});

test('queryItemsByOwner: every item of the owner once, in id order, page by page; the index follows transfers; retired items stay listed', () => {
  const w = world();
  const store = new ScanStore(w.state);
  const mine = [w.deed, w.drill, w.locked, w.retired];
  for (let i = 0; i < 45; i++) mine.push(registerItem(w.state, ALICE, { kind: 'thing' }));
  const gone = mine.pop()!;
  ok(w.state, ALICE, 'item.transfer', { item: gone, to: BOB.address });
  const seen: string[] = [];
  let after: string | undefined;
  for (let page = 0; page < 10; page++) {
    const response = queryItemsByOwner(store, ALICE.address, 20, after);
    seen.push(...response.items.map((i) => i.id));
    assert.ok(response.items.every((i) => i.owner === ALICE.address));
    if (response.next === null) break;
    after = response.next;
  }
  assert.deepEqual(seen, [...mine].sort());
  assert.deepEqual(queryItemsByOwner(store, BOB.address, 20).items.map((i) => i.id), [gone]);
  assert.deepEqual(queryItemsByOwner(store, DAVE.address, 20), { items: [], next: null });
  assert.equal(code(() => queryItemsByOwner(store, 'agora1nope', 20)), 'bad_address');
  assert.equal(code(() => queryItemsByOwner(store, ALICE.address, 20, 'x')), 'bad_item_id');
  store.reads = 0;
  queryItemsByOwner(store, ALICE.address, 20, seen[10]);
  assert.equal(store.reads, 1, 'under 256 items, a page after a cursor is one read');
});

test('queryItemsByRegistry and queryRegistry: a registry’s items in pages; its curator, openness and roles', () => {
  const w = world();
  const store = new ScanStore(w.state);
  const lots = Array.from({ length: 7 }, () => registerItem(w.state, DAVE, { kind: 'lot', registry: 'lots' }));
  const first = queryItemsByRegistry(store, 'lots', 5);
  const second = queryItemsByRegistry(store, 'lots', 5, first.next ?? undefined);
  assert.deepEqual([...first.items, ...second.items].map((i) => i.id), [...lots].sort());
  assert.equal(second.next, null);
  assert.deepEqual(queryItemsByRegistry(store, 'deeds', 10).items.map((i) => i.id), [w.deed, w.locked].sort());
  assert.equal(code(() => queryItemsByRegistry(store, 'cars', 10)), 'not_found');
  assert.equal(code(() => queryItemsByRegistry(store, 'Cars', 10)), 'bad_name');
  assert.deepEqual(queryRegistry(store, 'deeds'), {
    name: 'deeds',
    curator: ALICE.address,
    open: false,
    createdAt: 5,
    registrars: [BOB.address],
    attesters: [{ eventType: 'inspection', address: CAROL.address }],
    moreRoles: false,
  });
  assert.equal(queryRegistry(store, 'cars'), undefined);
});
