// The profile page's reputation check (web/src/market-view.ts `checkReputation`, with the page's
// anchor from web/src/provenance-trust.ts `chooseTrust`), without a browser: issue 12's attack 7
// against a reputation report. A report re-signed with fresh keys is not proven against the genesis
// of the node serving the page, nor against a pinned hash, nor when it keeps the real genesis set
// first and appends its own; the real report is. The report comes from an in-process validator.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { GenesisResponse } from '../../src/client/types.ts';
import { queryGenesis } from '../../src/node/queries.ts';
import { checkReputation } from '../../web/src/market-view.ts';
import { chooseTrust } from '../../web/src/provenance-trust.ts';
import { forgeReputationReport } from '../helpers/forge-reputation.ts';
import { openTestNode, removeTestChain, testChain, type TestChain } from '../helpers/node.ts';
import { Market, runReputationScenario } from '../helpers/reputation.ts';

let chain: TestChain;
let text: string;
/** What GET /v1/genesis answers for this node. */
let genesis: GenesisResponse;

before(async () => {
  chain = testChain(3, 'agora-web-reputation-trust');
  const node = await openTestNode(chain, { blockTimeMs: 10, idleBlockMs: 50 });
  node.start();
  const [alice, bob, carol] = chain.funded;
  await runReputationScenario(new Market(node, chain.genesis.chainId), alice, bob, carol);
  text = node.reader.reputationReport(alice.address);
  genesis = queryGenesis(node.reader);
  await node.stop();
});

after(() => removeTestChain(chain));

test("the real report is proven against the node's genesis (the control)", () => {
  const result = checkReputation(text, chooseTrust(genesis, null));
  assert.deepEqual(result.problems, []);
  assert.equal(result.ok, true);
});

test("attack 7: re-signed with fresh keys, not proven against the node's genesis or a pinned hash, naming the place", () => {
  const forged = forgeReputationReport(text);
  for (const trust of [chooseTrust(genesis, null), chooseTrust(genesis, genesis.validatorsHash), chooseTrust(undefined, genesis.validatorsHash)]) {
    const result = checkReputation(forged, trust);
    assert.equal(result.ok, false, JSON.stringify(trust));
    assert.deepEqual([result.problems[0].place, result.problems[0].code], ['$.validatorSets[0].hash', 'not_trusted']);
    assert.equal(result.aggregates, null, 'nothing of the lie is shown as proven');
    assert.deepEqual(result.reviews, []);
  }
  // With no anchor at all, the lie checks out against its own keys, so only the anchor is missing: never ok.
  const none = checkReputation(forged, chooseTrust(undefined, null));
  assert.equal(none.ok, false);
  assert.deepEqual(none.problems.map((p) => p.code), ['no_trust_anchor']);
  assert.equal(none.aggregates?.trades, '1000', 'what it claims');
});

test('attack 7 with the real genesis set first and the forger\'s appended: no hand-over names it, not proven', () => {
  const forged = forgeReputationReport(text, { keepRealSetFirst: true });
  const result = checkReputation(forged, chooseTrust(genesis, null));
  assert.equal(result.ok, false);
  assert.deepEqual([result.problems[0].place, result.problems[0].code], ['$.block.header.validatorsHash', 'not_trusted']);
  assert.equal(result.aggregates, null);
});
