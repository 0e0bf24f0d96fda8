import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ObservedResponse } from '../../src/api/app.ts';
import { contractProblem, ResponseCheck } from './response-check.ts';

/** The check that every test node runs on its answers (response-check.ts), shown to catch what it should. */

const STATUS = {
  chainId: 'agora-dev',
  genesisHash: 'ab'.repeat(32),
  height: 3,
  lastBlockHash: 'cd'.repeat(32),
  lastBlockTimeMs: 1_700_000_000_000,
  validator: null,
  mempoolSize: 0,
  version: '0.1.0',
  peerId: null,
  peers: 0,
};

function answer(route: string | undefined, status: number, body: unknown, contentType = 'application/json; charset=utf-8', method = 'GET'): ObservedResponse {
  return { method, route, status, contentType, payload: typeof body === 'string' ? body : JSON.stringify(body) };
}

test('an answer that matches its route passes, as a string or a Buffer', () => {
  assert.equal(contractProblem(answer('/v1/status', 200, STATUS)), undefined);
  assert.equal(contractProblem({ ...answer('/v1/status', 200, STATUS), payload: Buffer.from(JSON.stringify(STATUS)) }), undefined);
  assert.equal(contractProblem(answer('/v1/status', 503, { error: { code: 'shutting_down', message: 'the node is stopping' } })), undefined);
  assert.equal(contractProblem(answer(undefined, 404, { error: { code: 'not_found', message: 'no such route' } }, undefined, 'DELETE')), undefined);
});

test('a missing field, an extra field or a wrong type is caught, naming where', () => {
  const { peers: _peers, ...withoutPeers } = STATUS;
  assert.match(contractProblem(answer('/v1/status', 200, withoutPeers)) ?? '', /getStatus 200: .*must have required property 'peers'/);
  assert.match(contractProblem(answer('/v1/status', 200, { ...STATUS, uptime: 5 })) ?? '', /must NOT have additional properties/);
  assert.match(contractProblem(answer('/v1/status', 200, { ...STATUS, height: '3' })) ?? '', /\/height must be integer/);
  assert.match(contractProblem(answer('/v1/txs/:id', 404, { code: 'not_found' })) ?? '', /getTx 404/);
});

test('a status the route does not list, a wrong content type or a body that is not JSON is caught', () => {
  assert.match(contractProblem(answer('/v1/status', 404, { error: { code: 'not_found', message: 'x' } })) ?? '', /getStatus: status 404 is not one of its answers/);
  assert.match(contractProblem(answer('/metrics', 200, '{}')) ?? '', /getMetrics 200: content type application\/json.*expected text\/plain/);
  assert.match(contractProblem(answer('/v1/status', 200, 'OK', 'text/plain')) ?? '', /expected JSON/);
  assert.match(contractProblem(answer('/v1/status', 200, '{"chainId":')) ?? '', /the body is not JSON/);
  assert.match(contractProblem(answer('/v1/nowhere', 200, {})) ?? '', /no route of the wire contract/);
});

test('a node fails its stop() when an answer broke the contract', () => {
  const check = new ResponseCheck();
  check.observe(answer('/v1/status', 200, STATUS));
  assert.doesNotThrow(() => check.assertNone());
  check.observe(answer('/v1/status', 200, {}));
  assert.throws(() => check.assertNone(), /break the wire contract[\s\S]*GET \/v1\/status → getStatus 200/);
  assert.deepEqual([...check.checked], ['getStatus 200']);
});
