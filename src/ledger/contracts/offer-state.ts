import type { CborValue } from '../../codec/cbor.ts';
import { optional, readMap, readSmallUint, readString } from '../../codec/shape.ts';
import { invariant } from '../../errors/base.ts';
import { reject, type Rejection } from '../errors.ts';
import { HEIGHT_MAX, TIME_MS_MAX } from '../limits.ts';
import type { Overlay, StateReader } from '../state.ts';
import { getContractRecord, putContractRecord } from '../accounts/contract-account.ts';
import { encodeHolding, readHolding } from './payload-fields.ts';
import type { Holding } from './value-types.ts';
import { readCredentialName } from '../market/credential-decode.ts';
import type { CredentialName } from '../market/types.ts';

/**
 * An offer's record at `contract/<address>` (spec/ledger.md §8.3):
 *   { type: "offer", maker, counterparty?, give, ask, deadlineMs, requires?, state, createdAt }
 * `state` is `open` (the address holds `give`), `accepted` or `cancelled` (it holds nothing).
 */
export type OfferState = 'open' | 'accepted' | 'cancelled';

export interface Offer {
  address: string;
  maker: string;
  counterparty?: string;
  give: Holding;
  ask: Holding;
  deadlineMs: number;
  /** A credential the acceptor must hold at offer.accept (decision 0012). */
  requires?: CredentialName;
  state: OfferState;
  createdAt: number;
}

const STATES: readonly OfferState[] = ['open', 'accepted', 'cancelled'];

export function encodeOffer(offer: Offer): { [key: string]: CborValue } & { type: 'offer' } {
  const record: { [key: string]: CborValue } & { type: 'offer' } = {
    type: 'offer',
    maker: offer.maker,
    give: encodeHolding(offer.give),
    ask: encodeHolding(offer.ask),
    deadlineMs: offer.deadlineMs,
    state: offer.state,
    createdAt: offer.createdAt,
  };
  if (offer.counterparty !== undefined) record.counterparty = offer.counterparty;
  if (offer.requires !== undefined) record.requires = { registry: offer.requires.registry, type: offer.requires.type };
  return record;
}

export function decodeOffer(address: string, value: CborValue): Offer {
  const map = readMap(value, 'offer', ['type', 'maker', 'counterparty', 'give', 'ask', 'deadlineMs', 'requires', 'state', 'createdAt']);
  const state = readString(map.state, 'offer.state', 16) as OfferState;
  invariant(STATES.includes(state), `offer.state "${state}" is not a state`);
  const offer: Offer = {
    address,
    maker: readString(map.maker, 'offer.maker', 90),
    counterparty: optional(map.counterparty, (v) => readString(v, 'offer.counterparty', 90)),
    give: readHolding(map.give, 'offer.give'),
    ask: readHolding(map.ask, 'offer.ask'),
    deadlineMs: readSmallUint(map.deadlineMs, 'offer.deadlineMs', TIME_MS_MAX),
    state,
    createdAt: readSmallUint(map.createdAt, 'offer.createdAt', HEIGHT_MAX),
  };
  if (map.requires !== undefined) offer.requires = readCredentialName(map.requires, 'offer.requires');
  return offer;
}

/** The offer at `address`, or `unknown_contract`. */
export function loadOffer(view: StateReader, address: string): Offer | Rejection {
  const contract = getContractRecord(view, address);
  if (contract === undefined || contract.type !== 'offer') return reject('unknown_contract', `no offer at ${address}`);
  return decodeOffer(address, contract.record);
}

export function putOffer(view: Overlay, offer: Offer): void {
  putContractRecord(view, offer.address, encodeOffer(offer));
}
