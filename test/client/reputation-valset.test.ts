// A reputation report after a validator set change (spec/provenance.md §1.1, spec/reputation.md §4):
// its state block is signed by the new set, so it carries the hand-over block from the genesis set;
// it verifies offline against the genesis, and fails when the hand-over is left out or the set altered.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { anchorFromGenesis, type TrustAnchor } from '../../src/client/provenance/anchor.ts';
import { readReputationReport } from '../../src/client/reputation/read.ts';
import { serializeReputationReport } from '../../src/client/reputation/report.ts';
import { verifyReputationReport } from '../../src/client/reputation/verify.ts';
import { approvalBytes } from '../../src/ledger/validators/update-decode.ts';
import type { AgoraNode } from '../../src/node/node.ts';
import { mustAdmit, openTestNode, removeTestChain, signedTx, testChain, waitFor, type TestChain } from '../helpers/node.ts';
import { Market, runReputationScenario } from '../helpers/reputation.ts';

let chain: TestChain;
let node: AgoraNode;
let anchor: TrustAnchor;
let text: string;
let effectiveHeight: number;

before(async () => {
  chain = testChain(4, 'agora-reputation-valset');
  anchor = anchorFromGenesis(chain.genesis);
  node = await openTestNode(chain, { blockTimeMs: 10, idleBlockMs: 50 });
  node.start();
  const [alice, bob, carol, payer] = chain.funded;
  await runReputationScenario(new Market(node, chain.genesis.chainId), alice, bob, carol);
  const changes = [{ publicKey: chain.validator.publicKey, power: 3n }];
  const approvals = [{ validator: chain.validator.address, signature: chain.validator.sign(approvalBytes(chain.genesis.chainId, 0n, changes)) }];
  const tx = await mustAdmit(node, signedTx(payer, chain.genesis.chainId, 'validators.update', { sequence: 0n, changes, approvals }, 0n));
  const status = await node.reader.waitForCommit(tx.id, 15_000);
  assert.ok(status.status === 'committed' && status.receipt.code === 'ok');
  effectiveHeight = status.height + 2;
  await waitFor(() => node.chain.height >= effectiveHeight + 1, 10_000, 'the new set to sign');
  text = node.reader.reputationReport(alice.address);
});

after(async () => {
  await node?.stop();
  removeTestChain(chain);
});

test('the report carries the hand-over block and both sets, and verifies against the genesis', () => {
  const report = readReputationReport(text);
  assert.equal(report.validatorSets.length, 2);
  assert.deepEqual(report.handOvers.map((b) => b.header.height), [effectiveHeight - 1]);
  assert.equal(report.handOvers[0].header.nextValidatorsHash, report.validatorSets[1].hash);
  assert.equal(report.block.header.validatorsHash, report.validatorSets[1].hash);
  const result = verifyReputationReport(text, { anchor });
  assert.deepEqual(result.problems, []);
  assert.equal(result.ok, true);
});

test('without the hand-over block, or with the new set altered, it is not proven, naming the place', () => {
  const dropped = readReputationReport(text);
  dropped.handOvers = [];
  const withoutHandOver = verifyReputationReport(serializeReputationReport(dropped), { anchor });
  assert.equal(withoutHandOver.ok, false);
  assert.equal(withoutHandOver.problems[0].place, '$.block.header.validatorsHash');
  assert.equal(withoutHandOver.problems[0].code, 'not_trusted');

  const altered = readReputationReport(text);
  altered.validatorSets[1].validators[0].power = '4';
  const result = verifyReputationReport(serializeReputationReport(altered), { anchor });
  assert.equal(result.ok, false);
  assert.equal(result.problems[0].place, '$.validatorSets[1].hash');
});
