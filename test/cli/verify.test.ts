// `agora verify FILE` (spec/provenance.md §1, §3), offline, with no node anywhere: bad input (a
// missing file, a file that is not a report, a bad --validators-hash, both pins at once) exits 1 with
// a typed code on stderr; the trust anchor is --genesis / --validators-hash, else the home's genesis,
// else exit 1 with `no_trust_anchor` naming what to pass; and attack 7 of issue 12 replayed: a real
// report re-signed with fresh keys is NOT PROVEN, with or without --genesis. The reports come from an
// in-process validator running the supply-chain scenario; the 4-validator run is
// test/integration/supply-chain.test.ts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validatorsHash } from '../../src/chain/validators.ts';
import { serializeReport } from '../../src/client/provenance/report.ts';
import { genesisJson } from '../../src/node/home.ts';
import type { AgoraNode } from '../../src/node/node.ts';
import { buildProvenanceReport } from '../../src/node/provenance.ts';
import { forgeReport, type Forgery } from '../helpers/forge-report.ts';
import { mustAdmit, openTestNode, removeTestChain, testChain, type TestChain } from '../helpers/node.ts';
import { runSupplyChain } from '../helpers/supply-chain.ts';
import { runAgora } from '../helpers/testnet.ts';
import { runInProcess, type Run } from './node-cli.ts';

const AGORA = fileURLToPath(new URL('../../bin/agora.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'agora-verify-'));
/** A home with no genesis: nothing to trust unless a flag says so. */
const emptyHome = join(dir, 'empty-home');
/** A home holding the real chain's genesis, as the user's own home would. */
const realHome = join(dir, 'real-home');
const realGenesis = join(realHome, 'genesis.json');
const forgerGenesis = join(dir, 'forger-genesis.json');
const realFile = join(dir, 'bag.json');
const forgedFile = join(dir, 'forged.json');

let chain: TestChain;
let node: AgoraNode;
let forgery: Forgery;

before(async () => {
  mkdirSync(emptyHome);
  mkdirSync(realHome);
  chain = testChain(6, 'agora-verify');
  node = await openTestNode(chain, { blockTimeMs: 10, idleBlockMs: 50 });
  node.start();
  const [farmA, farmB, coop, carrier, roaster, shop] = chain.funded;
  const submit = async (bytes: Uint8Array, id: string): Promise<{ height: number; code: string; events: { type: string; attributes: { [key: string]: string } }[] }> => {
    await mustAdmit(node, bytes);
    const status = await node.reader.waitForCommit(id, 15_000);
    if (status.status !== 'committed') throw new Error(`tx ${id} is ${status.status}`);
    return { height: status.height, code: status.receipt.code, events: status.receipt.events };
  };
  const scenario = await runSupplyChain(chain.genesis.chainId, { farmA, farmB, coop, carrier, roaster, shop }, submit);
  const report = buildProvenanceReport(node.store, chain.genesis.chainId, chain.genesis.validators, scenario.bag);
  await node.stop();
  writeFileSync(realFile, serializeReport(report));
  forgery = forgeReport(report);
  writeFileSync(forgedFile, serializeReport(forgery.report));
  const allocations = chain.funded.map((k) => ({ address: k.address, amount: 1_000_000_000_000n }));
  writeFileSync(realGenesis, JSON.stringify(genesisJson(chain.genesis.chainId, chain.genesis.genesisTimeMs, [chain.validator], allocations)));
  // The forger's own genesis: the same chain id, its own validators.
  writeFileSync(forgerGenesis, JSON.stringify(genesisJson(chain.genesis.chainId, chain.genesis.genesisTimeMs, forgery.keys, [])));
});

after(() => {
  removeTestChain(chain);
  rmSync(dir, { recursive: true, force: true });
});

/** `agora verify …` in this process (the command under test, without a process start per call). */
function verify(args: string[]): Promise<Run> {
  return runInProcess([process.execPath, AGORA, 'verify', ...args], { ...process.env, AGORA_LOG_LEVEL: 'warn' });
}

test('a missing file: bad_file', async () => {
  const run = await runAgora(['verify', join(dir, 'nope.json'), '--home', realHome]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /error: bad_file: cannot read .*nope\.json: ENOENT/);
});

test('not a report: not_proven, naming the place; --json prints the problems on stdout', async () => {
  const file = join(dir, 'other.json');
  writeFileSync(file, JSON.stringify({ format: 'something-else' }));
  const run = await runAgora(['verify', file, '--home', realHome, '--json']);
  assert.equal(run.code, 1);
  const result = JSON.parse(run.stdout) as { ok: boolean; problems: { place: string; message: string }[] };
  assert.equal(result.ok, false);
  assert.equal(result.problems[0].place, '$.chainId');
  assert.match(run.stderr, /"code":"not_proven"/);
  writeFileSync(file, 'not json at all');
  const garbage = await verify([file, '--genesis', realGenesis, '--home', emptyHome]);
  assert.equal(garbage.code, 1);
  assert.match(garbage.stdout, /^  \$: not JSON/m);
});

test('pins: a malformed hash and both pins at once are refused before reading', async () => {
  const file = join(dir, 'x.json');
  writeFileSync(file, '{}');
  const bad = await verify([file, '--validators-hash', 'XYZ', '--home', emptyHome]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /bad_request: --validators-hash is 32 bytes/);
  const both = await verify([file, '--validators-hash', '00'.repeat(32), '--genesis', file, '--home', emptyHome]);
  assert.equal(both.code, 1);
  assert.match(both.stderr, /bad_request: give --validators-hash or --genesis, not both/);
});

test("the anchor, in order: --genesis or --validators-hash, else the home's genesis; the output names it", async () => {
  const home = await verify([realFile, '--home', realHome]);
  assert.equal(home.code, 0, home.stderr);
  assert.match(home.stdout, new RegExp(`^trusting: +the genesis of ${realHome} \\(chain agora-verify, validator set ${validatorsHash(chain.genesis.validators)}\\)$`, 'm'));
  assert.match(home.stdout, /^PROVEN: \d+ events of 4 item\(s\)/m);
  const genesis = await verify([realFile, '--genesis', realGenesis, '--home', emptyHome, '--json']);
  assert.equal(genesis.code, 0, genesis.stderr);
  const json = JSON.parse(genesis.stdout) as { ok: boolean; trust: { source: string; file: string; chainId: string; homeDiffers: boolean } };
  assert.equal(json.ok, true);
  assert.deepEqual([json.trust.source, json.trust.file, json.trust.chainId, json.trust.homeDiffers], ['genesis', realGenesis, 'agora-verify', false]);
  const hash = await verify([realFile, '--validators-hash', validatorsHash(chain.genesis.validators), '--home', emptyHome]);
  assert.equal(hash.code, 0, hash.stderr);
  assert.match(hash.stdout, /^trusting: +validator set [0-9a-f]{64} \(any chain it signs\)$/m);
});

test('no anchor at all: even the real report is not proven; exit 1 with no_trust_anchor naming what to pass', async () => {
  const run = await verify([realFile, '--home', emptyHome]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /^error: no_trust_anchor: nothing to trust: .*genesis\.json does not exist, .*--genesis FILE .*--validators-hash HASH/);
  assert.match(run.stdout, /^trusting: +nothing/m);
  assert.match(run.stdout, /^NOT PROVEN: 1 problem\(s\):\n  \$\.validatorSets: no trust anchor/m);
  assert.doesNotMatch(run.stdout, /^PROVEN/m);
});

test('attack 7, forged report: re-signed with fresh keys it is NOT PROVEN, with or without --genesis', async () => {
  // Without any anchor: the report's own (forged) validators are trusted by nothing.
  const bare = await verify([forgedFile, '--home', emptyHome, '--json']);
  assert.equal(bare.code, 1);
  const claimed = JSON.parse(bare.stdout) as { ok: boolean; trust: null; problems: { place: string; code?: string }[] };
  assert.equal(claimed.ok, false);
  assert.equal(claimed.trust, null);
  assert.deepEqual(claimed.problems.map((p) => p.code), ['no_trust_anchor'], 'consistent with itself: the old verifier printed PROVEN here');
  assert.equal((JSON.parse(bare.stderr) as { error: { code: string; message: string } }).error.code, 'no_trust_anchor');
  assert.match((JSON.parse(bare.stderr) as { error: { message: string } }).error.message, /--genesis FILE .*--validators-hash HASH/);

  // The user's home holds the real genesis: the forged set is not it, and the place is named.
  const place = new RegExp(`^  \\$\\.validatorSets\\[0\\]\\.hash: the report's first validator set ${forgery.validatorsHash} is not the trusted genesis set`, 'm');
  const home = await verify([forgedFile, '--home', realHome]);
  assert.equal(home.code, 1);
  assert.match(home.stderr, /^error: not_proven: /);
  assert.match(home.stdout, /^NOT PROVEN/m);
  assert.match(home.stdout, place);
  // --genesis of the real chain, from a home without one: the same.
  const genesis = await verify([forgedFile, '--genesis', realGenesis, '--home', emptyHome]);
  assert.equal(genesis.code, 1);
  assert.match(genesis.stderr, /^error: not_proven: /);
  assert.match(genesis.stdout, place);
  assert.doesNotMatch(genesis.stdout + home.stdout, /^PROVEN/m);

  // Passing the forger's own genesis is trusting it explicitly: the user's choice, named as such.
  const chosen = await verify([forgedFile, '--genesis', forgerGenesis, '--home', realHome]);
  assert.equal(chosen.code, 0, chosen.stderr);
  assert.match(chosen.stdout, new RegExp(`^trusting: +the genesis in ${forgerGenesis} .*\\n +\\(by your choice: not the genesis of your home\\)$`, 'm'));
});
