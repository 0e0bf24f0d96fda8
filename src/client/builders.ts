import { feeFor } from '../ledger/fees.ts';
import { encodeTx, txIdOf, txSignBytes } from '../ledger/tx.ts';
import type { AssetBurnPayload, AssetMintPayload, FeeSchedule, TransferPayload, Tx, TxBody, TxKind, TxPayloads } from '../ledger/types.ts';
import { AgoraError } from './errors.ts';
import type { ParamsResponse } from './types.ts';

export { feeFor };

/** Anything that signs like a KeyPair (src/crypto/keys.ts): a wallet, a hardware key, a test double. */
export interface TxKey {
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

/** A bare signing function, for a signer whose public key is already in the body. */
export type SignFn = (message: Uint8Array) => Uint8Array;

/** Fields every single-signer tx has (DESIGN.md §Transactions). */
export interface TxCommon {
  chainId: string;
  /** The signer's Ed25519 public key; the signer pays the fee. */
  from: Uint8Array;
  nonce: bigint;
  /** The most the signer accepts to pay; see `settleFee`. */
  fee: bigint;
  /** Last height at which the tx may be included. */
  expiresAt?: number;
}

export interface SignedTx {
  tx: Tx;
  /** Canonical bytes: what POST /v1/txs takes, hex-encoded. */
  bytes: Uint8Array;
  /** SHA-256 of `bytes`, hex. */
  id: string;
}

/** The body of a `kind` tx with one signer. */
export function buildTx<K extends TxKind>(kind: K, common: TxCommon, payload: TxPayloads[K]): TxBody<K> {
  const body = { chainId: common.chainId, kind, payload, signers: [{ publicKey: common.from, nonce: common.nonce }], fee: common.fee } as TxBody<K>;
  if (common.expiresAt !== undefined) body.expiresAt = common.expiresAt;
  return body;
}

export function buildTransfer(params: TxCommon & TransferPayload): TxBody<'transfer'> {
  return buildTx('transfer', params, { transfers: params.transfers.map((t) => ({ to: t.to, asset: t.asset, amount: t.amount })) });
}

export interface AssetCreateParams extends TxCommon {
  symbol: string;
  name: string;
  /** Display only; default 0. */
  decimals?: number;
  /** Minted to the creator at creation; default 0. */
  supply?: bigint;
  maxSupply?: bigint;
  /** Who may mint later; absent means the supply is fixed forever. */
  mintAuthority?: string;
}

export function buildAssetCreate(params: AssetCreateParams): TxBody<'asset.create'> {
  const payload: TxPayloads['asset.create'] = { symbol: params.symbol, name: params.name, decimals: params.decimals ?? 0, supply: params.supply ?? 0n };
  if (params.maxSupply !== undefined) payload.maxSupply = params.maxSupply;
  if (params.mintAuthority !== undefined) payload.mintAuthority = params.mintAuthority;
  return buildTx('asset.create', params, payload);
}

export function buildAssetMint(params: TxCommon & AssetMintPayload): TxBody<'asset.mint'> {
  return buildTx('asset.mint', params, { asset: params.asset, to: params.to, amount: params.amount });
}

export function buildAssetBurn(params: TxCommon & AssetBurnPayload): TxBody<'asset.burn'> {
  return buildTx('asset.burn', params, { asset: params.asset, amount: params.amount });
}

/** Signs `body` with one signer per entry of body.signers, in order (spec/encoding.md §Signing bytes). */
export function signTx(body: TxBody, signers: readonly (TxKey | SignFn)[]): SignedTx {
  if (signers.length !== body.signers.length) {
    throw new AgoraError('bad_signers', `the tx has ${body.signers.length} signers; ${signers.length} were given`);
  }
  const message = txSignBytes(body);
  const signatures = signers.map((signer) => (typeof signer === 'function' ? signer(message) : signer.sign(message)));
  const tx: Tx = { body, signatures };
  const bytes = encodeTx(tx);
  return { tx, bytes, id: txIdOf(bytes) };
}

/** The fee schedule of GET /v1/params as bigints. */
export function feeScheduleFromJson(fees: ParamsResponse['fees']): FeeSchedule {
  const base: FeeSchedule['base'] = {};
  for (const [kind, amount] of Object.entries(fees.base)) base[kind as TxKind] = BigInt(amount);
  return { perByte: BigInt(fees.perByte), base };
}

const SIGNATURE_BYTES = 64;
const SETTLE_ROUNDS_MAX = 8;

/**
 * The exact fee of `body` under `schedule`. The fee depends on the tx's length, which depends on the
 * fee field's own CBOR size, so it is found by iteration from 0: each round the fee can only grow, and
 * it stops at the first fee that covers the length it gives (in practice 2 or 3 rounds). Signatures
 * have a fixed size, so placeholders give the signed length.
 */
export function settleFee(schedule: FeeSchedule, body: TxBody): bigint {
  const placeholders = body.signers.map(() => new Uint8Array(SIGNATURE_BYTES));
  let fee = 0n;
  for (let round = 0; round < SETTLE_ROUNDS_MAX; round++) {
    const length = encodeTx({ body: { ...body, fee }, signatures: placeholders }).length;
    const needed = feeFor(schedule, body.kind, length);
    if (needed <= fee) return fee;
    fee = needed;
  }
  throw new AgoraError('internal', 'the fee did not settle');
}

/** `body` with its fee set to the exact fee under `schedule`. */
export function withExactFee<K extends TxKind>(schedule: FeeSchedule, body: TxBody<K>): TxBody<K> {
  return { ...body, fee: settleFee(schedule, body as TxBody) };
}
