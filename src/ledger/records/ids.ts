import { bech32m } from '@scure/base';
import { encode } from '../../codec/cbor.ts';
import { sha256 } from '../../crypto/hash.ts';

/**
 * Item ids (spec/ledger.md §7.1): bech32m with the prefix `item` of
 *   SHA-256(canonical CBOR ["agora/item/v1", chainId, creator address, creator nonce, index])
 * where the creator is the tx's first signer, the nonce the one that tx consumed, and the index the
 * position of the new item among those the tx makes (0 for item.register and item.merge; 0…N-1 for
 * the children of item.split). An (address, nonce) pair is consumed by exactly one tx on a chain, so
 * ids never collide, and a wallet knows the id before it sends the tx.
 */
export const ITEM_ID_PREFIX = 'item';
export const ITEM_ID_DOMAIN = 'agora/item/v1';
export const ITEM_ID_BYTES = 32;
/** `item1` + 52 data characters + 6 checksum characters. */
export const ITEM_ID_LENGTH = 63;

export function itemIdFor(chainId: string, creator: string, nonce: bigint, index: number): string {
  const hash = sha256(encode([ITEM_ID_DOMAIN, chainId, creator, nonce, index]));
  return bech32m.encode(ITEM_ID_PREFIX, bech32m.toWords(hash));
}

/** A lower-case bech32m `item1…` string of 32 bytes (upper case would give a second spelling of one key). */
export function isItemId(text: string): boolean {
  if (typeof text !== 'string' || text.length !== ITEM_ID_LENGTH || text !== text.toLowerCase()) return false;
  try {
    const decoded = bech32m.decode(text as `${string}1${string}`);
    return decoded.prefix === ITEM_ID_PREFIX && bech32m.fromWords(decoded.words).length === ITEM_ID_BYTES;
  } catch {
    return false;
  }
}
