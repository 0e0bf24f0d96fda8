/**
 * Compact proposals (spec/p2p.md §3.5): a proposal carries its block's header, tx ids and evidence
 * instead of its txs; a peer rebuilds the block from the txs it holds (its mempool, the blocks of
 * recent proposals) and asks the peer that sent it for the rest. The txs already travelled once, in
 * batches; a 5,000-tx proposal shrinks from ~1 MB to ~175 KB.
 */
import { blockHash, decodeHeader, encodeHeader, type Block, type Header } from '../chain/block.ts';
import { BLOCK_TXS_MAX, EVIDENCE_BYTES_MAX, EVIDENCE_PER_BLOCK_MAX } from '../chain/limits.ts';
import { merkleRoot } from '../chain/merkle.ts';
import { CodecError } from '../codec/errors.ts';
import { readArray, readBytes } from '../codec/shape.ts';
import type { SignedProposal } from '../consensus/types.ts';
import { fromHex, sha256Hex, toHex } from '../crypto/hash.ts';
import { TX_BYTES_MAX } from '../ledger/limits.ts';
import { COMPACT_PROPOSAL_MESSAGE_BYTES_MAX, PROPOSAL_TXS_REQUEST_BYTES_MAX, PROPOSAL_TXS_RESPONSE_BYTES_MAX } from './limits.ts';
import { decodeProposal, encodeProposal, open, seal, type ProposalMessage } from './messages.ts';

const HASH_BYTES = 32;

export interface CompactProposalMessage {
  proposal: SignedProposal;
  header: Header;
  /** The block's tx ids (lower-case hex SHA-256 of each tx's bytes), in block order. */
  txIds: string[];
  evidence: Uint8Array[];
}

/** A request for the txs of a proposal that a peer lacks: the block's hash and the missing ids. */
export interface ProposalTxsRequest {
  blockHash: string;
  txIds: string[];
}

/** The answer: the txs asked for, in the order asked. */
export interface ProposalTxsResponse {
  txs: Uint8Array[];
}

/** The tx id of spec/encoding.md (the SHA-256 of the tx's canonical bytes). */
export function txId(bytes: Uint8Array): string {
  return sha256Hex(bytes);
}

/**
 * A proposal's txs must fit one answer to a peer that lacks them all (PROPOSAL_TXS_RESPONSE_BYTES_MAX,
 * 3.5 MiB: every block the chain allows does); a larger block is refused before it is sent.
 */
export function compactOf(message: ProposalMessage): CompactProposalMessage {
  const { proposal, block } = message;
  const answerBytes = block.txs.reduce((sum, tx) => sum + tx.length + 3, 1024);
  if (answerBytes > PROPOSAL_TXS_RESPONSE_BYTES_MAX) throw new CodecError('too_large', `a proposal's txs take ${answerBytes} bytes, the limit is ${PROPOSAL_TXS_RESPONSE_BYTES_MAX}`);
  return { proposal, header: block.header, txIds: block.txs.map(txId), evidence: block.evidence };
}

function readIds(value: unknown, path: string, min: number): string[] {
  return readArray(value as never, path, min, BLOCK_TXS_MAX).map((id, i) => toHex(readBytes(id, `${path}[${i}]`, HASH_BYTES)));
}

export function encodeCompactProposalMessage(message: CompactProposalMessage): Uint8Array {
  return seal(
    'compactProposal',
    { proposal: encodeProposal(message.proposal), header: encodeHeader(message.header), txIds: message.txIds.map(fromHex), evidence: message.evidence },
    COMPACT_PROPOSAL_MESSAGE_BYTES_MAX,
  );
}

/**
 * Also checks what the message can say about itself: the proposal is for this header (hash and
 * height), and the ids are the header's txs (their count and Merkle root), so a peer cannot make
 * us fetch txs that are not the block's.
 */
export function decodeCompactProposalMessage(bytes: Uint8Array): CompactProposalMessage {
  const map = open(bytes, 'compactProposal', COMPACT_PROPOSAL_MESSAGE_BYTES_MAX, ['proposal', 'header', 'txIds', 'evidence']);
  const proposal = decodeProposal(map.proposal);
  const header = decodeHeader(map.header ?? null);
  const txIds = readIds(map.txIds, 'compactProposal.txIds', 0);
  const evidence = readArray(map.evidence, 'compactProposal.evidence', 0, EVIDENCE_PER_BLOCK_MAX).map((piece, i) => {
    if (!(piece instanceof Uint8Array) || piece.length > EVIDENCE_BYTES_MAX) throw new CodecError('bad_shape', `compactProposal.evidence[${i}]: expected at most ${EVIDENCE_BYTES_MAX} bytes`);
    return piece;
  });
  if (blockHash(header) !== proposal.blockHash) throw new CodecError('bad_shape', 'compactProposal.proposal.blockHash: not the hash of the header carried');
  if (header.height !== proposal.height) throw new CodecError('bad_shape', 'compactProposal.proposal.height: not the height of the header carried');
  if (txIds.length !== header.txCount || toHex(merkleRoot(txIds)) !== header.txRoot) throw new CodecError('bad_shape', 'compactProposal.txIds: not the txs of the header');
  return { proposal, header, txIds, evidence };
}

export function encodeProposalTxsRequest(request: ProposalTxsRequest): Uint8Array {
  return seal('proposalTxsRequest', { blockHash: fromHex(request.blockHash), txIds: request.txIds.map(fromHex) }, PROPOSAL_TXS_REQUEST_BYTES_MAX);
}

export function decodeProposalTxsRequest(bytes: Uint8Array): ProposalTxsRequest {
  const map = open(bytes, 'proposalTxsRequest', PROPOSAL_TXS_REQUEST_BYTES_MAX, ['blockHash', 'txIds']);
  return { blockHash: toHex(readBytes(map.blockHash, 'proposalTxsRequest.blockHash', HASH_BYTES)), txIds: readIds(map.txIds, 'proposalTxsRequest.txIds', 1) };
}

export function encodeProposalTxsResponse(response: ProposalTxsResponse): Uint8Array {
  return seal('proposalTxsResponse', { txs: response.txs }, PROPOSAL_TXS_RESPONSE_BYTES_MAX);
}

/** The txs answered for `request`: exactly the ones asked for, in order, each hashing to its id; else CodecError. */
export function decodeProposalTxsResponse(bytes: Uint8Array, request: ProposalTxsRequest): Uint8Array[] {
  const map = open(bytes, 'proposalTxsResponse', PROPOSAL_TXS_RESPONSE_BYTES_MAX, ['txs']);
  const txs = readArray(map.txs, 'proposalTxsResponse.txs', 0, BLOCK_TXS_MAX);
  if (txs.length !== request.txIds.length) throw new CodecError('bad_shape', `proposalTxsResponse.txs: ${txs.length} txs for ${request.txIds.length} asked`);
  return txs.map((tx, i) => {
    if (!(tx instanceof Uint8Array) || tx.length === 0 || tx.length > TX_BYTES_MAX) throw new CodecError('bad_shape', `proposalTxsResponse.txs[${i}]: expected 1 to ${TX_BYTES_MAX} bytes`);
    if (txId(tx) !== request.txIds[i]) throw new CodecError('bad_shape', `proposalTxsResponse.txs[${i}]: not the tx asked for`);
    return tx;
  });
}

/** The block of a compact proposal from its txs in id order; null while one is missing. */
export function rebuildBlock(message: CompactProposalMessage, txs: readonly (Uint8Array | undefined)[]): Block | null {
  if (txs.length !== message.txIds.length || txs.some((tx) => tx === undefined)) return null;
  return { header: message.header, txs: txs as Uint8Array[], evidence: message.evidence };
}
