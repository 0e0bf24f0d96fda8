// The node's evidence pool and its one way in (spec/node.md §Evidence): verified before kept,
// duplicates and committed offences dropped before any signature check, a peer's invalid piece a
// strike, bounded, kept across a restart, and gone once committed or too old.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duplicateVoteEvidence, encodeEvidence, offenceKey, proposalEvidence, type Evidence } from '../../src/chain/evidence.ts';
import { evidenceStateKey } from '../../src/chain/evidence-block.ts';
import { EVIDENCE_AGE_MAX_HEIGHTS } from '../../src/chain/limits.ts';
import { normalizeValidators } from '../../src/chain/validators.ts';
import { proposalSignBytes, voteSignBytes } from '../../src/chain/votes.ts';
import { encode } from '../../src/codec/cbor.ts';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { sha256Hex, utf8 } from '../../src/crypto/hash.ts';
import { MemoryState } from '../../src/ledger/state.ts';
import { EvidenceIntake } from '../../src/node/evidence-intake.ts';
import { EvidencePool, type PendingEvidenceStore } from '../../src/node/evidence-pool.ts';
import { PENDING_EVIDENCE_MAX } from '../../src/node/limits.ts';
import { keyFromByte } from '../ledger/fixtures.ts';

const CHAIN = 'agora-pool';
const keys = [0x21, 0x22, 0x23, 0x24].map(keyFromByte);
const validators = normalizeValidators(keys.map((k) => ({ address: k.address, publicKey: k.publicKey, power: 10n })));
const blockA = sha256Hex(utf8('A'));
const blockB = sha256Hex(utf8('B'));

function vote(key: (typeof keys)[number], blockHash: string | null, height: number, round = 0) {
  return { type: 'precommit' as const, height, round, blockHash, validator: key.address, signature: key.sign(voteSignBytes(CHAIN, { type: 'precommit', height, round, blockHash })) };
}
const doubleVote = (key: (typeof keys)[number], height: number, round = 0): Evidence => duplicateVoteEvidence(CHAIN, vote(key, blockA, height, round), vote(key, blockB, height, round));

class MemoryPending implements PendingEvidenceStore {
  readonly entries = new Map<string, Uint8Array>();
  loadPendingEvidence(): Uint8Array[] {
    return [...this.entries.values()];
  }
  async savePendingEvidence(offence: string, bytes: Uint8Array): Promise<void> {
    this.entries.set(offence, bytes);
  }
  async removePendingEvidence(offences: readonly string[]): Promise<void> {
    for (const offence of offences) this.entries.delete(offence);
  }
}

function setup(height = 10) {
  const store = new MemoryPending();
  const pool = new EvidencePool(store);
  const state = new MemoryState();
  const published: Uint8Array[] = [];
  const invalid: string[] = [];
  let verifies = 0;
  const at = { height };
  const intake = new EvidenceIntake({
    chainId: CHAIN,
    pool,
    state,
    height: () => at.height,
    validatorsAt: () => validators,
    verify: (publicKey, message, signature) => {
      verifies++;
      return verifyEd25519(publicKey, message, signature);
    },
    publish: (bytes) => published.push(bytes),
    onInvalid: (code) => invalid.push(code),
  });
  return { store, pool, state, published, invalid, intake, at, verifies: () => verifies };
}

test('intake: a peer\'s valid piece is kept and accepted (gossip forwards it); a copy is ignored before any signature check', () => {
  const t = setup();
  const bytes = encodeEvidence(doubleVote(keys[0], 9));
  assert.equal(t.intake.fromPeer(bytes), 'accept');
  assert.equal(t.verifies(), 2);
  assert.equal(t.pool.size, 1);
  assert.equal(t.published.length, 0, 'a peer\'s piece travels on by gossip, not republished');
  assert.equal(t.intake.fromPeer(bytes), 'ignore');
  // Another pair proving the same offence is the same news.
  assert.equal(t.intake.fromPeer(encodeEvidence(duplicateVoteEvidence(CHAIN, vote(keys[0], blockA, 9), vote(keys[0], null, 9)))), 'ignore');
  assert.equal(t.verifies(), 2, 'no signature checked for a held offence');
});

test('intake: an invalid piece from a peer is a strike (reject) and is not kept; undecodable bytes too', () => {
  const t = setup();
  const forged = doubleVote(keys[0], 9) as Extract<Evidence, { kind: 'duplicateVote' }>;
  const bad = { ...forged, second: { ...forged.second, signature: forged.first.signature } };
  assert.equal(t.intake.fromPeer(encodeEvidence(bad)), 'reject');
  assert.equal(t.intake.fromPeer(encodeEvidence(doubleVote(keyFromByte(0x77), 9))), 'reject', 'not a validator');
  assert.equal(t.intake.fromPeer(encodeEvidence({ ...doubleVote(keys[0], 9), chainId: 'other' })), 'reject', 'wrong chain');
  assert.equal(t.intake.fromPeer(new Uint8Array([0xa0])), 'reject');
  assert.equal(t.pool.size, 0);
  assert.deepEqual(t.invalid, ['bad_signature', 'not_a_validator', 'wrong_chain', 'bad_shape'], 'each refusal says why');
});

test('intake: an offence committed already, too old, or too far ahead is ignored (no strike) and not verified', () => {
  const t = setup(200);
  const committed = doubleVote(keys[1], 199);
  t.state.entries.set(evidenceStateKey(offenceKey(committed)), encode({ id: new Uint8Array(32), height: 200 }));
  assert.equal(t.intake.fromPeer(encodeEvidence(committed)), 'ignore');
  assert.equal(t.intake.fromPeer(encodeEvidence(doubleVote(keys[1], 201 - EVIDENCE_AGE_MAX_HEIGHTS - 1))), 'ignore');
  assert.equal(t.intake.fromPeer(encodeEvidence(doubleVote(keys[1], 201 - EVIDENCE_AGE_MAX_HEIGHTS))), 'accept', 'the oldest height a next block can still commit');
  assert.equal(t.intake.fromPeer(encodeEvidence(doubleVote(keys[1], 260))), 'ignore');
  assert.equal(t.verifies(), 2);
});

test('intake: evidence found here (votes, proposals) is kept and published once', () => {
  const t = setup();
  assert.equal(t.intake.fromVotes(vote(keys[2], blockB, 11), vote(keys[2], blockA, 11)), 'accept');
  assert.equal(t.intake.fromVotes(vote(keys[2], blockA, 11), vote(keys[2], blockB, 11)), 'ignore');
  const proposal = (blockHash: string) => ({ height: 11, round: 0, blockHash, polRound: -1, proposer: keys[3].address, signature: keys[3].sign(proposalSignBytes(CHAIN, { height: 11, round: 0, blockHash, polRound: -1 })) });
  assert.equal(t.intake.fromProposals(proposal(blockA), proposal(blockB)), 'accept');
  assert.equal(t.published.length, 2);
  assert.equal(t.verifies(), 0, 'their halves were checked on arrival');
  assert.equal(t.pool.proposals().length, 1);
  assert.deepEqual(t.published[1], encodeEvidence(proposalEvidence(CHAIN, proposal(blockB), proposal(blockA))));
});

test('pool: bounded at PENDING_EVIDENCE_MAX (a new offence past it is dropped); pending is oldest first', () => {
  const pool = new EvidencePool();
  for (let i = 0; i < PENDING_EVIDENCE_MAX; i++) assert.notEqual(pool.add(doubleVote(keys[i % 4], 1000 - Math.floor(i / 4), 0)), null);
  assert.equal(pool.add(doubleVote(keys[0], 5)), null);
  assert.equal(pool.size, PENDING_EVIDENCE_MAX);
  const first = pool.all()[0];
  assert.equal(first.height, 1000 - (PENDING_EVIDENCE_MAX / 4 - 1));
  assert.equal(pool.pending(3).length, 3);
});

test('pool: kept in the store across a restart; committed and too-old pieces leave it', async () => {
  const t = setup();
  t.intake.fromPeer(encodeEvidence(doubleVote(keys[0], 5)));
  t.intake.fromPeer(encodeEvidence(doubleVote(keys[1], 9)));
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(t.store.entries.size, 2);
  const restarted = new EvidencePool(t.store);
  assert.equal(restarted.size, 2);
  assert.ok(restarted.has(offenceKey(doubleVote(keys[1], 9))));
  // Block 10 commits keys[1]'s offence (the store drops it in the block's transaction); at height
  // 5 + EVIDENCE_AGE_MAX_HEIGHTS, keys[0]'s piece can no longer be committed by the next block.
  restarted.afterCommit([offenceKey(doubleVote(keys[1], 9))], 10);
  assert.equal(restarted.size, 1);
  restarted.afterCommit([], 5 + EVIDENCE_AGE_MAX_HEIGHTS);
  assert.equal(restarted.size, 0);
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(!t.store.entries.has(offenceKey(doubleVote(keys[0], 5))), 'the too-old piece left the store');
});
