// A header's seed proof as every validator checks it (LocalChain.check/checkSynced, src/chain/seed.ts):
// a flipped bit or a proof by another key makes the block invalid (`bad_seed_proof`, so a nil prevote
// at line 23), and the offline provenance rule gives the same verdict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { blockHash, type Block, type Header } from '../../src/chain/block.ts';
import { parseGenesis } from '../../src/chain/genesis.ts';
import { voteSignBytes } from '../../src/chain/votes.ts';
import { checkSeedProof, ECVRF_SEED, genesisSeed, seedAlpha, seedBeforeBlockOne } from '../../src/chain/seed.ts';
import { fromHex, toHex } from '../../src/crypto/hash.ts';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { vrfProofToHash } from '../../src/crypto/vrf.ts';
import { genesisJson } from '../../src/node/home.ts';
import { LocalChain } from '../../src/node/local-chain.ts';
import { MemoryStore } from '../sim/memory-store.ts';

const alice = new KeyPair(new Uint8Array(32).fill(11));
const bob = new KeyPair(new Uint8Array(32).fill(12));
const genesis = parseGenesis(genesisJson('agora-seed', 1_700_000_000_000, [alice, bob], []));

async function chain(): Promise<LocalChain> {
  const local = new LocalChain(genesis, new MemoryStore(() => {}), verifyEd25519);
  await local.init();
  return local;
}

function withProof(block: Block, seedProof: string): Block {
  return { ...block, header: { ...block.header, seedProof } };
}

test('a block whose seed proof is its proposer\'s proof over alpha(1, seed 0) checks; its seed is the proof\'s beta', async () => {
  const builder = await chain();
  const built = builder.build(alice.address, 1_700_000_001_000, [], (alpha) => alice.proveSeed(alpha));
  assert.deepEqual(built.seed, vrfProofToHash(fromHex(built.block.header.seedProof)));
  const checker = await chain();
  assert.deepEqual(checker.seed, genesisSeed(genesis.hash), 'seed(0) comes from the genesis hash');
  assert.equal(checker.check(built.block, alice.address, 1_700_000_001_000, () => false), null);
});

test('a flipped proof bit, a proof by the wrong key, or over the wrong seed is refused: bad_seed_proof', async () => {
  const builder = await chain();
  const built = builder.build(alice.address, 1_700_000_001_000, [], (alpha) => alice.proveSeed(alpha));
  const proof = fromHex(built.block.header.seedProof);
  const alpha = seedAlpha(genesisSeed(genesis.hash), 1);
  const forged: [string, string][] = [];
  for (const bit of [0, 7, 32 * 8 + 3, 48 * 8, 79 * 8 + 6]) {
    const flipped = proof.slice();
    flipped[bit >> 3] ^= 1 << (bit & 7);
    forged.push([`bit ${bit} flipped`, toHex(flipped)]);
  }
  forged.push(['proof by bob over the right alpha', toHex(bob.proveSeed(alpha))]);
  forged.push(['proof by alice over another seed', toHex(alice.proveSeed(seedAlpha(new Uint8Array(64), 1)))]);
  forged.push(['proof by alice over another height', toHex(alice.proveSeed(seedAlpha(genesisSeed(genesis.hash), 2)))]);
  const checker = await chain();
  for (const [what, seedProof] of forged) {
    const block = withProof(built.block, seedProof);
    assert.equal(checker.check(block, alice.address, 1_700_000_001_000, () => false)?.code, 'bad_seed_proof', what);
    assert.equal(checkSeedProof(block.header, genesisSeed(genesis.hash), alice.publicKey, ECVRF_SEED), null, `${what}: the offline rule agrees`);
  }
  // Bob's own proof in a block that names bob as its proposer is fine: the key must match the proposer.
  const asBob = { ...built.block, header: { ...built.block.header, proposer: bob.address, seedProof: toHex(bob.proveSeed(alpha)) } };
  assert.notEqual(checkSeedProof(asBob.header, genesisSeed(genesis.hash), bob.publicKey, ECVRF_SEED), null);
  assert.notEqual(blockHash(asBob.header), blockHash(built.block.header));
});

test('a synced block with a bad seed proof is refused too, before execution', async () => {
  const builder = await chain();
  const built = builder.build(alice.address, 1_700_000_001_000, [], (alpha) => alice.proveSeed(alpha));
  const proof = fromHex(built.block.header.seedProof);
  proof[40] ^= 0x10;
  const block = withProof(built.block, toHex(proof));
  const hash = blockHash(block.header);
  const message = voteSignBytes(genesis.chainId, { type: 'precommit', height: 1, round: 0, blockHash: hash });
  const commit = { height: 1, round: 0, blockHash: hash, signatures: [alice, bob].map((k) => ({ validator: k.address, signature: k.sign(message) })) };
  const checker = await chain();
  const result = checker.checkSynced(block, commit);
  assert.ok('code' in result && result.code === 'bad_seed_proof', JSON.stringify('code' in result ? result : 'accepted'));
});

test('the committed header vector carries its proposer\'s real proof over alpha(1) of its genesis (spec/encoding.md §8)', () => {
  const vectors = JSON.parse(readFileSync(new URL('../codec/vectors/encoding.json', import.meta.url), 'utf8')) as {
    objects: { header: { value: Header }; validators: { value: { address: string; publicKey: string }[] } };
  };
  const header = vectors.objects.header.value;
  const proposer = vectors.objects.validators.value.find((v) => v.address === header.proposer)!;
  const seed = checkSeedProof(header, seedBeforeBlockOne(header), fromHex(proposer.publicKey), ECVRF_SEED);
  assert.ok(seed !== null, 'the vector\'s proof verifies');
  assert.deepEqual(seed, vrfProofToHash(fromHex(header.seedProof)), 'seed(1) is its beta');
});
