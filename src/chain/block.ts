import { encode, decode, type CborValue } from '../codec/cbor.ts';
import { readArray, readBytes, readMap, readSmallUint, readString } from '../codec/shape.ts';
import { fromHex, sha256Hex, toHex } from '../crypto/hash.ts';
import { CHAIN_ID_LENGTH_MAX, HEIGHT_MAX, TX_BYTES_MAX } from '../ledger/limits.ts';
import { BLOCK_ENCODED_BYTES_MAX, BLOCK_TXS_MAX, COMMIT_ROUND_MAX, EVIDENCE_BYTES_MAX, EVIDENCE_PER_BLOCK_MAX } from './limits.ts';
import { CodecError } from '../codec/errors.ts';
import { VRF_PROOF_BYTES } from '../crypto/vrf.ts';
import { HEADER_FORMAT_VERSION, requireVersion } from './versions.ts';

/** A block header (spec/chain.md §Header). Hashes are lower-case hex; the block hash is SHA-256 of its encoding. */
export interface Header {
  /** HEADER_FORMAT_VERSION (versions.ts); a header of another version is refused on decode. */
  version: number;
  chainId: string;
  height: number;
  timeMs: number;
  previousHash: string;
  txRoot: string;
  /** Merkle root over what each tx did: its code, fee and events (chain/results.ts). */
  resultsRoot: string;
  /** Root of the state trie after this block's txs. */
  stateRoot: string;
  proposer: string;
  /**
   * The proposer's RFC 9381 ECVRF proof (pi, 80 bytes, hex) over alpha(height) = "agora/seed-alpha/v1"
   * ‖ u64be(height) ‖ seed(height − 1); its output beta is seed(height), which draws the proposers
   * of height + 1 (src/chain/seed.ts, spec/consensus.md §Proposer selection).
   */
  seedProof: string;
  /** The set that signs this block (spec/ledger.md §10.1 `validators/current`). */
  validatorsHash: string;
  /** The set that signs the next block: header h + 1's validatorsHash (spec/chain.md §1). */
  nextValidatorsHash: string;
  txCount: number;
  /** Merkle root over the block's evidence bytes, in block order (spec/chain.md §6). */
  evidenceRoot: string;
}

export interface Block {
  header: Header;
  /** Canonical tx bytes, in execution order. */
  txs: Uint8Array[];
  /** Canonical evidence bytes (chain/evidence.ts), at most EVIDENCE_PER_BLOCK_MAX. */
  evidence: Uint8Array[];
}

/** The precommits of > 2/3 of the voting power for a block: what makes it final. */
export interface Commit {
  height: number;
  round: number;
  blockHash: string;
  signatures: { validator: string; signature: Uint8Array }[];
}

export function encodeHeader(header: Header): CborValue {
  return {
    version: header.version,
    chainId: header.chainId,
    height: header.height,
    timeMs: header.timeMs,
    previousHash: fromHex(header.previousHash),
    txRoot: fromHex(header.txRoot),
    resultsRoot: fromHex(header.resultsRoot),
    stateRoot: fromHex(header.stateRoot),
    proposer: header.proposer,
    seedProof: fromHex(header.seedProof),
    validatorsHash: fromHex(header.validatorsHash),
    nextValidatorsHash: fromHex(header.nextValidatorsHash),
    txCount: header.txCount,
    evidenceRoot: fromHex(header.evidenceRoot),
  };
}

/**
 * Throws CodecError: `unsupported_version` (with VersionError's message, naming both versions) for a
 * header of another format version (one without `version` is version 0), another code for any other
 * fault. Decoders of network bytes catch CodecError only: a version is one more way bytes are refused.
 */
export function decodeHeader(value: CborValue): Header {
  // The version first, before any field check: another version's fields are not ours to judge.
  const found = readMap(value, 'header', Object.keys(value ?? {})).version;
  try {
    requireVersion('header', found, HEADER_FORMAT_VERSION, 'in a block header');
  } catch (error) {
    throw new CodecError('unsupported_version', (error as Error).message);
  }
  const map = readMap(value, 'header', ['version', 'chainId', 'height', 'timeMs', 'previousHash', 'txRoot', 'resultsRoot', 'stateRoot', 'proposer', 'seedProof', 'validatorsHash', 'nextValidatorsHash', 'txCount', 'evidenceRoot']);
  return {
    version: HEADER_FORMAT_VERSION,
    chainId: readString(map.chainId, 'header.chainId', CHAIN_ID_LENGTH_MAX),
    height: readSmallUint(map.height, 'header.height', HEIGHT_MAX),
    timeMs: readSmallUint(map.timeMs, 'header.timeMs', Number.MAX_SAFE_INTEGER),
    previousHash: toHex(readBytes(map.previousHash, 'header.previousHash', 32)),
    txRoot: toHex(readBytes(map.txRoot, 'header.txRoot', 32)),
    resultsRoot: toHex(readBytes(map.resultsRoot, 'header.resultsRoot', 32)),
    stateRoot: toHex(readBytes(map.stateRoot, 'header.stateRoot', 32)),
    proposer: readString(map.proposer, 'header.proposer', 90),
    seedProof: toHex(readBytes(map.seedProof, 'header.seedProof', VRF_PROOF_BYTES)),
    validatorsHash: toHex(readBytes(map.validatorsHash, 'header.validatorsHash', 32)),
    nextValidatorsHash: toHex(readBytes(map.nextValidatorsHash, 'header.nextValidatorsHash', 32)),
    txCount: readSmallUint(map.txCount, 'header.txCount', BLOCK_TXS_MAX),
    evidenceRoot: toHex(readBytes(map.evidenceRoot, 'header.evidenceRoot', 32)),
  };
}

export function blockHash(header: Header): string {
  return sha256Hex(encode(encodeHeader(header)));
}

export function encodeBlock(block: Block): Uint8Array {
  return encode({ header: encodeHeader(block.header), txs: block.txs, evidence: block.evidence });
}

/** Throws CodecError on anything but a well-formed block. */
export function decodeBlock(bytes: Uint8Array): Block {
  if (bytes.length > BLOCK_ENCODED_BYTES_MAX) throw new CodecError('too_large', `block is ${bytes.length} bytes, the limit is ${BLOCK_ENCODED_BYTES_MAX}`);
  const map = readMap(decode(bytes), 'block', ['header', 'txs', 'evidence']);
  const header = decodeHeader(map.header);
  const txs = readArray(map.txs, 'block.txs', 0, BLOCK_TXS_MAX).map((tx, i) => {
    if (!(tx instanceof Uint8Array) || tx.length > TX_BYTES_MAX) throw new CodecError('bad_shape', `block.txs[${i}]: expected tx bytes of at most ${TX_BYTES_MAX}`);
    return tx;
  });
  const evidence = readArray(map.evidence, 'block.evidence', 0, EVIDENCE_PER_BLOCK_MAX).map((piece, i) => {
    if (!(piece instanceof Uint8Array) || piece.length > EVIDENCE_BYTES_MAX) throw new CodecError('bad_shape', `block.evidence[${i}]: expected evidence bytes of at most ${EVIDENCE_BYTES_MAX}`);
    return piece;
  });
  return { header, txs, evidence };
}

export function encodeCommit(commit: Commit): CborValue {
  return {
    height: commit.height,
    round: commit.round,
    blockHash: fromHex(commit.blockHash),
    signatures: commit.signatures.map((s) => ({ validator: s.validator, signature: s.signature })),
  };
}

export function decodeCommit(value: CborValue): Commit {
  const map = readMap(value, 'commit', ['height', 'round', 'blockHash', 'signatures']);
  return {
    height: readSmallUint(map.height, 'commit.height', HEIGHT_MAX),
    round: readSmallUint(map.round, 'commit.round', COMMIT_ROUND_MAX),
    blockHash: toHex(readBytes(map.blockHash, 'commit.blockHash', 32)),
    signatures: readArray(map.signatures, 'commit.signatures', 1, 10_000).map((entry, i) => {
      const sig = readMap(entry, `commit.signatures[${i}]`, ['validator', 'signature']);
      return { validator: readString(sig.validator, `commit.signatures[${i}].validator`, 90), signature: readBytes(sig.signature, `commit.signatures[${i}].signature`, 64) };
    }),
  };
}

export function headerToJson(header: Header): Header {
  return { ...header };
}
