// Runs the whole test suite: the type check, then every test file under test/ with node's runner.
// Node 20's --test does not expand globs, so the files are listed here.
//   node scripts/test.mjs              type check, then every test
//   node scripts/test.mjs FILE…        those files only
//   node scripts/test.mjs --quick      `npm run test:quick`: unit, property and simulation tests, no
//                                      type check, nothing that starts a server, a CLI, a network or
//                                      a browser (under a minute on 2 cores)
// The CLI is compiled first
// when a source is newer than dist/ (scripts/build.mjs): the tests that spawn `agora` run dist/,
// and building once here keeps their concurrent spawns from each rebuilding it.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { build } from './build.mjs';
import { buildIsStale } from './build-freshness.mjs';

/**
 * What --quick leaves out, each measured alone on 2 cores (node --test FILE): the browser tests
 * (app, item-page, wallet-*: 7-31 s each), HTTP servers and real nodes (api/*: 1.5-6 s each, client,
 * holders-api, static), libp2p networks (p2p gossip, misbehaviour, reconnect, sync, node/network:
 * 2.4-6 s each, vote-replay, sync-liar), the VRF's bundle in Chromium, and the CLI and integration
 * tests that spawn processes (minutes). What is left ran in 40 s with 987 tests; with the 1,000-seed
 * simulator on the real shell (~36 s) and issue 12's tests it is measured again in README.
 */
const NOT_QUICK = [
  'test/integration/',
  'test/cli/',
  'test/api/',
  'test/client/client.test.ts',
  'test/client/evidence.test.ts',
  'test/node/network.test.ts',
  'test/p2p/gossip.test.ts',
  'test/p2p/misbehaviour.test.ts',
  'test/p2p/reconnect.test.ts',
  'test/p2p/sync.test.ts',
  'test/crypto/vrf-browser.test.ts',
  'test/node/sync-liar.test.ts',
  'test/p2p/vote-replay.test.ts',
  'test/p2p/evidence-gossip.test.ts',
  'test/web/app.test.ts',
  'test/web/evidence-page.test.ts',
  'test/web/explorer-home.test.ts',
  'test/web/holders-api.test.ts',
  'test/web/item-page.test.ts',
  'test/web/market.test.ts',
  'test/web/org.test.ts',
  'test/web/org-motion.test.ts',
  'test/web/work.test.ts',
  'test/web/static.test.ts',
  'test/web/wallet-contracts.test.ts',
  'test/web/wallet-records.test.ts',
];

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const quick = process.argv.includes('--quick');
const only = process.argv.slice(2).filter((arg) => arg !== '--quick');
if (only.length === 0 && !quick) {
  const typecheck = spawnSync('npx', ['tsc', '--noEmit', '-p', '.'], { stdio: 'inherit' });
  if (typecheck.status !== 0) process.exit(typecheck.status ?? 1);
}
if (buildIsStale()) console.log(`build: compiled src/ into dist/ in ${(await build()).ms} ms`);
const all = only.length > 0 ? only : findTests('test');
const files = quick ? all.filter((file) => !NOT_QUICK.some((slow) => file.split('\\').join('/').startsWith(slow))) : all;
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}
// Two files at a time: Node 20 runs one (availableParallelism − 1) on 2 cores, and most of the long
// files wait on block times, browsers and child processes rather than compute. A fresh clone's
// `npm test` took 17 min 49 s one at a time and 9 min 58 s two at a time, all 1,858 passing both ways.
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=900000', ...files], {
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
