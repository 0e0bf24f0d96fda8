// Atomic swaps and offers (src/ledger/contracts/swap.ts, offer.ts; spec/ledger.md §8.3): every payload
// check, every refusal (nothing moves: only the signers' nonces change), the effects and events of
// each transition, and a scenario: a three-party swap of an item and two assets. The contract
// invariants are checked after every tx.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CborValue } from '../../src/codec/cbor.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { loadOffer, type Offer } from '../../src/ledger/contracts/offer-state.ts';
import type { SwapLeg } from '../../src/ledger/contracts/swap-types.ts';
import type { RejectCode } from '../../src/ledger/errors.ts';
import { itemIdFor } from '../../src/ledger/records/ids.ts';
import type { MemoryState } from '../../src/ledger/state.ts';
import { checkTxAuth, encodeTx } from '../../src/ledger/tx.ts';
import type { LedgerEvent } from '../../src/ledger/types.ts';
import { CHAIN_ID, decoded, rawBody, rawTx } from './fixtures.ts';
import { assertOk, assertRefused, decodeCode, multiTx, run } from './records-fixtures.ts';
import { ALICE, BOB, CAROL, DAVE, HOUR_MS, NOW_MS, at, balance, checkAllContracts, contractOf, contractWorld, lastMoves, okAt, ownerOf, refusedAt, type ContractWorld } from './contracts-fixtures.ts';

const ITEM = itemIdFor('elsewhere', ALICE.address, 0n, 0);
const DEADLINE = NOW_MS + HOUR_MS;

function swapOk(state: MemoryState, keys: KeyPair[], legs: SwapLeg[]): LedgerEvent[] {
  const events = assertOk(run(state, multiTx(state, keys, 'swap', { legs }), at(NOW_MS)));
  checkAllContracts(state);
  return events;
}

function swapRefused(state: MemoryState, keys: KeyPair[], legs: SwapLeg[], code: RejectCode): void {
  assertRefused(run(state, multiTx(state, keys, 'swap', { legs }), at(NOW_MS)), code, keys);
  checkAllContracts(state);
}

function offerOf(state: MemoryState, address: string): Offer {
  const offer = loadOffer(state, address);
  assert.ok(!('code' in offer), `no offer at ${address}`);
  return offer;
}

// ---------------------------------------------------------------------------------------------
// Payload checks (stateless).

const a = ALICE.address;
const b = BOB.address;
const usd = (amount: number): CborValue => [{ asset: 'USD', amount }];
const legsOf = (...legs: CborValue[]): { [key: string]: CborValue } => ({ legs });
const rawSwap = (payload: CborValue, keys: KeyPair[] = [ALICE, BOB]): Uint8Array =>
  rawTx({ chainId: CHAIN_ID, kind: 'swap', payload, signers: keys.map((k) => ({ publicKey: k.publicKey, nonce: 0 })), fee: 1000 }, keys);

const swapPayloads: [string, CborValue, RejectCode][] = [
  ['one leg', legsOf({ from: a, to: b, assets: usd(1) }), 'bad_shape'],
  ['17 legs', legsOf(...Array.from({ length: 17 }, () => ({ from: a, to: b, assets: usd(1) }))), 'bad_shape'],
  ['an unknown field', { legs: [{ from: a, to: b, assets: usd(1) }, { from: b, to: a, assets: usd(1) }], memo: '' }, 'bad_shape'],
  ['a leg to its giver', legsOf({ from: a, to: a, assets: usd(1) }, { from: b, to: a, assets: usd(1) }), 'bad_shape'],
  ['a bad giver', legsOf({ from: 'alice', to: b, assets: usd(1) }, { from: b, to: a, assets: usd(1) }), 'bad_address'],
  ['a bad receiver', legsOf({ from: a, to: 7, assets: usd(1) }, { from: b, to: a, assets: usd(1) }), 'bad_address'],
  ['an empty leg', legsOf({ from: a, to: b }, { from: b, to: a, assets: usd(1) }), 'bad_shape'],
  ['an amount of 0', legsOf({ from: a, to: b, assets: usd(0) }, { from: b, to: a, assets: usd(1) }), 'bad_amount'],
  ['an item in two legs', legsOf({ from: a, to: b, items: [ITEM] }, { from: b, to: a, items: [ITEM] }), 'bad_shape'],
  ['a leg with an unknown field', legsOf({ from: a, to: b, assets: usd(1), note: 'x' }, { from: b, to: a, assets: usd(1) }), 'bad_shape'],
];

for (const [name, payload, code] of swapPayloads) {
  test(`swap payload: ${name} → ${code}`, () => assert.equal(decodeCode(rawSwap(payload)), code));
}

test('swap signers: one signer is bad_shape (a swap has 2 to 8); 2 decode', () => {
  const payload = legsOf({ from: a, to: b, assets: usd(1) }, { from: b, to: a, assets: usd(1) });
  assert.equal(decodeCode(rawSwap(payload, [ALICE])), 'bad_shape');
  assert.equal(decodeCode(rawSwap(payload)), 'ok');
});

const offerPayloads: [string, string, CborValue, RejectCode][] = [
  ['offer.create', 'no give', { ask: { assets: usd(1) }, deadlineMs: DEADLINE }, 'bad_shape'],
  ['offer.create', 'no ask', { give: { assets: usd(1) }, deadlineMs: DEADLINE }, 'bad_shape'],
  ['offer.create', 'no deadline', { give: { assets: usd(1) }, ask: { assets: usd(1) } }, 'bad_shape'],
  ['offer.create', 'a bad counterparty', { counterparty: 'bob', give: { assets: usd(1) }, ask: { assets: usd(1) }, deadlineMs: DEADLINE }, 'bad_address'],
  ['offer.create', 'an item both given and asked', { give: { items: [ITEM] }, ask: { items: [ITEM] }, deadlineMs: DEADLINE }, 'bad_shape'],
  ['offer.create', 'an empty ask', { give: { assets: usd(1) }, ask: {}, deadlineMs: DEADLINE }, 'bad_shape'],
  ['offer.accept', 'a bad offer address', { offer: ITEM }, 'bad_address'],
  ['offer.cancel', 'an unknown field', { offer: a, now: true }, 'bad_shape'],
];

for (const [kind, name, payload, code] of offerPayloads) {
  test(`${kind} payload: ${name} → ${code}`, () => assert.equal(decodeCode(rawTx(rawBody(kind, payload, ALICE), [ALICE])), code));
}

// ---------------------------------------------------------------------------------------------
// Swap refusals: nothing moves, only the signers' nonces.

const drillForUsd = (w: ContractWorld, price = 500n): SwapLeg[] => [
  { from: ALICE.address, to: BOB.address, items: [w.drill] },
  { from: BOB.address, to: ALICE.address, assets: [{ asset: 'USD', amount: price }] },
];

type Case = [string, (w: ContractWorld) => void];

const swapRefusals: Case[] = [
  ['a missing signature: a giver did not sign', (w) => swapRefused(w.state, [ALICE, CAROL], drillForUsd(w), 'bad_signers')],
  ['a signer who gives nothing', (w) => swapRefused(w.state, [ALICE, BOB, CAROL], drillForUsd(w), 'bad_signers')],
  ['insufficient funds of the second party', (w) => swapRefused(w.state, [ALICE, BOB], drillForUsd(w, 100_001n), 'insufficient_balance')],
  ['two legs of one giver together exceed its balance', (w) =>
    swapRefused(w.state, [ALICE, BOB], [
      { from: BOB.address, to: ALICE.address, assets: [{ asset: 'USD', amount: 60_000n }] },
      { from: ALICE.address, to: BOB.address, items: [w.drill] },
      { from: BOB.address, to: CAROL.address, assets: [{ asset: 'USD', amount: 40_001n }] },
    ], 'insufficient_balance')],
  ['an unknown asset', (w) => swapRefused(w.state, [ALICE, BOB], [{ from: ALICE.address, to: BOB.address, items: [w.drill] }, { from: BOB.address, to: ALICE.address, assets: [{ asset: 'EUR', amount: 1n }] }], 'unknown_asset')],
  ['an item its giver does not own', (w) => swapRefused(w.state, [ALICE, BOB], [{ from: ALICE.address, to: BOB.address, items: [w.car] }, { from: BOB.address, to: ALICE.address, assets: [{ asset: 'USD', amount: 1n }] }], 'not_owner')],
  ['a retired item', (w) => swapRefused(w.state, [ALICE, BOB], [{ from: ALICE.address, to: BOB.address, items: [w.retired] }, { from: BOB.address, to: ALICE.address, assets: [{ asset: 'USD', amount: 1n }] }], 'item_retired')],
  ['a locked item', (w) => {
    okAt(w.state, ALICE, 'item.fractionalize', { item: w.drill, symbol: 'DRILL', shares: 10n });
    swapRefused(w.state, [ALICE, BOB], drillForUsd(w), 'item_locked');
  }],
  ['order: bad_signers before insufficient_balance', (w) => swapRefused(w.state, [ALICE, CAROL], drillForUsd(w, 100_001n), 'bad_signers')],
  ['order: contract_recipient before insufficient_balance', (w) => {
    const offer = contractOf(okAt(w.state, CAROL, 'offer.create', { give: { assets: [{ asset: 'AGR', amount: 5n }] }, ask: { assets: [{ asset: 'USD', amount: 5n }] }, deadlineMs: DEADLINE }), 'offer.created', 'offer');
    swapRefused(w.state, [ALICE, BOB], [{ from: ALICE.address, to: BOB.address, items: [w.drill] }, { from: BOB.address, to: offer, assets: [{ asset: 'USD', amount: 100_001n }] }], 'contract_recipient');
  }],
  ['order: the first signer\'s shortfall is reported first', (w) =>
    swapRefused(w.state, [BOB, ALICE], [{ from: ALICE.address, to: BOB.address, items: [w.car] }, { from: BOB.address, to: ALICE.address, assets: [{ asset: 'USD', amount: 100_001n }] }], 'insufficient_balance')],
  ['a leg to a contract account', (w) => {
    const offer = contractOf(okAt(w.state, CAROL, 'offer.create', { give: { assets: [{ asset: 'AGR', amount: 5n }] }, ask: { assets: [{ asset: 'USD', amount: 5n }] }, deadlineMs: DEADLINE }), 'offer.created', 'offer');
    swapRefused(w.state, [ALICE, BOB], [{ from: ALICE.address, to: offer, assets: [{ asset: 'AGR', amount: 1n }] }, { from: BOB.address, to: ALICE.address, assets: [{ asset: 'USD', amount: 1n }] }], 'contract_recipient');
  }],
];

for (const [name, body] of swapRefusals) {
  test(`swap refusal: ${name}`, () => body(contractWorld()));
}

test('swap refusal: a signature that does not verify is refused before the tx is applied (bad_signature)', () => {
  const w = contractWorld();
  const tx = multiTx(w.state, [ALICE, BOB], 'swap', { legs: drillForUsd(w) });
  const forged = decoded(encodeTx({ body: tx.tx.body, signatures: [tx.tx.signatures[0], CAROL.sign(tx.signBytes)] }));
  assert.equal(checkTxAuth(forged, CHAIN_ID, verifyEd25519)?.code, 'bad_signature');
  assert.equal(checkTxAuth(tx, CHAIN_ID, verifyEd25519), null);
});

// ---------------------------------------------------------------------------------------------
// Swap effects.

test('swap: an item for a price between two parties, both signing; history shows the swap', () => {
  const w = contractWorld();
  const before = balance(w.state, ALICE, 'USD');
  const events = swapOk(w.state, [ALICE, BOB], drillForUsd(w));
  assert.deepEqual(events[0], { type: 'swap.executed', attributes: { parties: `${ALICE.address},${BOB.address}`, legs: '2' } });
  assert.deepEqual(events.slice(1).map((e) => e.type), ['item.transferred', 'transfer']);
  assert.equal(ownerOf(w.state, w.drill), BOB.address);
  assert.equal(balance(w.state, ALICE, 'USD'), before + 500n);
  assert.deepEqual(lastMoves(w.state, w.drill, 1), [['transfer', 'swap', ALICE.address, BOB.address]]);
});

test('scenario: a three-party swap of an item and two assets, all or nothing', () => {
  const w = contractWorld();
  // ALICE gives her drill to BOB; BOB gives 500 USD to CAROL; CAROL gives 20 000 AGR to ALICE.
  const legs: SwapLeg[] = [
    { from: ALICE.address, to: BOB.address, items: [w.drill] },
    { from: BOB.address, to: CAROL.address, assets: [{ asset: 'USD', amount: 500n }] },
    { from: CAROL.address, to: ALICE.address, assets: [{ asset: 'AGR', amount: 20_000n }] },
  ];
  // CAROL's signature missing: nothing moves.
  swapRefused(w.state, [ALICE, BOB], legs, 'bad_signers');
  // CAROL short of AGR: nothing moves either.
  swapRefused(w.state, [ALICE, BOB, CAROL], legs.map((leg, i) => (i === 2 ? { ...leg, assets: [{ asset: 'AGR', amount: 1_000_001n }] } : leg)), 'insufficient_balance');
  assert.equal(ownerOf(w.state, w.drill), ALICE.address);
  const [aliceAgr, bobUsd, carolUsd, carolAgr] = [balance(w.state, ALICE, 'AGR'), balance(w.state, BOB, 'USD'), balance(w.state, CAROL, 'USD'), balance(w.state, CAROL, 'AGR')];
  // Signed in any order by the three parties: everything moves at once.
  swapOk(w.state, [CAROL, ALICE, BOB], legs);
  assert.equal(ownerOf(w.state, w.drill), BOB.address);
  assert.equal(balance(w.state, BOB, 'USD'), bobUsd - 500n);
  assert.equal(balance(w.state, CAROL, 'USD'), carolUsd + 500n);
  assert.equal(balance(w.state, CAROL, 'AGR'), carolAgr - 20_000n);
  assert.equal(balance(w.state, ALICE, 'AGR'), aliceAgr + 20_000n);
});

// ---------------------------------------------------------------------------------------------
// Offers.

/** ALICE offers her drill for 700 USD, to `counterparty` or anyone. */
function drillOffer(w: ContractWorld, counterparty?: string): string {
  return contractOf(okAt(w.state, ALICE, 'offer.create', { counterparty, give: { items: [w.drill] }, ask: { assets: [{ asset: 'USD', amount: 700n }] }, deadlineMs: DEADLINE }), 'offer.created', 'offer');
}

const offerRefusals: Case[] = [
  ['create: the counterparty is the maker', (w) => refusedAt(w.state, ALICE, 'offer.create', { counterparty: ALICE.address, give: { items: [w.drill] }, ask: { assets: [{ asset: 'USD', amount: 1n }] }, deadlineMs: DEADLINE }, 'bad_parties')],
  ['create: a deadline in the past', (w) => refusedAt(w.state, ALICE, 'offer.create', { give: { items: [w.drill] }, ask: { assets: [{ asset: 'USD', amount: 1n }] }, deadlineMs: NOW_MS - 1 }, 'deadline_passed')],
  ['create: asking an unknown asset', (w) => refusedAt(w.state, ALICE, 'offer.create', { give: { items: [w.drill] }, ask: { assets: [{ asset: 'EUR', amount: 1n }] }, deadlineMs: DEADLINE }, 'unknown_asset')],
  ['create: asking an unknown item', (w) => refusedAt(w.state, ALICE, 'offer.create', { give: { items: [w.drill] }, ask: { items: [ITEM] }, deadlineMs: DEADLINE }, 'unknown_item')],
  ['create: giving more than the maker holds', (w) => refusedAt(w.state, BOB, 'offer.create', { give: { assets: [{ asset: 'USD', amount: 100_001n }] }, ask: { items: [w.drill] }, deadlineMs: DEADLINE }, 'insufficient_balance')],
  ['create: giving an item of someone else', (w) => refusedAt(w.state, ALICE, 'offer.create', { give: { items: [w.car] }, ask: { assets: [{ asset: 'USD', amount: 1n }] }, deadlineMs: DEADLINE }, 'not_owner')],
  ['accept: no offer at the address', (w) => refusedAt(w.state, BOB, 'offer.accept', { offer: CAROL.address }, 'unknown_contract')],
  ['accept: an escrow is not an offer', (w) => {
    const escrow = contractOf(okAt(w.state, ALICE, 'escrow.create', { payee: BOB.address, deadlineMs: DEADLINE, onExpiry: 'refund', tranches: [{ assets: [{ asset: 'USD', amount: 1n }] }] }), 'escrow.created', 'escrow');
    refusedAt(w.state, BOB, 'offer.accept', { offer: escrow }, 'unknown_contract');
  }],
  ['accept: by the maker', (w) => refusedAt(w.state, ALICE, 'offer.accept', { offer: drillOffer(w) }, 'wrong_party')],
  ['accept: by someone other than the named counterparty', (w) => refusedAt(w.state, CAROL, 'offer.accept', { offer: drillOffer(w, BOB.address) }, 'wrong_party')],
  ['order: wrong_party before deadline_passed (the maker accepting late)', (w) => refusedAt(w.state, ALICE, 'offer.accept', { offer: drillOffer(w) }, 'wrong_party', DEADLINE)],
  ['order: contract_closed before deadline_passed (accepting a cancelled offer late)', (w) => {
    const offer = drillOffer(w);
    okAt(w.state, ALICE, 'offer.cancel', { offer });
    refusedAt(w.state, BOB, 'offer.accept', { offer }, 'contract_closed', DEADLINE);
  }],
  ['accept: after the deadline', (w) => refusedAt(w.state, BOB, 'offer.accept', { offer: drillOffer(w) }, 'deadline_passed', DEADLINE)],
  ['accept: without what is asked', (w) => refusedAt(w.state, DAVE, 'offer.accept', { offer: drillOffer(w) }, 'insufficient_balance')],
  ['accept: twice', (w) => {
    const offer = drillOffer(w);
    okAt(w.state, BOB, 'offer.accept', { offer });
    refusedAt(w.state, CAROL, 'offer.accept', { offer }, 'contract_closed');
  }],
  ['accept: after a cancel', (w) => {
    const offer = drillOffer(w);
    okAt(w.state, ALICE, 'offer.cancel', { offer });
    refusedAt(w.state, BOB, 'offer.accept', { offer }, 'contract_closed');
  }],
  ['cancel: by someone else', (w) => refusedAt(w.state, BOB, 'offer.cancel', { offer: drillOffer(w, BOB.address) }, 'wrong_party')],
  ['cancel: after the offer was accepted', (w) => {
    const offer = drillOffer(w);
    okAt(w.state, BOB, 'offer.accept', { offer });
    refusedAt(w.state, ALICE, 'offer.cancel', { offer }, 'contract_closed');
  }],
];

for (const [name, body] of offerRefusals) {
  test(`offer refusal: ${name}`, () => body(contractWorld()));
}

test('offer.create then offer.accept: the item is locked in the offer, then swapped for the price in one tx', () => {
  const w = contractWorld();
  const events = okAt(w.state, ALICE, 'offer.create', { counterparty: BOB.address, give: { items: [w.drill] }, ask: { assets: [{ asset: 'USD', amount: 700n }] }, deadlineMs: DEADLINE });
  const offer = contractOf(events, 'offer.created', 'offer');
  assert.deepEqual(events[0].attributes, { offer, maker: ALICE.address, counterparty: BOB.address, deadlineMs: String(DEADLINE) });
  assert.equal(ownerOf(w.state, w.drill), offer);
  const alice = balance(w.state, ALICE, 'USD');
  const accepted = okAt(w.state, BOB, 'offer.accept', { offer }, DEADLINE - 1);
  // The acceptance is a trade (spec/reputation.md §1): ALICE sold the drill to BOB for 700 USD.
  assert.deepEqual(accepted.map((e) => e.type), ['offer.accepted', 'transfer', 'item.transferred', 'trade.recorded']);
  assert.deepEqual([accepted[3].attributes.buyer, accepted[3].attributes.seller, accepted[3].attributes.asset, accepted[3].attributes.amount], [BOB.address, ALICE.address, 'USD', '700']);
  assert.equal(accepted[0].attributes.taker, BOB.address);
  assert.equal(ownerOf(w.state, w.drill), BOB.address);
  assert.equal(balance(w.state, ALICE, 'USD'), alice + 700n);
  assert.deepEqual(lastMoves(w.state, w.drill, 2), [['transfer', 'offer.create', ALICE.address, offer], ['transfer', 'offer.accept', offer, BOB.address]]);
  assert.equal(offerOf(w.state, offer).state, 'accepted');
});

test('offer to anyone: any account but the maker may accept; assets for an item', () => {
  const w = contractWorld();
  const offer = contractOf(okAt(w.state, BOB, 'offer.create', { give: { assets: [{ asset: 'USD', amount: 900n }, { asset: 'AGR', amount: 10n }] }, ask: { items: [w.drill] }, deadlineMs: DEADLINE }), 'offer.created', 'offer');
  assert.equal(balance(w.state, offer, 'USD'), 900n);
  okAt(w.state, ALICE, 'offer.accept', { offer });
  assert.equal(ownerOf(w.state, w.drill), BOB.address);
  assert.equal(balance(w.state, offer, 'USD'), 0n);
});

test('offer.cancel: before the deadline, and after it (the maker reclaims; nothing ran at the deadline)', () => {
  for (const timeMs of [NOW_MS, DEADLINE + HOUR_MS]) {
    const w = contractWorld();
    const offer = drillOffer(w);
    const events = okAt(w.state, ALICE, 'offer.cancel', { offer }, timeMs);
    assert.equal(events[0].type, 'offer.cancelled');
    assert.equal(events[0].attributes.expired, String(timeMs >= DEADLINE));
    assert.equal(ownerOf(w.state, w.drill), ALICE.address);
    assert.equal(offerOf(w.state, offer).state, 'cancelled');
  }
});
