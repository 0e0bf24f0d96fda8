// Runs the whole test suite: the type check, then every test file under test/ with node's runner.
// Node 20's --test does not expand globs, so the files are listed here. The CLI is compiled first
// when a source is newer than dist/ (scripts/build.mjs): the tests that spawn `agora` run dist/,
// and building once here keeps their concurrent spawns from each rebuilding it.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { build } from './build.mjs';
import { buildIsStale } from './build-freshness.mjs';

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const only = process.argv.slice(2);
if (only.length === 0) {
  const typecheck = spawnSync('npx', ['tsc', '--noEmit', '-p', '.'], { stdio: 'inherit' });
  if (typecheck.status !== 0) process.exit(typecheck.status ?? 1);
}
if (buildIsStale()) console.log(`build: compiled src/ into dist/ in ${(await build()).ms} ms`);
const files = only.length > 0 ? only : findTests('test');
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-timeout=600000', ...files], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
