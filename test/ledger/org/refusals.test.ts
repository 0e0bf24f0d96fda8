// Every refusal of the org kinds (spec/org.md §5), each leaving the state as it was (but the signer's
// nonce), on one org that moves through contributions and motions; and the Sybil case: addresses that
// join hold no reputation and move nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contractAddressFor } from '../../../src/ledger/accounts/contract-account.ts';
import { encode } from '../../../src/codec/cbor.ts';
import { CODECS } from '../../../src/ledger/kinds-codec.ts';
import { decodeTx, isRejection } from '../../../src/ledger/tx.ts';
import { keyFromByte, CHAIN_ID } from '../fixtures.ts';
import { expectOk } from '../rental-stream-fixtures.ts';
import { ALICE, BOB, CAROL, CHARTER, DAVE, DAY, DOC, ERIN, HOUR, NATIVE, T0, evaluate, foundCoop, newChain, pay, refusedUnchanged, reputationOf, revealScore, salt, voteOn } from './fixtures.ts';

test('contributions: each refusal has its code and changes nothing', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  let t = T0 + 10 * 60_000;
  const next = (): number => (t += 60_000);
  refusedUnchanged(chain, next(), DAVE, 'org.join', { org: BOB.address }, 'unknown_org');
  expectOk(chain.one(next(), DAVE, 'org.join', { org }));
  refusedUnchanged(chain, next(), DAVE, 'org.join', { org }, 'already_member');
  refusedUnchanged(chain, next(), ERIN, 'org.contribute', { org, document: DOC, description: 'x' }, 'not_a_member');
  refusedUnchanged(chain, next(), ALICE, 'transfer', { transfers: [{ to: org, asset: NATIVE, amount: 5n }] }, 'contract_recipient');
  refusedUnchanged(chain, next(), ERIN, 'org.fund', { org, assets: [{ asset: NATIVE, amount: 5000n }] }, 'insufficient_balance');
  const start = T0 + HOUR;
  expectOk(chain.one(start, DAVE, 'org.contribute', { org, document: DOC, description: 'by Dave' }));
  expectOk(chain.one(start + 60_000, ALICE, 'org.contribute', { org, document: DOC, description: 'by Alice' }));
  t = start + 60_000;
  refusedUnchanged(chain, next(), ERIN, 'org.evaluate', evaluate(org, 0, ERIN, 90), 'not_a_member');
  refusedUnchanged(chain, next(), DAVE, 'org.evaluate', evaluate(org, 0, DAVE, 90), 'own_contribution');
  refusedUnchanged(chain, next(), ALICE, 'org.evaluate', evaluate(org, 9, ALICE, 90), 'unknown_contribution');
  refusedUnchanged(chain, next(), DAVE, 'org.evaluate', evaluate(org, 1, DAVE, 90), 'no_reputation');
  expectOk(chain.one(next(), ALICE, 'org.evaluate', evaluate(org, 0, ALICE, 90)));
  refusedUnchanged(chain, next(), ALICE, 'org.evaluate', evaluate(org, 0, ALICE, 10), 'already_evaluated');
  expectOk(chain.one(next(), CAROL, 'org.evaluate', evaluate(org, 0, CAROL, 10)));
  refusedUnchanged(chain, next(), ALICE, 'org.reveal', revealScore(org, 0, 90), 'window_open');
  refusedUnchanged(chain, next(), ALICE, 'org.claim', { org, contribution: 0 }, 'contribution_open');
  refusedUnchanged(chain, next(), BOB, 'org.close', { org, contribution: 0 }, 'window_open');
  // The reveal window.
  t = start + DAY;
  refusedUnchanged(chain, next(), BOB, 'org.evaluate', evaluate(org, 0, BOB, 90), 'window_closed');
  refusedUnchanged(chain, next(), BOB, 'org.reveal', revealScore(org, 0, 90), 'not_evaluated');
  refusedUnchanged(chain, next(), ALICE, 'org.reveal', { org, contribution: 0, value: 90, salt: salt(7) }, 'reveal_mismatch');
  refusedUnchanged(chain, next(), ALICE, 'org.reveal', revealScore(org, 0, 10), 'reveal_mismatch');
  expectOk(chain.one(next(), ALICE, 'org.reveal', revealScore(org, 0, 90)));
  refusedUnchanged(chain, next(), ALICE, 'org.reveal', revealScore(org, 0, 90), 'already_revealed');
  // Carol never reveals: her stake goes to the agreeing side.
  t = start + 2 * DAY;
  refusedUnchanged(chain, next(), CAROL, 'org.reveal', revealScore(org, 0, 10), 'window_closed');
  expectOk(chain.one(next(), BOB, 'org.close', { org, contribution: 0 }));
  refusedUnchanged(chain, next(), BOB, 'org.close', { org, contribution: 0 }, 'contribution_closed');
  refusedUnchanged(chain, next(), BOB, 'org.claim', { org, contribution: 0 }, 'not_evaluated');
  expectOk(chain.one(next(), ALICE, 'org.claim', { org, contribution: 0 }));
  refusedUnchanged(chain, next(), ALICE, 'org.claim', { org, contribution: 0 }, 'already_claimed');
  // Alice's 1 000 was one third of the base: quorum 50 % missed, so no_quorum: Alice gets her stake back, Carol's is gone.
  assert.equal(reputationOf(chain, org, ALICE), 1000n);
  assert.equal(reputationOf(chain, org, CAROL), 900n);
  assert.equal(reputationOf(chain, org, DAVE), 0n);
});

test('motions: each refusal has its code and changes nothing', () => {
  const chain = newChain();
  const org = foundCoop(chain);
  expectOk(chain.one(T0 + 60_000, DAVE, 'org.join', { org }));
  let t = T0 + 2 * 60_000;
  const next = (): number => (t += 60_000);
  refusedUnchanged(chain, next(), ERIN, 'org.propose', { org, action: pay(ERIN, 1n) }, 'not_a_member');
  refusedUnchanged(chain, next(), DAVE, 'org.propose', { org, action: pay(DAVE, 1n) }, 'insufficient_reputation');
  const proposedAt = next();
  expectOk(chain.one(proposedAt, ALICE, 'org.propose', { org, action: pay(DAVE, 10n) }));
  refusedUnchanged(chain, next(), BOB, 'org.execute', { org, motion: 0 }, 'motion_pending');
  refusedUnchanged(chain, next(), BOB, 'org.execute', { org, motion: 5 }, 'unknown_motion');
  refusedUnchanged(chain, next(), ALICE, 'org.object', { org, motion: 0 }, 'bad_parties');
  refusedUnchanged(chain, next(), DAVE, 'org.object', { org, motion: 0 }, 'insufficient_reputation');
  refusedUnchanged(chain, next(), ERIN, 'org.object', { org, motion: 0 }, 'not_a_member');
  refusedUnchanged(chain, next(), BOB, 'org.vote', voteOn(org, 0, BOB, true), 'motion_not_voting');
  // Unobjected past the period, but the treasury is empty: the action is refused and nothing changes.
  t = proposedAt + 2 * DAY;
  refusedUnchanged(chain, next(), BOB, 'org.object', { org, motion: 0 }, 'window_closed');
  refusedUnchanged(chain, next(), BOB, 'org.execute', { org, motion: 0 }, 'insufficient_treasury');
  assert.equal(reputationOf(chain, org, ALICE), 900n, 'the stake stays with the undecided motion');
  expectOk(chain.one(next(), ERIN, 'org.fund', { org, assets: [{ asset: NATIVE, amount: 25n }] }));
  expectOk(chain.one(next(), BOB, 'org.execute', { org, motion: 0 }));
  assert.equal(chain.balance(DAVE), 1010n);
  assert.equal(chain.balance(org), 15n);
  assert.equal(reputationOf(chain, org, ALICE), 1000n);
  refusedUnchanged(chain, next(), BOB, 'org.execute', { org, motion: 0 }, 'motion_closed');
  // A charter may not change the half-life.
  const charterAt = next();
  expectOk(chain.one(charterAt, BOB, 'org.propose', { org, action: { type: 'charter', charter: { ...CHARTER, halfLifeMs: DAY } } }));
  t = charterAt + 2 * DAY;
  refusedUnchanged(chain, next(), BOB, 'org.execute', { org, motion: 1 }, 'bad_charter');
  // Objected: votes, and a voter without reputation.
  const objectedMotion = next();
  expectOk(chain.one(objectedMotion, CAROL, 'org.propose', { org, action: { type: 'mint', to: CAROL.address, amount: 1000n } }));
  expectOk(chain.one(next(), BOB, 'org.object', { org, motion: 2 }));
  refusedUnchanged(chain, next(), ALICE, 'org.object', { org, motion: 2 }, 'motion_not_open');
  refusedUnchanged(chain, next(), DAVE, 'org.vote', voteOn(org, 2, DAVE, true), 'no_reputation');
  expectOk(chain.one(next(), ALICE, 'org.vote', voteOn(org, 2, ALICE, false)));
  refusedUnchanged(chain, next(), ALICE, 'org.vote', voteOn(org, 2, ALICE, true), 'already_voted');
  refusedUnchanged(chain, next(), ALICE, 'org.reveal', { org, motion: 2, value: 0, salt: salt(200) }, 'window_open');
  refusedUnchanged(chain, next(), BOB, 'org.execute', { org, motion: 2 }, 'motion_pending');
  refusedUnchanged(chain, next(), BOB, 'org.reveal', { org, motion: 2, value: 0, salt: salt(200) }, 'not_voted');
});

test('a closed org takes members by motion only', () => {
  const chain = newChain();
  const org = foundCoop(chain, T0, { ...CHARTER, open: false });
  refusedUnchanged(chain, T0 + 60_000, DAVE, 'org.join', { org }, 'membership_closed');
  expectOk(chain.one(T0 + 2 * 60_000, ALICE, 'org.propose', { org, action: { type: 'member', address: DAVE.address } }));
  expectOk(chain.one(T0 + 2 * DAY + 2 * 60_000, BOB, 'org.execute', { org, motion: 0 }));
  assert.equal(reputationOf(chain, org, DAVE), 0n);
  expectOk(chain.one(T0 + 2 * DAY + 3 * 60_000, ALICE, 'org.propose', { org, action: { type: 'member', address: DAVE.address } }));
  refusedUnchanged(chain, T0 + 4 * DAY + 4 * 60_000, BOB, 'org.execute', { org, motion: 1 }, 'already_member');
});

test('Sybil: twenty fresh addresses join and try to evaluate; they hold no reputation and move nothing', () => {
  const sybils = Array.from({ length: 20 }, (_, i) => keyFromByte(40 + i));
  const chain = newChain();
  const org = foundCoop(chain);
  const joined = chain.block();
  for (const key of sybils) joined.add(key, 'org.join', { org });
  chain.runAt(T0 + 60_000, joined).forEach(expectOk);
  expectOk(chain.one(T0 + HOUR, ALICE, 'org.contribute', { org, document: DOC, description: 'real work' }));
  let t = T0 + HOUR;
  for (const key of sybils) {
    assert.equal(reputationOf(chain, org, key), 0n);
    refusedUnchanged(chain, (t += 1000), key, 'org.evaluate', evaluate(org, 0, key, 0), 'no_reputation');
    refusedUnchanged(chain, (t += 1000), key, 'org.propose', { org, action: pay(key, 1n) }, 'insufficient_reputation');
  }
  assert.ok(contractAddressFor(CHAIN_ID, ALICE.address, 0n, 0) === org);
});

test('reputation cannot be transferred: no tx kind moves it, and a tx of such a kind is refused unknown_kind', () => {
  // Reputation lives in member records (spec/org.md §2), written only by close, claim and motion
  // stakes; no kind names it as something to give. A wallet that tries anyway gets unknown_kind.
  const kinds = Object.keys(CODECS);
  assert.deepEqual(kinds.filter((kind) => /reput/i.test(kind)), []);
  assert.deepEqual(kinds.filter((kind) => kind.startsWith('org.')).sort(), ['org.claim', 'org.close', 'org.contribute', 'org.create', 'org.evaluate', 'org.execute', 'org.fund', 'org.join', 'org.lock', 'org.object', 'org.propose', 'org.reveal', 'org.unlock', 'org.vote', 'org.withdraw']);
  const body = { chainId: CHAIN_ID, kind: 'org.transferReputation', payload: { to: BOB.address, amount: 10n }, signers: [{ publicKey: ALICE.publicKey, nonce: 0n }], fee: 0n };
  const bytes = encode({ body, signatures: [ALICE.sign(encode(['agora/tx/v1', CHAIN_ID, body]))] });
  const decoded = decodeTx(bytes);
  assert.ok(isRejection(decoded) && decoded.code === 'unknown_kind');
});
