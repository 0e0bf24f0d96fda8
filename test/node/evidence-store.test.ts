// Pending evidence in the node's LMDB store (spec/store.md, bucket `evidence-pending`): kept across
// a reopen, and removed by the transaction of the block that commits it, together with the offence
// written to the state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blockHash } from '../../src/chain/block.ts';
import { duplicateVoteEvidence, offenceKey } from '../../src/chain/evidence.ts';
import { committedOffence } from '../../src/chain/evidence-block.ts';
import { parseGenesis } from '../../src/chain/genesis.ts';
import { voteSignBytes } from '../../src/chain/votes.ts';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { sha256Hex, utf8 } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { EvidencePool } from '../../src/node/evidence-pool.ts';
import { genesisJson } from '../../src/node/home.ts';
import { LocalChain } from '../../src/node/local-chain.ts';
import { ChainStore } from '../../src/store/chain-store.ts';

const alice = new KeyPair(new Uint8Array(32).fill(31));
const bob = new KeyPair(new Uint8Array(32).fill(32));
const genesis = parseGenesis(genesisJson('agora-evidence-store', 1_700_000_000_000, [alice, bob], []));

test('pending evidence survives a reopen of the store and leaves it with the block that commits it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agora-evidence-store-'));
  try {
    const vote = (blockHash: string | null) => ({ type: 'prevote' as const, height: 1, round: 0, blockHash, validator: bob.address, signature: bob.sign(voteSignBytes(genesis.chainId, { type: 'prevote', height: 1, round: 0, blockHash })) });
    const evidence = duplicateVoteEvidence(genesis.chainId, vote(sha256Hex(utf8('A'))), vote(null));
    let store = new ChainStore(dir);
    await new LocalChain(genesis, store, verifyEd25519).init();
    const errors: unknown[] = [];
    assert.ok(new EvidencePool(store, (error) => errors.push(error)).add(evidence) !== null);
    for (let i = 0; i < 100 && store.loadPendingEvidence().length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    await store.close();

    store = new ChainStore(dir);
    const chain = new LocalChain(genesis, store, verifyEd25519);
    await chain.init();
    const pool = new EvidencePool(store);
    assert.equal(pool.size, 1, 'the pool reloads what the store kept');
    const commit = async (built: ReturnType<LocalChain['build']>): Promise<void> => {
      const hash = blockHash(built.block.header);
      const message = voteSignBytes(genesis.chainId, { type: 'precommit', height: built.block.header.height, round: 0, blockHash: hash });
      await chain.commit(built, { height: built.block.header.height, round: 0, blockHash: hash, signatures: [alice, bob].map((k) => ({ validator: k.address, signature: k.sign(message) })) });
    };
    await commit(chain.build(alice.address, 1_700_000_001_000, [], (alpha) => alice.proveSeed(alpha), pool.pending(32)));
    assert.equal(store.loadPendingEvidence().length, 1, 'evidence of height 1 waits for block 2');
    const second = chain.build(alice.address, 1_700_000_002_000, [], (alpha) => alice.proveSeed(alpha), pool.pending(32));
    assert.equal(second.block.evidence.length, 1);
    await commit(second);
    pool.afterCommit(second.execution.evidence.map((e) => e.offence), 2);
    assert.deepEqual(store.loadPendingEvidence(), []);
    assert.equal(pool.size, 0);
    assert.equal(committedOffence(store, offenceKey(evidence))?.height, 2);
    assert.deepEqual(store.getBlock(2)?.block.evidence.length, 1, 'the stored block keeps its evidence');
    await store.close();
    assert.deepEqual(errors, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
