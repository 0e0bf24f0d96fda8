// Fixed keys, chain parameters and tx builders for the ledger, codec and chain tests. Keys come from
// fixed seeds so that every signature, tx id and vector is reproducible.
import assert from 'node:assert/strict';
import { encode, type CborValue } from '../../src/codec/cbor.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { fromHex, toHex } from '../../src/crypto/hash.ts';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { genesisWrites } from '../../src/ledger/genesis.ts';
import { EMPTY_STATE, MemoryState, type StateWrites } from '../../src/ledger/state.ts';
import { decodeTx, encodeTx, isRejection, TX_DOMAIN, txSignBytes } from '../../src/ledger/tx.ts';
import type { BlockContext, ChainParams, DecodedTx, TxBody, TxKind, TxPayloads } from '../../src/ledger/types.ts';

export const CHAIN_ID = 'agora-test';
export const NATIVE = 'AGR';

/** A key pair from a seed of 32 equal bytes. */
export function keyFromByte(byte: number): KeyPair {
  return new KeyPair(new Uint8Array(32).fill(byte));
}

export const ALICE = keyFromByte(1);
export const BOB = keyFromByte(2);
export const CAROL = keyFromByte(3);
export const PROPOSER = keyFromByte(9);

export const NO_FEES: ChainParams = { nativeAsset: NATIVE, fees: { perByte: 0n, base: {} } };
export const FEES: ChainParams = {
  nativeAsset: NATIVE,
  fees: { perByte: 2n, base: { transfer: 100n, 'asset.create': 10_000n, 'asset.mint': 500n } }, // no base for asset.burn
};

export function context(params: ChainParams, height = 1, chainId = CHAIN_ID): BlockContext {
  return { chainId, height, timeMs: 1_700_000_000_000 + height * 1000, proposer: PROPOSER.address, params };
}

export const verify = verifyEd25519;

export interface TxOptions {
  nonce?: bigint;
  fee?: bigint;
  expiresAt?: number;
  chainId?: string;
}

export function txBody<K extends TxKind>(kind: K, payload: TxPayloads[K], signer: KeyPair, options: TxOptions = {}): TxBody {
  const body = {
    chainId: options.chainId ?? CHAIN_ID,
    kind,
    payload,
    signers: [{ publicKey: signer.publicKey, nonce: options.nonce ?? 0n }],
    fee: options.fee ?? 1_000_000n,
  } as TxBody;
  if (options.expiresAt !== undefined) body.expiresAt = options.expiresAt;
  return body;
}

/** Signs `body` with `keys` (one per signer) and returns the canonical tx bytes. */
export function signTx(body: TxBody, keys: KeyPair[]): Uint8Array {
  const message = txSignBytes(body);
  return encodeTx({ body, signatures: keys.map((key) => key.sign(message)) });
}

export function decoded(bytes: Uint8Array): DecodedTx {
  const result = decodeTx(bytes);
  if (isRejection(result)) assert.fail(`fixture tx does not decode: ${result.code}: ${result.message}`);
  return result;
}

/** A signed, decoded tx of one signer. */
export function makeTx<K extends TxKind>(kind: K, payload: TxPayloads[K], signer: KeyPair, options: TxOptions = {}): DecodedTx {
  return decoded(signTx(txBody(kind, payload, signer, options), [signer]));
}

/**
 * A tx from raw CBOR (to build what the typed encoder cannot: bad shapes, unknown kinds). `body` is
 * the body map as written; each key in `keys` signs ["agora/tx/v1", chainId, body].
 */
export function rawTx(body: { [key: string]: CborValue }, keys: KeyPair[], signatures?: CborValue): Uint8Array {
  const message = encode([TX_DOMAIN, body.chainId ?? null, body]);
  return encode({ body, signatures: signatures ?? keys.map((key) => key.sign(message)) });
}

/** The raw body map of a one-signer tx, for rawTx. */
export function rawBody(kind: string, payload: CborValue, signer: KeyPair, extra: { [key: string]: CborValue } = {}): { [key: string]: CborValue } {
  return { chainId: CHAIN_ID, kind, payload, signers: [{ publicKey: signer.publicKey, nonce: 0 }], fee: 1_000_000, ...extra };
}

/** A state holding the native asset with the given allocations (genesis, src/ledger/genesis.ts). */
export function genesisState(allocations: [KeyPair | string, bigint][]): MemoryState {
  const state = new MemoryState();
  const writes = genesisWrites(EMPTY_STATE, {
    nativeAsset: { symbol: NATIVE, name: 'Agora', decimals: 6 },
    allocations: allocations.map(([who, amount]) => ({ address: typeof who === 'string' ? who : who.address, amount })),
  }).writes();
  state.apply(writes);
  return state;
}

/** The entries that differ between two states: key → [before, after] (hex, or null when absent). */
export function stateDiff(before: Map<string, Uint8Array>, after: Map<string, Uint8Array>): Map<string, [string | null, string | null]> {
  const diff = new Map<string, [string | null, string | null]>();
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(key);
    const b = after.get(key);
    const aHex = a === undefined ? null : toHex(a);
    const bHex = b === undefined ? null : toHex(b);
    if (aHex !== bHex) diff.set(key, [aHex, bHex]);
  }
  return diff;
}

export function snapshot(state: MemoryState): Map<string, Uint8Array> {
  return new Map(state.entries);
}

export function applyWrites(state: MemoryState, writes: StateWrites): void {
  state.apply(writes);
}

// ---------------------------------------------------------------------------------------------
// JSON form of tx bodies, as in the vector files: amounts and nonces as decimal strings, bytes as hex.

export interface TxBodyJson {
  chainId: string;
  kind: string;
  payload: { [key: string]: unknown };
  signers: { publicKey: string; nonce: string }[];
  fee: string;
  expiresAt?: number;
}

const BIGINT_FIELDS = new Set(['amount', 'supply', 'maxSupply', 'shares', 'pricePerPeriod', 'deposit', 'toOwner', 'ratePerSecond', 'sequence', 'power']);
// Byte fields of payloads, hex in JSON: reputation's review kinds (spec/reputation.md) and validators.update's keys and approvals
const BYTES_FIELDS = new Set(['trade', 'commitment', 'textHash', 'salt', 'publicKey', 'signature']);

function payloadFromJson(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => payloadFromJson(item));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, payloadFromJson(v, k)]));
  }
  if (typeof value === 'string' && BIGINT_FIELDS.has(key)) return BigInt(value);
  if (typeof value === 'string' && BYTES_FIELDS.has(key)) return fromHex(value);
  return value;
}

function payloadToJson(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return toHex(value);
  if (Array.isArray(value)) return value.map(payloadToJson);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, payloadToJson(v)]));
  }
  return value;
}

export function bodyFromJson(json: TxBodyJson): TxBody {
  const body = {
    chainId: json.chainId,
    kind: json.kind,
    payload: payloadFromJson(json.payload),
    signers: json.signers.map((s) => ({ publicKey: fromHex(s.publicKey), nonce: BigInt(s.nonce) })),
    fee: BigInt(json.fee),
  } as TxBody;
  if (json.expiresAt !== undefined) body.expiresAt = json.expiresAt;
  return body;
}

export function bodyToJson(body: TxBody): TxBodyJson {
  const json: TxBodyJson = {
    chainId: body.chainId,
    kind: body.kind,
    payload: payloadToJson(body.payload) as { [key: string]: unknown },
    signers: body.signers.map((s) => ({ publicKey: toHex(s.publicKey), nonce: s.nonce.toString() })),
    fee: body.fee.toString(),
  };
  if (body.expiresAt !== undefined) json.expiresAt = body.expiresAt;
  return json;
}
