// Invariants of the ledger's value module (DESIGN.md §The ledger; spec/ledger.md §Invariants), checked
// over a whole state, and the state root recomputed from scratch. Reusable by any test that holds the
// full state: property tests over MemoryState, crash tests over a node's store.
//
//   checkValueInvariants(entries)  throws an Error naming the first broken invariant and the key
//   stateRootFromScratch(entries)  hex root of spec/chain.md §State commitment, built from nothing
import { decode, type CborValue } from '../../src/codec/cbor.ts';
import { isAddress } from '../../src/crypto/address.ts';
import { concat, sha256, toHex, utf8 } from '../../src/crypto/hash.ts';
import { AMOUNT_MAX, ASSET_DECIMALS_MAX, ASSET_NAME_LENGTH_MAX, ASSET_SYMBOL_PATTERN, NONCE_MAX } from '../../src/ledger/limits.ts';

function fail(key: string, message: string): never {
  throw new Error(`value invariant broken at state key "${key}": ${message}`);
}

function decodeAt(key: string, bytes: Uint8Array): CborValue {
  try {
    return decode(bytes);
  } catch (error) {
    return fail(key, `the record is not canonical CBOR (${(error as Error).message})`);
  }
}

function asInteger(value: CborValue | undefined): bigint | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  return typeof value === 'bigint' ? value : undefined;
}

function isMap(value: CborValue | undefined): value is { [key: string]: CborValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

interface AssetFacts {
  supply: bigint;
  maxSupply?: bigint;
}

function checkAsset(key: string, value: CborValue): AssetFacts {
  const symbol = key.slice('asset/'.length);
  if (!isMap(value)) fail(key, 'an asset record must be a map');
  const allowed = ['symbol', 'name', 'decimals', 'supply', 'maxSupply', 'mintAuthority', 'creator'];
  for (const field of Object.keys(value)) if (!allowed.includes(field)) fail(key, `unknown asset field "${field}"`);
  if (value.symbol !== symbol) fail(key, `the record's symbol is ${JSON.stringify(value.symbol)}, the key's is "${symbol}"`);
  if (!ASSET_SYMBOL_PATTERN.test(symbol)) fail(key, `symbol "${symbol}" does not match ${ASSET_SYMBOL_PATTERN}`);
  if (typeof value.name !== 'string' || value.name.length > ASSET_NAME_LENGTH_MAX) fail(key, 'bad asset name');
  const decimals = asInteger(value.decimals);
  if (decimals === undefined || decimals < 0n || decimals > BigInt(ASSET_DECIMALS_MAX)) fail(key, `bad decimals ${String(value.decimals)}`);
  if (typeof value.creator !== 'string') fail(key, 'the creator must be text');
  if (value.mintAuthority !== undefined && (typeof value.mintAuthority !== 'string' || !isAddress(value.mintAuthority))) {
    fail(key, `the mint authority ${String(value.mintAuthority)} is not an address`);
  }
  const supply = asInteger(value.supply);
  if (supply === undefined) fail(key, 'the supply must be an integer');
  if (supply < 0n) fail(key, `the supply ${supply} is negative`);
  if (supply > AMOUNT_MAX) fail(key, `the supply ${supply} is above 2^128-1`);
  if (value.maxSupply === undefined) return { supply };
  const maxSupply = asInteger(value.maxSupply);
  if (maxSupply === undefined || maxSupply <= 0n || maxSupply > AMOUNT_MAX) fail(key, `bad maxSupply ${String(value.maxSupply)}`);
  if (supply > maxSupply) fail(key, `the supply ${supply} is above the max supply ${maxSupply}`);
  return { supply, maxSupply };
}

function checkBalance(key: string, value: CborValue): { asset: string; amount: bigint } {
  const rest = key.slice('bal/'.length);
  const slash = rest.indexOf('/');
  if (slash < 0) fail(key, 'a balance key is bal/<address>/<asset>');
  const address = rest.slice(0, slash);
  const asset = rest.slice(slash + 1);
  if (!isAddress(address)) fail(key, `"${address}" is not an address`);
  const amount = asInteger(value);
  if (amount === undefined) fail(key, 'a balance must be an integer');
  if (amount < 0n) fail(key, `the balance ${amount} is negative`);
  if (amount === 0n) fail(key, 'a zero balance is stored (zero balances are deleted)');
  if (amount > AMOUNT_MAX) fail(key, `the balance ${amount} is above 2^128-1`);
  return { asset, amount };
}

function checkAccount(key: string, value: CborValue): void {
  if (!isAddress(key.slice('acct/'.length))) fail(key, 'not an address');
  if (!isMap(value) || Object.keys(value).join() !== 'nonce') fail(key, 'an account record is exactly { nonce }');
  const nonce = asInteger(value.nonce);
  if (nonce === undefined || nonce < 0n || nonce > NONCE_MAX) fail(key, `bad nonce ${String(value.nonce)}`);
}

/**
 * Checks, over every entry of a state (key → canonical CBOR bytes):
 *  - every record of the value module (acct/, bal/, asset/) is canonical and well-formed;
 *  - no balance is zero (those are deleted), negative, or above 2^128-1;
 *  - every balance is of an asset that exists;
 *  - for every asset, supply ≤ maxSupply, and supply == the sum of its balances.
 * Keys of other modules are ignored. Throws an Error naming the first broken invariant.
 */
export function checkValueInvariants(entries: Map<string, Uint8Array>): void {
  const assets = new Map<string, AssetFacts>();
  const sums = new Map<string, { total: bigint; holders: number; someKey: string }>();
  for (const key of [...entries.keys()].sort()) {
    const bytes = entries.get(key)!;
    if (key.startsWith('asset/')) {
      assets.set(key.slice('asset/'.length), checkAsset(key, decodeAt(key, bytes)));
    } else if (key.startsWith('bal/')) {
      const { asset, amount } = checkBalance(key, decodeAt(key, bytes));
      const sum = sums.get(asset) ?? { total: 0n, holders: 0, someKey: key };
      sum.total += amount;
      sum.holders += 1;
      sums.set(asset, sum);
    } else if (key.startsWith('acct/')) {
      checkAccount(key, decodeAt(key, bytes));
    }
  }
  for (const [asset, sum] of sums) {
    if (!assets.has(asset)) fail(sum.someKey, `balance of asset ${asset}, which does not exist`);
  }
  for (const [symbol, facts] of assets) {
    const sum = sums.get(symbol) ?? { total: 0n, holders: 0 };
    if (sum.total !== facts.supply) {
      fail(`asset/${symbol}`, `supply is ${facts.supply} but the ${sum.holders} balances sum to ${sum.total} (difference ${facts.supply - sum.total})`);
    }
  }
}

const EMPTY = new Uint8Array(32);

function bitOf(hash: Uint8Array, index: number): number {
  return (hash[index >> 3] >> (7 - (index & 7))) & 1;
}

function subtreeHash(leaves: { keyHash: Uint8Array; valueHash: Uint8Array }[], depth: number): Uint8Array {
  if (leaves.length === 0) return EMPTY;
  if (leaves.length === 1) return sha256(concat(new Uint8Array([0]), leaves[0].keyHash, leaves[0].valueHash));
  const left = leaves.filter((leaf) => bitOf(leaf.keyHash, depth) === 0);
  const right = leaves.filter((leaf) => bitOf(leaf.keyHash, depth) === 1);
  return sha256(concat(new Uint8Array([1]), subtreeHash(left, depth + 1), subtreeHash(right, depth + 1)));
}

/**
 * The state root (spec/chain.md §State commitment) computed from the entries alone, without
 * src/chain/state-trie.ts: a leaf 0x00 ‖ SHA-256(key) ‖ SHA-256(value) stands where its key hash first
 * differs from every other; a branch is 0x01 ‖ left ‖ right with 32 zero bytes for an empty side.
 */
export function stateRootFromScratch(entries: Map<string, Uint8Array>): string {
  const leaves = [...entries].map(([key, value]) => ({ keyHash: sha256(utf8(key)), valueHash: sha256(value) }));
  return toHex(subtreeHash(leaves, 0));
}
