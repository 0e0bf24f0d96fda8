import { encode, decode, type CborValue } from '../codec/cbor.ts';
import { CodecError } from '../codec/errors.ts';
import { readArray, readBytes, readMap, readString, readUint, readSmallUint, optional } from '../codec/shape.ts';
import { addressFromPublicKey } from '../crypto/address.ts';
import { sha256Hex } from '../crypto/hash.ts';
import { reject, RejectError, type Rejection } from './errors.ts';
import { isTxKind, kindCodec } from './kinds-codec.ts';
import { AMOUNT_MAX, CHAIN_ID_LENGTH_MAX, HEIGHT_MAX, NONCE_MAX, TX_BYTES_MAX, TX_SIGNERS_MAX } from './limits.ts';
import type { DecodedTx, Signer, Tx, TxBody } from './types.ts';

/** Domain separator of tx signatures (spec/encoding.md §Signing bytes). */
export const TX_DOMAIN = 'agora/tx/v1';

export function encodeBody(body: TxBody): CborValue {
  const map: { [key: string]: CborValue } = {
    chainId: body.chainId,
    kind: body.kind,
    payload: encodePayload(body.payload),
    signers: body.signers.map((s) => ({ publicKey: s.publicKey, nonce: s.nonce })),
    fee: body.fee,
  };
  if (body.expiresAt !== undefined) map.expiresAt = body.expiresAt;
  return map;
}

/** Payloads are plain records of CBOR values; absent optional fields are left out. */
function encodePayload(payload: object): CborValue {
  const cleaned: { [key: string]: CborValue } = {};
  for (const [key, value] of Object.entries(payload)) {
    if (value === undefined) continue;
    cleaned[key] = Array.isArray(value) ? value.map((item) => (typeof item === 'object' && item !== null && !(item instanceof Uint8Array) ? encodePayload(item) : item)) : value;
  }
  return cleaned;
}

/** The bytes each signer signs: ["agora/tx/v1", chainId, body] in canonical CBOR. */
export function txSignBytes(body: TxBody): Uint8Array {
  return encode([TX_DOMAIN, body.chainId, encodeBody(body)]);
}

export function encodeTx(tx: Tx): Uint8Array {
  return encode({ body: encodeBody(tx.body), signatures: tx.signatures });
}

export function txIdOf(bytes: Uint8Array): string {
  return sha256Hex(bytes);
}

/**
 * Decodes tx bytes and makes every stateless check except signatures, in this order (spec/ledger.md
 * §Stateless checks): size (`tx_too_large`), CBOR (`malformed`, `non_canonical`), envelope shape
 * (`bad_shape`), kind (`unknown_kind`), signer count, payload (`bad_shape`, `bad_amount`, …).
 */
export function decodeTx(bytes: Uint8Array): DecodedTx | Rejection {
  if (bytes.length > TX_BYTES_MAX) return reject('tx_too_large', `tx is ${bytes.length} bytes, the limit is ${TX_BYTES_MAX}`);
  try {
    const tx = decodeEnvelope(decode(bytes));
    // The signing bytes are made when first asked for: a tx of a block replayed under a verified
    // commit is never signature-checked again (spec/node.md §Catch-up replay), so never needs them.
    let signBytes: Uint8Array | undefined;
    return {
      tx,
      bytes,
      id: txIdOf(bytes),
      signerAddresses: tx.body.signers.map((s) => addressFromPublicKey(s.publicKey)),
      get signBytes(): Uint8Array {
        signBytes ??= signBytesFromTxBytes(bytes, tx);
        return signBytes;
      },
    };
  } catch (error) {
    if (error instanceof RejectError) return error.rejection;
    if (error instanceof CodecError) return reject(error.code === 'bad_shape' ? 'bad_shape' : error.code === 'non_canonical' ? 'non_canonical' : 'malformed', error.message);
    throw error;
  }
}

function decodeEnvelope(value: CborValue): Tx {
  const envelope = readMap(value, 'tx', ['body', 'signatures']);
  const body = readMap(envelope.body, 'tx.body', ['chainId', 'kind', 'payload', 'signers', 'fee', 'expiresAt']);
  const kind = readString(body.kind, 'tx.body.kind', 64);
  if (!isTxKind(kind)) throw new RejectError('unknown_kind', `unknown tx kind "${kind}"`);
  const codec = kindCodec(kind);
  const signers = readArray(body.signers, 'tx.body.signers', codec.signers.min, Math.min(codec.signers.max, TX_SIGNERS_MAX)).map(decodeSigner);
  // One signer is distinct from itself: the check (a string of each key) is made only for several.
  if (signers.length > 1 && new Set(signers.map((s) => s.publicKey.join(','))).size !== signers.length) throw new RejectError('bad_shape', 'tx.body.signers: a signer appears twice (each consumes its own nonce once)');
  const signatures = readArray(envelope.signatures, 'tx.signatures', signers.length, signers.length).map((s, i) => readBytes(s, `tx.signatures[${i}]`, 64));
  const txBody = {
    chainId: readString(body.chainId, 'tx.body.chainId', CHAIN_ID_LENGTH_MAX),
    kind,
    payload: codec.decode(body.payload ?? null),
    signers,
    fee: readUint(body.fee, 'tx.body.fee', AMOUNT_MAX),
    expiresAt: optional(body.expiresAt, (v) => readSmallUint(v, 'tx.body.expiresAt', HEIGHT_MAX)),
  } as TxBody;
  if (txBody.expiresAt === undefined) delete txBody.expiresAt;
  return { body: txBody, signatures };
}

function decodeSigner(value: CborValue, index: number): Signer {
  const map = readMap(value, `tx.body.signers[${index}]`, ['publicKey', 'nonce']);
  return { publicKey: readBytes(map.publicKey, `tx.body.signers[${index}].publicKey`, 32), nonce: readUint(map.nonce, `tx.body.signers[${index}].nonce`, NONCE_MAX) };
}

/**
 * The canonical tx is the map {"body": B, "signatures": [S…]}; "body" sorts first (shorter key), so B
 * is the bytes after the 6-byte prefix `a2 64 "body"` and before the signatures entry, whose length
 * is known: `6a "signatures"`, an array header, and per signature `58 40` + 64 bytes. The signing bytes
 * are then the array header 0x83, the domain, the chain id, and B — the same bytes as
 * txSignBytes(body), without encoding the body again (measured: that re-encoding was ~40% of the
 * cost of checking a transfer's signature).
 */
function signBytesFromTxBytes(bytes: Uint8Array, tx: Tx): Uint8Array {
  const count = tx.signatures.length;
  const signaturesLength = 11 + (count < 24 ? 1 : 2) + count * 66;
  const body = bytes.subarray(6, bytes.length - signaturesLength);
  const prefix = encode([TX_DOMAIN, tx.body.chainId]);
  const out = new Uint8Array(prefix.length + body.length);
  out.set(prefix, 0);
  out[0] = 0x83;
  out.set(body, prefix.length);
  return out;
}

export type Verifier = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean;

/** Checks `wrong_chain` then every signature (`bad_signature`), with the one verification rule. */
export function checkTxAuth(decoded: DecodedTx, chainId: string, verify: Verifier): Rejection | null {
  const { body, signatures } = decoded.tx;
  if (body.chainId !== chainId) return reject('wrong_chain', `tx is for chain "${body.chainId}", this is "${chainId}"`);
  const message = decoded.signBytes;
  for (let i = 0; i < body.signers.length; i++) {
    if (!verify(body.signers[i].publicKey, message, signatures[i])) {
      return reject('bad_signature', `signature ${i} does not verify for signer ${decoded.signerAddresses[i]}`);
    }
  }
  return null;
}

export function isRejection(value: DecodedTx | Rejection): value is Rejection {
  return 'code' in value;
}
