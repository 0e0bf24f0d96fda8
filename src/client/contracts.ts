import { addressFromPublicKey } from '../crypto/address.ts';
import { contractAddressFor } from '../ledger/accounts/contract-account.ts';
import { splitShares } from '../ledger/accounts/split-state.ts';
import type { EscrowDefault } from '../ledger/contracts/escrow-types.ts';
import type { SplitMember } from '../ledger/accounts/split-state.ts';
import type { SwapLeg } from '../ledger/contracts/swap-types.ts';
import type { AssetAmount, Holding } from '../ledger/contracts/value-types.ts';
import { txSignBytes } from '../ledger/tx.ts';
import type { TxBody } from '../ledger/types.ts';
import { buildTx, type TxCommon, type TxKey } from './builders.ts';

/**
 * SDK builders of the contract kinds of spec/ledger.md §8.2–§8.4: escrow, swap, offer, split.
 * Browser-safe. Each returns an unsigned body for `signTx`; optional fields left undefined are not in
 * the payload, so the body equals what a node decodes.
 */
export { splitShares };
export type { AssetAmount, EscrowDefault, Holding, SplitMember, SwapLeg };

/** A holding without undefined lists, and with fresh arrays. */
function holding(value: Holding): Holding {
  const out: Holding = {};
  if (value.assets !== undefined) out.assets = value.assets.map(({ asset, amount }) => ({ asset, amount }));
  if (value.items !== undefined) out.items = [...value.items];
  return out;
}

/** The kinds that create a contract account at the address contractAddress gives. */
export type ContractCreatingKind = 'escrow.create' | 'offer.create' | 'split.create';

/**
 * The address of the contract `body` will create (spec/ledger.md §8.1): known before sending, since it
 * depends only on the chain, the creator (first signer) and the nonce its tx consumes. It is also the
 * contract's id in every later tx and query.
 */
export function contractAddress(body: TxBody<ContractCreatingKind>): string {
  const creator = body.signers[0];
  return contractAddressFor(body.chainId, addressFromPublicKey(creator.publicKey), creator.nonce, 0);
}

export interface EscrowCreateParams extends TxCommon {
  payee: string;
  arbiter?: string;
  /** Block time (ms since the epoch) from which the default applies and disputes are refused. */
  deadlineMs: number;
  /** What happens at the deadline if nobody disputed: pay the payee, or return to the payer. */
  onExpiry: EscrowDefault;
  /** One holding per milestone; a plain escrow has one. */
  tranches: Holding[];
  /** How long a delivered tranche waits for the payer before it releases by itself (spec/ledger.md §8.2.7). */
  reviewWindowMs?: number;
  /** Paid to the arbiter out of the held value when it resolves; at most any tranche's amount of the asset. */
  arbiterFee?: AssetAmount;
  /** How long a dispute waits for the arbiter before it lapses to the default. */
  arbiterWindowMs?: number;
}

/** The payer (the signer) locks every tranche in a new escrow. */
export function buildEscrowCreate(params: EscrowCreateParams): TxBody<'escrow.create'> {
  const payload: TxBody<'escrow.create'>['payload'] = { payee: params.payee, deadlineMs: params.deadlineMs, onExpiry: params.onExpiry, tranches: params.tranches.map(holding) };
  if (params.arbiter !== undefined) payload.arbiter = params.arbiter;
  if (params.reviewWindowMs !== undefined) payload.reviewWindowMs = params.reviewWindowMs;
  if (params.arbiterFee !== undefined) payload.arbiterFee = { asset: params.arbiterFee.asset, amount: params.arbiterFee.amount };
  if (params.arbiterWindowMs !== undefined) payload.arbiterWindowMs = params.arbiterWindowMs;
  return buildTx('escrow.create', params, payload);
}

/** By the payee: marks tranche `tranche` (0 for a plain escrow or an order) delivered, which starts its review window. */
export function buildEscrowDeliver(params: TxCommon & { escrow: string; tranche?: number; document?: Uint8Array }): TxBody<'escrow.deliver'> {
  const payload: TxBody<'escrow.deliver'>['payload'] = { escrow: params.escrow, tranche: params.tranche ?? 0 };
  if (params.document !== undefined) payload.document = Uint8Array.from(params.document);
  return buildTx('escrow.deliver', params, payload);
}

/** By the payer: pays tranche `tranche` (0 for a plain escrow) to the payee. */
export function buildEscrowRelease(params: TxCommon & { escrow: string; tranche?: number }): TxBody<'escrow.release'> {
  return buildTx('escrow.release', params, { escrow: params.escrow, tranche: params.tranche ?? 0 });
}

/** By the payee: returns every held tranche to the payer. */
export function buildEscrowRefund(params: TxCommon & { escrow: string }): TxBody<'escrow.refund'> {
  return buildTx('escrow.refund', params, { escrow: params.escrow });
}

/** By the payer or the payee, before the deadline: the arbiter decides from then on. */
export function buildEscrowDispute(params: TxCommon & { escrow: string }): TxBody<'escrow.dispute'> {
  return buildTx('escrow.dispute', params, { escrow: params.escrow });
}

/** By the arbiter of a disputed escrow: `toPayee` to the payee, the rest of the held tranches to the payer. */
export function buildEscrowResolve(params: TxCommon & { escrow: string; toPayee?: Holding }): TxBody<'escrow.resolve'> {
  const payload: TxBody<'escrow.resolve'>['payload'] = { escrow: params.escrow };
  if (params.toPayee !== undefined) payload.toPayee = holding(params.toPayee);
  return buildTx('escrow.resolve', params, payload);
}

/** By anyone, from the deadline on: applies the escrow's default. */
export function buildEscrowSettle(params: TxCommon & { escrow: string }): TxBody<'escrow.settle'> {
  return buildTx('escrow.settle', params, { escrow: params.escrow });
}

export interface SwapParams {
  chainId: string;
  /** Every party that gives, with its public key and next nonce; the first pays the fee. Order is free. */
  parties: { publicKey: Uint8Array; nonce: bigint }[];
  legs: SwapLeg[];
  fee: bigint;
  expiresAt?: number;
}

/**
 * An atomic swap: one body that every giving party signs (`signTx(body, [key0, key1, …])`, or each
 * party apart with `swapSignature` and joined as signing functions). All legs move, or none.
 */
export function buildSwap(params: SwapParams): TxBody<'swap'> {
  const legs = params.legs.map((leg) => ({ from: leg.from, to: leg.to, ...holding(leg) }));
  const [first, ...others] = params.parties;
  const body = buildTx('swap', { chainId: params.chainId, from: first.publicKey, nonce: first.nonce, fee: params.fee, expiresAt: params.expiresAt }, { legs });
  return { ...body, signers: [...body.signers, ...others.map((party) => ({ publicKey: party.publicKey, nonce: party.nonce }))] };
}

/** One party's signature over a swap body (spec/encoding.md §Signing bytes), for signing apart. */
export function swapSignature(body: TxBody<'swap'>, key: TxKey): Uint8Array {
  return key.sign(txSignBytes(body));
}

export interface OfferCreateParams extends TxCommon {
  /** Only this address may accept; absent means anyone but the maker. */
  counterparty?: string;
  give: Holding;
  ask: Holding;
  deadlineMs: number;
  /** A credential the acceptor must hold at offer.accept (spec/ledger.md §8.3.2). */
  requires?: { registry: string; type: string };
}

/** The maker (the signer) locks `give` until someone accepts by giving `ask`, or the maker cancels. */
export function buildOfferCreate(params: OfferCreateParams): TxBody<'offer.create'> {
  const payload: TxBody<'offer.create'>['payload'] = { give: holding(params.give), ask: holding(params.ask), deadlineMs: params.deadlineMs };
  if (params.counterparty !== undefined) payload.counterparty = params.counterparty;
  if (params.requires !== undefined) payload.requires = { registry: params.requires.registry, type: params.requires.type };
  return buildTx('offer.create', params, payload);
}

export function buildOfferAccept(params: TxCommon & { offer: string }): TxBody<'offer.accept'> {
  return buildTx('offer.accept', params, { offer: params.offer });
}

/** By the maker, before the deadline or after it (then it reclaims what the offer held). */
export function buildOfferCancel(params: TxCommon & { offer: string }): TxBody<'offer.cancel'> {
  return buildTx('offer.cancel', params, { offer: params.offer });
}

/** A revenue split: every payment to its address is forwarded to `members` by weight (splitShares). */
export function buildSplitCreate(params: TxCommon & { members: SplitMember[] }): TxBody<'split.create'> {
  return buildTx('split.create', params, { members: params.members.map(({ address, weight }) => ({ address, weight })) });
}
