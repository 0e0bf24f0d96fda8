import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

/**
 * DESIGN.md's two rules that hold the shape together, checked on every import of every file:
 * src/ledger and src/consensus do no I/O (no node: built-ins, no packages but the pure ones), and
 * arrows point down the layer table. The SDK stays browser-safe.
 */
const ROOT = resolve('src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|mjs)$/.test(name) ? [path] : [];
  });
}

function importsOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const found = new Set<string>();
  for (const match of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)) {
    found.add(match[1] ?? match[2] ?? match[3]);
  }
  return [...found];
}

/** For each layer: the layers of ours it may import and the packages it may use. */
const PURE_PACKAGES = ['@noble/hashes', '@noble/curves', '@scure/base', '@scure/bip39', 'cborg'];
const RULES: Record<string, { layers: string[]; packages: string[] | 'any'; nodeBuiltins: boolean }> = {
  crypto: { layers: ['crypto', 'errors'], packages: PURE_PACKAGES, nodeBuiltins: true },
  codec: { layers: ['codec', 'crypto', 'errors'], packages: PURE_PACKAGES, nodeBuiltins: false },
  ledger: { layers: ['ledger', 'codec', 'crypto', 'errors'], packages: PURE_PACKAGES, nodeBuiltins: false },
  consensus: { layers: ['consensus', 'codec', 'crypto', 'chain', 'errors'], packages: PURE_PACKAGES, nodeBuiltins: false },
  chain: { layers: ['chain', 'ledger', 'codec', 'crypto', 'errors'], packages: PURE_PACKAGES, nodeBuiltins: false },
  client: { layers: ['client', 'wire', 'ledger', 'codec', 'crypto', 'chain', 'errors'], packages: PURE_PACKAGES, nodeBuiltins: false },
  // The wire contract (DESIGN.md): routes, schemas and JSON types, shared by api, node and SDK.
  // The one error base (src/errors/base.ts, spec/decisions/0005-one-error-base.md): below every layer, importing nothing.
  errors: { layers: ['errors'], packages: [], nodeBuiltins: false },
  wire: { layers: ['wire', 'ledger'], packages: [], nodeBuiltins: false },
};

/** Files of src/crypto that are Node-only by design; nothing browser-safe may import them. */
const NODE_ONLY_CRYPTO = ['crypto/keystore.ts', 'crypto/ed25519-node.ts'];

test('pure layers import nothing with I/O and only the layers below them', () => {
  const problems: string[] = [];
  for (const path of files(ROOT)) {
    const layer = relative(ROOT, path).split('/')[0];
    const rule = RULES[layer];
    if (rule === undefined) continue;
    for (const spec of importsOf(path)) {
      if (spec.startsWith('.')) {
        const target = relative(ROOT, resolve(dirname(path), spec));
        const targetLayer = target.split('/')[0];
        if (!rule.layers.includes(targetLayer)) problems.push(`${relative(ROOT, path)} imports ${target} (layer ${targetLayer})`);
        if (layer !== 'crypto' && NODE_ONLY_CRYPTO.includes(target)) problems.push(`${relative(ROOT, path)} imports Node-only ${target}`);
      } else if (spec.startsWith('node:')) {
        if (!rule.nodeBuiltins) problems.push(`${relative(ROOT, path)} imports ${spec}`);
      } else if (rule.packages !== 'any' && !rule.packages.some((p) => spec === p || spec.startsWith(`${p}/`))) {
        problems.push(`${relative(ROOT, path)} imports package ${spec}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});

test('the wire contract takes only types from the ledger: it carries no code but its own', () => {
  const problems: string[] = [];
  for (const path of files(join(ROOT, 'wire'))) {
    for (const match of readFileSync(path, 'utf8').matchAll(/^(import|export)\s+(type\s+)?[^'"]*?from\s+'(\.\.\/[^']+)'/gm)) {
      if (match[2] === undefined) problems.push(`${relative(ROOT, path)} imports ${match[3]} as a value`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the pure core reads no clock, randomness or environment', () => {
  const forbidden = /\bDate\.now\(|new Date\(|Math\.random\(|performance\.now\(|process\.env|crypto\.getRandomValues|setTimeout\(|setInterval\(|toLocale|Intl\./;
  const problems: string[] = [];
  for (const layer of ['ledger', 'consensus', 'chain']) {
    for (const path of files(join(ROOT, layer))) {
      const lines = readFileSync(path, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (!line.trim().startsWith('*') && !line.trim().startsWith('//') && forbidden.test(line)) problems.push(`${relative(ROOT, path)}:${i + 1}: ${line.trim()}`);
      });
    }
  }
  assert.deepEqual(problems, []);
});

test('the rule catches a forbidden import (self-check of the scanner)', () => {
  const sample = "import { open } from 'lmdb';\nimport { readFile } from 'node:fs/promises';\nexport { x } from './y.ts';";
  const specs = [...sample.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  assert.deepEqual(specs, ['lmdb', 'node:fs/promises', './y.ts']);
});

/** Our modules a file imports, as paths under src/, each with whether only types are imported. */
function localImportsOf(path: string): { target: string; typeOnly: boolean }[] {
  const text = readFileSync(path, 'utf8');
  const found: { target: string; typeOnly: boolean }[] = [];
  for (const match of text.matchAll(/(import|export)(\s+type)?\s[^'"]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)|^import\s+['"](\.[^'"]+)['"]/gm)) {
    const spec = match[3] ?? match[4] ?? match[5];
    found.push({ target: relative(ROOT, resolve(dirname(path), spec)), typeOnly: match[2] !== undefined });
  }
  return found;
}

/** DESIGN.md §Layers, src/node row: one composition root wires the network and the store to the parts. */
const COMPOSITION_ROOT = 'node/node.ts';

test('only the composition root imports both the network (src/p2p) and the store (src/store)', () => {
  const problems: string[] = [];
  for (const path of files(ROOT)) {
    const file = relative(ROOT, path);
    const targets = localImportsOf(path).map((i) => i.target);
    const network = targets.some((t) => t.startsWith('p2p/'));
    const store = targets.some((t) => t.startsWith('store/'));
    if (network && store && file !== COMPOSITION_ROOT) problems.push(`${file} imports both src/p2p and src/store`);
  }
  assert.deepEqual(problems, []);
});

/**
 * The provenance report thread's own composition root (issue 12, attack 4): it opens the store
 * read-only in its worker thread, where the node's ports do not reach; it imports no network.
 */
const REPORT_THREAD_ROOT = 'node/report-worker.ts';

test('the shell reaches the network and the store only through its ports (src/node/net.ts, store-port.ts)', () => {
  // testnet.ts lays out homes for `agora testnet`: it derives peer ids and addresses, nothing more.
  const mayImportNetwork = [COMPOSITION_ROOT, 'node/testnet.ts'];
  const mayOpenStore = [REPORT_THREAD_ROOT];
  const problems: string[] = [];
  for (const path of files(join(ROOT, 'node'))) {
    const file = relative(ROOT, path);
    if (file === COMPOSITION_ROOT) continue;
    for (const { target, typeOnly } of localImportsOf(path)) {
      if (target.startsWith('p2p/') && !mayImportNetwork.includes(file)) problems.push(`${file} imports ${target}`);
      if (target.startsWith('store/') && !typeOnly && !mayOpenStore.includes(file)) problems.push(`${file} imports ${target} (more than its types)`);
    }
  }
  assert.deepEqual(problems, []);
});

/**
 * What src/api may import of ours (issue 11): the query interface, the admission function, the event
 * stream and the wire contract — an allow-list, so that anything new is a decision, not a drift.
 */
// The provenance report is not built by src/api: the query interface's itemReport builds it on the
// report thread (src/node/reports.ts), so node/provenance.ts is not on this list (issue 12, attack 4).
const API_MAY_IMPORT: Record<string, string> = {
  'node/reader.ts': 'query interface',
  'node/queries.ts': 'query interface',
  'node/records-queries.ts': 'query interface',
  'node/holders-queries.ts': 'query interface',
  'node/contracts-queries.ts': 'query interface',
  // reputation (spec/reputation.md)
  'node/reputation-queries.ts': 'query interface',
  'node/market-queries.ts': 'query interface',
  // organisations (spec/org.md)
  'node/org-queries.ts': 'query interface',
  // work on demand (spec/work.md)
  'node/work-queries.ts': 'query interface',
  'node/ingress.ts': 'admission function',
  'node/events.ts': 'event stream',
  'node/errors.ts': 'wire contract (error codes)',
  'node/limits.ts': 'wire contract (request bounds, spec/limits.md)',
  'client/types.ts': 'wire contract (JSON types)',
  'client/provenance/report.ts': 'wire contract (the report text format)',
  'codec/json.ts': 'encoding of wire values',
  'crypto/hash.ts': 'encoding of wire values (hex)',
};
/** Folders of ours the API may import whole: tomorrow's wire-contract module. */
const API_MAY_IMPORT_FOLDERS = ['api/', 'wire/'];

test('src/api imports only the query interface, the admission function, the event stream and the wire contract', () => {
  const problems: string[] = [];
  for (const path of files(join(ROOT, 'api'))) {
    for (const { target } of localImportsOf(path)) {
      if (API_MAY_IMPORT_FOLDERS.some((folder) => target.startsWith(folder)) || target in API_MAY_IMPORT) continue;
      problems.push(`${relative(ROOT, path)} imports ${target}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('the import scanner tells type-only imports apart (self-check)', () => {
  const sample = "import type { A } from './a.ts';\nimport { B } from './b.ts';\nexport type { C } from './c.ts';";
  const kinds = [...sample.matchAll(/(import|export)(\s+type)?\s[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)].map((m) => [m[3], m[2] !== undefined]);
  assert.deepEqual(kinds, [['./a.ts', true], ['./b.ts', false], ['./c.ts', true]]);
});

test('the shell reads time and sets timers only through its Clock and Timers (the simulator runs it)', () => {
  const shell = [...files(join(ROOT, 'node', 'shell')), ...['ingress.ts', 'committer.ts', 'assemble.ts', 'local-chain.ts', 'mempool.ts', 'signer.ts', 'tx-status.ts'].map((f) => join(ROOT, 'node', f))];
  const forbidden = /\bDate\.now\(|new Date\(|Math\.random\(|performance\.now\(|setTimeout\(|setInterval\(|setImmediate\(/;
  const problems: string[] = [];
  for (const path of shell) {
    readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
      if (!line.trim().startsWith('*') && !line.trim().startsWith('//') && forbidden.test(line)) problems.push(`${relative(ROOT, path)}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(problems, []);
});

/** README §Layout, src/ledger row: accounts/ below value/, records/, contracts/, each importing only those before it. */
const LEDGER_MODULES = ['accounts', 'value', 'records', 'contracts'];

test('the ledger modules import only those before them: accounts, value, records, contracts', () => {
  const problems: string[] = [];
  for (const [rank, module] of LEDGER_MODULES.entries()) {
    for (const path of files(join(ROOT, 'ledger', module))) {
      for (const { target } of localImportsOf(path)) {
        const targetModule = target.split('/')[1];
        if (target.startsWith('ledger/') && LEDGER_MODULES.indexOf(targetModule) > rank) problems.push(`${relative(ROOT, path)} imports ${target}`);
      }
    }
  }
  assert.deepEqual(problems, []);
});
