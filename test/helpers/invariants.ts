// Invariants of the ledger's value and records modules (DESIGN.md §The ledger; spec/ledger.md §6, §7.4),
// checked over a whole state, and the state root recomputed from scratch. Reusable by any test that holds the
// full state: property tests over MemoryState, crash tests over a node's store.
//
//   checkValueInvariants(entries)  throws an Error naming the first broken invariant and the key
//   checkRecordInvariants(entries) the same for items, registries, histories and locks
//   checkRecordTransitions(before, after, receipts)  what may change across one block
//   checkContractInvariants(entries) contract accounts hold exactly what their contracts owe (and the value invariants)
//   stateRootFromScratch(entries)  hex root of spec/chain.md §State commitment, built from nothing
import { decode, type CborValue } from '../../src/codec/cbor.ts';
import { isAddress } from '../../src/crypto/address.ts';
import { concat, sha256, toHex, utf8 } from '../../src/crypto/hash.ts';
import { AMOUNT_MAX, ASSET_DECIMALS_MAX, ASSET_NAME_LENGTH_MAX, ASSET_SYMBOL_PATTERN, ITEM_EVENTS_MAX, NONCE_MAX, RECORD_NAME_PATTERN } from '../../src/ledger/limits.ts';
import { isItemId } from '../../src/ledger/records/ids.ts';
import { CONTRACT_PREFIX, type ContractType } from '../../src/ledger/accounts/contract-account.ts';
import { budgetOf, decodeJob } from '../../src/ledger/work/state.ts';
import { owedBy, type Owed } from '../../src/ledger/contracts/owed.ts';
import { decodeRental, type RentalRecord } from '../../src/ledger/contracts/rental/state.ts';
import { accruedAt, decodeStream, type StreamRecord } from '../../src/ledger/contracts/stream-state.ts';
// org (spec/org.md)
import { decodeOrg, type OrgRecord } from '../../src/ledger/org/state.ts';

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

// ---------------------------------------------------------------------------------------------
// Records module (src/ledger/records; spec/ledger.md §7.4).
//
//   checkRecordInvariants(entries)               over one state, like checkValueInvariants
//   checkRecordTransitions(before, after, rs)    over a block: the states before and after it and its receipts

type RecordMap = { [key: string]: CborValue };

function recordFail(key: string, message: string): never {
  throw new Error(`records invariant broken at state key "${key}": ${message}`);
}

const ITEM_ID = /^item1[02-9ac-hj-np-z]{58}$/;
const STATUSES = ['live', 'locked', 'retired'];

function mapAt(key: string, bytes: Uint8Array): RecordMap {
  const value = decodeAt(key, bytes);
  if (!isMap(value)) recordFail(key, 'the record must be a map');
  return value;
}

function textList(value: CborValue | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return ['<not a list of text>'];
  return value as string[];
}

interface ItemFacts {
  owner: string;
  status: string;
  registry?: string;
  events: number;
  lock?: { asset: string; shares: bigint };
  parents: string[];
  children: string[];
}

function checkItem(key: string, record: RecordMap): ItemFacts {
  const id = key.slice('item/'.length);
  if (!ITEM_ID.test(id) || !isItemId(id)) recordFail(key, `"${id}" is not an item1… id`);
  if (record.id !== id) recordFail(key, `the record's id is ${JSON.stringify(record.id)}`);
  if (typeof record.kind !== 'string' || !RECORD_NAME_PATTERN.test(record.kind)) recordFail(key, `bad kind ${JSON.stringify(record.kind)}`);
  if (typeof record.owner !== 'string' || !isAddress(record.owner)) recordFail(key, `the owner ${String(record.owner)} is not one address`);
  if (typeof record.status !== 'string' || !STATUSES.includes(record.status)) recordFail(key, `bad status ${String(record.status)}`);
  if (record.custodian !== undefined && (typeof record.custodian !== 'string' || !isAddress(record.custodian))) recordFail(key, 'the custodian is not an address');
  if (record.custodian === record.owner) recordFail(key, 'a custodian equal to the owner is stored (absent means the owner)');
  const events = asInteger(record.events);
  if (events === undefined || events < 0n || events > BigInt(ITEM_EVENTS_MAX)) recordFail(key, `bad history count ${String(record.events)}`);
  if (events === 0n) recordFail(key, 'an item without history (registration is entry 0)');
  let lock: ItemFacts['lock'];
  if (record.lock !== undefined) {
    const shares = isMap(record.lock) ? asInteger(record.lock.shares) : undefined;
    if (!isMap(record.lock) || typeof record.lock.asset !== 'string' || shares === undefined || shares <= 0n) recordFail(key, 'a bad lock');
    lock = { asset: record.lock.asset, shares };
  }
  if ((record.status === 'locked') !== (lock !== undefined)) recordFail(key, `status ${record.status} ${lock === undefined ? 'without' : 'with'} a lock`);
  const registry = record.registry;
  if (registry !== undefined && typeof registry !== 'string') recordFail(key, 'bad registry');
  return { owner: record.owner, status: record.status, registry, events: Number(events), lock, parents: textList(record.parents) ?? [], children: textList(record.children) ?? [] };
}

/** The part of a key after `prefix`, split at '/' into exactly `parts` pieces. */
function keyParts(key: string, prefix: string, parts: number): string[] {
  const rest = key.slice(prefix.length).split('/');
  if (rest.length !== parts) recordFail(key, `expected ${parts} parts after ${prefix}`);
  return rest;
}

interface RecordState {
  items: Map<string, ItemFacts>;
  registries: Set<string>;
  ownerIndex: Map<string, string[]>;
  registryIndex: Map<string, string[]>;
  history: Map<string, number[]>;
  shares: Map<string, string>;
  assets: Map<string, { supply: bigint; mintable: boolean }>;
}

function collectRecords(entries: Map<string, Uint8Array>): RecordState {
  const state: RecordState = { items: new Map(), registries: new Set(), ownerIndex: new Map(), registryIndex: new Map(), history: new Map(), shares: new Map(), assets: new Map() };
  const push = (map: Map<string, string[]>, id: string, value: string): void => void map.set(id, [...(map.get(id) ?? []), value]);
  for (const key of [...entries.keys()].sort()) {
    const bytes = entries.get(key)!;
    if (key.startsWith('item/')) state.items.set(key.slice(5), checkItem(key, mapAt(key, bytes)));
    else if (key.startsWith('registry/')) {
      const record = mapAt(key, bytes);
      if (record.name !== key.slice(9) || typeof record.curator !== 'string' || !isAddress(record.curator) || typeof record.open !== 'boolean') recordFail(key, 'a bad registry record');
      state.registries.add(key.slice(9));
    } else if (key.startsWith('owneritem/')) {
      const [owner, id] = keyParts(key, 'owneritem/', 2);
      push(state.ownerIndex, id, owner);
    } else if (key.startsWith('regitem/')) {
      const [registry, id] = keyParts(key, 'regitem/', 2);
      push(state.registryIndex, id, registry);
    } else if (key.startsWith('itemlog/')) {
      const [id, seq] = keyParts(key, 'itemlog/', 2);
      const record = mapAt(key, bytes);
      if (!/^[0-9]{10}$/.test(seq) || asInteger(record.seq) !== BigInt(seq)) recordFail(key, `the entry's seq is ${String(record.seq)}`);
      if (typeof record.signer !== 'string' || !isAddress(record.signer)) recordFail(key, 'the entry has no signer');
      state.history.set(id, [...(state.history.get(id) ?? []), Number(seq)]);
    } else if (key.startsWith('shares/')) {
      const value = decodeAt(key, bytes);
      if (typeof value !== 'string') recordFail(key, 'shares/<symbol> holds an item id');
      state.shares.set(key.slice(7), value);
    } else if (key.startsWith('registrar/') || key.startsWith('attester/')) {
      const registry = key.slice(key.indexOf('/') + 1).split('/')[0];
      if (!entries.has(`registry/${registry}`)) recordFail(key, `a role in registry ${registry}, which does not exist`);
    } else if (key.startsWith('asset/')) {
      const record = mapAt(key, bytes);
      state.assets.set(key.slice(6), { supply: asInteger(record.supply) ?? -1n, mintable: record.mintAuthority !== undefined });
    }
  }
  return state;
}

function checkIndexes(state: RecordState): void {
  for (const [id, owners] of state.ownerIndex) {
    const item = state.items.get(id);
    if (item === undefined || owners.length !== 1 || owners[0] !== item.owner) recordFail(`owneritem/${owners.join('|')}/${id}`, `the owner index of ${id} is [${owners.join(', ')}], the owner is ${item?.owner ?? 'no item'}`);
  }
  for (const [id, registries] of state.registryIndex) {
    const item = state.items.get(id);
    if (item === undefined || registries.length !== 1 || registries[0] !== item.registry) recordFail(`regitem/${registries.join('|')}/${id}`, `the registry index of ${id} is [${registries.join(', ')}]`);
  }
  for (const [id, item] of state.items) {
    if (!state.ownerIndex.has(id)) recordFail(`item/${id}`, 'no owner index entry: an item has exactly one owner');
    if (item.registry !== undefined && !state.registries.has(item.registry)) recordFail(`item/${id}`, `registry ${item.registry} does not exist`);
    if (item.registry !== undefined && !state.registryIndex.has(id)) recordFail(`item/${id}`, 'no registry index entry');
    const seqs = state.history.get(id) ?? [];
    if (seqs.length !== item.events || seqs.some((seq, i) => seq !== i)) recordFail(`item/${id}`, `history has entries [${seqs.join(',')}], the item counts ${item.events}`);
  }
  for (const id of state.history.keys()) if (!state.items.has(id)) recordFail(`itemlog/${id}/`, 'history of an item that does not exist');
}

function checkLocksAndLineage(state: RecordState): void {
  for (const [symbol, id] of state.shares) {
    const lock = state.items.get(id)?.lock;
    if (lock === undefined || lock.asset !== symbol) recordFail(`shares/${symbol}`, `points at ${id}, which is not locked by ${symbol}`);
  }
  for (const [id, item] of state.items) {
    if (item.lock !== undefined) {
      const asset = state.assets.get(item.lock.asset);
      if (state.shares.get(item.lock.asset) !== id) recordFail(`item/${id}`, `locked by ${item.lock.asset} without shares/${item.lock.asset}`);
      if (asset === undefined || asset.supply !== item.lock.shares) recordFail(`item/${id}`, `its ${item.lock.shares} shares ${item.lock.asset} total ${asset?.supply ?? 'no asset'}`);
      if (asset.mintable) recordFail(`item/${id}`, `its shares ${item.lock.asset} are mintable`);
    }
    for (const parent of item.parents) {
      const facts = state.items.get(parent);
      if (facts === undefined || facts.status !== 'retired' || !facts.children.includes(id)) recordFail(`item/${id}`, `parent ${parent} is not a retired item that lists it as a child`);
    }
    for (const child of item.children) {
      if (!state.items.get(child)?.parents.includes(id)) recordFail(`item/${id}`, `child ${child} does not list it as a parent`);
    }
    if (item.children.length > 0 && item.status !== 'retired') recordFail(`item/${id}`, 'an item with children is not retired');
  }
}

/**
 * Checks, over every entry of a state:
 *  - item, registry, history, index and shares records are well-formed;
 *  - every item has exactly one owner (one address, and exactly one owner index entry, which matches);
 *  - index entries match their items; an item's history is exactly entries 0 … events-1;
 *  - a locked item's shares asset exists, is not mintable and has a supply of exactly N; every
 *    `shares/` key points at the item it locks, and every locked item has one;
 *  - lineage links are symmetric: a parent is retired and lists the child, a child lists the parent;
 *  - roles and items name registries that exist.
 * Keys of other modules are ignored. Throws an Error naming the first broken invariant.
 */
export function checkRecordInvariants(entries: Map<string, Uint8Array>): void {
  const state = collectRecords(entries);
  checkIndexes(state);
  checkLocksAndLineage(state);
}

/**
 * Checks one block's change to the records, from the state before it, the state after it and its
 * receipts: items are never deleted; a retired item and its history do not change at all; a locked
 * item changes owner or status only by an `item.redeemed` event; history entries are append-only.
 */
export function checkRecordTransitions(before: Map<string, Uint8Array>, after: Map<string, Uint8Array>, receipts: { code: string; events: { type: string; attributes: { [key: string]: string } }[] }[]): void {
  const redeemed = new Set(receipts.flatMap((r) => r.events.filter((e) => e.type === 'item.redeemed').map((e) => e.attributes.item)));
  for (const [key, bytes] of before) {
    if (key.startsWith('itemlog/')) {
      const now = after.get(key);
      if (now === undefined || toHex(now) !== toHex(bytes)) recordFail(key, 'a history entry changed or vanished');
      continue;
    }
    if (!key.startsWith('item/')) continue;
    const now = after.get(key);
    if (now === undefined) recordFail(key, 'an item vanished');
    const was = checkItem(key, mapAt(key, bytes));
    const is = checkItem(key, mapAt(key, now));
    if (was.status === 'retired' && toHex(now) !== toHex(bytes)) recordFail(key, 'a retired item changed');
    if (was.status === 'locked' && (is.owner !== was.owner || is.status !== was.status) && !redeemed.has(key.slice(5))) {
      recordFail(key, `a locked item moved (${was.owner} ${was.status} → ${is.owner} ${is.status}) without item.redeemed`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Contracts (src/ledger/contracts; spec/ledger.md §8.7).
//
//   checkContractInvariants(entries)   contract accounts hold exactly what their contracts owe
//   checkRentalAndStreamRecords(entries)  rentals and streams agree with their terms; rented items stay put

const CONTRACT_TYPES: readonly ContractType[] = ['escrow', 'offer', 'rental', 'stream', 'split', 'listing', 'org', 'job'];

function contractFail(key: string, message: string): never {
  throw new Error(`contract invariant broken at state key "${key}": ${message}`);
}

function describeHolding(assets: Map<string, bigint>, items: string[]): string {
  const parts = [...assets].sort(([a], [b]) => (a < b ? -1 : 1)).map(([asset, amount]) => `${amount} ${asset}`);
  return [...parts, ...items.map((id) => `item ${id}`)].join(', ') || 'nothing';
}

/**
 * Checks, over every entry of a state, after checkValueInvariants (so supply still equals the sum of
 * balances, contract accounts included):
 *  - every `contract/<address>` record is a map whose `type` is a ContractType with an entry in
 *    src/ledger/contracts/owed.ts (a type without one fails here);
 *  - each contract address holds exactly what its record says it owes: the same balance of every
 *    asset (none of any other) and the same items (as their owner), no more, no less;
 *  - no contract address has an account record: no key signs for one, so it never consumed a nonce.
 * Throws an Error naming the first broken invariant.
 */
export function checkContractInvariants(entries: Map<string, Uint8Array>): void {
  checkValueInvariants(entries);
  const held = new Map<string, { assets: Map<string, bigint>; items: string[] }>();
  const holdingOf = (address: string): { assets: Map<string, bigint>; items: string[] } => {
    const found = held.get(address) ?? { assets: new Map(), items: [] };
    held.set(address, found);
    return found;
  };
  const contracts: string[] = [];
  for (const key of [...entries.keys()].sort()) {
    if (key.startsWith(CONTRACT_PREFIX)) contracts.push(key.slice(CONTRACT_PREFIX.length));
  }
  const isContractAddress = new Set(contracts);
  for (const [key, bytes] of entries) {
    if (key.startsWith('bal/')) {
      const [address, asset] = key.slice(4).split('/');
      if (isContractAddress.has(address)) holdingOf(address).assets.set(asset, asInteger(decodeAt(key, bytes)) ?? -1n);
    } else if (key.startsWith('item/')) {
      const owner = mapAt(key, bytes).owner;
      if (typeof owner === 'string' && isContractAddress.has(owner)) holdingOf(owner).items.push(key.slice(5));
    }
  }
  for (const address of contracts) {
    const key = `${CONTRACT_PREFIX}${address}`;
    if (!isAddress(address)) contractFail(key, `"${address}" is not an address`);
    if (entries.has(`acct/${address}`)) contractFail(`acct/${address}`, 'a contract address has an account record: something signed for it');
    const record = mapAt(key, entries.get(key)!);
    if (typeof record.type !== 'string' || !CONTRACT_TYPES.includes(record.type as ContractType)) contractFail(key, `bad contract type ${String(record.type)}`);
    let owed: Owed;
    try {
      owed = owedBy(record.type as ContractType, address, record);
    } catch (error) {
      return contractFail(key, (error as Error).message);
    }
    const actual = held.get(address) ?? { assets: new Map<string, bigint>(), items: [] };
    const want = describeHolding(owed.assets, [...owed.items].sort());
    const have = describeHolding(actual.assets, [...actual.items].sort());
    if (want !== have) contractFail(key, `the ${record.type} contract owes ${want} but its address holds ${have}`);
  }
  checkRentalAndStreamRecords(entries);
  checkOrgRecords(entries);
  checkJobRecords(entries);
}

// work (spec/work.md §1, §6): each job's bonds are the sum of its applications' bonds, its applicant
// count their number; an assigned job names its escrow, whose payer it is; an open job holds its whole
// budget less the awards of a contest.
export function checkJobRecords(entries: Map<string, Uint8Array>): void {
  const bonds = new Map<string, bigint>();
  const counts = new Map<string, number>();
  for (const [key, bytes] of entries) {
    if (!key.startsWith('jobapp/')) continue;
    const job = key.split('/')[1];
    bonds.set(job, (bonds.get(job) ?? 0n) + (asInteger(mapAt(key, bytes).bond) ?? -1n));
    counts.set(job, (counts.get(job) ?? 0) + 1);
  }
  for (const [key, bytes] of entries) {
    if (!key.startsWith(CONTRACT_PREFIX) || mapAt(key, bytes).type !== 'job') continue;
    const address = key.slice(CONTRACT_PREFIX.length);
    const job = decodeJob(address, decodeAt(key, bytes));
    if (job.bonds !== (bonds.get(address) ?? 0n)) contractFail(key, `bonds ${job.bonds}, its applications hold ${bonds.get(address) ?? 0n}`);
    if (job.applicants !== (counts.get(address) ?? 0)) contractFail(key, `counts ${job.applicants} applicants, ${counts.get(address) ?? 0} applied`);
    if (job.state !== 'closed' && (job.state === 'assigned') !== (job.escrow !== undefined && job.worker !== undefined)) contractFail(key, `state ${job.state} with escrow ${String(job.escrow)}`);
    if (job.escrow !== undefined && mapAt(key, entries.get(`${CONTRACT_PREFIX}${job.escrow}`) ?? new Uint8Array()).payer !== address) contractFail(key, `its escrow ${job.escrow} is not paid by it`);
    if (job.state === 'open' && job.mode !== 'contest' && job.available !== budgetOf(job)) contractFail(key, `an open job holds ${job.available} of a budget of ${budgetOf(job)}`);
  }
}

// org (spec/org.md §6): each org's records agree with its counters, and its token is its own.
export function checkOrgRecords(entries: Map<string, Uint8Array>): void {
  const orgs = new Map<string, OrgRecord>();
  for (const [key, bytes] of entries) {
    if (!key.startsWith(CONTRACT_PREFIX)) continue;
    const record = mapAt(key, bytes);
    if (record.type === 'org') orgs.set(key.slice(CONTRACT_PREFIX.length), decodeOrg(decodeAt(key, bytes)));
  }
  if (orgs.size === 0) return;
  const members = new Map<string, number>();
  const locked = new Map<string, bigint>();
  for (const [key, bytes] of entries) {
    const [family, org, id] = key.split('/');
    const record = orgs.get(org);
    if (family === 'orgmember') {
      if (record === undefined) contractFail(key, 'a member of no org');
      members.set(org, (members.get(org) ?? 0) + 1);
      const step = asInteger(mapAt(key, bytes).step);
      if (step === undefined || step > BigInt(record.step)) contractFail(key, `a member settled at step ${String(step)}, after its org's ${record.step}`);
    } else if (family === 'orglock') {
      // spec/org.md §4.2: a lock records tokens the org holds for its holder; an empty one is deleted.
      if (record === undefined) contractFail(key, 'a lock in no org');
      const amount = asInteger(mapAt(key, bytes).amount);
      const owed = mapAt(key, bytes).owed;
      if (amount === undefined || amount < 0n) contractFail(key, `a lock of ${String(amount)}`);
      if (amount === 0n && Array.isArray(owed) && owed.length === 0) contractFail(key, 'a lock with nothing locked and nothing owed is kept');
      locked.set(org, (locked.get(org) ?? 0n) + amount);
    } else if (family === 'orgcontrib' || family === 'orgeval') {
      if (record === undefined || Number(id) >= record.nextContribution) contractFail(key, `contribution ${id} beyond the org's count`);
    } else if (family === 'orgmotion' || family === 'orgvote') {
      if (record === undefined || Number(id) >= record.nextMotion) contractFail(key, `motion ${id} beyond the org's count`);
    }
  }
  for (const [address, org] of orgs) {
    const key = `${CONTRACT_PREFIX}${address}`;
    if ((members.get(address) ?? 0) !== org.members) contractFail(key, `counts ${org.members} members, ${members.get(address) ?? 0} are recorded`);
    if ((locked.get(address) ?? 0n) !== org.holders.locked) contractFail(key, `counts ${org.holders.locked} ${org.token} locked, its locks hold ${locked.get(address) ?? 0n}`);
    const tokenBytes = entries.get(`asset/${org.token}`);
    if (tokenBytes === undefined || mapAt(`asset/${org.token}`, tokenBytes).mintAuthority !== address) contractFail(key, `its token ${org.token} is missing or minted by another`);
  }
}

// Rentals and streams (spec/ledger.md §8.5, §8.6): their records agree with their terms, an item under an
// open rental stays live with the rental's owner, and its mark counts the unsettled bookings.

function checkStreamRecord(key: string, stream: StreamRecord): void {
  if (stream.payer === stream.payee) contractFail(key, 'a stream pays its payer');
  if (stream.withdrawn > stream.deposit) contractFail(key, `withdrew ${stream.withdrawn} of a deposit of ${stream.deposit}`);
  if ((stream.status === 'done') !== (stream.status !== 'stopped' && stream.withdrawn === stream.deposit)) contractFail(key, `status ${stream.status} with ${stream.withdrawn} of ${stream.deposit} withdrawn`);
  if ((stream.status === 'stopped') !== (stream.stoppedMs !== undefined)) contractFail(key, `status ${stream.status} and stoppedMs ${String(stream.stoppedMs)}`);
  if (stream.stoppedMs !== undefined && accruedAt(stream, stream.stoppedMs) !== stream.withdrawn) contractFail(key, 'a stopped stream did not pay out exactly what had accrued');
}

function checkRentalRecord(key: string, address: string, rental: RentalRecord, entries: Map<string, Uint8Array>): void {
  const markBytes = entries.get(`rentalitem/${rental.item}`);
  if (rental.status === 'closed') {
    if (rental.bookings.length > 0) contractFail(key, 'a closed rental has unsettled bookings');
    const mark = markBytes === undefined ? undefined : mapAt(`rentalitem/${rental.item}`, markBytes);
    if (mark?.rental === address) contractFail(key, 'a closed rental still marks its item');
    return;
  }
  if (markBytes === undefined) contractFail(key, `no rentalitem/ mark on its item ${rental.item}`);
  const mark = mapAt(`rentalitem/${rental.item}`, markBytes);
  if (mark.rental !== address || asInteger(mark.bookings) !== BigInt(rental.bookings.length)) contractFail(`rentalitem/${rental.item}`, `marks ${String(mark.rental)} with ${String(mark.bookings)} bookings; the rental has ${rental.bookings.length}`);
  const itemBytes = entries.get(`item/${rental.item}`);
  const item = itemBytes === undefined ? undefined : mapAt(`item/${rental.item}`, itemBytes);
  if (item?.status !== 'live' || item.owner !== rental.owner) contractFail(key, `its item is ${String(item?.status)} and owned by ${String(item?.owner)}, not live with the owner ${rental.owner}`);
  if (rental.arbiter === undefined ? rental.claimWindowMs !== 0 : rental.claimWindowMs < 1) contractFail(key, 'a claim window without an arbiter, or an arbiter without one');
  let last = -1;
  for (const b of rental.bookings) {
    if (b.booking <= last || b.booking >= rental.nextBooking) contractFail(key, `booking ${b.booking} out of order or not yet numbered`);
    last = b.booking;
    if (b.periods < rental.minPeriods || b.periods > rental.maxPeriods) contractFail(key, `booking ${b.booking} of ${b.periods} periods`);
    if (b.endMs !== b.startMs + b.periods * rental.periodMs) contractFail(key, `booking ${b.booking}'s span is not its periods`);
    if (b.price !== rental.pricePerPeriod * BigInt(b.periods) || b.deposit !== rental.deposit) contractFail(key, `booking ${b.booking}'s price or deposit is not the offer's`);
    if ((b.state === 'booked') !== (b.endedMs === undefined)) contractFail(key, `booking ${b.booking} is ${b.state} with endedMs ${String(b.endedMs)}`);
    if (b.renter === rental.owner || b.renter === rental.arbiter) contractFail(key, `booking ${b.booking} is the owner's or the arbiter's`);
  }
  const booked = rental.bookings.filter((b) => b.state === 'booked');
  for (const a of booked) for (const b of booked) if (a !== b && a.startMs < b.endMs && b.startMs < a.endMs) contractFail(key, `bookings ${a.booking} and ${b.booking} overlap`);
}

/**
 * Over every entry: each stream's record is consistent (withdrawn ≤ deposit; done exactly when all is
 * withdrawn; a stop paid out what had accrued); each open rental marks its item (rentalitem/) with its
 * number of unsettled bookings, its item is live and owned by the rental's owner, its bookings match
 * its terms and no two unreturned ones overlap; a closed rental holds no booking; every mark points at
 * the open rental of its item.
 */
export function checkRentalAndStreamRecords(entries: Map<string, Uint8Array>): void {
  for (const key of [...entries.keys()].sort()) {
    if (key.startsWith(CONTRACT_PREFIX)) {
      const record = mapAt(key, entries.get(key)!);
      if (record.type === 'stream') checkStreamRecord(key, decodeStream(record));
      else if (record.type === 'rental') checkRentalRecord(key, key.slice(CONTRACT_PREFIX.length), decodeRental(record), entries);
    } else if (key.startsWith('rentalitem/')) {
      const mark = mapAt(key, entries.get(key)!);
      const rentalBytes = typeof mark.rental === 'string' ? entries.get(`${CONTRACT_PREFIX}${mark.rental}`) : undefined;
      const rental = rentalBytes === undefined ? undefined : mapAt(key, rentalBytes);
      if (rental?.type !== 'rental' || rental.status !== 'open' || rental.item !== key.slice('rentalitem/'.length)) contractFail(key, `the mark points at ${String(mark.rental)}, which is not the open rental of this item`);
    }
  }
}
