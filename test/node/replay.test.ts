// Catch-up replay (spec/node.md §Catch-up replay): a synced block whose commit verifies is executed
// without checking its txs' signatures again — the commit's signers did — and the commit check stays:
// a block with a bad tx signature under a forged or short commit is refused before any execution.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockHash, type Block, type Commit } from '../../src/chain/block.ts';
import { parseGenesis } from '../../src/chain/genesis.ts';
import { voteSignBytes } from '../../src/chain/votes.ts';
import { verifyEd25519Node } from '../../src/crypto/ed25519-node.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { decodeTx, isRejection } from '../../src/ledger/tx.ts';
import type { DecodedTx } from '../../src/ledger/types.ts';
import { genesisJson } from '../../src/node/home.ts';
import { LocalChain } from '../../src/node/local-chain.ts';
import { MemoryStore } from '../sim/memory-store.ts';
import { signedTx } from '../helpers/node.ts';

const alice = new KeyPair(new Uint8Array(32).fill(21));
const bob = new KeyPair(new Uint8Array(32).fill(22));
const carol = new KeyPair(new Uint8Array(32).fill(23));
const payer = new KeyPair(new Uint8Array(32).fill(24));
const genesis = parseGenesis(genesisJson('agora-replay', 1_700_000_000_000, [alice, bob, carol], [{ address: payer.address, amount: 1_000_000n }]));
const NOW_MS = 1_700_000_001_000;

async function chain(verify = verifyEd25519Node): Promise<LocalChain> {
  const local = new LocalChain(genesis, new MemoryStore(() => {}), verify);
  await local.init();
  return local;
}

function decoded(bytes: Uint8Array): DecodedTx {
  const tx = decodeTx(bytes);
  assert.ok(!isRejection(tx));
  return tx;
}

function transfer(nonce: bigint): Uint8Array {
  return signedTx(payer, genesis.chainId, 'transfer', { transfers: [{ to: bob.address, asset: 'AGR', amount: 5n }] }, nonce);
}

/** Block 1 holding a good tx and one whose signature is broken (a proposer's block no honest validator would prevote). */
async function blockWithBadSignature(): Promise<Block> {
  const bad = transfer(1n);
  bad[bad.length - 3] ^= 1;
  assert.equal(verifyEd25519Node(payer.publicKey, decoded(bad).signBytes, decoded(bad).tx.signatures[0]), false);
  const builder = await chain();
  return builder.build(alice.address, NOW_MS, [decoded(transfer(0n)), decoded(bad)], (alpha) => alice.proveSeed(alpha)).block;
}

function commitBy(block: Block, signers: KeyPair[], as: (KeyPair | null)[] = signers): Commit {
  const hash = blockHash(block.header);
  const message = voteSignBytes(genesis.chainId, { type: 'precommit', height: block.header.height, round: 0, blockHash: hash });
  return { height: block.header.height, round: 0, blockHash: hash, signatures: signers.map((key, i) => ({ validator: (as[i] ?? key).address, signature: key.sign(message) })) };
}

test('a bad tx signature under a forged or short commit is refused: bad_commit, nothing executed', async () => {
  const block = await blockWithBadSignature();
  const forged: [string, Commit][] = [
    ['signed by keys that are not validators, in validators\' names', commitBy(block, [payer, payer, payer], [alice, bob, carol])],
    ['signed by two of three validators: not more than 2/3 of the power', commitBy(block, [alice, bob])],
    ['a commit for another block', { ...commitBy(block, [alice, bob, carol]), blockHash: 'ab'.repeat(32) }],
    ['signatures flipped', { ...commitBy(block, [alice, bob, carol]), signatures: commitBy(block, [alice, bob, carol]).signatures.map((s) => ({ ...s, signature: s.signature.map((b, i) => (i === 9 ? b ^ 1 : b)) })) }],
  ];
  for (const [what, commit] of forged) {
    const checker = await chain();
    const result = checker.checkSynced(block, commit);
    assert.ok('code' in result, `${what}: refused`);
    assert.equal(result.code, 'bad_commit', what);
    assert.equal(checker.height, 0);
  }
});

test('a synced block is executed without re-verifying its txs: only the commit\'s signatures are checked', async () => {
  const builder = await chain();
  const txs = Array.from({ length: 20 }, (_, i) => decoded(transfer(BigInt(i))));
  const built = builder.build(alice.address, NOW_MS, txs, (alpha) => alice.proveSeed(alpha));
  assert.equal(built.block.txs.length, 20);
  let verifies = 0;
  const checker = await chain((publicKey, message, signature) => {
    verifies++;
    return verifyEd25519Node(publicKey, message, signature);
  });
  const result = checker.checkSynced(built.block, commitBy(built.block, [alice, bob, carol]));
  assert.ok(!('code' in result), 'code' in result ? `${result.code}: ${result.message}` : '');
  assert.equal(result.execution.stateRoot, built.execution.stateRoot, 'the replayed state is the builder\'s');
  assert.equal(verifies, 3, 'three commit signatures, no tx signature');
  // The same block proposed live (LocalChain.check) does verify every tx it has not seen: 20.
  verifies = 0;
  const live = await chain((publicKey, message, signature) => {
    verifies++;
    return verifyEd25519Node(publicKey, message, signature);
  });
  assert.equal(live.check(built.block, alice.address, NOW_MS, () => false), null);
  assert.equal(verifies, 20);
});

test('what a valid commit vouches for is taken on its word: the trust the replay rests on, made explicit', async () => {
  // More than 2/3 of the power signed this block; honest validators prevote only blocks whose txs
  // verify, so this cannot happen with fewer than 1/3 faulty — if it does, the validators are the fault.
  const block = await blockWithBadSignature();
  const live = await chain();
  const refusal = live.check(block, alice.address, NOW_MS, () => false);
  assert.equal(refusal?.code, 'bad_tx', 'a validator checking it live refuses it');
  assert.match(refusal?.message ?? '', /bad_signature/);
  const replayer = await chain();
  const result = replayer.checkSynced(block, commitBy(block, [alice, bob, carol]));
  assert.ok(!('code' in result), 'replay does not re-check what the commit vouches for');
});

test('the last blocks\' writes kept in memory are used only for the tip they end with: a block committed by another chain over the same store makes them stale', async () => {
  const builder = await chain();
  const synced: { block: Block; commit: Commit }[] = [];
  for (let height = 1; height <= 3; height++) {
    const built = builder.build(alice.address, NOW_MS + height * 1_000, [decoded(transfer(BigInt(height - 1)))], (alpha) => alice.proveSeed(alpha));
    const commit = commitBy(built.block, [alice, bob, carol]);
    await builder.commit(built, commit);
    synced.push({ block: built.block, commit });
  }
  const store = new MemoryStore(() => {});
  const first = new LocalChain(genesis, store, verifyEd25519Node);
  await first.init();
  const other = new LocalChain(genesis, store, verifyEd25519Node);
  // Block 1 by the first chain (which keeps its writes), block 2 by the other, block 3 by the first
  // again: had it read the payer's balance and nonce from block 1's writes, block 3 would not match.
  for (const [index, local] of [first, other, first].entries()) {
    const { block, commit } = synced[index];
    const checked = local.checkSynced(block, commit);
    assert.ok(!('code' in checked), 'code' in checked ? checked.message : '');
    await local.commit(checked, commit);
  }
  assert.equal(store.getMeta('stateRoot'), synced[2].block.header.stateRoot);
});

test('a proposal whose tx bytes are the mempool\'s own objects is checked on their decoding, not a new one; other bytes are decoded', async () => {
  const txs = [0n, 1n, 2n].map((nonce) => decoded(transfer(nonce)));
  const builder = await chain();
  const built = builder.build(alice.address, NOW_MS, txs, (alpha) => alice.proveSeed(alpha));
  const held = new Map(txs.map((tx) => [tx.bytes, tx]));
  const asked: Uint8Array[] = [];
  const lookup = (bytes: Uint8Array): DecodedTx | undefined => {
    asked.push(bytes);
    return held.get(bytes);
  };
  // As a compact proposal is rebuilt (spec/p2p.md §3.5): the first two from the mempool, the third from a peer's copy.
  const block = { ...built.block, txs: [txs[0].bytes, txs[1].bytes, Uint8Array.from(txs[2].bytes)] };
  const checker = await chain();
  assert.equal(checker.check(block, alice.address, NOW_MS, () => false, lookup), null);
  assert.equal(asked.length, 3);
  const candidate = checker.candidate(blockHash(block.header));
  assert.ok(candidate !== undefined);
  assert.equal(candidate.execution.txs[0], txs[0], 'the mempool\'s decoding is the one executed');
  assert.equal(candidate.execution.txs[1], txs[1]);
  assert.notEqual(candidate.execution.txs[2], txs[2], 'equal bytes in another array are decoded anew');
  assert.equal(candidate.execution.txs[2].id, txs[2].id);
  assert.equal(candidate.execution.stateRoot, built.execution.stateRoot);
});
