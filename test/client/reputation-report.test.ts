// Reputation reports (spec/reputation.md §4) on an in-process validator: real trades and reviews
// commit; the node's report of the seller verifies offline with the SDK alone against the genesis;
// without an anchor it is never proven; one changed byte fails, naming the place; a review left out
// fails the completeness check; the HTTP-facing queries hide a rating until it is shown.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { anchorFromGenesis, type TrustAnchor } from '../../src/client/provenance/anchor.ts';
import { readReputationReport } from '../../src/client/reputation/read.ts';
import { serializeReputationReport } from '../../src/client/reputation/report.ts';
import { verifyReputationReport } from '../../src/client/reputation/verify.ts';
import { verifyEd25519Node } from '../../src/crypto/ed25519-node.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import type { AgoraNode } from '../../src/node/node.ts';
import { queryReputation, queryReviews } from '../../src/node/reputation-queries.ts';
import { NodeError } from '../../src/node/errors.ts';
import { forgerSet } from '../helpers/forge-report.ts';
import { forgeReputationReport } from '../helpers/forge-reputation.ts';
import { openTestNode, removeTestChain, testChain, type TestChain } from '../helpers/node.ts';
import { Market, runReputationScenario } from '../helpers/reputation.ts';

let chain: TestChain;
let node: AgoraNode;
let anchor: TrustAnchor;
let alice: KeyPair;
let bob: KeyPair;
let carol: KeyPair;
let text: string;
before(async () => {
  chain = testChain(3, 'agora-reputation');
  anchor = anchorFromGenesis(chain.genesis);
  node = await openTestNode(chain, { blockTimeMs: 10, idleBlockMs: 50 });
  node.start();
  [alice, bob, carol] = chain.funded;
  await runReputationScenario(new Market(node, chain.genesis.chainId), alice, bob, carol);
  text = node.reader.reputationReport(alice.address);
});

after(async () => {
  await node?.stop();
  removeTestChain(chain);
});

test('the report of a seller verifies offline against the genesis: aggregates, score and both reviews proven', () => {
  const result = verifyReputationReport(text, { anchor, verify: verifyEd25519Node });
  assert.deepEqual(result.problems, []);
  assert.equal(result.ok, true);
  assert.equal(result.subject, alice.address);
  assert.deepEqual(result.aggregates, { trades: '2', reviews: '2', ratingSum: '7', weight: '400', weightedSum: '1700', negatives: '1', disputesLost: '0', counterparties: '2' });
  assert.equal(result.scorePpm, '812500');
  assert.deepEqual(result.reviews.map((r) => [r.reviewer, r.rating, r.amount]).sort(), [[bob.address, 5, '300'], [carol.address, 2, '100']].sort());
  // The browser-safe verifier agrees.
  assert.equal(verifyReputationReport(text, { anchor }).ok, true);
});

test('without a trust anchor the report is never proven: the first problem is no_trust_anchor', () => {
  const result = verifyReputationReport(text, { anchor: null });
  assert.equal(result.ok, false);
  assert.equal(result.problems[0].code, 'no_trust_anchor');
  assert.equal(result.problems.length, 1, 'consistent with its own signatures, but not proven');
  const otherChain = verifyReputationReport(text, { anchor: { validatorsHash: '11'.repeat(32) } });
  assert.equal(otherChain.ok, false);
  assert.deepEqual([otherChain.problems[0].place, otherChain.problems[0].code], ['$.validatorSets[0].hash', 'not_trusted']);
});

/** `text` with the hex digit at `index` changed to another. */
function flipHex(source: string, index: number): string {
  const c = source[index];
  assert.match(c, /[0-9a-f]/);
  return source.slice(0, index) + (c === '0' ? '1' : '0') + source.slice(index + 1);
}

function valueIndex(source: string, anchorText: string): number {
  const at = source.indexOf(anchorText);
  assert.ok(at >= 0, anchorText);
  return source.indexOf('"value": "', at) + '"value": "'.length + 10;
}

test('one changed byte fails, naming the place: the aggregates, a review, a trade, the block', () => {
  const report = readReputationReport(text);
  const cases: [string, string, string][] = [
    ['the aggregates', flipHex(text, valueIndex(text, '"aggregates"')), '$.aggregates'],
    ['a review', flipHex(text, valueIndex(text, '"review": {')), '$.reviews[0].review'],
    ['a trade', flipHex(text, valueIndex(text, '"trade": {')), '$.reviews[0].trade'],
    ['the state root', flipHex(text, text.indexOf('"stateRoot": "') + 20), '$.block.commit'],
    ['a signature', flipHex(text, text.indexOf('"signature": "') + 20), '$.block.commit'],
    ['the layout', text.replace('"subject"', ' "subject"'), '$'],
  ];
  for (const [what, changed, place] of cases) {
    assert.notEqual(changed, text, what);
    const result = verifyReputationReport(changed, { anchor });
    assert.equal(result.ok, false, what);
    assert.equal(result.problems[0].place, place, `${what}: ${JSON.stringify(result.problems)}`);
  }
  assert.equal(report.reviews.length, 2);
});

test('every byte matters: each of a sample of single-character changes fails with a place', () => {
  for (let i = 0; i < text.length; i += 37) {
    const c = text[i];
    const replacement = /[0-9]/.test(c) ? String((Number(c) + 1) % 10) : c === 'a' ? 'b' : c === ' ' ? '\t' : c === '"' ? "'" : 'a';
    const changed = text.slice(0, i) + replacement + text.slice(i + 1);
    const result = verifyReputationReport(changed, { anchor });
    assert.equal(result.ok, false, `character ${i} (${JSON.stringify(c)} → ${JSON.stringify(replacement)})`);
    assert.match(result.problems[0].place, /^\$/);
  }
});

test('a review left out fails the completeness check, even re-serialised canonically', () => {
  const report = readReputationReport(text);
  const dropped = serializeReputationReport({ ...report, reviews: report.reviews.slice(1) });
  const result = verifyReputationReport(dropped, { anchor });
  assert.equal(result.ok, false);
  assert.equal(result.problems[0].place, '$.reviews');
  assert.match(result.problems[0].message, /not complete|distinct reviewers/);
});

test('queries: the aggregates and score; a rating is hidden until the review is shown', () => {
  const height = node.chain.height;
  const reputation = queryReputation(node.store, alice.address, height);
  assert.equal(reputation.scorePpm, '812500');
  const ofCarol = queryReviews(node.store, carol.address, height).reviews;
  assert.equal(ofCarol.length, 1);
  assert.deepEqual([ofCarol[0].reviewer, ofCarol[0].revealed, ofCarol[0].shown, ofCarol[0].rating], [alice.address, false, false, undefined], 'committed, not revealed');
  const ofAlice = queryReviews(node.store, alice.address, height).reviews;
  const byCarol = ofAlice.find((r) => r.reviewer === carol.address)!;
  assert.deepEqual([byCarol.revealed, byCarol.shown, byCarol.rating], [true, false, undefined], 'revealed, but alice has not: hidden');
  const byBob = ofAlice.find((r) => r.reviewer === bob.address)!;
  assert.deepEqual([byBob.shown, byBob.rating], [true, 5], 'both revealed: shown');
  assert.throws(() => node.reader.reputationReport(node.chain.genesis.validators[0].address), (error: unknown) => error instanceof NodeError && error.code === 'not_found');
  assert.throws(() => queryReputation(node.store, 'alice', height), (error: unknown) => error instanceof NodeError && error.code === 'bad_address');
});

// Issue 12's attack 7 against a reputation report: the forger rewrites the aggregates (1 000 trades)
// in a state trie of its own and signs the block with fresh keys (test/helpers/forge-reputation.ts).
// It checks out against its own validator set, so only the anchor tells it apart.
test('a report re-signed by fresh keys with inflated aggregates: never proven against the real genesis', () => {
  const fake = forgeReputationReport(text);
  const real = verifyReputationReport(fake, { anchor });
  assert.equal(real.ok, false);
  assert.deepEqual([real.problems[0].place, real.problems[0].code], ['$.validatorSets[0].hash', 'not_trusted']);
  const none = verifyReputationReport(fake, { anchor: null });
  assert.equal(none.ok, false);
  assert.equal(none.problems[0].code, 'no_trust_anchor');
  assert.equal(none.problems.length, 1, 'consistent with its own signatures: only the anchor is missing');
  assert.equal(none.aggregates?.trades, '1000', 'what it claims');
});

// The trust rule is one for every report (spec/provenance.md §1.1, src/client/hand-overs.ts): a set
// the report carries is trusted only when a proven hand-over block names it. Replayed: a report that
// carried a set of fresh keys besides the genesis set was PROVEN, while the provenance verifier
// refused the same extra set at its place.
test('a validator set that no proven block hands over to is refused at its place, as in a provenance report', () => {
  const report = readReputationReport(text);
  report.validatorSets.push(forgerSet());
  const result = verifyReputationReport(serializeReputationReport(report), { anchor });
  assert.equal(result.ok, false);
  assert.deepEqual(result.problems.map((p) => [p.place, p.code]), [['$.validatorSets[1].hash', 'not_trusted']]);
  assert.match(result.problems[0].message, /does not follow from the trusted genesis set/);
});
