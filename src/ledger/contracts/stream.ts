import { invariant } from '../../errors/base.ts';
import { reject, type Rejection } from '../errors.ts';
import { consumedNonce } from '../records/item-log.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import { getAsset, getBalance, moveBalance } from '../accounts/balances.ts';
import { contractAddressFor, isContract } from '../accounts/contract-account.ts';
import { accruedAt, getStream, putStream, withdrawableAt, type StreamRecord } from './stream-state.ts';
import type { StreamOpenPayload, StreamStopPayload, StreamWithdrawPayload } from './stream-types.ts';
import { checkStrays, returnStrays } from './stray.ts';
// org (spec/org.md)
import { creditTreasury } from '../org/treasury.ts';

/**
 * Payment streams (spec/ledger.md §8.6): the payer locks a deposit in a contract account; it accrues
 * to the payee at a rate per whole second of block time (stream-state.ts `accruedAt`); the payee
 * withdraws what has accrued; either side stops it, which pays the accrued part to the payee and the
 * rest back to the payer. Settled lazily: no per-block work; each action computes what is due at its
 * block time.
 */

const transferEvent = (asset: string, from: string, to: string, amount: bigint): LedgerEvent => ({ type: 'transfer', attributes: { asset, from, to, amount: amount.toString() } });

/**
 * Checks in order: the payee is not the payer (`bad_parties`); the payee is not a contract address
 * (`contract_recipient`: a contract has no key to withdraw with); the asset exists (`unknown_asset`);
 * the payer holds the deposit (`insufficient_balance`); what the stream's address already holds may
 * move out (stray.ts checkStrays). Effects: that goes to the payer; a stream at the contract address
 * of (chain, payer, nonce, 0), starting at the block time; the deposit moves into it.
 */
export function applyStreamOpen(view: Overlay, payer: string, payload: StreamOpenPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const { payee, asset, ratePerSecond, deposit } = payload;
  if (payee === payer) return reject('bad_parties', 'a stream pays someone else: the payee is the payer');
  if (isContract(view, payee)) return reject('contract_recipient', `the payee ${payee} is a contract account, which cannot withdraw`);
  if (getAsset(view, asset) === undefined) return reject('unknown_asset', `no asset ${asset}`);
  const balance = getBalance(view, payer, asset);
  if (balance < deposit) return reject('insufficient_balance', `${payer} holds ${balance} ${asset}, the deposit is ${deposit}`);
  const address = contractAddressFor(ctx.chainId, payer, consumedNonce(view, payer), 0);
  invariant(!isContract(view, address), `contract ${address} already exists: an address was derived twice`);
  const strays = checkStrays(view, address);
  if ('code' in strays) return strays;
  const returned = returnStrays(view, address, payer, strays, ctx, 'stream.open');
  const stream: StreamRecord = { type: 'stream', payer, payee, asset, ratePerSecond, deposit, startMs: ctx.timeMs, withdrawn: 0n, status: 'open', createdAt: ctx.height };
  putStream(view, address, stream);
  moveBalance(view, payer, address, asset, deposit);
  view.touch(address, payee);
  return [
    ...returned,
    transferEvent(asset, payer, address, deposit),
    { type: 'stream.opened', attributes: { stream: address, payer, payee, asset, ratePerSecond: ratePerSecond.toString(), deposit: deposit.toString(), startMs: String(ctx.timeMs) } },
  ];
}

/** `unknown_contract` when `address` holds no stream. */
function loadStream(view: Overlay, address: string): StreamRecord | Rejection {
  return getStream(view, address) ?? reject('unknown_contract', `no stream at ${address}`);
}

const isRejection = (value: object): value is Rejection => 'code' in value;

/**
 * Checks in order: the stream exists (`unknown_contract`); the signer is its payee (`wrong_party`); it
 * is open (`contract_closed`); then without an amount something has accrued (`nothing_due`), with one
 * the amount has accrued (`beyond_accrued`). Effects: the amount moves to the payee; a stream whose
 * whole deposit is withdrawn is `done`.
 */
export function applyStreamWithdraw(view: Overlay, signer: string, payload: StreamWithdrawPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const stream = loadStream(view, payload.stream);
  if (isRejection(stream)) return stream;
  if (signer !== stream.payee) return reject('wrong_party', `only the payee ${stream.payee} withdraws from stream ${payload.stream}`);
  if (stream.status !== 'open') return reject('contract_closed', `stream ${payload.stream} is ${stream.status}`);
  const available = withdrawableAt(stream, ctx.timeMs);
  if (payload.amount === undefined && available === 0n) return reject('nothing_due', `nothing has accrued on stream ${payload.stream} since the last withdrawal`);
  const amount = payload.amount ?? available;
  if (amount > available) return reject('beyond_accrued', `${available} ${stream.asset} has accrued and is not withdrawn; ${amount} was asked`);
  const withdrawn = stream.withdrawn + amount;
  putStream(view, payload.stream, { ...stream, withdrawn, status: withdrawn === stream.deposit ? 'done' : 'open' });
  moveBalance(view, payload.stream, stream.payee, stream.asset, amount);
  view.touch(payload.stream, stream.payee);
  return [
    transferEvent(stream.asset, payload.stream, stream.payee, amount),
    { type: 'stream.withdrawn', attributes: { stream: payload.stream, payee: stream.payee, asset: stream.asset, amount: amount.toString(), withdrawn: withdrawn.toString() } },
  ];
}

/**
 * Checks in order: the stream exists (`unknown_contract`); the signer is its payer or payee
 * (`wrong_party`); it is open (`contract_closed`). Effects: what has accrued and is not withdrawn goes
 * to the payee, the rest of the deposit back to the payer; the stream is `stopped` at the block time.
 */
export function applyStreamStop(view: Overlay, signer: string, payload: StreamStopPayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const stream = loadStream(view, payload.stream);
  if (isRejection(stream)) return stream;
  if (signer !== stream.payer && signer !== stream.payee) return reject('wrong_party', `only the payer or the payee stops stream ${payload.stream}`);
  if (stream.status !== 'open') return reject('contract_closed', `stream ${payload.stream} is already ${stream.status}`);
  const accrued = accruedAt(stream, ctx.timeMs);
  const toPayee = accrued - stream.withdrawn;
  const toPayer = stream.deposit - accrued;
  putStream(view, payload.stream, { ...stream, withdrawn: accrued, status: 'stopped', stoppedMs: ctx.timeMs });
  view.touch(payload.stream, stream.payer, stream.payee);
  const events: LedgerEvent[] = [];
  if (toPayee > 0n) {
    moveBalance(view, payload.stream, stream.payee, stream.asset, toPayee);
    events.push(transferEvent(stream.asset, payload.stream, stream.payee, toPayee));
  }
  if (toPayer > 0n) {
    moveBalance(view, payload.stream, stream.payer, stream.asset, toPayer);
    // org (spec/org.md): a stream opened from an org's treasury returns the rest to it.
    creditTreasury(view, stream.payer, stream.asset, toPayer);
    events.push(transferEvent(stream.asset, payload.stream, stream.payer, toPayer));
  }
  events.push({ type: 'stream.stopped', attributes: { stream: payload.stream, by: signer, payer: stream.payer, payee: stream.payee, asset: stream.asset, toPayee: toPayee.toString(), toPayer: toPayer.toString() } });
  return events;
}
