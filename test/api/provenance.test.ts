// GET /v1/items/:id/report (spec/provenance.md, spec/api.md) against a real dev node: the body is the
// report's canonical text, verifies offline against the node's genesis (GET /v1/genesis, the web app's
// anchor), and equals what the SDK's getItemReport returns; a bad id is 400 bad_item_id, an unknown
// one 404 unknown_item.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { AgoraError } from '../../src/client/errors.ts';
import { anchorFromGenesis, newItemIds, verifyReport } from '../../src/client/index.ts';
import { validatorsToJson } from '../../src/chain/validators.ts';
import { itemIdFor } from '../../src/client/records.ts';
import { getJson, startTestNode, type TestNode } from './helpers.ts';

let t: TestNode;
let lot = '';
let bags: string[] = [];

before(async () => {
  t = await startTestNode();
  [lot] = newItemIds((await t.client.sendTx(t.dev, 'item.register', { kind: 'lot', metadata: '{"kg":60}' })).receipt.events);
  await t.client.sendTx(t.dev, 'item.attest', { item: lot, type: 'inspection', data: '{"grade":"AA"}' });
  bags = newItemIds((await t.client.sendTx(t.dev, 'item.split', { item: lot, children: [{ kind: 'bag' }, { kind: 'bag' }] })).receipt.events);
});

after(async () => {
  await t.stop();
});

test('the report of a bag: canonical text that verifies offline and holds the lot it came from', async () => {
  const response = await fetch(`${t.url}/v1/items/${bags[1]}/report`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  const text = await response.text();
  const result = verifyReport(text, { anchor: anchorFromGenesis(t.node.chain.genesis) });
  assert.deepEqual(result.problems, []);
  assert.deepEqual(result.items.map((i) => i.id), [bags[1], lot]);
  assert.deepEqual(result.proven.map((e) => `${e.item === lot ? 'lot' : 'bag'}:${e.action}`), ['lot:register', 'lot:attest', 'lot:split', 'bag:create']);
  // The report is of the latest block, and an empty block comes every 200 ms here: the SDK's body is
  // compared with raw bodies fetched just before and after it, at the same height (a few tries).
  const raw = async (): Promise<string> => (await fetch(`${t.url}/v1/items/${bags[1]}/report`)).text();
  let same = false;
  for (let attempt = 0; attempt < 10 && !same; attempt++) {
    const before = await raw();
    const viaSdk = await t.client.getItemReport(bags[1]);
    const after = await raw();
    if (before !== after) continue;
    assert.equal(viaSdk, before, 'the SDK returns the body as it is');
    same = true;
  }
  assert.ok(same, 'ten tries without a quiet moment between blocks');
});

test('GET /v1/genesis: the chain id and genesis validator set, the anchor a report verifies against', async () => {
  const genesis = await t.client.genesis();
  const { chainId, hash, genesisTimeMs, validators } = t.node.chain.genesis;
  const anchor = anchorFromGenesis(t.node.chain.genesis);
  assert.deepEqual(genesis, { chainId, genesisHash: hash, genesisTimeMs, validatorsHash: anchor.validatorsHash, validators: validatorsToJson(validators) });
  const text = await t.client.getItemReport(lot);
  assert.equal(verifyReport(text, { anchor: { validatorsHash: genesis.validatorsHash, chainId: genesis.chainId } }).ok, true);
});

test('a bad id is 400 bad_item_id, an unknown one 404 unknown_item, in the SDK too', async () => {
  const bad = await getJson(`${t.url}/v1/items/nope/report`);
  assert.equal(bad.status, 400);
  assert.equal((bad.body as { error: { code: string } }).error.code, 'bad_item_id');
  const unknown = itemIdFor(t.chainId, t.dev.address, 999_999n, 0);
  const missing = await getJson(`${t.url}/v1/items/${unknown}/report`);
  assert.equal(missing.status, 404);
  assert.equal((missing.body as { error: { code: string } }).error.code, 'unknown_item');
  await assert.rejects(t.client.getItemReport(unknown), (error: unknown) => error instanceof AgoraError && error.code === 'unknown_item');
});
