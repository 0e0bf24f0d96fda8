import { toHex } from '../../crypto/hash.ts';
import { contractAddressFor } from '../../ledger/accounts/contract-account.ts';
import { itemIdFor } from '../../ledger/records/ids.ts';
import type { DecodedTx, TxBody, TxKind, TxPayloads } from '../../ledger/types.ts';
import type { HistoryAction } from '../types.ts';
import type { EntryJson } from './report.ts';

/**
 * What a history entry must say, given the tx that made it (spec/provenance.md §3.4): the verifier
 * derives every field of the entry from the tx's payload and from the item's state replayed from its
 * earlier entries (owner, custodian, lock), and refuses an entry that says anything else. This is an
 * independent reading of spec/ledger.md §7.2, not a call into the ledger: the verifier holds no state.
 */
export interface ItemState {
  kind: string;
  owner: string;
  custodian?: string;
  status: 'live' | 'locked' | 'retired';
  lock?: { asset: string; shares: string };
  parents: string[];
}

/** The fields of an entry that depend on the tx (all but seq, signer, nonce, height and time). */
export type EntryFacts = Omit<EntryJson, 'seq' | 'signer' | 'nonce' | 'height' | 'timeMs'>;

export interface Expectation {
  facts: EntryFacts;
  /** The item's state after the entry. */
  state: ItemState;
}

/** An event of the tx's proven result (spec/chain.md §1). */
export interface ResultEvent {
  type: string;
  attributes: { [key: string]: string };
}

export interface ExpectContext {
  chainId: string;
  /** The proven result's event for this item and entry (attributes `item` and `seq`). */
  event: ResultEvent;
  itemId: string;
  /** The item's state before the entry; undefined for its first entry. */
  state: ItemState | undefined;
  /** The final state of an item that this one was made from (already verified), or undefined. */
  parentState: (id: string) => ItemState | undefined;
}

const custodianFor = (owner: string, custodian: string | undefined): string | undefined => (custodian === owner ? undefined : custodian);
const hexList = (documents: Uint8Array[] | undefined): string[] | undefined => documents?.map(toHex);

function payloadOf<K extends TxKind>(tx: DecodedTx, kind: K): TxPayloads[K] | undefined {
  const body = tx.tx.body as TxBody;
  return body.kind === kind ? (body.payload as TxPayloads[K]) : undefined;
}

/** Drops undefined fields, so that absent and undefined compare equal. */
function facts(value: EntryFacts): EntryFacts {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as EntryFacts;
}

/**
 * The expectation for an entry with `action`, or the reason the tx cannot have made it. The signer is
 * the tx's first signer and the nonce its nonce (checked by the caller).
 */
export function expectEntry(action: string, tx: DecodedTx, ctx: ExpectContext): Expectation | string {
  const signer = tx.signerAddresses[0];
  const nonce = tx.tx.body.signers[0].nonce;
  const newId = (index: number): string => itemIdFor(ctx.chainId, signer, nonce, index);
  const state = ctx.state;
  const kindIs = (kind: TxKind): string => `a ${action} entry comes from an ${kind} tx, this tx is ${tx.tx.body.kind}`;
  if (action === 'register' || action === 'create') {
    if (state !== undefined) return `a ${action} entry is only an item's first`;
  } else if (state === undefined) {
    return `an item's first entry is register or create, not ${action}`;
  } else if (state.status === 'retired') {
    return 'the item was retired by an earlier entry';
  }
  switch (action) {
    case 'register': {
      const p = payloadOf(tx, 'item.register');
      if (p === undefined) return kindIs('item.register');
      if (newId(0) !== ctx.itemId) return `the tx registered ${newId(0)}, not this item`;
      const owner = p.owner ?? signer;
      const custodian = custodianFor(owner, p.custodian);
      return { facts: facts({ action, custodian, to: owner }), state: { kind: p.kind, owner, custodian, status: 'live', parents: [] } };
    }
    case 'create': {
      const split = payloadOf(tx, 'item.split');
      if (split !== undefined) {
        const index = split.children.findIndex((_, i) => newId(i) === ctx.itemId);
        if (index < 0) return 'the split tx did not make this item';
        const parent = ctx.parentState(split.item);
        if (parent === undefined) return `its parent ${split.item} is not proven in this report`;
        return { facts: facts({ action, custodian: parent.custodian, to: signer, items: [split.item] }), state: { kind: split.children[index].kind, owner: signer, custodian: parent.custodian, status: 'live', parents: [split.item] } };
      }
      const merge = payloadOf(tx, 'item.merge');
      if (merge === undefined) return 'a create entry comes from an item.split or item.merge tx';
      if (newId(0) !== ctx.itemId) return 'the merge tx did not make this item';
      const parents = merge.items.map((id) => ctx.parentState(id));
      const missing = merge.items.find((_, i) => parents[i] === undefined);
      if (missing !== undefined) return `its parent ${missing} is not proven in this report`;
      const custodians = new Set(parents.map((p) => p!.custodian));
      const custodian = custodians.size === 1 ? parents[0]!.custodian : undefined;
      return { facts: facts({ action, custodian, to: signer, items: [...merge.items] }), state: { kind: merge.kind, owner: signer, custodian, status: 'live', parents: [...merge.items] } };
    }
    case 'transfer': {
      if (tx.tx.body.kind !== 'item.transfer') return contractMove(tx, ctx, state!);
      const p = payloadOf(tx, 'item.transfer');
      if (p === undefined || p.item !== ctx.itemId) return p === undefined ? kindIs('item.transfer') : 'the tx transfers another item';
      const payment = p.payment === undefined ? undefined : { asset: p.payment.asset, amount: p.payment.amount.toString() };
      return { facts: facts({ action, from: state!.owner, to: p.to, payment }), state: { ...state!, owner: p.to, custodian: custodianFor(p.to, state!.custodian) } };
    }
    case 'attest': {
      const p = payloadOf(tx, 'item.attest');
      if (p === undefined || p.item !== ctx.itemId) return p === undefined ? kindIs('item.attest') : 'the tx attests another item';
      const next = p.custodian === undefined ? state! : { ...state!, custodian: custodianFor(state!.owner, p.custodian) };
      return { facts: facts({ action, type: p.type, data: p.data, documents: hexList(p.documents), custodian: p.custodian }), state: next };
    }
    case 'split': {
      const p = payloadOf(tx, 'item.split');
      if (p === undefined || p.item !== ctx.itemId) return p === undefined ? kindIs('item.split') : 'the tx splits another item';
      return { facts: { action, items: p.children.map((_, i) => newId(i)) }, state: { ...state!, status: 'retired' } };
    }
    case 'merge': {
      const p = payloadOf(tx, 'item.merge');
      if (p === undefined || !p.items.includes(ctx.itemId)) return p === undefined ? kindIs('item.merge') : 'the tx merges other items';
      return { facts: { action, items: [newId(0)] }, state: { ...state!, status: 'retired' } };
    }
    case 'retire': {
      const p = payloadOf(tx, 'item.retire');
      if (p === undefined || p.item !== ctx.itemId) return p === undefined ? kindIs('item.retire') : 'the tx retires another item';
      return { facts: facts({ action, reason: p.reason }), state: { ...state!, status: 'retired' } };
    }
    case 'fractionalize': {
      const p = payloadOf(tx, 'item.fractionalize');
      if (p === undefined || p.item !== ctx.itemId) return p === undefined ? kindIs('item.fractionalize') : 'the tx fractionalises another item';
      const lock = { asset: p.symbol, shares: p.shares.toString() };
      return { facts: { action, asset: lock.asset, shares: lock.shares }, state: { ...state!, status: 'locked', lock } };
    }
    case 'redeem': {
      const p = payloadOf(tx, 'item.redeem');
      if (p === undefined || p.item !== ctx.itemId) return p === undefined ? kindIs('item.redeem') : 'the tx redeems another item';
      if (state!.lock === undefined) return 'the item was not fractionalised';
      const { asset, shares } = state!.lock;
      return { facts: { action, from: state!.owner, to: signer, asset, shares }, state: { ...state!, status: 'live', lock: undefined, owner: signer, custodian: custodianFor(signer, state!.custodian) } };
    }
    case 'rental-offer':
    case 'rental-book':
    case 'rental-return':
    case 'rental-claim':
    case 'rental-resolve':
    case 'rental-close':
      return rentalEntry(action, tx, ctx, state!);
    default:
      return `this verifier does not know how to prove a "${action}" entry`;
  }
}

/**
 * A move made by a contract tx (escrow, swap, offer; spec/ledger.md §8.1): the payload names the
 * contract, not the parties, so the entry is checked against the proven result's `item.transferred`
 * event instead — its `by` is the tx's kind, its `from` the owner the replay knows, its `to` the new
 * owner — and says `type` = the kind, `from`, `to`.
 */
function contractMove(tx: DecodedTx, ctx: ExpectContext, state: ItemState): Expectation | string {
  const { type, attributes } = ctx.event;
  if (type !== 'item.transferred' || attributes.by !== tx.tx.body.kind) return `a transfer entry comes from item.transfer or from a contract tx whose result says item.transferred by its kind; this tx is ${tx.tx.body.kind}`;
  if (attributes.from !== state.owner) return `the result moves the item from ${attributes.from}, its owner was ${state.owner}`;
  const to = attributes.to;
  return { facts: { action: 'transfer', type: tx.tx.body.kind, from: state.owner, to }, state: { ...state, owner: to, custodian: custodianFor(to, state.custodian) } };
}

/** The rental tx kind and result event of each rental entry (spec/ledger.md §8.5). */
const RENTAL_ENTRIES: { [action: string]: { kind: TxKind; event: string } } = {
  'rental-offer': { kind: 'rental.offer', event: 'rental.offered' },
  'rental-book': { kind: 'rental.book', event: 'rental.booked' },
  'rental-return': { kind: 'rental.return', event: 'rental.returned' },
  'rental-claim': { kind: 'rental.claim', event: 'rental.claimed' },
  'rental-resolve': { kind: 'rental.resolve', event: 'rental.resolved' },
  'rental-close': { kind: 'rental.close', event: 'rental.closed' },
};

/**
 * A rental entry: the item stays as it was (a rental never moves it). Its fields come from the payload
 * where it names them, else from the proven result's rental event for this item and entry: the rental
 * of an offer is the contract address of (chain, signer, nonce, 0); a booking's number, span and
 * renter are in `rental.booked`; the renter of a claim or resolution in its event.
 */
function rentalEntry(action: string, tx: DecodedTx, ctx: ExpectContext, state: ItemState): Expectation | string {
  const { kind, event } = RENTAL_ENTRIES[action];
  const body = tx.tx.body as TxBody;
  if (body.kind !== kind) return `a ${action} entry comes from a ${kind} tx, this tx is ${body.kind}`;
  const attributes = ctx.event.attributes;
  if (ctx.event.type !== event) return `the result's event for this entry is ${ctx.event.type}, not ${event}`;
  const signer = tx.signerAddresses[0];
  if (action === 'rental-offer') {
    const p = body.payload as TxPayloads['rental.offer'];
    if (p.item !== ctx.itemId) return 'the tx offers another item';
    if (state.owner !== signer) return `the offer is signed by ${signer}, the owner is ${state.owner}`;
    return { facts: { action, contract: contractAddressFor(ctx.chainId, signer, tx.tx.body.signers[0].nonce, 0), asset: p.asset }, state };
  }
  const p = body.payload as { rental: string; booking?: number; reason?: string };
  if (attributes.rental !== p.rental) return `the result's ${event} names rental ${attributes.rental}, the tx ${p.rental}`;
  if (action === 'rental-close') return { facts: { action, contract: p.rental }, state };
  const booking = p.booking ?? Number(attributes.booking);
  if (action === 'rental-book') {
    if (attributes.renter !== signer) return `the booking's renter is ${attributes.renter}, the tx's signer ${signer}`;
    return { facts: { action, contract: p.rental, booking, user: signer, startMs: Number(attributes.startMs), endMs: Number(attributes.endMs) }, state };
  }
  if (attributes.booking !== String(booking)) return `the result's ${event} is about booking ${attributes.booking}, the tx about ${booking}`;
  if (action === 'rental-return' && attributes.renter !== signer) return `booking ${booking} is returned by ${signer}, its renter is ${attributes.renter}`;
  return { facts: facts({ action: action as HistoryAction, contract: p.rental, booking, user: attributes.renter, reason: action === 'rental-claim' ? p.reason : undefined }), state };
}
