/**
 * The wire messages of spec/p2p.md §Messages. Each is one canonical CBOR map (src/codec/cbor.ts)
 * holding a `type` tag and a version `v`, with a size bound from limits.ts. Every decoder checks the
 * size before parsing and throws only CodecError; every encoder refuses what its decoder would.
 */
import { EVIDENCE_BYTES_MAX } from '../chain/limits.ts';
import { blockHash, decodeBlock, decodeCommit, encodeBlock, encodeCommit, type Block, type Commit } from '../chain/block.ts';
import { decode, encode, type CborValue } from '../codec/cbor.ts';
import { CodecError } from '../codec/errors.ts';
import { readArray, readBytes, readMap, readSmallUint, readString, type CborMap } from '../codec/shape.ts';
import { ROUND_MAX } from '../consensus/limits.ts';
import type { SignedProposal, SignedVote } from '../consensus/types.ts';
import { fromHex, toHex } from '../crypto/hash.ts';
import { CHAIN_ID_LENGTH_MAX, HEIGHT_MAX, TX_BYTES_MAX } from '../ledger/limits.ts';
import {
  BLOCK_SYNC_MAX_BLOCKS,
  BLOCK_SYNC_REQUEST_BYTES_MAX,
  BLOCK_SYNC_RESPONSE_BYTES_MAX,
  PROPOSAL_MESSAGE_BYTES_MAX,
  STATUS_MESSAGE_BYTES_MAX,
  TX_BATCH_BYTES_MAX,
  TX_BATCH_MESSAGE_BYTES_MAX,
  TX_BATCH_TXS_MAX,
  VOTE_MESSAGE_BYTES_MAX,
  EVIDENCE_MESSAGE_BYTES_MAX,
} from './limits.ts';

/** Version of every message below; a peer speaking another version is refused message by message. */
const MESSAGE_VERSION = 1;
/** Format versions (src/chain/versions.ts) are small; a status carries one up to this. */
const FORMAT_VERSION_MAX = 2 ** 32 - 1;
/** bech32m `agora1…` addresses are far shorter; the bound matches src/chain/block.ts. */
const ADDRESS_LENGTH_MAX = 90;
const SIGNATURE_BYTES = 64;
const HASH_BYTES = 32;

export interface TxBatchMessage {
  /** 1 to TX_BATCH_TXS_MAX canonical txs, together at most TX_BATCH_BYTES_MAX; checked by ingress, not here. */
  txs: Uint8Array[];
}
export interface ProposalMessage {
  proposal: SignedProposal;
  block: Block;
}
export interface VoteMessage {
  vote: SignedVote;
  /**
   * Outside the signed vote: a re-send counter. Gossip drops a message whose bytes it saw in the
   * last two minutes, so a vote re-sent while consensus is stuck (spec/consensus.md C9) carries a new
   * value here to reach the peers that missed it.
   */
  relay?: number;
}
export interface EvidenceMessage {
  /** One piece's canonical bytes (src/chain/evidence.ts), decoded and verified by the node, not here. */
  evidence: Uint8Array;
}
export interface BlockSyncRequest {
  fromHeight: number;
  toHeight: number;
}
export interface SyncedBlock {
  block: Block;
  commit: Commit;
}
export interface BlockSyncResponse {
  /** Consecutive heights, each commit for its block; possibly fewer than asked for, possibly none. */
  blocks: SyncedBlock[];
}
export interface StatusMessage {
  chainId: string;
  /** Lower-case hex SHA-256 of the genesis. */
  genesisHash: string;
  /** Height of the last committed block (0 before the first). */
  height: number;
  /**
   * The format version of the headers the peer reads and serves (src/chain/versions.ts): a node of
   * another version is left out of block sync up front (spec/p2p.md §5).
   */
  headerVersion: number;
}

// ── Envelope ────────────────────────────────────────────────────────────────────────────────────

/** Encodes a message map with its `type` and `v`, refused past `max` bytes (shared with compact-proposal.ts). */
export function seal(type: string, body: { [key: string]: CborValue }, max: number): Uint8Array {
  const bytes = encode({ type, v: MESSAGE_VERSION, ...body });
  if (bytes.length > max) throw new CodecError('too_large', `${type} message is ${bytes.length} bytes, the limit is ${max}`);
  return bytes;
}

/** Decodes a message map of `type` with exactly `fields` besides `type` and `v`, its size checked first. */
export function open(bytes: Uint8Array, type: string, max: number, fields: readonly string[]): CborMap {
  if (!(bytes instanceof Uint8Array)) throw new CodecError('malformed', 'expected bytes');
  if (bytes.length > max) throw new CodecError('too_large', `${type} message is ${bytes.length} bytes, the limit is ${max}`);
  const map = readMap(decode(bytes), type, ['type', 'v', ...fields]);
  if (map.type !== type) throw new CodecError('bad_shape', `${type}.type: expected "${type}"`);
  if (map.v !== MESSAGE_VERSION) throw new CodecError('bad_shape', `${type}.v: expected ${MESSAGE_VERSION}`);
  return map;
}

// ── Consensus values ────────────────────────────────────────────────────────────────────────────

function readRound(value: CborValue | undefined, path: string): number {
  return readSmallUint(value, path, ROUND_MAX);
}

/** −1 (no proof-of-lock round) or a round. */
function readPolRound(value: CborValue | undefined, path: string): number {
  return value === -1 ? -1 : readRound(value, path);
}

function checkedHex(hex: string, path: string): Uint8Array {
  if (typeof hex !== 'string' || !/^[0-9a-f]{64}$/.test(hex)) throw new CodecError('bad_shape', `${path}: expected 32 bytes of lower-case hex`);
  return fromHex(hex);
}

export function encodeProposal(proposal: SignedProposal): CborValue {
  return {
    height: proposal.height,
    round: proposal.round,
    blockHash: checkedHex(proposal.blockHash, 'proposal.blockHash'),
    polRound: proposal.polRound,
    proposer: proposal.proposer,
    signature: proposal.signature,
  };
}

export function decodeProposal(value: CborValue | undefined): SignedProposal {
  const map = readMap(value, 'proposal', ['height', 'round', 'blockHash', 'polRound', 'proposer', 'signature']);
  const round = readRound(map.round, 'proposal.round');
  const polRound = readPolRound(map.polRound, 'proposal.polRound');
  if (polRound >= round) throw new CodecError('bad_shape', 'proposal.polRound: expected -1 or a round below proposal.round');
  return {
    height: readSmallUint(map.height, 'proposal.height', HEIGHT_MAX),
    round,
    blockHash: toHex(readBytes(map.blockHash, 'proposal.blockHash', HASH_BYTES)),
    polRound,
    proposer: readString(map.proposer, 'proposal.proposer', ADDRESS_LENGTH_MAX),
    signature: readBytes(map.signature, 'proposal.signature', SIGNATURE_BYTES),
  };
}

function encodeVote(vote: SignedVote): CborValue {
  return {
    type: vote.type,
    height: vote.height,
    round: vote.round,
    blockHash: vote.blockHash === null ? null : checkedHex(vote.blockHash, 'vote.blockHash'),
    validator: vote.validator,
    signature: vote.signature,
  };
}

function decodeVote(value: CborValue | undefined): SignedVote {
  const map = readMap(value, 'vote', ['type', 'height', 'round', 'blockHash', 'validator', 'signature']);
  if (map.type !== 'prevote' && map.type !== 'precommit') throw new CodecError('bad_shape', 'vote.type: expected "prevote" or "precommit"');
  return {
    type: map.type,
    height: readSmallUint(map.height, 'vote.height', HEIGHT_MAX),
    round: readRound(map.round, 'vote.round'),
    blockHash: map.blockHash === null ? null : toHex(readBytes(map.blockHash, 'vote.blockHash', HASH_BYTES)),
    validator: readString(map.validator, 'vote.validator', ADDRESS_LENGTH_MAX),
    signature: readBytes(map.signature, 'vote.signature', SIGNATURE_BYTES),
  };
}

/** Block bytes as `encodeBlock` writes them; decodeBlock refuses more than BLOCK_ENCODED_BYTES_MAX. */
function readBlockBytes(value: CborValue | undefined, path: string): Block {
  if (!(value instanceof Uint8Array)) throw new CodecError('bad_shape', `${path}: expected block bytes`);
  return decodeBlock(value);
}

// ── Gossip messages ─────────────────────────────────────────────────────────────────────────────

/** Why `txs` cannot be one batch, or null (the bounds of spec/p2p.md §Tx batches). */
function txBatchProblem(txs: readonly unknown[]): string | null {
  if (txs.length === 0 || txs.length > TX_BATCH_TXS_MAX) return `a tx batch holds 1 to ${TX_BATCH_TXS_MAX} txs, not ${txs.length}`;
  let bytes = 0;
  for (const [i, tx] of txs.entries()) {
    if (!(tx instanceof Uint8Array) || tx.length === 0 || tx.length > TX_BYTES_MAX) return `txs[${i}]: expected 1 to ${TX_BYTES_MAX} bytes`;
    bytes += tx.length;
  }
  return bytes > TX_BATCH_BYTES_MAX ? `a tx batch holds at most ${TX_BATCH_BYTES_MAX} bytes of txs, not ${bytes}` : null;
}

export function encodeTxBatchMessage(message: TxBatchMessage): Uint8Array {
  const problem = txBatchProblem(message.txs);
  if (problem !== null) throw new CodecError('too_large', problem);
  return seal('txs', { txs: message.txs }, TX_BATCH_MESSAGE_BYTES_MAX);
}

export function decodeTxBatchMessage(bytes: Uint8Array): TxBatchMessage {
  const map = open(bytes, 'txs', TX_BATCH_MESSAGE_BYTES_MAX, ['txs']);
  const txs = readArray(map.txs, 'txs.txs', 1, TX_BATCH_TXS_MAX);
  const problem = txBatchProblem(txs);
  if (problem !== null) throw new CodecError('bad_shape', `txs.${problem}`);
  return { txs: txs as Uint8Array[] };
}

export function encodeProposalMessage(message: ProposalMessage): Uint8Array {
  return seal('proposal', { proposal: encodeProposal(message.proposal), block: encodeBlock(message.block) }, PROPOSAL_MESSAGE_BYTES_MAX);
}

/** Also checks that the proposal is for the block it carries (same hash and height). */
export function decodeProposalMessage(bytes: Uint8Array): ProposalMessage {
  const map = open(bytes, 'proposal', PROPOSAL_MESSAGE_BYTES_MAX, ['proposal', 'block']);
  const proposal = decodeProposal(map.proposal);
  const block = readBlockBytes(map.block, 'proposal.block');
  if (blockHash(block.header) !== proposal.blockHash) throw new CodecError('bad_shape', 'proposal.blockHash: not the hash of the block carried');
  if (block.header.height !== proposal.height) throw new CodecError('bad_shape', 'proposal.height: not the height of the block carried');
  return { proposal, block };
}

export function encodeVoteMessage(message: VoteMessage): Uint8Array {
  const body: { [key: string]: CborValue } = { vote: encodeVote(message.vote) };
  if (message.relay !== undefined) body.relay = message.relay;
  return seal('vote', body, VOTE_MESSAGE_BYTES_MAX);
}

export function decodeVoteMessage(bytes: Uint8Array): VoteMessage {
  const map = open(bytes, 'vote', VOTE_MESSAGE_BYTES_MAX, ['vote', 'relay']);
  const vote = decodeVote(map.vote);
  return map.relay === undefined ? { vote } : { vote, relay: readSmallUint(map.relay, 'vote.relay', 2 ** 32 - 1) };
}

export function encodeEvidenceMessage(message: EvidenceMessage): Uint8Array {
  if (!(message.evidence instanceof Uint8Array) || message.evidence.length > EVIDENCE_BYTES_MAX) throw new CodecError('too_large', `evidence is at most ${EVIDENCE_BYTES_MAX} bytes`);
  return seal('evidence', { evidence: message.evidence }, EVIDENCE_MESSAGE_BYTES_MAX);
}

export function decodeEvidenceMessage(bytes: Uint8Array): EvidenceMessage {
  const map = open(bytes, 'evidence', EVIDENCE_MESSAGE_BYTES_MAX, ['evidence']);
  if (!(map.evidence instanceof Uint8Array) || map.evidence.length === 0 || map.evidence.length > EVIDENCE_BYTES_MAX) {
    throw new CodecError('bad_shape', `evidence.evidence: expected 1 to ${EVIDENCE_BYTES_MAX} bytes`);
  }
  return { evidence: map.evidence };
}

// ── Request/response messages ───────────────────────────────────────────────────────────────────

function checkRange(fromHeight: CborValue | undefined, toHeight: CborValue | undefined): BlockSyncRequest {
  const from = readSmallUint(fromHeight, 'blockSyncRequest.fromHeight', HEIGHT_MAX);
  const to = readSmallUint(toHeight, 'blockSyncRequest.toHeight', HEIGHT_MAX);
  if (from < 1) throw new CodecError('bad_shape', 'blockSyncRequest.fromHeight: expected at least 1');
  if (to < from || to - from >= BLOCK_SYNC_MAX_BLOCKS) {
    throw new CodecError('bad_shape', `blockSyncRequest.toHeight: expected fromHeight to fromHeight + ${BLOCK_SYNC_MAX_BLOCKS - 1}`);
  }
  return { fromHeight: from, toHeight: to };
}

export function encodeBlockSyncRequest(request: BlockSyncRequest): Uint8Array {
  const { fromHeight, toHeight } = checkRange(request.fromHeight, request.toHeight);
  return seal('blockSyncRequest', { fromHeight, toHeight }, BLOCK_SYNC_REQUEST_BYTES_MAX);
}

export function decodeBlockSyncRequest(bytes: Uint8Array): BlockSyncRequest {
  const map = open(bytes, 'blockSyncRequest', BLOCK_SYNC_REQUEST_BYTES_MAX, ['fromHeight', 'toHeight']);
  return checkRange(map.fromHeight, map.toHeight);
}

export function encodeBlockSyncResponse(response: BlockSyncResponse): Uint8Array {
  if (response.blocks.length > BLOCK_SYNC_MAX_BLOCKS) throw new CodecError('too_large', `a block-sync response holds at most ${BLOCK_SYNC_MAX_BLOCKS} blocks`);
  const blocks = response.blocks.map((entry) => ({ block: encodeBlock(entry.block), commit: encodeCommit(entry.commit) }));
  return seal('blockSyncResponse', { blocks }, BLOCK_SYNC_RESPONSE_BYTES_MAX);
}

/** CBOR framing of one response entry beyond its block and commit bytes: map header, keys, length. */
const ENTRY_FRAMING_BYTES = 32;
/** Envelope of a response beyond its entries: map header, `type`, `v`, `blocks` and the array header. */
const RESPONSE_FRAMING_BYTES = 64;

/**
 * What a server answers: the longest prefix of `entries` that starts at the requested height, has
 * consecutive heights within the request and fits BLOCK_SYNC_RESPONSE_BYTES_MAX. Each block is
 * encoded once. A block too large to fit alone cannot exist (limits.ts), so progress is certain.
 */
export function encodeBlockSyncResponseFor(request: BlockSyncRequest, entries: readonly SyncedBlock[]): { bytes: Uint8Array; count: number } {
  const blocks: CborValue[] = [];
  let total = RESPONSE_FRAMING_BYTES;
  for (const entry of entries) {
    const height = request.fromHeight + blocks.length;
    if (blocks.length >= BLOCK_SYNC_MAX_BLOCKS || height > request.toHeight || entry.block.header.height !== height) break;
    const block = encodeBlock(entry.block);
    const commit = encodeCommit(entry.commit);
    const size = block.length + encode(commit).length + ENTRY_FRAMING_BYTES;
    if (total + size > BLOCK_SYNC_RESPONSE_BYTES_MAX) break;
    total += size;
    blocks.push({ block, commit });
  }
  return { bytes: seal('blockSyncResponse', { blocks }, BLOCK_SYNC_RESPONSE_BYTES_MAX), count: blocks.length };
}

/** Also checks that each commit is for its block and that heights are consecutive. */
export function decodeBlockSyncResponse(bytes: Uint8Array): BlockSyncResponse {
  const map = open(bytes, 'blockSyncResponse', BLOCK_SYNC_RESPONSE_BYTES_MAX, ['blocks']);
  const entries = readArray(map.blocks, 'blockSyncResponse.blocks', 0, BLOCK_SYNC_MAX_BLOCKS);
  const blocks = entries.map((value, i): SyncedBlock => {
    const path = `blockSyncResponse.blocks[${i}]`;
    const entry = readMap(value, path, ['block', 'commit']);
    const block = readBlockBytes(entry.block, `${path}.block`);
    const commit = decodeCommit(entry.commit ?? null);
    if (commit.height !== block.header.height || commit.blockHash !== blockHash(block.header)) {
      throw new CodecError('bad_shape', `${path}.commit: not a commit for the block beside it`);
    }
    return { block, commit };
  });
  for (let i = 1; i < blocks.length; i++) {
    if (blocks[i].block.header.height !== blocks[i - 1].block.header.height + 1) {
      throw new CodecError('bad_shape', `blockSyncResponse.blocks[${i}]: heights are not consecutive`);
    }
  }
  return { blocks };
}

export function encodeStatusMessage(status: StatusMessage): Uint8Array {
  return seal(
    'status',
    {
      chainId: readString(status.chainId, 'status.chainId', CHAIN_ID_LENGTH_MAX),
      genesisHash: checkedHex(status.genesisHash, 'status.genesisHash'),
      height: readSmallUint(status.height, 'status.height', HEIGHT_MAX),
      headerVersion: readSmallUint(status.headerVersion, 'status.headerVersion', FORMAT_VERSION_MAX),
    },
    STATUS_MESSAGE_BYTES_MAX,
  );
}

export function decodeStatusMessage(bytes: Uint8Array): StatusMessage {
  const map = open(bytes, 'status', STATUS_MESSAGE_BYTES_MAX, ['chainId', 'genesisHash', 'height', 'headerVersion']);
  return {
    chainId: readString(map.chainId, 'status.chainId', CHAIN_ID_LENGTH_MAX),
    genesisHash: toHex(readBytes(map.genesisHash, 'status.genesisHash', HASH_BYTES)),
    height: readSmallUint(map.height, 'status.height', HEIGHT_MAX),
    headerVersion: readSmallUint(map.headerVersion, 'status.headerVersion', FORMAT_VERSION_MAX),
  };
}

/**
 * The header format version of a block-sync response whose decoding failed with
 * `unsupported_version`: that of its first header that is not `ours` (0 for a header without one),
 * or null when the bytes show none (then the failure was something else). Read apart from the
 * decoder, which stops at the first fault and keeps only a message.
 */
export function headerVersionServed(bytes: Uint8Array, ours: number): number | null {
  try {
    const entries = (decode(bytes) as CborMap).blocks;
    if (!Array.isArray(entries)) return null;
    for (const entry of entries) {
      const block = (entry as CborMap).block;
      if (!(block instanceof Uint8Array)) return null;
      const version = ((decode(block) as CborMap).header as CborMap).version ?? 0;
      if (version !== ours) return typeof version === 'number' && Number.isSafeInteger(version) && version >= 0 ? version : 0;
    }
  } catch {
    // not even CBOR of that shape: no version to name
  }
  return null;
}
