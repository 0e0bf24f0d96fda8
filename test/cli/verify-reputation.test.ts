// `agora verify FILE` on a reputation report (spec/reputation.md §4), offline, with no node: proven
// against the chain's genesis (exit 0); with nothing to trust exit 1 `no_trust_anchor`, as a provenance
// report; one changed byte exits 1 `not_proven`, naming the place; a report re-signed with fresh keys
// (issue 12, attack 7) is NOT PROVEN with the home's genesis, with --genesis, and with no anchor at all.
// The report comes from an in-process validator (test/helpers/reputation.ts).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { normalizeValidators, validatorsHash } from '../../src/chain/validators.ts';
import { genesisJson } from '../../src/node/home.ts';
import { forgeReputationReport } from '../helpers/forge-reputation.ts';
import { forgerKeys } from '../helpers/forge-report.ts';
import { openTestNode, removeTestChain, testChain, type TestChain } from '../helpers/node.ts';
import { Market, runReputationScenario } from '../helpers/reputation.ts';
import { runInProcess, type Run } from './node-cli.ts';

const AGORA = fileURLToPath(new URL('../../bin/agora.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'agora-verify-reputation-'));
const emptyHome = join(dir, 'empty-home');
const realGenesis = join(dir, 'genesis.json');
const realFile = join(dir, 'alice.json');
const changedFile = join(dir, 'changed.json');
/** A home that holds the real chain's genesis, as a user of that chain has. */
const realHome = join(dir, 'real-home');
const forgedFile = join(dir, 'forged.json');
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
  mkdirSync(realHome);
  writeFileSync(join(realHome, 'genesis.json'), JSON.stringify(genesisJson(chain.genesis.chainId, chain.genesis.genesisTimeMs, [chain.validator], allocations)));
  writeFileSync(forgedFile, forgeReputationReport(text));
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

test('attack 7, forged reputation report: re-signed with fresh keys it is NOT PROVEN with the home\'s genesis, with --genesis, and with no anchor', async () => {
  const forgerSet = validatorsHash(normalizeValidators(forgerKeys().map((k) => ({ address: k.address, publicKey: k.publicKey, power: 1n }))));
  const place = new RegExp(`^  \\$\\.validatorSets\\[0\\]\\.hash: the report's first validator set ${forgerSet} is not the trusted genesis set ${validatorsHash(chain.genesis.validators)}$`, 'm');
  // The user's home holds the real genesis: no flag needed to refuse it.
  const home = await verify([forgedFile, '--home', realHome]);
  assert.equal(home.code, 1);
  assert.match(home.stdout, /^trusting: +the genesis of .*real-home/m);
  assert.match(home.stdout, /^NOT PROVEN: /m);
  assert.match(home.stdout, place);
  assert.match(home.stderr, /^error: not_proven: \d+ problem\(s\) in .*forged\.json; first: \$\.validatorSets\[0\]\.hash: /);
  // --genesis of the real chain, from a home without one: the same.
  const genesis = await verify([forgedFile, '--genesis', realGenesis, '--home', emptyHome]);
  assert.equal(genesis.code, 1);
  assert.match(genesis.stdout, place);
  assert.match(genesis.stderr, /^error: not_proven: /);
  // Nothing to trust: what it claims is shown as claimed, and the exit names what to pass.
  const bare = await verify([forgedFile, '--home', emptyHome]);
  assert.equal(bare.code, 1);
  assert.match(bare.stdout, /^what the report claims \(NOT proven\):$/m);
  assert.match(bare.stdout, /1000 trades/, 'the lie, shown as a claim');
  assert.match(bare.stderr, /^error: no_trust_anchor: nothing to trust: .*--genesis FILE.*--validators-hash HASH/);
  for (const run of [home, genesis, bare]) assert.doesNotMatch(run.stdout, /^PROVEN/m);
});
