// Value sent ahead to a contract's address (issue 12, attack 6; spec/ledger.md §8.1; spec/decisions/0006).
// A contract's address is known before the contract exists, and until then anyone may pay it. The attack:
// 777 AGR sent to a stream's future address, then the stream opened there with a deposit of 1,000 — the
// address held 1,777 while the stream owed 1,000, and nothing could ever move the 777. Now the tx that
// creates a contract first moves whatever its address holds to the creator. Every block here runs through
// src/chain/execute.ts and TimedChain checks every invariant after it (a contract account holds exactly
// what it owes, supply = sum of balances, one owner per item, the state root).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyPair } from '../../src/crypto/keys.ts';
import { contractAddressFor } from '../../src/ledger/accounts/contract-account.ts';
import { checkStrays } from '../../src/ledger/contracts/stray.ts';
import { CONTRACT_STRAY_ASSETS_MAX, CONTRACT_STRAY_ITEMS_MAX, ITEM_EVENTS_MAX } from '../../src/ledger/limits.ts';
import { getHistoryEntry } from '../../src/ledger/records/item-log.ts';
import { getItem, updateItem } from '../../src/ledger/records/item-state.ts';
import { Overlay } from '../../src/ledger/state.ts';
import type { TxKind, TxPayloads } from '../../src/ledger/types.ts';
import { ALICE, BOB, CAROL, CHAIN_ID } from './fixtures.ts';
import { HOUR, NATIVE, SECOND, T0, TimedChain, type Block, eventsOf, expectOk, expectRefused, payments } from './rental-stream-fixtures.ts';

const CREATOR = ALICE;
const PAYEE = BOB;
const SENDER = CAROL;
const FUNDS = 1_000_000n;

/** The address of the contract that `key`'s tx consuming `nonce` would create (spec/ledger.md §8.1). */
const futureAddress = (key: KeyPair, nonce: bigint): string => contractAddressFor(CHAIN_ID, key.address, nonce, 0);

const ownerOf = (chain: TimedChain, item: string): string => getItem(chain.state, item)!.owner;

test('replay: 777 AGR sent to a stream\'s future address, then the stream opened there — the invariant holds and the 777 goes back to the payer', () => {
  const chain = new TimedChain([[CREATOR, FUNDS], [PAYEE, FUNDS], [SENDER, FUNDS]]);
  const stream = futureAddress(CREATOR, 0n);
  // The attack's first block: the stray payment, to an address nobody has created yet.
  expectOk(chain.one(T0, SENDER, 'transfer', { transfers: [{ to: stream, asset: NATIVE, amount: 777n }] }));
  assert.equal(chain.balance(stream), 777n);
  // The stream is opened there (TimedChain checks "holds exactly what it owes" after the block).
  const events = expectOk(chain.one(T0 + SECOND, CREATOR, 'stream.open', { payee: PAYEE.address, asset: NATIVE, ratePerSecond: 1n, deposit: 1000n }));
  assert.equal(eventsOf(events, 'stream.opened')[0].stream, stream, 'the stream is at the address paid ahead');
  assert.deepEqual(payments(events), [`${stream}→${CREATOR.address} 777 AGR`, `${CREATOR.address}→${stream} 1000 AGR`], 'the stray goes out first, then the deposit in');
  assert.equal(chain.balance(stream), 1000n, 'the stream holds its deposit and nothing else');
  assert.equal(chain.balance(CREATOR), FUNDS - 1000n + 777n, 'the stray 777 is the payer\'s');
  assert.equal(chain.balance(SENDER), FUNDS - 777n);
  // Nothing is stuck: the stream ends with its address empty and every unit accounted for.
  expectOk(chain.one(T0 + 11 * SECOND, CREATOR, 'stream.stop', { stream }));
  assert.equal(chain.balance(stream), 0n);
  assert.equal(chain.balance(PAYEE), FUNDS + 10n);
  assert.equal(chain.balance(CREATOR), FUNDS + 777n - 10n);
  // And nothing can be sent to it now that it is a contract.
  expectRefused(chain.one(T0 + 12 * SECOND, SENDER, 'transfer', { transfers: [{ to: stream, asset: NATIVE, amount: 1n }] }), 'contract_recipient');
});

test('replay, front-run: the stray payment lands in the same block, just before the creation', () => {
  const chain = new TimedChain([[CREATOR, FUNDS], [PAYEE, FUNDS], [SENDER, FUNDS]]);
  const block = chain.block();
  const stream = futureAddress(CREATOR, block.nextNonce(CREATOR));
  block.add(SENDER, 'transfer', { transfers: [{ to: stream, asset: NATIVE, amount: 777n }] });
  block.add(CREATOR, 'stream.open', { payee: PAYEE.address, asset: NATIVE, ratePerSecond: 1n, deposit: 1000n });
  const [paid, opened] = chain.runAt(T0, block);
  expectOk(paid);
  assert.deepEqual(payments(expectOk(opened)), [`${stream}→${CREATOR.address} 777 AGR`, `${CREATOR.address}→${stream} 1000 AGR`]);
  assert.equal(chain.balance(stream), 1000n);
  assert.equal(chain.balance(CREATOR), FUNDS - 1000n + 777n);
});

/** Per contract kind: the creating tx by CREATOR and what its address owes in AGR right after. */
const KINDS: { kind: TxKind; payload: (chain: TimedChain, ownItem: string) => object; owesNative: bigint }[] = [
  { kind: 'escrow.create', owesNative: 1000n, payload: () => ({ payee: PAYEE.address, deadlineMs: T0 + 100 * HOUR, onExpiry: 'refund', tranches: [{ assets: [{ asset: NATIVE, amount: 1000n }] }] }) },
  { kind: 'offer.create', owesNative: 1000n, payload: () => ({ give: { assets: [{ asset: NATIVE, amount: 1000n }] }, ask: { assets: [{ asset: 'USD', amount: 5n }] }, deadlineMs: T0 + 100 * HOUR }) },
  { kind: 'split.create', owesNative: 0n, payload: () => ({ members: [{ address: PAYEE.address, weight: 1 }, { address: SENDER.address, weight: 1 }] }) },
  { kind: 'rental.offer', owesNative: 0n, payload: (_chain, ownItem) => ({ item: ownItem, asset: NATIVE, pricePerPeriod: 10n, periodMs: HOUR, minPeriods: 1, maxPeriods: 5 }) },
  { kind: 'stream.open', owesNative: 1000n, payload: () => ({ payee: PAYEE.address, asset: NATIVE, ratePerSecond: 1n, deposit: 1000n }) },
];

/** A chain where SENDER holds USD (a non-native asset) and an item, and CREATOR an item of its own. */
function world(): { chain: TimedChain; strayItem: string; ownItem: string } {
  const chain = new TimedChain([[CREATOR, FUNDS], [PAYEE, FUNDS], [SENDER, FUNDS]]);
  const setup: Block = chain.block()
    .add(SENDER, 'asset.create', { symbol: 'USD', name: 'Dollar', decimals: 2, supply: 10_000n })
    .add(SENDER, 'item.register', { kind: 'bike' })
    .add(CREATOR, 'item.register', { kind: 'drill' });
  const receipts = chain.runAt(T0, setup);
  const [strayItem, ownItem] = [receipts[1], receipts[2]].map((r) => eventsOf(expectOk(r), 'item.registered')[0].item);
  return { chain, strayItem, ownItem };
}

for (const { kind, payload, owesNative } of KINDS) {
  test(`${kind} at an address paid ahead in AGR and USD and given an item: the contract holds what it owes; the rest goes to the creator`, () => {
    const { chain, strayItem, ownItem } = world();
    const address = futureAddress(CREATOR, chain.block().nextNonce(CREATOR));
    const ahead = chain.block()
      .add(SENDER, 'transfer', { transfers: [{ to: address, asset: NATIVE, amount: 777n }, { to: address, asset: 'USD', amount: 50n }] })
      .add(SENDER, 'item.transfer', { item: strayItem, to: address });
    chain.runAt(T0 + SECOND, ahead).forEach(expectOk);
    assert.equal(ownerOf(chain, strayItem), address);
    const before = chain.balance(CREATOR);
    const events = expectOk(chain.one(T0 + 2 * SECOND, CREATOR, kind, payload(chain, ownItem) as TxPayloads[typeof kind]));
    // The strays leave first, assets in symbol order, then items; the creating kind names the move.
    assert.deepEqual(payments(events).slice(0, 2), [`${address}→${CREATOR.address} 777 AGR`, `${address}→${CREATOR.address} 50 USD`]);
    assert.deepEqual(eventsOf(events, 'item.transferred').filter((a) => a.item === strayItem), [{ item: strayItem, from: address, to: CREATOR.address, seq: '2', by: kind }]);
    // The contract's address holds exactly what it owes (TimedChain checked it too); the stray value is the creator's.
    assert.equal(chain.balance(address), owesNative);
    assert.equal(chain.balance(address, 'USD'), 0n);
    assert.equal(ownerOf(chain, strayItem), CREATOR.address);
    assert.equal(chain.balance(CREATOR), before + 777n - owesNative);
    assert.equal(chain.balance(CREATOR, 'USD'), 50n);
    const entry = getHistoryEntry(chain.state, strayItem, 2)!;
    assert.deepEqual([entry.action, entry.type, entry.from, entry.to], ['transfer', kind, address, CREATOR.address], 'the item\'s history shows where it went');
    // Recoverable: the creator spends what came back like anything else it holds.
    expectOk(chain.one(T0 + 3 * SECOND, CREATOR, 'transfer', { transfers: [{ to: SENDER.address, asset: 'USD', amount: 50n }, { to: SENDER.address, asset: NATIVE, amount: 777n }] }));
    expectOk(chain.one(T0 + 4 * SECOND, CREATOR, 'item.transfer', { item: strayItem, to: SENDER.address }));
    assert.equal(ownerOf(chain, strayItem), SENDER.address);
  });
}

test('a creation at an untouched address moves nothing more than before (no stray events)', () => {
  const { chain } = world();
  const events = expectOk(chain.one(T0 + SECOND, CREATOR, 'stream.open', { payee: PAYEE.address, asset: NATIVE, ratePerSecond: 1n, deposit: 1000n }));
  assert.deepEqual(events.map((e) => e.type), ['transfer', 'stream.opened']);
});

test(`an address given more than ${CONTRACT_STRAY_ASSETS_MAX} assets or ${CONTRACT_STRAY_ITEMS_MAX} items ahead: the creation is refused (contract_address_crowded) and changes nothing`, () => {
  const chain = new TimedChain([[CREATOR, FUNDS], [PAYEE, FUNDS], [SENDER, FUNDS]]);
  const open = { payee: PAYEE.address, asset: NATIVE, ratePerSecond: 1n, deposit: 1000n };
  // Assets: 64 kinds pass, 65 do not.
  const assets = chain.block();
  const symbols = Array.from({ length: CONTRACT_STRAY_ASSETS_MAX + 1 }, (_, i) => `S${String(i).padStart(3, '0')}`);
  for (const symbol of symbols) assets.add(SENDER, 'asset.create', { symbol, name: symbol, decimals: 0, supply: 10n });
  chain.runAt(T0, assets).forEach(expectOk);
  const crowded = futureAddress(CREATOR, 0n);
  const roomy = futureAddress(CREATOR, 1n);
  const pay = (to: string, list: string[]): object => ({ transfers: list.map((asset) => ({ to, asset, amount: 1n })) });
  const ahead = chain.block()
    .add(SENDER, 'transfer', pay(crowded, symbols.slice(0, 60)) as TxPayloads['transfer'])
    .add(SENDER, 'transfer', pay(crowded, symbols.slice(60)) as TxPayloads['transfer'])
    .add(SENDER, 'transfer', pay(roomy, symbols.slice(0, CONTRACT_STRAY_ASSETS_MAX)) as TxPayloads['transfer']);
  chain.runAt(T0 + SECOND, ahead).forEach(expectOk);
  expectRefused(chain.one(T0 + 2 * SECOND, CREATOR, 'stream.open', open), 'contract_address_crowded');
  assert.equal(chain.balance(crowded, 'S000'), 1n, 'a refusal moves nothing');
  const events = expectOk(chain.one(T0 + 3 * SECOND, CREATOR, 'stream.open', open));
  assert.equal(payments(events).length, CONTRACT_STRAY_ASSETS_MAX + 1, 'every one of the 64 strays goes back, then the deposit goes in');
  assert.equal(chain.balance(roomy), 1000n);
  assert.equal(chain.balance(CREATOR, 'S063'), 1n);
  // Items: 16 pass, 17 do not.
  const items = chain.block();
  for (let i = 0; i <= CONTRACT_STRAY_ITEMS_MAX; i++) items.add(SENDER, 'item.register', { kind: 'token', owner: futureAddress(CREATOR, 2n) });
  for (let i = 0; i < CONTRACT_STRAY_ITEMS_MAX; i++) items.add(SENDER, 'item.register', { kind: 'token', owner: futureAddress(CREATOR, 3n) });
  chain.runAt(T0 + 4 * SECOND, items).forEach(expectOk);
  expectRefused(chain.one(T0 + 5 * SECOND, CREATOR, 'stream.open', open), 'contract_address_crowded');
  const given = expectOk(chain.one(T0 + 6 * SECOND, CREATOR, 'stream.open', open));
  assert.equal(eventsOf(given, 'item.transferred').length, CONTRACT_STRAY_ITEMS_MAX);
  assert.equal(chain.balance(futureAddress(CREATOR, 3n)), 1000n);
});

test('an item sent ahead whose history is full cannot move: the creation is refused (too_many_events), not built over it', () => {
  const chain = new TimedChain([[CREATOR, FUNDS], [PAYEE, FUNDS], [SENDER, FUNDS]]);
  const address = futureAddress(CREATOR, 0n);
  const [registered] = chain.runAt(T0, chain.block().add(SENDER, 'item.register', { kind: 'bike', owner: address }));
  const id = eventsOf(expectOk(registered), 'item.registered')[0].item;
  // A full history takes ITEM_EVENTS_MAX attestations; the address checks read only the count, so set it.
  const view = new Overlay(chain.state);
  const item = getItem(view, id)!;
  updateItem(view, item, { ...item, events: ITEM_EVENTS_MAX });
  const refused = checkStrays(view, address);
  assert.ok('code' in refused && refused.code === 'too_many_events', JSON.stringify(refused));
  // With room, the same item is found and would move.
  assert.deepEqual(checkStrays(new Overlay(chain.state), address), { assets: [], items: [id] });
});

test('a genesis allocation to a future contract address goes to the creator when the contract is created', () => {
  const stream = futureAddress(CREATOR, 0n);
  const chain = new TimedChain([[CREATOR, FUNDS], [PAYEE, FUNDS], [stream, 500n]]);
  const events = expectOk(chain.one(T0, CREATOR, 'stream.open', { payee: PAYEE.address, asset: NATIVE, ratePerSecond: 1n, deposit: 1000n }));
  assert.deepEqual(payments(events), [`${stream}→${CREATOR.address} 500 AGR`, `${CREATOR.address}→${stream} 1000 AGR`]);
  assert.equal(chain.balance(stream), 1000n);
  assert.equal(chain.balance(CREATOR), FUNDS + 500n - 1000n);
});
