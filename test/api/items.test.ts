// The records routes (spec/api.md §4 "Records") against a real dev node: an item, its history (pages),
// its lineage both ways, items by owner and by registry (pages), a registry; every bad input with its
// code and status, and the SDK's methods returning the same JSON.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROUTES } from '../../src/wire/routes.ts';
import { AgoraError } from '../../src/client/errors.ts';
import { itemIdFor, newItemIds } from '../../src/client/records.ts';
import type { ItemHistoryResponse, ItemLineageResponse, ItemResponse, ItemsResponse, RegistryResponse } from '../../src/client/types.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import type { TxKind, TxPayloads } from '../../src/ledger/types.ts';
import { getJson, startTestNode, type TestNode } from './helpers.ts';

describe('API records routes (a real dev node)', () => {
  let t: TestNode;
  const carrier = KeyPair.generate();
  const certifier = KeyPair.generate();
  /** Five lots registered by dev in `coffee`, in registration order. */
  const lots: string[] = [];
  let blend = '';
  let bags: string[] = [];

  async function send<K extends TxKind>(key: KeyPair, kind: K, payload: TxPayloads[K]): Promise<string[]> {
    const result = await t.client.sendTx(key, kind, payload);
    return newItemIds(result.receipt.events);
  }

  async function refused(path: string, status: number, code: string): Promise<void> {
    const answer = await getJson(`${t.url}${path}`);
    assert.equal(answer.status, status, `${path}: ${JSON.stringify(answer.body)}`);
    const error = (answer.body as { error: { code: string; message: string } }).error;
    assert.equal(error.code, code, path);
    assert.equal(typeof error.message, 'string');
  }

  before(async () => {
    t = await startTestNode();
    await send(t.dev, 'registry.create', { name: 'coffee', open: false, roles: [{ role: 'attester', eventType: 'certified-organic', address: certifier.address }] });
    for (let i = 0; i < 5; i++) lots.push(...(await send(t.dev, 'item.register', { kind: 'lot', registry: 'coffee', metadata: `{"lot":${i}}` })));
    await send(t.dev, 'item.attest', { item: lots[0], type: 'custody', custodian: carrier.address });
    await send(certifier, 'item.attest', { item: lots[0], type: 'certified-organic', data: 'cert 42' });
    await send(t.dev, 'item.transfer', { item: lots[4], to: carrier.address });
    [blend] = await send(t.dev, 'item.merge', { items: [lots[0], lots[1]], kind: 'blend', registry: 'coffee' });
    bags = await send(t.dev, 'item.split', { item: blend, children: [{ kind: 'bag' }, { kind: 'bag' }, { kind: 'bag' }] });
  });
  after(async () => t.stop());

  test('GET /v1/items/:id: the item, and the SDK answers the same', async () => {
    const { status, body } = await getJson(`${t.url}/v1/items/${lots[2]}`);
    assert.equal(status, 200);
    const item = body as ItemResponse;
    assert.deepEqual(Object.keys(item).sort(), ['children', 'createdAt', 'custodian', 'documents', 'events', 'id', 'kind', 'lock', 'metadata', 'owner', 'parents', 'registry', 'status']);
    assert.deepEqual(
      { ...item, createdAt: 0 },
      { id: lots[2], kind: 'lot', owner: t.dev.address, status: 'live', registry: 'coffee', custodian: null, metadata: '{"lot":2}', documents: [], parents: [], children: [], lock: null, createdAt: 0, events: 1 },
    );
    assert.ok(item.createdAt >= 1);
    assert.deepEqual(await t.client.getItem(lots[2]), item);

    const first = (await getJson(`${t.url}/v1/items/${lots[0]}`)).body as ItemResponse;
    assert.equal(first.status, 'retired');
    assert.equal(first.custodian, carrier.address);
    assert.deepEqual(first.children, [blend]);
    // The blend's parents had different custodians (carrier, none), so the blend and its bags have none.
    const bag = await t.client.getItem(bags[1]);
    assert.deepEqual([bag.kind, bag.parents, bag.custodian, bag.registry], ['bag', [blend], null, 'coffee']);
  });

  test('GET /v1/items/:id/history: ordered, paginated with next, from a given entry', async () => {
    const whole = (await getJson(`${t.url}/v1/items/${lots[0]}/history`)).body as ItemHistoryResponse;
    assert.deepEqual(whole.entries.map((e) => e.action), ['register', 'attest', 'attest', 'merge']);
    assert.deepEqual(whole.entries.map((e) => e.seq), [0, 1, 2, 3]);
    assert.equal(whole.next, null);
    assert.deepEqual(whole.entries[1], { ...whole.entries[1], type: 'custody', custodian: carrier.address, signer: t.dev.address });
    assert.deepEqual(whole.entries[2], { ...whole.entries[2], type: 'certified-organic', data: 'cert 42', signer: certifier.address });
    assert.deepEqual(whole.entries[3].items, [blend]);
    for (let i = 1; i < whole.entries.length; i++) assert.ok(whole.entries[i].height >= whole.entries[i - 1].height);

    const page1 = (await getJson(`${t.url}/v1/items/${lots[0]}/history?limit=3`)).body as ItemHistoryResponse;
    assert.deepEqual(page1.entries, whole.entries.slice(0, 3));
    assert.equal(page1.next, 3);
    const page2 = (await getJson(`${t.url}/v1/items/${lots[0]}/history?from=3&limit=3`)).body as ItemHistoryResponse;
    assert.deepEqual(page2, { item: lots[0], entries: whole.entries.slice(3), next: null });
    const past = (await getJson(`${t.url}/v1/items/${lots[0]}/history?from=99`)).body as ItemHistoryResponse;
    assert.deepEqual(past, { item: lots[0], entries: [], next: null });

    assert.deepEqual(await t.client.getItemHistory(lots[0], { from: 3, limit: 3 }), page2);
    const sold = await t.client.getItemHistory(lots[4]);
    assert.deepEqual(sold.entries.map((e) => [e.action, e.from, e.to]), [['register', undefined, t.dev.address], ['transfer', t.dev.address, carrier.address]]);
  });

  test('GET /v1/items/:id/lineage: ancestors by default, descendants on request', async () => {
    const { status, body } = await getJson(`${t.url}/v1/items/${bags[0]}/lineage`);
    assert.equal(status, 200);
    const ancestors = body as ItemLineageResponse;
    assert.equal(ancestors.direction, 'ancestors');
    assert.equal(ancestors.truncated, false);
    assert.deepEqual(ancestors.items.map((i) => [i.id, i.depth, i.links]), [[blend, 1, [lots[0], lots[1]]], [lots[0], 2, []], [lots[1], 2, []]]);

    const down = (await getJson(`${t.url}/v1/items/${lots[1]}/lineage?direction=descendants`)).body as ItemLineageResponse;
    assert.equal(down.direction, 'descendants');
    assert.deepEqual(down.items.map((i) => [i.id, i.depth]), [[blend, 1], ...bags.map((b) => [b, 2])]);
    assert.deepEqual(await t.client.getItemLineage(lots[1], 'descendants'), down);
    assert.deepEqual(await t.client.getItemLineage(bags[0]), ancestors);
    assert.deepEqual((await t.client.getItemLineage(lots[3])).items, []);
  });

  test('GET /v1/accounts/:address/items: by id, paginated; an unused address has none', async () => {
    const all = (await getJson(`${t.url}/v1/accounts/${t.dev.address}/items?limit=100`)).body as ItemsResponse;
    const expected = [...lots.slice(0, 4), blend, ...bags].sort();
    assert.deepEqual(all.items.map((i) => i.id), expected);
    assert.equal(all.next, null);
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: ItemsResponse = await t.client.getItemsByOwner(t.dev.address, { limit: 3, ...(after === null ? {} : { after }) });
      assert.ok(page.items.length <= 3);
      seen.push(...page.items.map((i) => i.id));
      after = page.next;
      if (after === null) break;
    }
    assert.deepEqual(seen, expected);
    assert.deepEqual(((await getJson(`${t.url}/v1/accounts/${carrier.address}/items`)).body as ItemsResponse).items.map((i) => i.id), [lots[4]]);
    assert.deepEqual(await t.client.getItemsByOwner(KeyPair.generate().address), { items: [], next: null });
  });

  test('GET /v1/registries/:name and /items', async () => {
    const { status, body } = await getJson(`${t.url}/v1/registries/coffee`);
    assert.equal(status, 200);
    const registry = body as RegistryResponse;
    assert.deepEqual({ ...registry, createdAt: 0 }, { name: 'coffee', curator: t.dev.address, open: false, createdAt: 0, registrars: [], attesters: [{ eventType: 'certified-organic', address: certifier.address }], moreRoles: false });
    assert.deepEqual(await t.client.getRegistry('coffee'), registry);

    const expected = [...lots, blend, ...bags].sort();
    const page1 = (await getJson(`${t.url}/v1/registries/coffee/items?limit=5`)).body as ItemsResponse;
    assert.deepEqual(page1.items.map((i) => i.id), expected.slice(0, 5));
    assert.equal(page1.next, expected[4]);
    const page2 = await t.client.getRegistryItems('coffee', { limit: 5, after: page1.next ?? '' });
    assert.deepEqual(page2.items.map((i) => i.id), expected.slice(5));
    assert.equal(page2.next, null);
  });

  test('bad input: each with its code and status, and nothing changes', async () => {
    const unknown = itemIdFor(t.chainId, carrier.address, 7n, 0);
    const checks: [string, number, string][] = [
      [`/v1/items/item1nope`, 400, 'bad_item_id'],
      [`/v1/items/${lots[0].toUpperCase()}`, 400, 'bad_item_id'],
      [`/v1/items/${'x'.repeat(100)}`, 400, 'bad_item_id'],
      [`/v1/items/${unknown}`, 404, 'unknown_item'],
      [`/v1/items/${unknown}/history`, 404, 'unknown_item'],
      [`/v1/items/${unknown}/lineage`, 404, 'unknown_item'],
      [`/v1/items/bad/history`, 400, 'bad_item_id'],
      [`/v1/items/bad/lineage`, 400, 'bad_item_id'],
      [`/v1/items/${lots[0]}/history?limit=0`, 400, 'bad_request'],
      [`/v1/items/${lots[0]}/history?limit=101`, 400, 'bad_request'],
      [`/v1/items/${lots[0]}/history?limit=two`, 400, 'bad_request'],
      [`/v1/items/${lots[0]}/history?from=-1`, 400, 'bad_request'],
      [`/v1/items/${lots[0]}/history?page=2`, 400, 'bad_request'],
      [`/v1/items/${lots[0]}/lineage?direction=sideways`, 400, 'bad_request'],
      [`/v1/items/${lots[0]}?verbose=1`, 400, 'bad_request'],
      [`/v1/accounts/agora1nope/items`, 400, 'bad_address'],
      [`/v1/accounts/${t.dev.address}/items?limit=0`, 400, 'bad_request'],
      [`/v1/accounts/${t.dev.address}/items?limit=1000`, 400, 'bad_request'],
      [`/v1/accounts/${t.dev.address}/items?after=item1nope`, 400, 'bad_request'],
      [`/v1/registries/Coffee`, 400, 'bad_name'],
      [`/v1/registries/no%2Fslash`, 400, 'bad_name'],
      [`/v1/registries/tea`, 404, 'unknown_registry'],
      [`/v1/registries/tea/items`, 404, 'unknown_registry'],
      [`/v1/registries/Tea/items`, 400, 'bad_name'],
      [`/v1/registries/coffee/items?limit=101`, 400, 'bad_request'],
      [`/v1/registries/coffee/items?after=${lots[0]}x`, 400, 'bad_request'],
    ];
    const item = await t.client.getItem(lots[0]);
    const registry = await t.client.getRegistry('coffee');
    for (const [path, status, code] of checks) await refused(path, status, code);
    assert.equal(t.node.mempool.size, 0);
    assert.deepEqual(await t.client.getItem(lots[0]), item);
    assert.deepEqual(await t.client.getRegistry('coffee'), registry);
  });

  test('the SDK throws AgoraError with the code and status', async () => {
    const unknown = itemIdFor(t.chainId, carrier.address, 9n, 0);
    const cases: [() => Promise<unknown>, string, number][] = [
      [() => t.client.getItem(unknown), 'unknown_item', 404],
      [() => t.client.getItem('item1bad'), 'bad_item_id', 400],
      [() => t.client.getItemHistory(lots[0], { limit: 0 }), 'bad_request', 400],
      [() => t.client.getRegistry('tea'), 'unknown_registry', 404],
      [() => t.client.getRegistryItems('tea'), 'unknown_registry', 404],
      [() => t.client.getItemsByOwner('nobody'), 'bad_address', 400],
    ];
    for (const [call, code, status] of cases) {
      await assert.rejects(call, (error: unknown) => error instanceof AgoraError && error.code === code && error.status === status);
    }
  });

  test('GET /v1/openapi.json documents the records routes', async () => {
    const doc = (await getJson(`${t.url}/v1/openapi.json`)).body as { paths: { [path: string]: { get?: { operationId: string; responses: { [status: string]: unknown } } } } };
    for (const name of ['item', 'itemHistory', 'itemLineage', 'accountItems', 'registry', 'registryItems'] as const) {
      const path = ROUTES[name].path.replace(/:([A-Za-z]+)/g, '{$1}');
      assert.equal(doc.paths[path]?.get?.operationId, ROUTES[name].operationId, path);
    }
    assert.ok(doc.paths['/v1/items/{id}']?.get?.responses['404']);
  });
});
