// DESIGN.md rule 1: src/consensus does no I/O and reads no clock, randomness or environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';

const dir = new URL('../../src/consensus/', import.meta.url);
const files = readdirSync(dir).filter((name) => name.endsWith('.ts')).sort();
const FORBIDDEN = [/\bDate\b/, /\bMath\./, /\bprocess\./, /\bsetTimeout\b/, /\bsetInterval\b/, /\bperformance\./, /\bcrypto\.getRandomValues\b/, /\bglobalThis\b/, /\brequire\(/, /:\s*any\b/, /\bas any\b/, /\bparseFloat\b/, /\bawait\b/];

test('src/consensus imports only src/crypto/hash.ts, the error base and its own files', () => {
  assert.ok(files.length >= 8, files.join(','));
  for (const name of files) {
    const source = readFileSync(new URL(name, dir), 'utf8');
    for (const match of source.matchAll(/(?:import|export)\s[^'"]*?from\s+'([^']+)'/g)) {
      const target = match[1];
      const ok = target === '../crypto/hash.ts' || target === '../errors/base.ts' || /^\.\/[a-z-]+\.ts$/.test(target);
      assert.ok(ok, `${name} imports ${target}`);
    }
    assert.doesNotMatch(source, /import\(/, `${name} has a dynamic import`);
  }
});

test('src/consensus uses no clock, randomness, environment, float parsing, any', () => {
  for (const name of files) {
    const source = readFileSync(new URL(name, dir), 'utf8');
    for (const pattern of FORBIDDEN) assert.doesNotMatch(source, pattern, `${name} matches ${pattern}`);
  }
});
