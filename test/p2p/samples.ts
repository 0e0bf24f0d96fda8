// Sample consensus values for the p2p tests (not valid signatures: the p2p layer does not check them).
import { HEADER_FORMAT_VERSION } from '../../src/chain/versions.ts';
import { blockHash, type Block, type Commit } from '../../src/chain/block.ts';
import { merkleRoot } from '../../src/chain/merkle.ts';
import { sha256Hex, toHex } from '../../src/crypto/hash.ts';
import type { SignedProposal, SignedVote } from '../../src/consensus/types.ts';

export const CHAIN_ID = 'agora-test';
export const GENESIS_HASH = '9e'.repeat(32);

export function seed(n: number): Uint8Array {
  return new Uint8Array(32).fill(n);
}

export function sampleBlock(height: number, txs: Uint8Array[] = [new Uint8Array([1, 2, 3])]): Block {
  return {
    header: {
      version: HEADER_FORMAT_VERSION,
      chainId: CHAIN_ID,
      height,
      timeMs: 1_700_000_000_000 + height * 1000,
      previousHash: '11'.repeat(32),
      // The real root of the txs: a compact proposal's ids are checked against it (spec/p2p.md §3.5).
      txRoot: toHex(merkleRoot(txs.map(sha256Hex))),
      resultsRoot: '55'.repeat(32),
      stateRoot: '33'.repeat(32),
      proposer: 'agora1proposer',
      seedProof: '66'.repeat(80),
      validatorsHash: '44'.repeat(32),
      nextValidatorsHash: '44'.repeat(32),
      txCount: txs.length,
      evidenceRoot: '77'.repeat(32),
    },
    txs,
    evidence: [],
  };
}

export function sampleCommit(block: Block): Commit {
  return { height: block.header.height, round: 0, blockHash: blockHash(block.header), signatures: [{ validator: 'agora1validator', signature: new Uint8Array(64).fill(9) }] };
}

export function sampleProposal(block: Block, round = 0): SignedProposal {
  return { height: block.header.height, round, blockHash: blockHash(block.header), polRound: -1, proposer: 'agora1proposer', signature: new Uint8Array(64).fill(5) };
}

export function sampleVote(height: number, round = 0): SignedVote {
  return { type: 'prevote', height, round, blockHash: 'ab'.repeat(32), validator: 'agora1validator', signature: new Uint8Array(64).fill(7) };
}
