/**
 * What the search box understands, tried in order; the first resolver that recognises the text
 * decides. A contract's id is its address (spec/ledger.md §8.1): an address opens the contract's page
 * when it is one.
 */
import { AgoraError, isAddress, isItemId } from '../../src/client/index.ts';
import { isContractAddress } from './contract-detect.ts';
import { client } from './node.ts';

export type SearchOutcome = { path: string } | { problem: string };

const ASSET_SHAPE = /^[A-Za-z][A-Za-z0-9]{1,11}$/;
/** spec/ledger.md §7.2 "name". */
const REGISTRY_SHAPE = /^[a-z][a-z0-9.-]{0,31}$/;

/** True when `read` finds it; false on the code that says there is none; other errors propagate. */
async function exists(read: () => Promise<unknown>, missing: string): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (error) {
    if (error instanceof AgoraError && error.code === missing) return false;
    throw error;
  }
}

interface SearchResolver {
  /** True when the text has this resolver's shape. */
  matches: (text: string) => boolean;
  resolve: (text: string) => Promise<SearchOutcome>;
}

const RESOLVERS: SearchResolver[] = [
  {
    matches: (text) => /^#?[0-9]{1,15}$/.test(text),
    resolve: async (text) => ({ path: `/block/${Number(text.replace('#', ''))}` }),
  },
  {
    matches: (text) => /^agora1/i.test(text),
    resolve: async (text) => {
      const address = text.toLowerCase();
      if (!isAddress(address)) return { problem: 'That looks like an address but is not a valid one (check for a missing or wrong character).' };
      // A contract account opens its contract's page (escrow, rental, …); its account page links to it too.
      return { path: (await isContractAddress(address)) ? `/contracts/${address}` : `/account/${address}` };
    },
  },
  {
    matches: (text) => /^[0-9a-fA-F]{64}$/.test(text),
    resolve: async (text) => {
      const id = text.toLowerCase();
      try {
        await client.tx(id);
        return { path: `/tx/${id}` };
      } catch (error) {
        if (error instanceof AgoraError && error.code === 'not_found') return { problem: 'No transaction with that id on this node (committed or pending).' };
        throw error;
      }
    },
  },
  {
    matches: (text) => /^item1/i.test(text),
    resolve: async (text) => {
      const id = text.toLowerCase();
      if (!isItemId(id)) return { problem: 'That looks like an item id but is not a valid one (item1 and 58 more characters; check for a missing or wrong one).' };
      try {
        await client.getItem(id);
        return { path: `/items/${id}` };
      } catch (error) {
        if (error instanceof AgoraError && error.code === 'unknown_item') return { problem: 'No item with that id on this chain.' };
        throw error;
      }
    },
  },
  {
    // An asset symbol (AGR, any case) or a registry name (coffee-lots): assets first, as before registries existed.
    matches: (text) => ASSET_SHAPE.test(text) || REGISTRY_SHAPE.test(text.toLowerCase()),
    resolve: async (text) => {
      if (ASSET_SHAPE.test(text) && (await exists(() => client.asset(text.toUpperCase()), 'not_found'))) return { path: `/asset/${text.toUpperCase()}` };
      const name = text.toLowerCase();
      if (REGISTRY_SHAPE.test(name) && (await exists(() => client.getRegistry(name), 'unknown_registry'))) return { path: `/registries/${name}` };
      return { problem: `Not an address, a tx id, an item id or a block height, and no asset or registry is named “${text}”.` };
    },
  },
];

export async function search(input: string): Promise<SearchOutcome> {
  const text = input.trim();
  if (text.length === 0) return { problem: 'Type an address, a tx id, an item id, a block height, an asset symbol or a registry name.' };
  const resolver = RESOLVERS.find((r) => r.matches(text));
  if (resolver === undefined) return { problem: 'Not an address (agora1…), a tx id (64 hex digits), an item id (item1…), a block height, an asset symbol or a registry name.' };
  return resolver.resolve(text);
}
