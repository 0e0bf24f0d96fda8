// GET /v1/validators (spec/api.md): the set of a height, before and after a validators.update, every
// answer checked against the wire contract (ResponseCheck in stop()).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { approveValidatorsUpdate, proposeValidatorsUpdate, validatorsUpdatePayload } from '../../src/client/validators.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import { loadValidatorKey } from '../../src/node/home.ts';
import { eventually, getJson, startTestNode, type TestNode } from './helpers.ts';

let t: TestNode;
let validator: KeyPair;

before(async () => {
  t = await startTestNode({ idleBlockMs: 100 });
  validator = (await loadValidatorKey(t.home))!;
});

after(async () => {
  await t.stop();
});

test('GET /v1/validators follows a validators.update: the old set up to h + 1, the new one from h + 2', async () => {
  const before = await t.client.validators();
  assert.equal(before.validators.length, 1);
  assert.equal(before.validators[0].address, validator.address);
  assert.equal(before.totalPower, before.validators[0].power);
  assert.equal(before.sequence, '0');
  const genesis = await t.client.genesis();
  assert.equal(before.validatorsHash, genesis.validatorsHash);

  const file = approveValidatorsUpdate(proposeValidatorsUpdate(t.chainId, 0n, [{ publicKey: validator.publicKey, power: 7n }]), validator);
  const result = await t.client.sendTx(t.dev, 'validators.update', validatorsUpdatePayload(file));
  const h = result.height;
  await eventually(async () => (await t.client.status()).height >= h + 2);
  const [atH1, atH2, now] = await Promise.all([t.client.validators(h + 1), t.client.validators(h + 2), t.client.validators()]);
  assert.equal(atH1.validatorsHash, before.validatorsHash, 'block h + 1 is still signed by the old set');
  assert.equal(atH2.totalPower, '7', 'block h + 2 by the new one');
  assert.equal(now.validatorsHash, atH2.validatorsHash);
  assert.equal(now.sequence, '1');
  const block = await t.client.block(h + 2);
  assert.equal(block.header.validatorsHash, atH2.validatorsHash);
  assert.equal((await t.client.block(h + 1)).header.nextValidatorsHash, atH2.validatorsHash);
});

test('GET /v1/validators refuses a height beyond the tip + 2 (not_found) and a malformed one (bad_request)', async () => {
  const { height } = await t.client.status();
  const far = await getJson(`${t.url}/v1/validators?height=${height + 50}`);
  assert.equal(far.status, 404);
  assert.equal((far.body as { error: { code: string } }).error.code, 'not_found');
  for (const bad of ['abc', '0', '-1']) {
    const answer = await getJson(`${t.url}/v1/validators?height=${bad}`);
    assert.equal(answer.status, 400, bad);
  }
});
