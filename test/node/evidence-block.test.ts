// A block's evidence as every validator checks it (LocalChain.build/check/checkSynced, spec/chain.md
// §3 steps 9 and 13, §6.3): the proposer includes what checks and leaves out the rest; a validator
// refuses a proposal carrying invalid, duplicate, already-committed or too-old evidence, or a header
// whose evidence root is not its evidence's; execution records each offence once and names the
// offenders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockHash, type Block } from '../../src/chain/block.ts';
import { duplicateVoteEvidence, encodeEvidence, offenceKey, proposalEvidence, type Evidence } from '../../src/chain/evidence.ts';
import { committedOffence } from '../../src/chain/evidence-block.ts';
import { parseGenesis } from '../../src/chain/genesis.ts';
import { EVIDENCE_AGE_MAX_HEIGHTS } from '../../src/chain/limits.ts';
import { merkleRootOf } from '../../src/chain/merkle.ts';
import { proposalSignBytes, voteSignBytes } from '../../src/chain/votes.ts';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { sha256Hex, toHex, utf8 } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { genesisJson } from '../../src/node/home.ts';
import { LocalChain } from '../../src/node/local-chain.ts';
import { MemoryStore } from '../sim/memory-store.ts';

const alice = new KeyPair(new Uint8Array(32).fill(21));
const bob = new KeyPair(new Uint8Array(32).fill(22));
const carol = new KeyPair(new Uint8Array(32).fill(23));
const keys = [alice, bob, carol];
const genesis = parseGenesis(genesisJson('agora-evidence', 1_700_000_000_000, keys, []));
const CHAIN = genesis.chainId;
const T0 = 1_700_000_001_000;
const blockA = sha256Hex(utf8('A'));
const blockB = sha256Hex(utf8('B'));

function doubleVote(key: KeyPair, height: number, round = 0): Evidence {
  const vote = (blockHash: string) => ({ type: 'prevote' as const, height, round, blockHash, validator: key.address, signature: key.sign(voteSignBytes(CHAIN, { type: 'prevote', height, round, blockHash })) });
  return duplicateVoteEvidence(CHAIN, vote(blockA), vote(blockB));
}
function twoProposals(key: KeyPair, height: number): Evidence {
  const proposal = (blockHash: string) => ({ height, round: 0, blockHash, polRound: -1, proposer: key.address, signature: key.sign(proposalSignBytes(CHAIN, { height, round: 0, blockHash, polRound: -1 })) });
  return proposalEvidence(CHAIN, proposal(blockA), proposal(blockB));
}

async function chain(): Promise<LocalChain> {
  const local = new LocalChain(genesis, new MemoryStore(() => {}), verifyEd25519);
  await local.init();
  return local;
}

const commitOf = (block: Block) => ({ height: block.header.height, round: 0, blockHash: blockHash(block.header), signatures: [] });

/** Builds the next block on `builder` (alice proposes), has every chain in `followers` check it, and commits it everywhere. */
async function next(builder: LocalChain, followers: LocalChain[], evidence: Uint8Array[] = []): Promise<Block> {
  const built = builder.build(alice.address, T0 + builder.height * 1_000, [], (alpha) => alice.proveSeed(alpha), evidence);
  await builder.commit(built, commitOf(built.block));
  for (const follower of followers) {
    assert.equal(follower.check(built.block, alice.address, T0 + 1_000_000, () => false), null);
    await follower.commit(follower.candidate(built.hash)!, commitOf(built.block));
  }
  return built.block;
}

/** `block` with its header's evidence fields made to fit its evidence, so only the evidence itself is judged. */
function withEvidence(block: Block, evidence: Uint8Array[]): Block {
  return { ...block, evidence, header: { ...block.header, evidenceRoot: toHex(merkleRootOf(evidence)) } };
}

test('the proposer includes checked evidence; validators accept it; execution records each offence once and names the offenders', async () => {
  const builder = await chain();
  const checker = await chain();
  await next(builder, [checker]);
  const pieces = [doubleVote(carol, 1), twoProposals(carol, 1), doubleVote(bob, 1)].map(encodeEvidence);
  const built = builder.build(alice.address, T0 + 5_000, [], (alpha) => alice.proveSeed(alpha), pieces);
  assert.equal(built.block.evidence.length, 3);
  assert.equal(built.block.header.evidenceRoot, toHex(merkleRootOf(pieces)));
  assert.deepEqual(built.execution.offenders, [bob.address, carol.address].sort());
  assert.equal(checker.check(built.block, alice.address, T0 + 60_000, () => false), null);
  const candidate = checker.candidate(built.hash)!;
  assert.deepEqual(candidate.execution.offenders, built.execution.offenders);
  await checker.commit(candidate, commitOf(built.block));
  await builder.commit(built, commitOf(built.block));
  for (const local of [builder, checker]) assert.deepEqual(committedOffence(local.store, offenceKey(doubleVote(carol, 1))), { id: built.execution.evidence[0].id, height: 2 });
  // Once committed, the same offences are left out by a proposer and refused in a proposal.
  const again = builder.build(alice.address, T0 + 6_000, [], (alpha) => alice.proveSeed(alpha), pieces);
  assert.deepEqual(again.block.evidence, []);
  const forced = withEvidence(again.block, [pieces[0]]);
  const problem = checker.check(forced, alice.address, T0 + 60_000, () => false);
  assert.equal(problem?.code, 'bad_evidence');
  assert.match(problem?.message ?? '', /^already_committed: evidence 0/);
});

test('a proposal carrying invalid, duplicate or future evidence is refused (bad_evidence); the proposer leaves such evidence out', async () => {
  const builder = await chain();
  const checker = await chain();
  await next(builder, [checker]);
  const good = encodeEvidence(doubleVote(carol, 1));
  const forgedVote = doubleVote(carol, 1) as Extract<Evidence, { kind: 'duplicateVote' }>;
  const forged = encodeEvidence({ ...forgedVote, second: { ...forgedVote.second, signature: forgedVote.first.signature } });
  const outsider = encodeEvidence(doubleVote(new KeyPair(new Uint8Array(32).fill(99)), 1));
  const future = encodeEvidence(doubleVote(carol, 2));
  const built = builder.build(alice.address, T0 + 5_000, [], (alpha) => alice.proveSeed(alpha), [forged, outsider, future, new Uint8Array([1, 2, 3]), good, good]);
  assert.deepEqual(built.block.evidence, [good], 'only the piece that checks, once');
  const cases: [string, Uint8Array[], RegExp][] = [
    ['a bad signature', [forged], /^bad_signature: evidence 0/],
    ['a non-validator', [good, outsider], /^not_a_validator: evidence 1/],
    ['the same offence twice', [good, encodeEvidence(duplicateVoteEvidence(CHAIN, { type: 'prevote', height: 1, round: 0, blockHash: null, validator: carol.address, signature: carol.sign(voteSignBytes(CHAIN, { type: 'prevote', height: 1, round: 0, blockHash: null })) }, { type: 'prevote', height: 1, round: 0, blockHash: blockA, validator: carol.address, signature: carol.sign(voteSignBytes(CHAIN, { type: 'prevote', height: 1, round: 0, blockHash: blockA })) }))], /^duplicate: evidence 1/],
    ['evidence of the block\'s own height', [future], /^from_future: evidence 0/],
    ['bytes that are not evidence', [new Uint8Array([1, 2, 3])], /^malformed: evidence 0/],
  ];
  for (const [what, evidence, message] of cases) {
    const problem = checker.check(withEvidence(built.block, evidence), alice.address, T0 + 60_000, () => false);
    assert.equal(problem?.code, 'bad_evidence', what);
    assert.match(problem?.message ?? '', message, what);
  }
  // Valid evidence under a header whose root is not its root.
  const wrongRoot = { ...built.block, header: { ...built.block.header, evidenceRoot: toHex(merkleRootOf([])) } };
  assert.equal(checker.check(wrongRoot, alice.address, T0 + 60_000, () => false)?.code, 'evidence_root_mismatch');
  assert.equal(checker.check(built.block, alice.address, T0 + 60_000, () => false), null);
});

test('evidence older than EVIDENCE_AGE_MAX_HEIGHTS is too_old: left out by the proposer, refused in a proposal and in a synced block', async () => {
  const builder = await chain();
  const checker = await chain();
  for (let h = 1; h <= EVIDENCE_AGE_MAX_HEIGHTS; h++) await next(builder, [checker]);
  const atLimit = encodeEvidence(doubleVote(carol, 1));
  const tooOld = encodeEvidence(twoProposals(carol, 1));
  // Block 101 may still commit evidence of height 1 (101 − 1 = 100 heights).
  const built = builder.build(alice.address, T0 + 200_000, [], (alpha) => alice.proveSeed(alpha), [atLimit]);
  assert.equal(built.block.evidence.length, 1);
  assert.equal(checker.check(built.block, alice.address, T0 + 300_000, () => false), null);
  await builder.commit(built, commitOf(built.block));
  await checker.commit(checker.candidate(built.hash)!, commitOf(built.block));
  // Block 102 may not.
  const late = builder.build(alice.address, T0 + 201_000, [], (alpha) => alice.proveSeed(alpha), [tooOld]);
  assert.deepEqual(late.block.evidence, []);
  const forced = withEvidence(late.block, [tooOld]);
  const problem = checker.check(forced, alice.address, T0 + 300_000, () => false);
  assert.equal(problem?.code, 'bad_evidence');
  assert.match(problem?.message ?? '', /^too_old: evidence 0/);
  const hash = blockHash(forced.header);
  const message = voteSignBytes(CHAIN, { type: 'precommit', height: forced.header.height, round: 0, blockHash: hash });
  const commit = { height: forced.header.height, round: 0, blockHash: hash, signatures: keys.map((k) => ({ validator: k.address, signature: k.sign(message) })) };
  const synced = checker.checkSynced(forced, commit);
  assert.ok('code' in synced && synced.code === 'bad_evidence', 'a synced block is held to the same rule');
});
