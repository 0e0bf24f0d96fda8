// The web app's report verification (web/src/provenance-trust.ts, spec/provenance.md §1), without a
// browser: the page trusts a hash the reader pinned, else the genesis of the node serving it, never
// the report; with neither, nothing is proven. Attack 7 of issue 12 replayed in the page's function:
// a report re-signed with fresh keys is not proven against this node's genesis.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildItemAttest, buildItemRegister, newItemIds, signTx } from '../../src/client/index.ts';
import type { GenesisResponse } from '../../src/client/types.ts';
import { serializeReport, type ProvenanceReport } from '../../src/client/provenance/report.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import type { TxBody } from '../../src/ledger/types.ts';
import type { AgoraNode } from '../../src/node/node.ts';
import { buildProvenanceReport } from '../../src/node/provenance.ts';
import { queryGenesis } from '../../src/node/queries.ts';
import { checkReport, chooseTrust, parsePin, PIN_STORAGE_KEY, readPin, trustWords } from '../../web/src/provenance-trust.ts';
import { forgeReport } from '../helpers/forge-report.ts';
import { mustAdmit, openTestNode, removeTestChain, testChain, type TestChain } from '../helpers/node.ts';

let chain: TestChain;
let node: AgoraNode;
let report: ProvenanceReport;
/** What GET /v1/genesis answers for this node. */
let genesis: GenesisResponse;

before(async () => {
  chain = testChain(1, 'agora-web-trust');
  node = await openTestNode(chain, { blockTimeMs: 10, idleBlockMs: 50 });
  node.start();
  const [farm] = chain.funded;
  const send = async (body: TxBody, key: KeyPair): Promise<string[]> => {
    const signed = signTx(body, [key]);
    await mustAdmit(node, signed.bytes);
    const status = await node.reader.waitForCommit(signed.id, 15_000);
    if (status.status !== 'committed' || status.receipt.code !== 'ok') throw new Error(`${body.kind} did not commit ok`);
    return newItemIds(status.receipt.events);
  };
  const common = (nonce: bigint) => ({ chainId: chain.genesis.chainId, from: farm.publicKey, nonce, fee: 10_000_000n });
  const [lot] = await send(buildItemRegister({ ...common(0n), kind: 'coffee-lot' }), farm);
  await send(buildItemAttest({ ...common(1n), item: lot, type: 'harvest', data: '{"kg":60}' }), farm);
  report = buildProvenanceReport(node.store, chain.genesis.chainId, chain.genesis.validators, lot);
  genesis = queryGenesis(node.reader);
  await node.stop();
});

after(() => removeTestChain(chain));

test("the node's genesis is the page's anchor: the real report is proven, and the verdict says what it trusted", () => {
  const trust = chooseTrust(genesis, null);
  assert.deepEqual(trust, { source: 'node', anchor: { validatorsHash: genesis.validatorsHash, chainId: 'agora-web-trust' } });
  const result = checkReport(serializeReport(report), trust);
  assert.deepEqual(result.problems, []);
  assert.equal(result.ok, true);
  assert.equal(trustWords(trust), `the genesis of the node serving this page (chain agora-web-trust, validator set ${genesis.validatorsHash})`);
});

test('with no anchor (no pin, genesis unreadable) nothing is proven, and the problem says what is missing', () => {
  const trust = chooseTrust(undefined, null);
  assert.equal(trust, null);
  const result = checkReport(serializeReport(report), trust);
  assert.equal(result.ok, false);
  assert.deepEqual(result.problems.map((p) => p.code), ['no_trust_anchor']);
  assert.match(trustWords(trust), /^nothing: .*no validator set hash is pinned/);
});

test('attack 7 in the page: a report re-signed with fresh keys is not proven against the node, nor without an anchor', () => {
  const forgery = forgeReport(report);
  const forged = serializeReport(forgery.report);
  const against = checkReport(forged, chooseTrust(genesis, null));
  assert.equal(against.ok, false);
  assert.deepEqual([against.problems[0].place, against.problems[0].code], ['$.validatorSets[0].hash', 'not_trusted']);
  assert.deepEqual(against.proven, []);
  const bare = checkReport(forged, null);
  assert.equal(bare.ok, false);
  assert.deepEqual(bare.problems.map((p) => p.code), ['no_trust_anchor']);
  // A reader who pins the forger's hash trusts it by their own choice; the verdict says the node differs.
  const pinned = chooseTrust(genesis, forgery.validatorsHash);
  assert.deepEqual(pinned, { source: 'pinned', anchor: { validatorsHash: forgery.validatorsHash }, nodeDiffers: true });
  assert.equal(checkReport(forged, pinned).ok, true);
  assert.match(trustWords(pinned), /pinned in this browser .*this node’s genesis set is another\)$/);
});

test("a pin of this chain's hash keeps the chain id check; pins are read and pasted leniently, stored strictly", () => {
  assert.deepEqual(chooseTrust(genesis, genesis.validatorsHash), { source: 'pinned', anchor: { validatorsHash: genesis.validatorsHash, chainId: 'agora-web-trust' }, nodeDiffers: false });
  assert.equal(chooseTrust(undefined, genesis.validatorsHash)?.source, 'pinned');
  const store = (value: string | null) => ({ getItem: (key: string) => (key === PIN_STORAGE_KEY ? value : null) });
  assert.equal(readPin(store(genesis.validatorsHash)), genesis.validatorsHash);
  assert.equal(readPin(store('not a hash')), null);
  assert.equal(readPin(undefined), null);
  assert.equal(parsePin(`  0x${genesis.validatorsHash.toUpperCase()} `), genesis.validatorsHash);
  assert.equal(parsePin('abc'), null);
});
