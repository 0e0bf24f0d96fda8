// `agora verify FILE` on a reputation report (spec/reputation.md §4), offline, with no node: proven
// against the chain's genesis (exit 0); with nothing to trust exit 1 `no_trust_anchor`, as a provenance
// report; one changed byte exits 1 `not_proven`, naming the place. The report comes from an in-process
// validator (test/helpers/reputation.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { genesisJson } from '../../src/node/home.ts';
import { openTestNode, removeTestChain, testChain, type TestChain } from '../helpers/node.ts';
import { Market, runReputationScenario } from '../helpers/reputation.ts';
import { runInProcess, type Run } from './node-cli.ts';

const AGORA = fileURLToPath(new URL('../../bin/agora.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'agora-verify-reputation-'));
const emptyHome = join(dir, 'empty-home');
const realGenesis = join(dir, 'genesis.json');
const realFile = join(dir, 'alice.json');
const changedFile = join(dir, 'changed.json');
let chain: TestChain;
let text: string;

before(async () => {
  mkdirSync(emptyHome);
  chain = testChain(3, 'agora-verify-reputation');
  const node = await openTestNode(chain, { blockTimeMs: 10, idleBlockMs: 50 });
  node.start();
  const [alice, bob, carol] = chain.funded;
  await runReputationScenario(new Market(node, chain.genesis.chainId), alice, bob, carol);
  text = node.reader.reputationReport(alice.address);
  await node.stop();
  writeFileSync(realFile, text);
  const at = text.indexOf('"value": "', text.indexOf('"aggregates"')) + '"value": "'.length + 10;
  writeFileSync(changedFile, text.slice(0, at) + (text[at] === '0' ? '1' : '0') + text.slice(at + 1));
  const allocations = chain.funded.map((k) => ({ address: k.address, amount: 1_000_000_000_000n }));
  writeFileSync(realGenesis, JSON.stringify(genesisJson(chain.genesis.chainId, chain.genesis.genesisTimeMs, [chain.validator], allocations)));
});

after(() => {
  removeTestChain(chain);
  rmSync(dir, { recursive: true, force: true });
});

function verify(args: string[]): Promise<Run> {
  return runInProcess([process.execPath, AGORA, 'verify', ...args], { ...process.env, AGORA_LOG_LEVEL: 'warn' });
}

test('a reputation report verified against the genesis: exit 0, PROVEN, the score and the reviews', async () => {
  const run = await verify([realFile, '--genesis', realGenesis, '--home', emptyHome]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /report: +.*alice\.json \(reputation\)/);
  assert.match(run.stdout, /score: +812500 ppm/);
  assert.match(run.stdout, /reviews: +2 \(1 negative\) from 2 counterparties; 2 trades; 0 disputes lost/);
  assert.match(run.stdout, /PROVEN: every value above/);
});

test('with nothing to trust: exit 1, no_trust_anchor, naming the flags', async () => {
  const run = await verify([realFile, '--home', emptyHome]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /no_trust_anchor: nothing to trust: .*--genesis FILE.*--validators-hash HASH/);
  assert.match(run.stdout, /NOT PROVEN/);
});

test('one changed byte: exit 1, not_proven, naming the place', async () => {
  const run = await verify([changedFile, '--genesis', realGenesis, '--home', emptyHome]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /not_proven: 1 problem\(s\) in .*changed\.json; first: \$\.aggregates: rep\/agora1\w+: the value does not prove against the block's state root/);
});
