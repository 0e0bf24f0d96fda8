/**
 * The records parts of the web app that need no browser: the lineage graph's layers, order and
 * coordinates (web/src/lineage-layout.ts), how history entries read on the timeline
 * (web/src/history-details.ts), and words for every records error code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { HistoryEntryJson } from '../../src/client/types.ts';
import { ERROR_WORDS, humanError } from '../../web/src/errors.ts';
import { entryDetails, prettyJson } from '../../web/src/history-details.ts';
import { edgePath, LAYOUT_DEFAULTS, layoutLineage, type LineageInput, type LineageLayout, type LineageNodeInput } from '../../web/src/lineage-layout.ts';

const node = (id: string, links: string[] = [], kind = 'lot', status = 'retired'): LineageNodeInput => ({ id, kind, status, links });
const item = (id: string, parents: string[], children: string[] = []): LineageInput['item'] => ({ id, kind: 'bag', status: 'live', parents, children });

function layerOf(layout: LineageLayout, id: string): number {
  const found = layout.nodes.find((n) => n.id === id);
  assert.ok(found !== undefined, `${id} is placed`);
  return found.layer;
}

/** Every link runs down the picture, and no two boxes overlap. */
function assertReadable(layout: LineageLayout, o = LAYOUT_DEFAULTS): void {
  for (const edge of layout.edges) {
    assert.ok(layerOf(layout, edge.parent) < layerOf(layout, edge.child), `${edge.parent} above ${edge.child}`);
    assert.ok(edge.y1 < edge.y2, `${edge.parent} → ${edge.child} points down`);
  }
  for (const a of layout.nodes) {
    assert.ok(a.x >= 0 && a.x + o.nodeWidth <= layout.width, `${a.id} inside the width`);
    assert.ok(a.y >= 0 && a.y + o.nodeHeight <= layout.height, `${a.id} inside the height`);
    for (const b of layout.nodes) {
      if (a === b) continue;
      const apart = a.x + o.nodeWidth <= b.x || b.x + o.nodeWidth <= a.x || a.y + o.nodeHeight <= b.y || b.y + o.nodeHeight <= a.y;
      assert.ok(apart, `${a.id} and ${b.id} overlap`);
    }
  }
}

test('lineage: a bag of a split lot sits below the lot, linked to it', () => {
  const layout = layoutLineage({ item: item('bag1', ['lot']), ancestors: [node('lot')], descendants: [] });
  assert.deepEqual(layout.nodes.map((n) => [n.id, n.layer, n.current]), [['lot', -1, false], ['bag1', 0, true]]);
  assert.deepEqual(layout.edges.map((e) => [e.parent, e.child]), [['lot', 'bag1']]);
  assert.equal(layout.width, LAYOUT_DEFAULTS.margin * 2 + LAYOUT_DEFAULTS.nodeWidth);
  const [edge] = layout.edges;
  assert.equal(edgePath(edge), `M${edge.x1},${edge.y1} C${edge.x1},${(edge.y1 + edge.y2) / 2} ${edge.x2},${(edge.y1 + edge.y2) / 2} ${edge.x2},${edge.y2}`);
  assertReadable(layout);
});

test('lineage: layers are longest paths, so a parent reached at two depths stays above all its children', () => {
  // X split into A and B; W = merge(B, V); C = merge(A, W). The node's breadth-first depth puts X and B
  // both at 2, though X is B's parent: X must go up to layer -3.
  const ancestors = [node('A', ['X']), node('W', ['B', 'V']), node('X'), node('B', ['X']), node('V')];
  const layout = layoutLineage({ item: item('C', ['A', 'W']), ancestors, descendants: [] });
  assert.deepEqual(
    Object.fromEntries(layout.nodes.map((n) => [n.id, n.layer])),
    { X: -3, B: -2, V: -2, A: -1, W: -1, C: 0 },
  );
  assert.deepEqual(layout.edges.map((e) => `${e.parent}>${e.child}`).sort(), ['A>C', 'B>W', 'V>W', 'W>C', 'X>A', 'X>B']);
  assertReadable(layout);
});

test('lineage: descendants below, through a split and then a merge', () => {
  const descendants = [node('b0', ['blend'], 'bag'), node('b1', [], 'bag', 'live'), node('b2', [], 'bag', 'live'), node('blend', [], 'blend', 'live')];
  const layout = layoutLineage({ item: { id: 'lot', kind: 'lot', status: 'retired', parents: [], children: ['b0', 'b1', 'b2'] }, ancestors: [], descendants });
  assert.deepEqual(Object.fromEntries(layout.nodes.map((n) => [n.id, n.layer])), { lot: 0, b0: 1, b1: 1, b2: 1, blend: 2 });
  assert.deepEqual([...(layout.layers.get(1) ?? [])], ['b0', 'b1', 'b2'], 'the split order is kept');
  assertReadable(layout);
});

test('lineage: both sides at once, the item in the middle', () => {
  const layout = layoutLineage({ item: { id: 'blend', kind: 'blend', status: 'retired', parents: ['l1', 'l2'], children: ['b1', 'b2'] }, ancestors: [node('l1'), node('l2')], descendants: [node('b1', [], 'bag', 'live'), node('b2', [], 'bag', 'live')] });
  assert.deepEqual([...layout.layers.keys()].sort((a, b) => a - b), [-1, 0, 1]);
  assert.equal(layout.edges.length, 4);
  assertReadable(layout);
});

test('lineage: within a layer, items follow their children (one barycentre sweep), ties in the node order', () => {
  // The node lists g2 before g1, but g1 is p1's parent and p1 is left of p2.
  const ancestors = [node('p1', ['g1']), node('p2', ['g2']), node('g2'), node('g1')];
  const layout = layoutLineage({ item: item('c', ['p1', 'p2']), ancestors, descendants: [] });
  assert.deepEqual(layout.layers.get(-1), ['p1', 'p2']);
  assert.deepEqual(layout.layers.get(-2), ['g1', 'g2']);
  assertReadable(layout);
});

test('lineage: a wide layer wraps onto rows of at most columnsMax (a phone keeps readable boxes)', () => {
  const children = Array.from({ length: 7 }, (_, i) => `bag${i}`);
  const options = { ...LAYOUT_DEFAULTS, columnsMax: 2 };
  const layout = layoutLineage({ item: { id: 'lot', kind: 'lot', status: 'retired', parents: [], children }, ancestors: [], descendants: children.map((id) => node(id, [], 'bag', 'live')) }, options);
  assert.equal(layout.width, options.margin * 2 + 2 * options.nodeWidth + options.gapX);
  const rows = new Set(layout.nodes.filter((n) => n.layer === 1).map((n) => n.y));
  assert.equal(rows.size, 4, 'seven bags in rows of two');
  assert.equal(layout.edges.length, 7);
  assertReadable(layout, options);
  assert.ok(layout.width <= 320, `${layout.width}px fits a phone's card`);
});

test('lineage: links to items the node did not list (a cut lineage) are left out', () => {
  const layout = layoutLineage({ item: item('c', ['p', 'missing']), ancestors: [node('p', ['gone'])], descendants: [] });
  assert.deepEqual(layout.edges.map((e) => `${e.parent}>${e.child}`), ['p>c']);
  assert.deepEqual(layout.nodes.map((n) => n.id), ['p', 'c']);
});

const entry = (fields: Partial<HistoryEntryJson>): HistoryEntryJson => ({ seq: 1, action: 'attest', signer: 'agora1signer', nonce: '3', height: 7, timeMs: 1_700_000_000_000, ...fields });

test('timeline: each action’s fields as labelled details', () => {
  assert.deepEqual(entryDetails(entry({ action: 'register', to: 'agora1owner' })), [{ kind: 'address', label: 'owner', value: 'agora1owner' }]);

  const custody = entry({ action: 'attest', type: 'custody', custodian: 'agora1carrier' });
  assert.deepEqual(entryDetails(custody), [{ kind: 'address', label: 'new custodian', value: 'agora1carrier' }]);

  const inspection = entry({ action: 'attest', type: 'inspection', data: '{"grade":"AA"}', documents: ['ab'.repeat(32)] });
  assert.deepEqual(entryDetails(inspection), [
    { kind: 'text', label: 'type', value: 'inspection' },
    { kind: 'json', label: 'data', value: '{ "grade": "AA" }' },
    { kind: 'hashes', label: 'documents (SHA-256)', value: ['ab'.repeat(32)] },
  ]);

  const sale = entry({ action: 'transfer', from: 'agora1a', to: 'agora1b', payment: { asset: 'AGR', amount: '5' } });
  assert.deepEqual(entryDetails(sale), [
    { kind: 'address', label: 'previous owner', value: 'agora1a' },
    { kind: 'address', label: 'new owner', value: 'agora1b' },
    { kind: 'amount', label: 'price paid', amount: '5', asset: 'AGR' },
  ]);

  assert.deepEqual(entryDetails(entry({ action: 'split', items: ['item1a', 'item1b'] })), [{ kind: 'items', label: 'into', value: ['item1a', 'item1b'] }]);
  assert.deepEqual(entryDetails(entry({ action: 'fractionalize', asset: 'DEED', shares: '100' })), [{ kind: 'amount', label: 'shares', amount: '100', asset: 'DEED' }]);
});

test('timeline: data that is not JSON stays text; fields of later modules still show', () => {
  assert.deepEqual(prettyJson('cert 42'), { json: false, text: 'cert 42' });
  assert.deepEqual(prettyJson('{broken'), { json: false, text: '{broken' });
  assert.deepEqual(prettyJson('[1,2]'), { json: true, text: '[\n  1,\n  2\n]' });
  assert.deepEqual(prettyJson('{"a":"x\\ny","b":[1,2]}', 40), { json: true, text: '{ "a": "x\\ny", "b": [ 1, 2 ] }' }, 'one line when short');
  const long = JSON.stringify({ reading: 'x'.repeat(80) });
  assert.equal(prettyJson(long, 40).text, `{\n  "reading": "${'x'.repeat(80)}"\n}`);
  assert.deepEqual(entryDetails(entry({ type: 'reading', data: 'cert 42' })).at(-1), { kind: 'text', label: 'data', value: 'cert 42' });
  const future = { ...entry({ action: 'retire' }), action: 'rental-book', booking: 3, colour: 'red' } as unknown as HistoryEntryJson;
  assert.deepEqual(entryDetails(future), [
    { kind: 'text', label: 'booking', value: '3' },
    { kind: 'text', label: 'colour', value: 'red' },
  ]);
});

test('every records error code (src/ledger/errors.ts) and the wallet’s own have words', () => {
  const source = readFileSync(new URL('../../src/ledger/errors.ts', import.meta.url), 'utf8');
  const records = source.slice(source.indexOf('// records'), source.indexOf('// contracts'));
  const codes = [...records.matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
  assert.ok(codes.length >= 15, `${codes.length} records codes`);
  for (const code of [...codes, 'report_too_large', 'bad_json', 'bad_document']) assert.ok(ERROR_WORDS[code] !== undefined, `no words for ${code}`);
  assert.match(humanError({ code: 'not_owner', message: 'signer is not the owner' }).text, /Only the item’s owner/);
});
