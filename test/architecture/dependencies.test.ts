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
  crypto: { layers: ['crypto'], packages: PURE_PACKAGES, nodeBuiltins: true },
  codec: { layers: ['codec', 'crypto'], packages: PURE_PACKAGES, nodeBuiltins: false },
  ledger: { layers: ['ledger', 'codec', 'crypto'], packages: PURE_PACKAGES, nodeBuiltins: false },
  consensus: { layers: ['consensus', 'codec', 'crypto', 'chain'], packages: PURE_PACKAGES, nodeBuiltins: false },
  chain: { layers: ['chain', 'ledger', 'codec', 'crypto'], packages: PURE_PACKAGES, nodeBuiltins: false },
  client: { layers: ['client', 'wire', 'ledger', 'codec', 'crypto', 'chain'], packages: PURE_PACKAGES, nodeBuiltins: false },
  // The wire contract (DESIGN.md): routes, schemas and JSON types, shared by api, node and SDK.
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
