import type { CborValue } from '../../codec/cbor.ts';
import { optional, readMap } from '../../codec/shape.ts';
import { readAddress } from '../payload-fields.ts';
import { readCredentialName } from '../market/credential-decode.ts';
import { checkItemsOnce, readHolding, readTimeMs } from './payload-fields.ts';
import type { OfferCreatePayload, OfferRefPayload } from './swap-types.ts';

/** The payloads of the offer kinds (spec/ledger.md §8.3): the codec half (contracts/offer.ts applies them). */

export function decodeOfferCreate(value: CborValue): OfferCreatePayload {
  const map = readMap(value, 'payload', ['counterparty', 'give', 'ask', 'deadlineMs', 'requires']);
  const counterparty = optional(map.counterparty, (v) => readAddress(v, 'payload.counterparty'));
  const payload: OfferCreatePayload = { give: readHolding(map.give, 'payload.give'), ask: readHolding(map.ask, 'payload.ask'), deadlineMs: readTimeMs(map.deadlineMs, 'payload.deadlineMs') };
  checkItemsOnce([payload.give, payload.ask], 'payload');
  if (counterparty !== undefined) payload.counterparty = counterparty;
  const requires = optional(map.requires, (v) => readCredentialName(v, 'payload.requires'));
  if (requires !== undefined) payload.requires = requires;
  return payload;
}

export function decodeOfferRef(value: CborValue): OfferRefPayload {
  const map = readMap(value, 'payload', ['offer']);
  return { offer: readAddress(map.offer, 'payload.offer') };
}
