// `agora item …` and `agora registry …` (spec/api.md §10) run in this process against a node running in
// this process: a coffee lot's life from registry to bags, a sale co-signed by the buyer, a refused
// attest, and bad flags that fail before anything is sent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentHash } from '../../src/client/records.ts';
import type { HistoryEntryJson, ItemLineageResponse, ItemResponse, ItemsResponse, RegistryResponse } from '../../src/client/types.ts';
import { startTestNode, type TestNode } from '../api/helpers.ts';
import { nodeCli, runInProcess } from './node-cli.ts';

const ITEM_ID = /^item1[02-9ac-hj-np-z]{58}$/;

interface Sent {
  txId: string;
  height: number;
}

describe('agora item/registry (in process, against a node in this process)', () => {
  let t: TestNode;
  const address: { [name: string]: string } = {};
  let lot = '';
  let lot2 = '';
  let blend = '';
  let bags: string[] = [];
  let docFile = '';

  const { agora, ok, okJson, fails } = nodeCli(() => t);

  async function nonce(name: string): Promise<string> {
    return (await okJson<{ nonce: string }>(['account', name])).nonce;
  }

  before(async () => {
    t = await startTestNode();
    for (const name of ['bob', 'carrier', 'certifier']) address[name] = (await okJson<{ address: string }>(['keys', 'new', name])).address;
    address.dev = t.dev.address;
    docFile = join(t.home, 'certificate.pdf');
    await writeFile(docFile, 'organic certificate 42');
  });
  after(async () => t.stop());

  test('registry create with roles, then show', async () => {
    const created = await okJson<Sent & { registry: string }>(['registry', 'create', '--from', 'dev', '--name', 'coffee', '--attester', 'certified-organic=certifier', '--registrar', 'bob']);
    assert.equal(created.registry, 'coffee');
    assert.match(created.txId, /^[0-9a-f]{64}$/);
    assert.ok(created.height >= 1);
    const shown = await okJson<RegistryResponse>(['registry', 'show', 'coffee']);
    assert.deepEqual([shown.curator, shown.open, shown.registrars, shown.attesters], [address.dev, false, [address.bob], [{ eventType: 'certified-organic', address: address.certifier }]]);
    const human = await ok(['registry', 'show', 'coffee']);
    assert.match(human, /^curator:\s+agora1/m);
    assert.match(human, new RegExp(`^attester:\\s+certified-organic = ${address.certifier}$`, 'm'));
  });

  test('item register prints the new itemId; --json gives {itemId, txId, height}', async () => {
    const registered = await okJson<Sent & { itemId: string }>(['item', 'register', '--from', 'dev', '--kind', 'lot', '--registry', 'coffee', '--meta', '{"farm":"A","kg":600}', '--doc', docFile]);
    assert.deepEqual(Object.keys(registered).sort(), ['height', 'itemId', 'txId']);
    assert.match(registered.itemId, ITEM_ID);
    lot = registered.itemId;
    const human = await ok(['item', 'register', '--from', 'bob', '--kind', 'lot', '--registry', 'coffee', '--owner', 'dev']);
    const match = /^itemId: (item1\S+)$/m.exec(human);
    assert.ok(match, human);
    lot2 = match[1];
    assert.match(human, /^tx [0-9a-f]{64} committed at height \d+/m);

    const item = await okJson<ItemResponse>(['item', 'show', lot]);
    assert.deepEqual([item.kind, item.owner, item.registry, item.metadata, item.documents], ['lot', address.dev, 'coffee', '{"farm":"A","kg":600}', [Buffer.from(documentHash(new TextEncoder().encode('organic certificate 42'))).toString('hex')]]);
    assert.equal((await okJson<ItemResponse>(['item', 'show', lot2])).owner, address.dev, 'a registrar registers for its owner');
    assert.match(await ok(['item', 'show', lot]), /^owner:\s+agora1\S+\n/m);
  });

  test('item transfer, then a sale co-signed by the buyer', async () => {
    const given = await okJson<Sent & { itemId: string }>(['item', 'transfer', '--from', 'dev', '--item', lot, '--to', 'bob']);
    assert.equal(given.itemId, lot);
    assert.equal((await okJson<ItemResponse>(['item', 'show', lot])).owner, address.bob);
    const bobBefore = (await okJson<{ balances: { amount: string }[] }>(['account', 'bob'])).balances;
    assert.deepEqual(bobBefore, []);
    await okJson(['item', 'transfer', '--from', 'bob', '--item', lot, '--to', 'dev', '--price', '250base', '--buyer', 'dev']);
    assert.equal((await okJson<ItemResponse>(['item', 'show', lot])).owner, address.dev);
    assert.deepEqual((await okJson<{ balances: { asset: string; amount: string }[] }>(['account', 'bob'])).balances, [{ asset: 'AGR', amount: '250' }]);
  });

  test('item attest: a certifier, a custody handover; a refused attest exits 1 with its code', async () => {
    await okJson(['item', 'attest', '--from', 'certifier', '--item', lot, '--type', 'certified-organic', '--data', '{"cert":42}', '--doc', docFile]);
    await okJson(['item', 'attest', '--from', 'dev', '--item', lot, '--type', 'custody', '--custodian', 'carrier']);
    assert.equal((await okJson<ItemResponse>(['item', 'show', lot])).custodian, address.carrier);
    const before = await okJson<ItemResponse>(['item', 'show', lot]);
    // bob is a former owner and not an attester: refused at admission, nothing changes.
    const stderr = await fails(['item', 'attest', '--from', 'bob', '--item', lot, '--type', 'certified-organic'], 'not_authorised');
    assert.match(stderr, /not_authorised/);
    await fails(['item', 'attest', '--from', 'certifier', '--item', lot, '--type', 'inspection', '--json'], 'not_authorised');
    assert.deepEqual(await okJson<ItemResponse>(['item', 'show', lot]), before);
  });

  test('item history: ordered entries, a table for people, pages', async () => {
    const history = await okJson<{ item: string; entries: HistoryEntryJson[]; next: number | null }>(['item', 'history', lot]);
    assert.deepEqual(history.entries.map((e) => [e.seq, e.action, e.type ?? '']), [[0, 'register', ''], [1, 'transfer', ''], [2, 'transfer', ''], [3, 'attest', 'certified-organic'], [4, 'attest', 'custody']]);
    assert.deepEqual(history.entries[2].payment, { asset: 'AGR', amount: '250' });
    assert.equal(history.next, null);
    const page = await okJson<{ entries: HistoryEntryJson[]; next: number | null }>(['item', 'history', lot, '--from', '1', '--limit', '2']);
    assert.deepEqual(page.entries.map((e) => e.seq), [1, 2]);
    assert.equal(page.next, 3);
    const human = await ok(['item', 'history', lot]);
    const lines = human.trim().split('\n');
    assert.match(lines[1], /^SEQ\s+HEIGHT\s+TIME \(UTC\)\s+ACTION\s+SIGNER\s+DETAILS$/);
    assert.equal(lines.length, 2 + 5);
    assert.match(lines[5], /^3\s+\d+\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+attest\s+agora1\S+\s+certified-organic; data \{"cert":42\}; 1 document\(s\)$/);
  });

  test('item merge and split print the new ids; lineage reaches back to both lots', async () => {
    await okJson(['item', 'attest', '--from', 'dev', '--item', lot, '--type', 'custody', '--custodian', 'dev']);
    const merged = await okJson<Sent & { itemId: string; parents: string[] }>(['item', 'merge', '--from', 'dev', '--items', `${lot},${lot2}`, '--kind', 'blend', '--registry', 'coffee', '--meta', '{"roast":"medium"}']);
    assert.match(merged.itemId, ITEM_ID);
    assert.deepEqual(merged.parents, [lot, lot2]);
    blend = merged.itemId;
    const split = await okJson<Sent & { itemId: string; children: string[] }>(['item', 'split', '--from', 'dev', '--item', blend, '--into', '3', '--kind', 'bag']);
    assert.equal(split.children.length, 3);
    bags = split.children;
    for (const bag of bags) assert.match(bag, ITEM_ID);
    const human = await ok(['item', 'split', '--from', 'dev', '--item', bags[2], '--child', '{"kind":"pouch","metadata":"250g"}', '--child', '{"kind":"pouch"}']);
    assert.equal(human.match(/^ {2}item1\S+$/gm)?.length, 2, human);

    const ancestors = await okJson<ItemLineageResponse>(['item', 'lineage', bags[0]]);
    assert.deepEqual(ancestors.items.map((i) => [i.id, i.depth]), [[blend, 1], [lot, 2], [lot2, 2]]);
    const descendants = await okJson<ItemLineageResponse>(['item', 'lineage', lot2, '--descendants']);
    assert.equal(descendants.direction, 'descendants');
    assert.deepEqual(descendants.items.slice(0, 4).map((i) => i.id), [blend, ...bags]);
    assert.equal(descendants.items.length, 6);
    assert.match(await ok(['item', 'lineage', bags[0]]), new RegExp(`^ {4}${lot}  lot  retired  owner agora1`, 'm'));
  });

  test("item report: proven against the home's genesis; from a home without one, written but not called proven", async () => {
    const file = join(t.home, 'bag.provenance.json');
    const proven = await okJson<{ items: number; proven: boolean; trust: { source: string; chainId: string } | null }>(['item', 'report', bags[1], '--out', file]);
    assert.deepEqual([proven.items, proven.proven, proven.trust?.source, proven.trust?.chainId], [4, true, 'home', t.chainId]);
    assert.match(await ok(['item', 'report', bags[1], '--out', file]), new RegExp(`, proven against the genesis of ${t.home} \\(chain ${t.chainId}, `));
    // A user with no home of this chain: the node's own genesis is no anchor for a claim carried offline.
    const bare = join(t.home, 'no-genesis');
    await mkdir(bare, { recursive: true });
    const agora = fileURLToPath(new URL('../../bin/agora.js', import.meta.url));
    const run = (json: string[]) => runInProcess([process.execPath, agora, 'item', 'report', bags[1], '--out', join(bare, 'bag.json'), '--home', bare, '--node', t.url, ...json], process.env);
    const human = await run([]);
    assert.equal(human.code, 0, human.stderr);
    assert.doesNotMatch(human.stdout, /proven/i);
    assert.match(human.stdout, /no genesis\.json, and the genesis of the node that sent the report is no anchor/);
    assert.match(human.stdout, /agora verify .*bag\.json --genesis GENESIS/);
    const json = JSON.parse((await run(['--json'])).stdout) as { proven: boolean; trust: unknown; events: number };
    assert.deepEqual([json.proven, json.trust], [false, null]);
    const events = async (path: string): Promise<unknown> => (JSON.parse(await readFile(path, 'utf8')) as { items: unknown }).items;
    assert.deepEqual(await events(join(bare, 'bag.json')), await events(file), 'the same events are written');
  });

  test('fractionalize, redeem, retire; item list by owner', async () => {
    await okJson(['item', 'fractionalize', '--from', 'dev', '--item', bags[0], '--symbol', 'BAGS', '--shares', '10']);
    assert.deepEqual((await okJson<ItemResponse>(['item', 'show', bags[0]])).lock, { asset: 'BAGS', shares: '10' });
    await okJson(['item', 'redeem', '--from', 'dev', '--item', bags[0]]);
    await okJson(['item', 'retire', '--from', 'dev', '--item', bags[0], '--reason', 'brewed']);
    const retired = await okJson<ItemResponse>(['item', 'show', bags[0]]);
    assert.deepEqual([retired.status, retired.lock], ['retired', null]);
    const list = await okJson<ItemsResponse>(['item', 'list', '--owner', 'dev']);
    assert.ok(list.items.some((i) => i.id === bags[1]));
    assert.ok(list.items.every((i) => i.owner === address.dev));
    assert.match(await ok(['item', 'list', '--owner', address.dev]), /^ITEM\s+KIND\s+STATUS\s+REGISTRY$/m);
  });

  test('registry authorize grants and revokes; show --items', async () => {
    await okJson(['registry', 'authorize', '--from', 'dev', '--registry', 'coffee', '--grant-attester', 'custody=carrier', '--revoke-registrar', 'bob']);
    const shown = await okJson<RegistryResponse & { items: ItemResponse[] }>(['registry', 'show', 'coffee', '--items']);
    assert.deepEqual(shown.registrars, []);
    assert.deepEqual(shown.attesters, [{ eventType: 'certified-organic', address: address.certifier }, { eventType: 'custody', address: address.carrier }]);
    assert.ok(shown.items.some((i) => i.id === blend));
    await fails(['item', 'register', '--from', 'bob', '--kind', 'lot', '--registry', 'coffee'], 'not_registrar');
    await fails(['registry', 'authorize', '--from', 'bob', '--registry', 'coffee', '--grant-registrar', 'bob'], 'not_curator');
    await fails(['registry', 'show', 'tea'], 'unknown_registry');
  });

  test('bad flags fail before anything is sent', async () => {
    const before = await nonce('dev');
    const cases: [string[], string][] = [
      [['item', 'register', '--from', 'dev', '--kind', 'lot', '--meta', '{not json'], 'bad_json'],
      [['item', 'register', '--from', 'dev', '--kind', 'lot', '--meta', '{not json', '--json'], 'bad_json'],
      [['item', 'register', '--from', 'nokey', '--kind', 'lot'], 'key_not_found'],
      [['item', 'register', '--from', 'dev', '--kind', 'Lot'], 'bad_name'],
      [['item', 'register', '--from', 'dev', '--kind', 'lot', '--owner', 'agora1nope'], 'bad_address'],
      [['item', 'register', '--from', 'dev', '--kind', 'lot', '--doc', join(t.home, 'missing.pdf')], 'bad_document'],
      [['item', 'transfer', '--from', 'dev', '--item', bags[1], '--to', 'nobody'], 'bad_address'],
      [['item', 'transfer', '--from', 'dev', '--item', 'item1bad', '--to', 'bob'], 'bad_item_id'],
      [['item', 'transfer', '--from', 'dev', '--item', bags[1], '--to', 'bob', '--price', '5'], 'bad_usage'],
      [['item', 'transfer', '--from', 'dev', '--item', bags[1], '--to', 'bob', '--price', '5', '--buyer', 'carrier'], 'bad_usage'],
      [['item', 'attest', '--from', 'dev', '--item', bags[1], '--type', 'custody'], 'bad_usage'],
      [['item', 'attest', '--from', 'dev', '--item', bags[1], '--type', 'note', '--data', 'plain words'], 'bad_json'],
      [['item', 'split', '--from', 'dev', '--item', bags[1], '--into', '1'], 'bad_usage'],
      [['item', 'split', '--from', 'dev', '--item', bags[1], '--child', '{"kind":"x","colour":"red"}', '--child', '{"kind":"y"}'], 'bad_json'],
      [['item', 'merge', '--from', 'dev', '--items', bags[1], '--kind', 'blend'], 'bad_usage'],
      [['item', 'fractionalize', '--from', 'dev', '--item', bags[1], '--symbol', 'bad', '--shares', '10'], 'bad_symbol'],
      [['registry', 'create', '--from', 'dev', '--name', 'tea', '--attester', 'no-equals-sign'], 'bad_usage'],
      [['registry', 'authorize', '--from', 'dev', '--registry', 'coffee'], 'bad_usage'],
      [['item', 'show', 'item1bad'], 'bad_item_id'],
      [['item', 'history', lot, '--limit', '0'], 'bad_usage'],
    ];
    // A few at a time: each is a child process, and the machine is small.
    for (let i = 0; i < cases.length; i += 3) await Promise.all(cases.slice(i, i + 3).map(([args, code]) => fails(args, code)));
    assert.equal(await nonce('dev'), before);
    assert.equal(t.node.mempool.size, 0);
  });
});
