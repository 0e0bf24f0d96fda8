import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FORBIDDEN_PACKAGES = ['fastify', 'lmdb', 'pino', 'prom-client', 'commander'];
const FORBIDDEN_FILES = ['src/crypto/ed25519-node.ts', 'src/crypto/keystore.ts'];

/** Every file the SDK's entry point reaches through relative imports, with the packages it names. */
function walk(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const queue = [resolve(ROOT, entry)];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g)) {
      const specifier = match[1] ?? match[2];
      if (specifier.startsWith('.')) queue.push(resolve(dirname(file), specifier));
      else packages.add(specifier);
    }
  }
  return { files, packages };
}

test('the SDK (src/client) reaches no Node-only module', () => {
  const { files, packages } = walk('src/client/index.ts');
  assert.ok(files.size > 5);
  for (const name of packages) {
    assert.ok(!name.startsWith('node:'), `${name} is Node-only`);
    assert.ok(!FORBIDDEN_PACKAGES.some((p) => name === p || name.startsWith(`${p}/`)), `${name} is server-side`);
  }
  for (const file of FORBIDDEN_FILES) assert.ok(!files.has(resolve(ROOT, file)), `${file} is Node-only`);
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    assert.ok(!/\bBuffer\b|\bprocess\./.test(source.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')), `${file} uses a Node global`);
  }
});

// The VRF verifier will check headers in light clients and the browser (spec/consensus.md §VRF);
// test/crypto/vrf-browser.test.ts runs its browser bundle against the node's verdicts.
test('the VRF (src/crypto/vrf.ts) reaches no Node-only module', () => {
  const { files, packages } = walk('src/crypto/vrf.ts');
  assert.ok(files.has(resolve(ROOT, 'src/crypto/vrf-ecvrf.ts')));
  for (const name of packages) {
    assert.ok(!name.startsWith('node:'), `${name} is Node-only`);
    assert.ok(name.startsWith('@noble/'), `${name}: the VRF uses @noble only`);
  }
  for (const file of FORBIDDEN_FILES) assert.ok(!files.has(resolve(ROOT, file)), `${file} is Node-only`);
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    assert.ok(!/\bBuffer\b|\bprocess\./.test(source.replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')), `${file} uses a Node global`);
  }
});
