import type { RejectCode } from './errors.ts';

/** One signer of a tx: its public key and the account nonce this tx consumes (DESIGN.md §Transactions). */
export interface Signer {
  publicKey: Uint8Array;
  nonce: bigint;
}

export interface TransferPayload {
  transfers: { to: string; asset: string; amount: bigint }[];
}

export interface AssetCreatePayload {
  symbol: string;
  name: string;
  decimals: number;
  /** Minted to the creator at creation; may be 0. */
  supply: bigint;
  maxSupply?: bigint;
  /** Who may mint later; absent means the supply is fixed forever. */
  mintAuthority?: string;
}

export interface AssetMintPayload {
  asset: string;
  to: string;
  amount: bigint;
}

export interface AssetBurnPayload {
  asset: string;
  amount: bigint;
}

/** Every tx kind and its payload. Modules add their kinds here. */
export interface TxPayloads {
  transfer: TransferPayload;
  'asset.create': AssetCreatePayload;
  'asset.mint': AssetMintPayload;
  'asset.burn': AssetBurnPayload;
}

export type TxKind = keyof TxPayloads;

export type TxBody<K extends TxKind = TxKind> = {
  [P in K]: {
    chainId: string;
    kind: P;
    payload: TxPayloads[P];
    /** The first signer pays the fee. */
    signers: Signer[];
    /** The most the payer accepts to pay; the fee charged is the schedule's (src/ledger/fees.ts). */
    fee: bigint;
    /** Last height at which the tx may be included; absent means no expiry. */
    expiresAt?: number;
  };
}[K];

export interface Tx {
  body: TxBody;
  signatures: Uint8Array[];
}

/** A tx as it arrives in a block or the mempool: decoded, with its bytes, id and signer addresses. */
export interface DecodedTx {
  tx: Tx;
  bytes: Uint8Array;
  /** Hex SHA-256 of `bytes`. */
  id: string;
  /** bech32m addresses of the signers, in the signers' order. */
  signerAddresses: string[];
  /** What every signer signed: txSignBytes(tx.body), taken from `bytes` without re-encoding. */
  signBytes: Uint8Array;
}

/** Chain parameters fixed in genesis. */
export interface ChainParams {
  nativeAsset: string;
  fees: FeeSchedule;
}

/** Fee = base[kind] + perByte × (tx bytes), in the native asset. Known before sending. */
export interface FeeSchedule {
  perByte: bigint;
  base: { [K in TxKind]?: bigint };
}

/** What a tx may know of its block: passed in, never read from a clock. */
export interface BlockContext {
  chainId: string;
  height: number;
  timeMs: number;
  proposer: string;
  params: ChainParams;
}

/** An event: a type and string attributes (amounts as decimal strings). */
export interface LedgerEvent {
  type: string;
  attributes: { [key: string]: string };
}

export interface Receipt {
  txId: string;
  code: 'ok' | RejectCode;
  message?: string;
  fee: bigint;
  events: LedgerEvent[];
}
