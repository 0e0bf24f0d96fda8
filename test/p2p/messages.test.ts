// The wire messages (src/p2p/messages.ts, spec/p2p.md §Messages): round trips, size bounds checked
// before parsing, refusals of wrong tags and versions, consistency checks, and decoders that throw
// only CodecError on any bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { blockHash, encodeBlock } from '../../src/chain/block.ts';
import { BLOCK_BYTES_MAX, BLOCK_ENCODED_BYTES_MAX, BLOCK_TXS_MAX } from '../../src/chain/limits.ts';
import { fromHex } from '../../src/crypto/hash.ts';
import { decode, encode, type CborValue } from '../../src/codec/cbor.ts';
import { CodecError } from '../../src/codec/errors.ts';
import * as limits from '../../src/p2p/limits.ts';
import * as m from '../../src/p2p/messages.ts';
import { HEADER_FORMAT_VERSION } from '../../src/chain/versions.ts';
import { sampleBlock, sampleCommit, sampleProposal, sampleVote, CHAIN_ID, GENESIS_HASH } from './samples.ts';

function codeOf(run: () => unknown): CodecError['code'] | 'no error' {
  try {
    run();
  } catch (error) {
    if (error instanceof CodecError) return error.code;
    throw error;
  }
  return 'no error';
}

function synced(height: number, txs?: Uint8Array[]): m.SyncedBlock {
  const block = sampleBlock(height, txs);
  return { block, commit: sampleCommit(block) };
}

test('every message round-trips and re-encodes to the same bytes', () => {
  const block = sampleBlock(3, [new Uint8Array([1]), new Uint8Array([2, 3])]);
  const cases: [Uint8Array, (bytes: Uint8Array) => unknown, (value: never) => Uint8Array][] = [
    [m.encodeTxBatchMessage({ txs: [new Uint8Array([9, 9]), new Uint8Array([1])] }), m.decodeTxBatchMessage, m.encodeTxBatchMessage],
    [m.encodeProposalMessage({ proposal: sampleProposal(block, 3), block }), m.decodeProposalMessage, m.encodeProposalMessage],
    [m.encodeVoteMessage({ vote: sampleVote(3) }), m.decodeVoteMessage, m.encodeVoteMessage],
    [m.encodeVoteMessage({ vote: { ...sampleVote(3), type: 'precommit', blockHash: null } }), m.decodeVoteMessage, m.encodeVoteMessage],
    [m.encodeBlockSyncRequest({ fromHeight: 5, toHeight: 68 }), m.decodeBlockSyncRequest, m.encodeBlockSyncRequest],
    [m.encodeBlockSyncResponse({ blocks: [synced(4), synced(5)] }), m.decodeBlockSyncResponse, m.encodeBlockSyncResponse],
    [m.encodeBlockSyncResponse({ blocks: [] }), m.decodeBlockSyncResponse, m.encodeBlockSyncResponse],
    [m.encodeStatusMessage({ chainId: CHAIN_ID, genesisHash: GENESIS_HASH, height: 12, headerVersion: HEADER_FORMAT_VERSION }), m.decodeStatusMessage, m.encodeStatusMessage],
  ];
  for (const [bytes, decodeMessage, encodeMessage] of cases) {
    assert.deepEqual(encodeMessage(decodeMessage(bytes) as never), bytes);
  }
  assert.deepEqual(m.decodeProposalMessage(m.encodeProposalMessage({ proposal: sampleProposal(block, 3), block })), { proposal: sampleProposal(block, 3), block });
  assert.deepEqual(m.decodeStatusMessage(m.encodeStatusMessage({ chainId: CHAIN_ID, genesisHash: GENESIS_HASH, height: 12, headerVersion: HEADER_FORMAT_VERSION })), { chainId: CHAIN_ID, genesisHash: GENESIS_HASH, height: 12, headerVersion: HEADER_FORMAT_VERSION });
});

test('a message names its type and version; another type or version is refused', () => {
  const vote = m.encodeVoteMessage({ vote: sampleVote(1) });
  assert.equal(codeOf(() => m.decodeTxBatchMessage(vote)), 'bad_shape');
  const wrongVersion = encode({ type: 'txs', v: 2, txs: [new Uint8Array([1])] });
  assert.equal(codeOf(() => m.decodeTxBatchMessage(wrongVersion)), 'bad_shape');
  const extraField = encode({ type: 'txs', v: 1, txs: [new Uint8Array([1])], more: 1 });
  assert.equal(codeOf(() => m.decodeTxBatchMessage(extraField)), 'bad_shape');
  // The single-tx message of txs/1 is no batch.
  assert.equal(codeOf(() => m.decodeTxBatchMessage(encode({ type: 'tx', v: 1, tx: new Uint8Array([1]) }))), 'bad_shape');
  const nonCanonical = new Uint8Array([...m.encodeTxBatchMessage({ txs: [new Uint8Array([1])] })]);
  nonCanonical[0] = 0xbf; // indefinite-length map header
  assert.notEqual(codeOf(() => m.decodeTxBatchMessage(nonCanonical)), 'no error');
});

test('sizes are checked before parsing, against each message bound', () => {
  const cases: [number, (bytes: Uint8Array) => unknown][] = [
    [limits.TX_BATCH_MESSAGE_BYTES_MAX, m.decodeTxBatchMessage],
    [limits.VOTE_MESSAGE_BYTES_MAX, m.decodeVoteMessage],
    [limits.PROPOSAL_MESSAGE_BYTES_MAX, m.decodeProposalMessage],
    [limits.BLOCK_SYNC_REQUEST_BYTES_MAX, m.decodeBlockSyncRequest],
    [limits.BLOCK_SYNC_RESPONSE_BYTES_MAX, m.decodeBlockSyncResponse],
    [limits.STATUS_MESSAGE_BYTES_MAX, m.decodeStatusMessage],
  ];
  for (const [max, decodeMessage] of cases) {
    // Not even CBOR: only the size check can explain `too_large`.
    assert.equal(codeOf(() => decodeMessage(new Uint8Array(max + 1).fill(0xff))), 'too_large', `bound ${max}`);
    assert.notEqual(codeOf(() => decodeMessage(new Uint8Array(max).fill(0xff))), 'too_large');
  }
  assert.equal(codeOf(() => m.encodeTxBatchMessage({ txs: [new Uint8Array(16 * 1024 + 1)] })), 'too_large');
  assert.equal(codeOf(() => m.encodeTxBatchMessage({ txs: [new Uint8Array(16 * 1024)] })), 'no error');
  assert.equal(codeOf(() => m.encodeVoteMessage({ vote: { ...sampleVote(1), validator: 'a'.repeat(3000) } })), 'too_large');
});

test('a block-sync request spans 1 to BLOCK_SYNC_MAX_BLOCKS heights from height 1 on', () => {
  const max = limits.BLOCK_SYNC_MAX_BLOCKS;
  assert.equal(codeOf(() => m.encodeBlockSyncRequest({ fromHeight: 1, toHeight: max })), 'no error');
  assert.equal(codeOf(() => m.encodeBlockSyncRequest({ fromHeight: 1, toHeight: max + 1 })), 'bad_shape');
  assert.equal(codeOf(() => m.encodeBlockSyncRequest({ fromHeight: 0, toHeight: 1 })), 'bad_shape');
  assert.equal(codeOf(() => m.encodeBlockSyncRequest({ fromHeight: 5, toHeight: 4 })), 'bad_shape');
  const tooMany = encode({ type: 'blockSyncRequest', v: 1, fromHeight: 1, toHeight: max + 1 });
  assert.equal(codeOf(() => m.decodeBlockSyncRequest(tooMany)), 'bad_shape');
});

test('a proposal must be for the block it carries; a response commit for its block, heights consecutive', () => {
  const block = sampleBlock(3);
  const other = sampleBlock(4);
  const proposalFor = (hash: string, height: number) => ({ height, round: 0, blockHash: fromHex(hash), polRound: -1, proposer: 'agora1proposer', signature: new Uint8Array(64) });
  const wellFormed = encode({ type: 'proposal', v: 1, proposal: proposalFor(blockHash(block.header), 3), block: encodeBlock(block) });
  assert.equal(codeOf(() => m.decodeProposalMessage(wellFormed)), 'no error');
  const mismatched = encode({ type: 'proposal', v: 1, proposal: proposalFor(blockHash(other.header), 3), block: encodeBlock(block) });
  assert.equal(codeOf(() => m.decodeProposalMessage(mismatched)), 'bad_shape');
  const badPolRound = m.encodeProposalMessage({ proposal: { ...sampleProposal(block, 2), polRound: 2 }, block });
  assert.equal(codeOf(() => m.decodeProposalMessage(badPolRound)), 'bad_shape');
  const gap = m.encodeBlockSyncResponse({ blocks: [synced(4), synced(6)] });
  assert.equal(codeOf(() => m.decodeBlockSyncResponse(gap)), 'bad_shape');
  const wrongCommit = m.encodeBlockSyncResponse({ blocks: [{ block: sampleBlock(4), commit: sampleCommit(sampleBlock(5)) }] });
  assert.equal(codeOf(() => m.decodeBlockSyncResponse(wrongCommit)), 'bad_shape');
});

test('a server response keeps the consecutive prefix that fits the byte bound', () => {
  const request = { fromHeight: 2, toHeight: 9 };
  const prefix = m.encodeBlockSyncResponseFor(request, [synced(2), synced(3), synced(5)]);
  assert.equal(prefix.count, 2);
  assert.equal(m.decodeBlockSyncResponse(prefix.bytes).blocks.length, 2);
  assert.equal(m.encodeBlockSyncResponseFor(request, [synced(3)]).count, 0, 'must start at fromHeight');
  // Blocks of the largest size (3 MiB of txs): five fit in 16 MiB, the sixth does not.
  const big = (h: number): m.SyncedBlock => synced(h, Array.from({ length: 192 }, () => new Uint8Array(16 * 1024).fill(h)));
  const fitted = m.encodeBlockSyncResponseFor(request, [2, 3, 4, 5, 6, 7].map(big));
  assert.equal(fitted.count, 5);
  assert.ok(fitted.bytes.length <= limits.BLOCK_SYNC_RESPONSE_BYTES_MAX);
  assert.equal(m.decodeBlockSyncResponse(fitted.bytes).blocks.length, 5);
});

test('the bounds fit together (limits.ts)', () => {
  assert.ok(limits.BLOCK_SYNC_RESPONSE_BYTES_MAX >= BLOCK_ENCODED_BYTES_MAX + limits.COMMIT_BYTES_MAX + 1024, 'one largest block always fits a response');
  assert.ok(limits.PROPOSAL_MESSAGE_BYTES_MAX < limits.GOSSIP_RPC_BYTES_MAX);
  assert.ok(limits.PROPOSAL_BLOCK_BYTES_MAX < limits.PROPOSAL_MESSAGE_BYTES_MAX);
  assert.ok(BLOCK_ENCODED_BYTES_MAX <= limits.PROPOSAL_BLOCK_BYTES_MAX, 'every valid block can be proposed');
  // The largest block by bytes (BLOCK_BYTES_MAX of txs) and by count (BLOCK_TXS_MAX txs) is proposable.
  for (const txs of [Array.from({ length: BLOCK_BYTES_MAX / (16 * 1024) }, () => new Uint8Array(16 * 1024)), Array.from({ length: BLOCK_TXS_MAX }, () => new Uint8Array(Math.floor(BLOCK_BYTES_MAX / BLOCK_TXS_MAX)))]) {
    const block = sampleBlock(1, txs);
    const bytes = m.encodeProposalMessage({ proposal: { ...sampleProposal(block), proposer: 'a'.repeat(90) }, block });
    assert.equal(m.decodeProposalMessage(bytes).block.txs.length, txs.length);
  }
  const largestVote = m.encodeVoteMessage({ vote: { ...sampleVote(Number.MAX_SAFE_INTEGER, 2 ** 31 - 2), validator: 'a'.repeat(90) } });
  assert.ok(largestVote.length <= limits.VOTE_MESSAGE_BYTES_MAX);
});

test('decoders throw only CodecError on random bytes and on mutated messages', () => {
  const decoders = [m.decodeTxBatchMessage, m.decodeProposalMessage, m.decodeVoteMessage, m.decodeBlockSyncRequest, m.decodeBlockSyncResponse, m.decodeStatusMessage];
  const block = sampleBlock(2);
  const seeds = [
    m.encodeTxBatchMessage({ txs: [new Uint8Array([1, 2])] }),
    m.encodeProposalMessage({ proposal: sampleProposal(block), block }),
    m.encodeVoteMessage({ vote: sampleVote(2) }),
    m.encodeBlockSyncRequest({ fromHeight: 1, toHeight: 2 }),
    m.encodeBlockSyncResponse({ blocks: [synced(2)] }),
    m.encodeStatusMessage({ chainId: CHAIN_ID, genesisHash: GENESIS_HASH, height: 1, headerVersion: HEADER_FORMAT_VERSION }),
  ];
  const mutated = fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([bytes, at, value]) => {
    const copy = new Uint8Array(bytes);
    copy[at % copy.length] = value;
    return copy;
  });
  fc.assert(
    fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), mutated), (bytes) => {
      for (const decodeMessage of decoders) {
        try {
          decodeMessage(bytes);
        } catch (error) {
          if (!(error instanceof CodecError)) throw error;
        }
      }
    }),
    { numRuns: 2_000 },
  );
});

test('a tx batch is bounded in count and bytes, both ways (spec/p2p.md §Tx batches)', () => {
  const { TX_BATCH_TXS_MAX, TX_BATCH_BYTES_MAX, TX_BATCH_MESSAGE_BYTES_MAX, GOSSIP_RPC_BYTES_MAX } = limits;
  // The fullest batch by bytes (256 txs of 2 KiB) and by size of one tx (32 of 16 KiB) fit the message bound.
  const byCount = Array.from({ length: TX_BATCH_TXS_MAX }, () => new Uint8Array(TX_BATCH_BYTES_MAX / TX_BATCH_TXS_MAX).fill(7));
  const bySize = Array.from({ length: TX_BATCH_BYTES_MAX / (16 * 1024) }, () => new Uint8Array(16 * 1024).fill(8));
  for (const txs of [byCount, bySize]) {
    const bytes = m.encodeTxBatchMessage({ txs });
    assert.ok(bytes.length <= TX_BATCH_MESSAGE_BYTES_MAX);
    assert.ok(TX_BATCH_MESSAGE_BYTES_MAX <= GOSSIP_RPC_BYTES_MAX / 4, 'a batch leaves room in an RPC frame');
    assert.equal(m.decodeTxBatchMessage(bytes).txs.length, txs.length);
  }
  // One tx too many, one byte too many, none, or an empty tx: refused by the encoder...
  const tooMany = [...byCount.map((tx) => tx.subarray(1)), new Uint8Array([1])];
  const tooBig = [...bySize, new Uint8Array([1])];
  for (const txs of [tooMany, tooBig, [], [new Uint8Array(0)]]) {
    assert.equal(codeOf(() => m.encodeTxBatchMessage({ txs })), 'too_large');
    // ...and by the decoder, which reads what a peer could send.
    const raw = encode({ type: 'txs', v: 1, txs });
    if (raw.length <= TX_BATCH_MESSAGE_BYTES_MAX) assert.equal(codeOf(() => m.decodeTxBatchMessage(raw)), 'bad_shape');
  }
  // A batch entry that is not bytes.
  assert.equal(codeOf(() => m.decodeTxBatchMessage(encode({ type: 'txs', v: 1, txs: [new Uint8Array([1]), 'tx'] }))), 'bad_shape');
});

test('status: the header format version is a field of its own; a status without it (status/1) is bad_shape', () => {
  const status = { chainId: CHAIN_ID, genesisHash: GENESIS_HASH, height: 7, headerVersion: HEADER_FORMAT_VERSION + 1 };
  assert.deepEqual(m.decodeStatusMessage(m.encodeStatusMessage(status)), status);
  const withoutVersion = encode({ type: 'status', v: 1, chainId: CHAIN_ID, genesisHash: fromHex(GENESIS_HASH), height: 7 });
  assert.equal(codeOf(() => m.decodeStatusMessage(withoutVersion)), 'bad_shape');
  // The largest status (a 64-character chain id, the largest height and version) is within its bound, as spec/p2p.md §4 says.
  const largest = m.encodeStatusMessage({ chainId: 'c'.repeat(64), genesisHash: GENESIS_HASH, height: 2 ** 53 - 1, headerVersion: 2 ** 32 - 1 });
  assert.ok(largest.length <= 171 && largest.length <= limits.STATUS_MESSAGE_BYTES_MAX, `${largest.length} bytes`);
});

test('headerVersionServed names the first header of another version in a block-sync response, 0 for none, null for other faults', () => {
  const ours = HEADER_FORMAT_VERSION;
  const block = sampleBlock(4);
  const response = (version: number | undefined): Uint8Array => {
    const decoded = decode(encodeBlock(block)) as { header: { [key: string]: CborValue } };
    if (version === undefined) delete decoded.header.version;
    else decoded.header.version = version;
    return encode({ type: 'blockSyncResponse', v: 1, blocks: [{ block: encode(decoded as unknown as CborValue), commit: null }] });
  };
  assert.equal(m.headerVersionServed(response(ours + 1), ours), ours + 1);
  assert.equal(m.headerVersionServed(response(undefined), ours), 0);
  assert.equal(m.headerVersionServed(response(ours), ours), null);
  assert.equal(m.headerVersionServed(new Uint8Array([0xff, 0x00]), ours), null);
});
