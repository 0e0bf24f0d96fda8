/**
 * What the search box understands, tried in order; the first resolver that recognises the text
 * decides. Item ids (records) and contract ids join this list when those modules land.
 */
import { AgoraError, isAddress } from '../../src/client/index.ts';
import { client } from './node.ts';

export type SearchOutcome = { path: string } | { problem: string };

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
    resolve: async (text) => (isAddress(text.toLowerCase()) ? { path: `/account/${text.toLowerCase()}` } : { problem: 'That looks like an address but is not a valid one (check for a missing or wrong character).' }),
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
    matches: (text) => /^[A-Za-z][A-Za-z0-9]{1,11}$/.test(text),
    resolve: async (text) => {
      const symbol = text.toUpperCase();
      try {
        await client.asset(symbol);
        return { path: `/asset/${symbol}` };
      } catch (error) {
        if (error instanceof AgoraError && error.code === 'not_found') return { problem: `No asset with the symbol ${symbol}.` };
        throw error;
      }
    },
  },
];

export async function search(input: string): Promise<SearchOutcome> {
  const text = input.trim();
  if (text.length === 0) return { problem: 'Type an address, a tx id, a block height or an asset symbol.' };
  const resolver = RESOLVERS.find((r) => r.matches(text));
  if (resolver === undefined) return { problem: 'Not an address (agora1…), a tx id (64 hex digits), a block height or an asset symbol.' };
  return resolver.resolve(text);
}
