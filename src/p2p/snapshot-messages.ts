/**
 * The state-sync messages (spec/p2p.md §4, §5): an offer request and its answer, a chunk request and
 * its answer. Each decoder checks the size first and throws only CodecError; the checks that need
 * the offer (order, bounds per chunk, the root) are the node's (src/chain/state-snapshot.ts).
 */
import { SNAPSHOT_CHUNK_ENTRIES_MAX, SNAPSHOT_CHUNKS_MAX, SNAPSHOT_ENTRIES_MAX, SNAPSHOT_HANDOVERS_MAX, STATE_KEY_BYTES_MAX, STATE_VALUE_BYTES_MAX } from '../chain/limits.ts';
import type { SnapshotChunk, SnapshotOffer, StateEntry } from '../chain/state-snapshot.ts';
import { CodecError } from '../codec/errors.ts';
import { readArray, readMap, readSmallUint, readString } from '../codec/shape.ts';
import { HEIGHT_MAX } from '../ledger/limits.ts';
import { SNAPSHOT_CHUNK_MESSAGE_BYTES_MAX, SNAPSHOT_CHUNK_REQUEST_BYTES_MAX, SNAPSHOT_OFFER_BYTES_MAX, SNAPSHOT_OFFER_REQUEST_BYTES_MAX } from './limits.ts';
import { open, seal } from './messages.ts';

export interface SnapshotChunkRequest {
  height: number;
  index: number;
}

export function encodeSnapshotOfferRequest(): Uint8Array {
  return seal('snapshotOfferRequest', {}, SNAPSHOT_OFFER_REQUEST_BYTES_MAX);
}

export function decodeSnapshotOfferRequest(bytes: Uint8Array): void {
  open(bytes, 'snapshotOfferRequest', SNAPSHOT_OFFER_REQUEST_BYTES_MAX, []);
}

/** `offer` null: the peer holds no snapshot to serve (it is at genesis). */
export function encodeSnapshotOffer(offer: SnapshotOffer | null): Uint8Array {
  const body = offer === null ? null : { height: offer.height, chunks: offer.chunks, entries: offer.entries, handOvers: offer.handOvers };
  return seal('snapshotOffer', { offer: body }, SNAPSHOT_OFFER_BYTES_MAX);
}

export function decodeSnapshotOffer(bytes: Uint8Array): SnapshotOffer | null {
  const map = open(bytes, 'snapshotOffer', SNAPSHOT_OFFER_BYTES_MAX, ['offer']);
  if (map.offer === null) return null;
  const offer = readMap(map.offer, 'snapshotOffer.offer', ['height', 'chunks', 'entries', 'handOvers']);
  return {
    height: readSmallUint(offer.height, 'snapshotOffer.offer.height', HEIGHT_MAX),
    chunks: readSmallUint(offer.chunks, 'snapshotOffer.offer.chunks', SNAPSHOT_CHUNKS_MAX),
    entries: readSmallUint(offer.entries, 'snapshotOffer.offer.entries', SNAPSHOT_ENTRIES_MAX),
    handOvers: readArray(offer.handOvers, 'snapshotOffer.offer.handOvers', 0, SNAPSHOT_HANDOVERS_MAX).map((h, i) => readSmallUint(h, `snapshotOffer.offer.handOvers[${i}]`, HEIGHT_MAX)),
  };
}

export function encodeSnapshotChunkRequest(request: SnapshotChunkRequest): Uint8Array {
  return seal('snapshotChunkRequest', { height: request.height, index: request.index }, SNAPSHOT_CHUNK_REQUEST_BYTES_MAX);
}

export function decodeSnapshotChunkRequest(bytes: Uint8Array): SnapshotChunkRequest {
  const map = open(bytes, 'snapshotChunkRequest', SNAPSHOT_CHUNK_REQUEST_BYTES_MAX, ['height', 'index']);
  return {
    height: readSmallUint(map.height, 'snapshotChunkRequest.height', HEIGHT_MAX),
    index: readSmallUint(map.index, 'snapshotChunkRequest.index', SNAPSHOT_CHUNKS_MAX - 1),
  };
}

/** Entries as [key, value] pairs, in the order served. */
export function encodeSnapshotChunk(chunk: SnapshotChunk): Uint8Array {
  return seal('snapshotChunk', { height: chunk.height, index: chunk.index, entries: chunk.entries.map(({ key, value }) => [key, value]) }, SNAPSHOT_CHUNK_MESSAGE_BYTES_MAX);
}

export function decodeSnapshotChunk(bytes: Uint8Array): SnapshotChunk {
  const map = open(bytes, 'snapshotChunk', SNAPSHOT_CHUNK_MESSAGE_BYTES_MAX, ['height', 'index', 'entries']);
  const entries = readArray(map.entries, 'snapshotChunk.entries', 1, SNAPSHOT_CHUNK_ENTRIES_MAX).map((pair, i): StateEntry => {
    const path = `snapshotChunk.entries[${i}]`;
    const [key, value] = readArray(pair, path, 2, 2);
    if (!(value instanceof Uint8Array) || value.length === 0 || value.length > STATE_VALUE_BYTES_MAX) throw new CodecError('bad_shape', `${path}[1]: expected 1 to ${STATE_VALUE_BYTES_MAX} bytes`);
    return { key: readString(key, `${path}[0]`, STATE_KEY_BYTES_MAX), value };
  });
  return {
    height: readSmallUint(map.height, 'snapshotChunk.height', HEIGHT_MAX),
    index: readSmallUint(map.index, 'snapshotChunk.index', SNAPSHOT_CHUNKS_MAX - 1),
    entries,
  };
}
