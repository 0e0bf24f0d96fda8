// A provenance report that spans a validator set change (spec/provenance.md §1.1): it carries the
// block that hands the genesis set over to the next, verifies offline against the genesis, and fails,
// naming the place, when a set is altered or the hand-over block is left out.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { anchorFromGenesis, serializeReport, verifyReport, type ProvenanceReport, type TrustAnchor } from '../../src/client/provenance/index.ts';
import { blockHash } from '../../src/chain/block.ts';
import { validatorsHash } from '../../src/chain/validators.ts';
import { voteSignBytes } from '../../src/chain/votes.ts';
import { toHex } from '../../src/crypto/hash.ts';
import { approvalBytes } from '../../src/ledger/validators/update-decode.ts';
import type { AgoraNode } from '../../src/node/node.ts';
import { buildProvenanceReport } from '../../src/node/provenance.ts';
import { mustAdmit, openTestNode, removeTestChain, signedTx, testChain, waitFor, type TestChain } from '../helpers/node.ts';

let chain: TestChain;
let node: AgoraNode;
let anchor: TrustAnchor;
let report: ProvenanceReport;
let item: string;
let updateHeight: number;

async function commit(bytes: Uint8Array): Promise<{ height: number; code: string; events: { type: string; attributes: { [key: string]: string } }[] }> {
  const tx = await mustAdmit(node, bytes);
  const status = await node.reader.waitForCommit(tx.id, 15_000);
  if (status.status !== 'committed') throw new Error(`tx ${tx.id} is ${status.status}`);
  return { height: status.height, code: status.receipt.code, events: status.receipt.events };
}

before(async () => {
  chain = testChain(1, 'agora-valset');
  anchor = anchorFromGenesis(chain.genesis);
  node = await openTestNode(chain, { blockTimeMs: 10, idleBlockMs: 50 });
  node.start();
  const [owner] = chain.funded;
  const chainId = chain.genesis.chainId;
  const registered = await commit(signedTx(owner, chainId, 'item.register', { kind: 'lot' }, 0n));
  assert.equal(registered.code, 'ok');
  item = registered.events.find((e) => e.type === 'item.registered')!.attributes.item;
  // The one validator raises its own power from 1 to 5: a new set (another hash), signed by the same key.
  const changes = [{ publicKey: chain.validator.publicKey, power: 5n }];
  const approvals = [{ validator: chain.validator.address, signature: chain.validator.sign(approvalBytes(chainId, 0n, changes)) }];
  const update = await commit(signedTx(owner, chainId, 'validators.update', { sequence: 0n, changes, approvals }, 1n));
  assert.equal(update.code, 'ok');
  updateHeight = update.height;
  await waitFor(() => node.chain.height >= updateHeight + 2, 10_000, 'the new set to sign');
  const attested = await commit(signedTx(owner, chainId, 'item.attest', { item, type: 'inspected' }, 2n));
  assert.equal(attested.code, 'ok');
  assert.ok(attested.height >= updateHeight + 2);
  // A second change (power 5 → 7), then one more event: the report hands over twice.
  const changes2 = [{ publicKey: chain.validator.publicKey, power: 7n }];
  const approvals2 = [{ validator: chain.validator.address, signature: chain.validator.sign(approvalBytes(chainId, 1n, changes2)) }];
  const second = await commit(signedTx(owner, chainId, 'validators.update', { sequence: 1n, changes: changes2, approvals: approvals2 }, 3n));
  assert.equal(second.code, 'ok');
  await waitFor(() => node.chain.height >= second.height + 2, 10_000, 'the third set to sign');
  assert.equal((await commit(signedTx(owner, chainId, 'item.attest', { item, type: 'shipped' }, 4n))).code, 'ok');
  report = buildProvenanceReport(node.store, chainId, chain.genesis.validators, item);
});

after(async () => {
  await node.stop();
  removeTestChain(chain);
});

test('the chain follows the set: headers name it from h + 2, the hand-over header names it as next', () => {
  const newHash = report.validatorSets[1].hash;
  assert.notEqual(newHash, validatorsHash(chain.genesis.validators));
  const header = (height: number) => node.store.getBlock(height)!.block.header;
  assert.equal(header(updateHeight).nextValidatorsHash, validatorsHash(chain.genesis.validators));
  assert.equal(header(updateHeight + 1).validatorsHash, validatorsHash(chain.genesis.validators));
  assert.equal(header(updateHeight + 1).nextValidatorsHash, newHash);
  assert.equal(header(updateHeight + 2).validatorsHash, newHash);
});

test('a report spanning two changes carries the three sets and both hand-over blocks, and verifies offline', () => {
  assert.equal(report.validatorSets.length, 3);
  assert.ok(report.blocks.some((b) => b.header.height === updateHeight + 1), 'the hand-over block is in the report');
  const result = verifyReport(serializeReport(report), { anchor });
  assert.deepEqual(result.problems, []);
  assert.equal(result.ok, true);
  assert.equal(result.validatorSets.length, 3);
  assert.equal(result.proven.length, 3);
});

test('an altered set (its hash kept) fails at that set', () => {
  const forged = structuredClone(report);
  forged.validatorSets[1].validators[0].power = '6';
  const result = verifyReport(serializeReport(forged), { anchor });
  assert.equal(result.ok, false);
  assert.equal(result.problems[0].place, '$.validatorSets[1].hash');
  assert.match(result.problems[0].message, /the set hashes to/);
});

test('an altered set given its own hash is not trusted: no proven block hands over to it', () => {
  const forged = structuredClone(report);
  forged.validatorSets[1].validators[0].power = '6';
  forged.validatorSets[1].hash = validatorsHash([{ ...chain.genesis.validators[0], power: 6n }]);
  const result = verifyReport(serializeReport(forged), { anchor });
  assert.equal(result.ok, false);
  const places = result.problems.map((p) => p.place);
  assert.ok(places.includes('$.validatorSets[1].hash'), places.join(', '));
  assert.ok(result.problems.some((p) => p.place.endsWith('.header.validatorsHash')), places.join(', '));
});

test('without the hand-over block the new set is not trusted, and the block it signed is not proven', () => {
  const forged = structuredClone(report);
  forged.blocks = forged.blocks.filter((b) => b.header.height !== updateHeight + 1);
  const result = verifyReport(serializeReport(forged), { anchor });
  assert.equal(result.ok, false);
  const problem = result.problems.find((p) => p.place.endsWith('.header.validatorsHash'));
  assert.ok(problem !== undefined, result.problems.map((p) => p.place).join(', '));
  assert.equal(problem.code, 'not_trusted');
  assert.ok(result.problems.some((p) => p.place === '$.validatorSets[1].hash' && p.code === 'not_trusted'));
});

test('a block after the hand-over re-signed by the retired set is refused: the set in effect there is the new one', () => {
  // The one validator's key is in both sets (power 1, then 5): it can sign a commit "of the old set".
  const forged = structuredClone(report);
  const index = forged.blocks.findIndex((b) => b.header.height >= updateHeight + 2);
  assert.ok(index > 0);
  const oldHash = validatorsHash(chain.genesis.validators);
  const header = { ...forged.blocks[index].header, validatorsHash: oldHash, nextValidatorsHash: oldHash };
  const hash = blockHash(header);
  const message = voteSignBytes(chain.genesis.chainId, { type: 'precommit', height: header.height, round: 0, blockHash: hash });
  forged.blocks[index] = { header, commit: { height: header.height, round: 0, blockHash: hash, signatures: [{ validator: chain.validator.address, signature: toHex(chain.validator.sign(message)) }] } };
  const result = verifyReport(serializeReport(forged), { anchor });
  assert.equal(result.ok, false);
  const problem = result.problems.find((p) => p.place === `$.blocks[${index}].header.validatorsHash`);
  assert.ok(problem !== undefined, result.problems.map((p) => `${p.place}: ${p.message}`).join('\n'));
  assert.equal(problem.code, 'not_trusted');
  assert.match(problem.message, /the set in effect there/);
});
