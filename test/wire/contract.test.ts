import { test } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import type { Header } from '../../src/chain/block.ts';
import type { EvidenceJson } from '../../src/chain/evidence.ts';
import type { ProvenanceReport } from '../../src/client/provenance/report.ts';
import type { HistoryAction } from '../../src/ledger/records/item-log.ts';
import type { AssetHoldersResponse as NodeHoldersResponse } from '../../src/node/holders-queries.ts';
import type { EvidenceRecord } from '../../src/store/chain-store.ts';
import { responsesOf, type RouteSpec } from '../../src/wire/route.ts';
import { pathOf, queryOf, urlOf } from '../../src/wire/url.ts';
import { PATHS } from '../../src/wire/paths.ts';
import { COMPONENTS, ROUTES } from '../../src/wire/routes.ts';
import type { JsonSchema } from '../../src/wire/schema.ts';
import type { AssetHoldersResponse, BlockResponse, EvidenceResponse, HeaderJson, HistoryEntryJson, ProvenanceReportJson } from '../../src/wire/types.ts';

/**
 * The wire contract itself (src/wire): each route is well formed, every schema compiles, and where a
 * type is also written outside the contract (the chain's Header, the ledger's history actions, the
 * report the SDK verifies, the node's own holder types) the two agree: checked by the type checker
 * below, so they cannot drift apart.
 */

/** true when A and B accept the same values (each assignable to the other). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agreements: [
  Same<HeaderJson, Header>,
  Same<HistoryEntryJson['action'], HistoryAction>,
  Same<ProvenanceReportJson, ProvenanceReport>,
  Same<AssetHoldersResponse, NodeHoldersResponse>,
  Same<EvidenceResponse['evidence'][number], EvidenceRecord>,
  Same<BlockResponse['evidence'][number], EvidenceJson>,
] = [true, true, true, true, true, true];

const routes = Object.entries(ROUTES) as [string, RouteSpec][];

test('the types written outside the contract agree with it (checked at compile time)', () => {
  assert.ok(agreements.every((agrees) => agrees));
});

test('each route: a unique operationId and method+path, path parameters as its params schema names them', () => {
  assert.equal(new Set(routes.map(([, route]) => route.operationId)).size, routes.length);
  assert.equal(new Set(routes.map(([, route]) => `${route.method} ${route.path}`)).size, routes.length);
  for (const [name, route] of routes) {
    const inPath = [...route.path.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]).sort();
    const inSchema = Object.keys((route.params?.properties ?? {}) as object).sort();
    assert.deepEqual(inPath, inSchema, name);
    for (const name of inSchema) assert.ok(((route.params?.required ?? []) as string[]).includes(name), `${route.operationId}: :${name} is required`);
  }
});

test('each route is at its address in PATHS (the table the SDK reads)', () => {
  assert.deepEqual(Object.keys(ROUTES).sort(), Object.keys(PATHS).sort());
  for (const [name, route] of routes) assert.deepEqual({ method: route.method, path: route.path }, PATHS[name as keyof typeof PATHS], name);
});

test('every JSON answer of every route has a schema, and a non-JSON one names its content type', () => {
  for (const [name, route] of routes) {
    for (const [status, response] of Object.entries(responsesOf(route))) {
      if (response.empty === true) continue;
      if ((response.contentType ?? 'application/json') === 'application/json') assert.ok(response.schema !== undefined, `${name} ${status}`);
      else assert.equal(response.schema, undefined, `${name} ${status}: a non-JSON answer carries no JSON schema`);
    }
    assert.ok(Object.keys(route.responses).some((status) => status.startsWith('2')), `${name} has a success answer`);
  }
});

test('every schema of the contract compiles under Ajv strict mode (no misspelt keyword)', () => {
  const ajv = new Ajv({ strict: true, strictTypes: false });
  const schemas = new Set<JsonSchema>(Object.values(COMPONENTS));
  for (const [, route] of routes) {
    for (const part of [route.params, route.query, route.body]) if (part !== undefined) schemas.add(part);
    for (const response of Object.values(responsesOf(route))) if (response.schema !== undefined) schemas.add(response.schema);
  }
  for (const schema of schemas) assert.doesNotThrow(() => ajv.compile(schema));
  assert.ok(schemas.size > 40);
});

test('URLs are built from the route: parameters encoded, absent query values left out', () => {
  assert.equal(pathOf(ROUTES.tx, { id: 'ab/cd' }), '/v1/txs/ab%2Fcd');
  assert.equal(urlOf(ROUTES.accountTxs, { params: { address: 'agora1x' }, query: { limit: 5, before: undefined } }), '/v1/accounts/agora1x/txs?limit=5');
  assert.equal(urlOf(ROUTES.submit, { query: { wait: 'commit' } }), '/v1/txs?wait=commit');
  assert.equal(urlOf(ROUTES.status, {}), '/v1/status');
  assert.equal(queryOf({ direction: 'descendants' }), '?direction=descendants');
  assert.throws(() => pathOf(ROUTES.item, {}), /\/v1\/items\/:id: no value for :id/);
});

test('the SDK reads only the route addresses and the URL builder at run time, not the schemas (web bundle size)', () => {
  const valueImports = new Set<string>();
  for (const name of readdirSync('src/client').filter((file) => file.endsWith('.ts'))) {
    const source = readFileSync(`src/client/${name}`, 'utf8');
    for (const match of source.matchAll(/^(?:import|export)\s+(?!type\b)[^'"]*?from\s+'\.\.\/wire\/([^']+)'/gm)) valueImports.add(match[1]);
  }
  assert.deepEqual([...valueImports].sort(), ['paths.ts', 'url.ts']);
});
