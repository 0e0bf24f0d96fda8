import { decode, type CborValue } from '../codec/cbor.ts';
import type { CborMap } from '../codec/shape.ts';
import { decodeEscrow } from '../ledger/contracts/escrow-state.ts';
import { decodeListing, type Listing } from '../ledger/market/listing-state.ts';
import { decodeOrder } from '../ledger/market/order-state.ts';
import type { StateIndexer } from '../store/state-index.ts';

/**
 * The market's secondary indexes (spec/store.md `state-index`, spec/market.md §6), computed from each
 * state write at commit and written in the block's LMDB transaction by the store. Each record is read
 * by its module's own decoder. Search and "my orders" read these keys, then the records, from the
 * committed state: no query waits for, or delays, consensus.
 */

/** Title words as the index keeps them: lower case, URI-encoded (so a `/` in a word cannot split a key). */
export function titleWords(title: string): string[] {
  return [...new Set(title.toLowerCase().split(' ').filter((word) => word.length > 0))].map(encodeURIComponent);
}

/** The search keys of an active listing (a paused or closed one is not found; expiry is checked at query time). */
export function listingIndexKeys(listing: Listing): string[] {
  if (listing.state !== 'active') return [];
  const address = listing.address;
  const keys = [`l/all/${address}`, `l/k/${listing.kind}/${address}`, `l/a/${listing.terms.price.asset}/${address}`, `l/s/${listing.seller}/${address}`];
  for (const word of titleWords(listing.terms.title)) keys.push(`l/w/${word}/${address}`);
  if (listing.terms.requires !== undefined) keys.push(`l/c/${listing.terms.requires.registry}/${listing.terms.requires.type}/${address}`);
  return keys;
}

/** Orders sort by the height that created them, 12 digits, so a reverse scan is newest first. */
export const heightKey = (height: number): string => String(height).padStart(12, '0');

const CONTRACT_PREFIX = 'contract/';

const contractIndexer: StateIndexer = {
  prefix: CONTRACT_PREFIX,
  keysOf(stateKey, value) {
    const record = decode(value) as CborMap;
    const address = stateKey.slice(CONTRACT_PREFIX.length);
    if (record.type === 'listing') return listingIndexKeys(decodeListing(address, record));
    if (record.type === 'escrow') {
      const escrow = decodeEscrow(address, record);
      return escrow.state === 'disputed' && escrow.arbiter !== undefined ? [`e/d/${escrow.arbiter}/${address}`] : [];
    }
    return [];
  },
};

const ORDER_PREFIX = 'order/';

const orderIndexer: StateIndexer = {
  prefix: ORDER_PREFIX,
  keysOf(stateKey, value) {
    const order = decodeOrder(stateKey.slice(ORDER_PREFIX.length), decode(value) as CborValue);
    const at = heightKey(order.createdAt);
    return [`o/b/${order.buyer}/${at}/${order.id}`, `o/s/${order.seller}/${at}/${order.id}`];
  },
};

const CREDENTIAL_PREFIX = 'credential/';

const credentialIndexer: StateIndexer = {
  prefix: CREDENTIAL_PREFIX,
  keysOf(stateKey) {
    // credential/<registry>/<type>/<address>: names and addresses hold no `/` (RECORD_NAME_PATTERN, bech32m).
    const [registry, type, address] = stateKey.slice(CREDENTIAL_PREFIX.length).split('/');
    return [`c/${address}/${registry}/${type}`];
  },
};

/** Names the keys below: a store indexed by other indexers is re-indexed at open (ChainStore.ensureIndex). Change it with them. */
export const MARKET_INDEX_VERSION = 'market-1';

/** The indexers the node's store runs at every commit. */
export const MARKET_INDEXERS: readonly StateIndexer[] = [contractIndexer, orderIndexer, credentialIndexer];
