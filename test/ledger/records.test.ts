// The records module (src/ledger/records; spec/ledger.md §7): every stateless payload check and every
// refusal of every kind as tables. A refused tx must leave nothing but its signers' nonces, and the
// invariants of test/helpers/invariants.ts must hold after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CborValue } from '../../src/codec/cbor.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import type { RejectCode } from '../../src/ledger/errors.ts';
import { ITEM_EVENTS_MAX } from '../../src/ledger/limits.ts';
import { itemIdFor, isItemId } from '../../src/ledger/records/ids.ts';
import { encodeItem, getItem, itemKey } from '../../src/ledger/records/item-state.ts';
import { encode } from '../../src/codec/cbor.ts';
import type { MemoryState } from '../../src/ledger/state.ts';
import type { DecodedTx, TxKind, TxPayloads } from '../../src/ledger/types.ts';
import { ALICE, BOB, CAROL, rawBody, rawTx } from './fixtures.ts';
import { DAVE, assertRefused, checkAll, decodeCode, multiTx, ok, registerItem, run, tx, world, type World } from './records-fixtures.ts';

const ITEM = itemIdFor('elsewhere', ALICE.address, 0n, 0);
const HASH = new Uint8Array(32).fill(7);
const to = BOB.address;

// ---------------------------------------------------------------------------------------------
// Stateless payload checks (decodeTx): these never reach the state.

const payloadCases: [string, string, CborValue, RejectCode][] = [
  // registry.create
  ['registry.create', 'an unknown field', { name: 'cars', open: true, rules: 'x' }, 'bad_shape'],
  ['registry.create', 'an upper-case name', { name: 'Cars', open: true }, 'bad_name'],
  ['registry.create', 'a name with a slash', { name: 'cars/eu', open: true }, 'bad_name'],
  ['registry.create', 'a name of 33 characters', { name: 'c'.repeat(33), open: true }, 'bad_name'],
  ['registry.create', 'an empty name', { name: '', open: true }, 'bad_name'],
  ['registry.create', 'open as text', { name: 'cars', open: 'yes' }, 'bad_shape'],
  ['registry.create', 'no open', { name: 'cars' }, 'bad_shape'],
  ['registry.create', 'an empty role list', { name: 'cars', open: true, roles: [] }, 'bad_shape'],
  ['registry.create', '33 roles', { name: 'cars', open: true, roles: Array.from({ length: 33 }, () => ({ role: 'registrar', address: to })) }, 'bad_shape'],
  ['registry.create', 'an unknown role', { name: 'cars', open: true, roles: [{ role: 'owner', address: to }] }, 'bad_shape'],
  ['registry.create', 'a registrar with an event type', { name: 'cars', open: true, roles: [{ role: 'registrar', address: to, eventType: 'x' }] }, 'bad_shape'],
  ['registry.create', 'an attester without an event type', { name: 'cars', open: true, roles: [{ role: 'attester', address: to }] }, 'bad_name'],
  ['registry.create', 'a role with a bad address', { name: 'cars', open: true, roles: [{ role: 'registrar', address: 'me' }] }, 'bad_address'],
  // registry.authorize
  ['registry.authorize', 'neither grant nor revoke', { registry: 'cars' }, 'bad_shape'],
  ['registry.authorize', 'a role both granted and revoked', { registry: 'cars', grant: [{ role: 'registrar', address: to }], revoke: [{ role: 'registrar', address: to }] }, 'bad_shape'],
  ['registry.authorize', 'a bad registry name', { registry: 'Cars', grant: [{ role: 'registrar', address: to }] }, 'bad_name'],
  ['registry.authorize', 'an attester role with a bad event type', { registry: 'cars', revoke: [{ role: 'attester', eventType: 'in spection', address: to }] }, 'bad_name'],
  // item.register
  ['item.register', 'an unknown field', { kind: 'car', color: 'red' }, 'bad_shape'],
  ['item.register', 'no kind', {}, 'bad_name'],
  ['item.register', 'a kind with a space', { kind: 'power drill' }, 'bad_name'],
  ['item.register', 'a bad registry name', { kind: 'car', registry: 'EU cars' }, 'bad_name'],
  ['item.register', 'a bad owner', { kind: 'car', owner: 'me' }, 'bad_address'],
  ['item.register', 'a bad custodian', { kind: 'car', custodian: 7 }, 'bad_address'],
  ['item.register', 'metadata of 2049 characters', { kind: 'car', metadata: 'm'.repeat(2049) }, 'bad_metadata'],
  ['item.register', 'metadata as bytes', { kind: 'car', metadata: new Uint8Array(3) }, 'bad_shape'],
  ['item.register', 'a document hash of 31 bytes', { kind: 'car', documents: [new Uint8Array(31)] }, 'bad_metadata'],
  ['item.register', 'a document hash as hex text', { kind: 'car', documents: ['07'.repeat(32)] }, 'bad_metadata'],
  ['item.register', '17 document hashes', { kind: 'car', documents: Array.from({ length: 17 }, () => HASH) }, 'bad_metadata'],
  ['item.register', 'an empty document list', { kind: 'car', documents: [] }, 'bad_metadata'],
  ['item.register', 'documents that are not a list', { kind: 'car', documents: HASH }, 'bad_shape'],
  // item.transfer
  ['item.transfer', 'a bad item id', { item: 'item1abc', to }, 'bad_item_id'],
  ['item.transfer', 'an item id in upper case', { item: ITEM.toUpperCase(), to }, 'bad_item_id'],
  ['item.transfer', 'an address as item id', { item: to, to }, 'bad_item_id'],
  ['item.transfer', 'an item id with a bad checksum', { item: ITEM.slice(0, -1) + (ITEM.endsWith('q') ? 'p' : 'q'), to }, 'bad_item_id'],
  ['item.transfer', 'a bad recipient', { item: ITEM, to: 'x' }, 'bad_address'],
  ['item.transfer', 'a payment of 0', { item: ITEM, to, payment: { asset: 'AGR', amount: 0 } }, 'bad_amount'],
  ['item.transfer', 'a payment in a bad symbol', { item: ITEM, to, payment: { asset: 'agr', amount: 1 } }, 'bad_symbol'],
  ['item.transfer', 'a payment with an extra field', { item: ITEM, to, payment: { asset: 'AGR', amount: 1, memo: '' } }, 'bad_shape'],
  // item.attest
  ['item.attest', 'no type', { item: ITEM }, 'bad_name'],
  ['item.attest', 'data of 1025 characters', { item: ITEM, type: 'reading', data: 'd'.repeat(1025) }, 'bad_metadata'],
  ['item.attest', 'a custody event without a custodian', { item: ITEM, type: 'custody' }, 'bad_shape'],
  ['item.attest', 'a custodian on another event type', { item: ITEM, type: 'inspection', custodian: to }, 'bad_shape'],
  ['item.attest', 'a bad custodian', { item: ITEM, type: 'custody', custodian: 'carrier' }, 'bad_address'],
  ['item.attest', 'check order: item before type', { item: 'x', type: 'X' }, 'bad_item_id'],
  // item.split
  ['item.split', 'one child', { item: ITEM, children: [{ kind: 'bag' }] }, 'bad_shape'],
  ['item.split', '33 children', { item: ITEM, children: Array.from({ length: 33 }, () => ({ kind: 'bag' })) }, 'bad_shape'],
  ['item.split', 'a child with a bad kind', { item: ITEM, children: [{ kind: 'bag' }, { kind: 'Bag' }] }, 'bad_name'],
  ['item.split', 'a child with an owner', { item: ITEM, children: [{ kind: 'bag' }, { kind: 'bag', owner: to }] }, 'bad_shape'],
  ['item.split', 'a child with too much metadata', { item: ITEM, children: [{ kind: 'bag', metadata: 'm'.repeat(2049) }, { kind: 'bag' }] }, 'bad_metadata'],
  // item.merge
  ['item.merge', 'one item', { items: [ITEM], kind: 'blend' }, 'bad_shape'],
  ['item.merge', 'an item twice', { items: [ITEM, ITEM], kind: 'blend' }, 'bad_shape'],
  ['item.merge', '17 items', { items: Array.from({ length: 17 }, (_, i) => itemIdFor('x', to, 0n, i)), kind: 'blend' }, 'bad_shape'],
  ['item.merge', 'a bad item id', { items: [ITEM, 'item1'], kind: 'blend' }, 'bad_item_id'],
  ['item.merge', 'no kind', { items: [ITEM, itemIdFor('x', to, 0n, 1)] }, 'bad_name'],
  // item.retire
  ['item.retire', 'a reason of 257 characters', { item: ITEM, reason: 'r'.repeat(257) }, 'bad_metadata'],
  // item.fractionalize
  ['item.fractionalize', 'a bad symbol', { item: ITEM, symbol: 'share', shares: 10 }, 'bad_symbol'],
  ['item.fractionalize', 'zero shares', { item: ITEM, symbol: 'SHR', shares: 0 }, 'bad_amount'],
  ['item.fractionalize', '2^128 shares', { item: ITEM, symbol: 'SHR', shares: 2n ** 128n }, 'bad_amount'],
  ['item.fractionalize', 'an empty name', { item: ITEM, symbol: 'SHR', shares: 10, name: '' }, 'bad_asset_params'],
  ['item.fractionalize', 'a name of 65 characters', { item: ITEM, symbol: 'SHR', shares: 10, name: 'n'.repeat(65) }, 'bad_shape'],
  // item.redeem
  ['item.redeem', 'an unknown field', { item: ITEM, shares: 10 }, 'bad_shape'],
  ['item.redeem', 'no item', {}, 'bad_item_id'],
];

for (const [kind, name, payload, code] of payloadCases) {
  test(`${kind} payload: ${name} → ${code}`, () => {
    assert.equal(decodeCode(rawTx(rawBody(kind, payload, ALICE), [ALICE])), code);
  });
}

test('payload limits: 2048 characters of metadata, 16 documents, 32 children, 16 parents, 32 roles, 1024 characters of data are accepted', () => {
  const accepted: [string, CborValue][] = [
    ['item.register', { kind: 'c'.repeat(32), metadata: 'm'.repeat(2048), documents: Array.from({ length: 16 }, () => HASH), owner: to, custodian: to, registry: 'r' }],
    ['item.split', { item: ITEM, children: Array.from({ length: 32 }, () => ({ kind: 'bag', documents: [HASH] })) }],
    ['item.merge', { items: Array.from({ length: 16 }, (_, i) => itemIdFor('x', to, 0n, i)), kind: 'blend', registry: 'lots' }],
    ['registry.create', { name: 'cars', open: false, roles: Array.from({ length: 32 }, () => ({ role: 'attester', eventType: 'a'.repeat(32), address: to })) }],
    ['item.attest', { item: ITEM, type: 'reading', data: 'd'.repeat(1024), documents: [HASH] }],
    ['item.transfer', { item: ITEM, to, payment: { asset: 'AGR', amount: 2n ** 128n - 1n } }],
  ];
  for (const [kind, payload] of accepted) assert.equal(decodeCode(rawTx(rawBody(kind, payload, ALICE), [ALICE])), 'ok', kind);
});

test('signer counts: item.transfer takes 1 or 2 signers, every other records kind exactly 1', () => {
  const two = (kind: string, payload: CborValue): RejectCode | 'ok' =>
    decodeCode(rawTx(rawBody(kind, payload, ALICE, { signers: [ALICE, BOB].map((k) => ({ publicKey: k.publicKey, nonce: 0 })) }), [ALICE, BOB]));
  assert.equal(two('item.transfer', { item: ITEM, to }), 'ok');
  assert.equal(two('item.redeem', { item: ITEM }), 'bad_shape');
  assert.equal(two('item.register', { kind: 'car' }), 'bad_shape');
  const three = rawTx(rawBody('item.transfer', { item: ITEM, to }, ALICE, { signers: [ALICE, BOB, CAROL].map((k) => ({ publicKey: k.publicKey, nonce: 0 })) }), [ALICE, BOB, CAROL]);
  assert.equal(decodeCode(three), 'bad_shape');
  // One signer twice would consume its nonce once for two signatures: refused at decoding.
  const twice = rawTx(rawBody('item.transfer', { item: ITEM, to }, ALICE, { signers: [ALICE, ALICE].map((k) => ({ publicKey: k.publicKey, nonce: 0 })) }), [ALICE, ALICE]);
  assert.equal(decodeCode(twice), 'bad_shape');
});

test('item ids: bech32m item1… of 32 bytes, deterministic, distinct per chain, signer, nonce and index', () => {
  const id = itemIdFor('agora-test', ALICE.address, 5n, 0);
  assert.match(id, /^item1[02-9ac-hj-np-z]{58}$/);
  assert.ok(isItemId(id));
  assert.equal(itemIdFor('agora-test', ALICE.address, 5n, 0), id);
  const others = [itemIdFor('agora-main', ALICE.address, 5n, 0), itemIdFor('agora-test', BOB.address, 5n, 0), itemIdFor('agora-test', ALICE.address, 6n, 0), itemIdFor('agora-test', ALICE.address, 5n, 1)];
  assert.equal(new Set([id, ...others]).size, 5);
  for (const bad of [id.toUpperCase(), id.slice(0, -1), `${id}q`, ALICE.address, '', 'item1']) assert.equal(isItemId(bad), false, bad);
});

// ---------------------------------------------------------------------------------------------
// State refusals: each on a fresh world, after its own setup txs.

type Case = (w: World) => [DecodedTx, KeyPair[]];

function one<K extends TxKind>(w: World, key: KeyPair, kind: K, payload: TxPayloads[K]): [DecodedTx, KeyPair[]] {
  return [tx(w.state, key, kind, payload), [key]];
}

function two<K extends TxKind>(w: World, keys: KeyPair[], kind: K, payload: TxPayloads[K]): [DecodedTx, KeyPair[]] {
  return [multiTx(w.state, keys, kind, payload), keys];
}

/** Makes the item's history full by writing its count as ITEM_EVENTS_MAX (the entries are not written). */
function fillHistory(state: MemoryState, id: string): void {
  const item = getItem(state, id);
  assert.ok(item !== undefined);
  state.entries.set(itemKey(id), encode(encodeItem({ ...item, events: ITEM_EVENTS_MAX })));
}

function custody(w: World, from: KeyPair, item: string, custodian: KeyPair): void {
  ok(w.state, from, 'item.attest', { item, type: 'custody', custodian: custodian.address });
}

const registrar = (address: string) => ({ role: 'registrar' as const, address });
const inspection = (address: string) => ({ role: 'attester' as const, eventType: 'inspection', address });
const pay = (amount: bigint) => ({ asset: 'AGR', amount });

const refusals: [string, Case, RejectCode, { invariants: boolean }?][] = [
  // registry.create
  ['registry.create: the name is taken', (w) => one(w, DAVE, 'registry.create', { name: 'deeds', open: true }), 'registry_exists'],
  // registry.authorize
  ['registry.authorize: no such registry', (w) => one(w, ALICE, 'registry.authorize', { registry: 'cars', grant: [registrar(DAVE.address)] }), 'unknown_registry'],
  ['registry.authorize: a registrar is not the curator', (w) => one(w, BOB, 'registry.authorize', { registry: 'deeds', grant: [registrar(DAVE.address)] }), 'not_curator'],
  ['registry.authorize: the curator of another registry', (w) => one(w, ALICE, 'registry.authorize', { registry: 'lots', revoke: [registrar(BOB.address)] }), 'not_curator'],
  // item.register
  ['item.register: into a registry that does not exist', (w) => one(w, ALICE, 'item.register', { kind: 'car', registry: 'cars' }), 'unknown_registry'],
  ['item.register: into a curated registry by an outsider', (w) => one(w, DAVE, 'item.register', { kind: 'deed', registry: 'deeds' }), 'not_registrar'],
  ['item.register: into a curated registry by an attester of it', (w) => one(w, CAROL, 'item.register', { kind: 'deed', registry: 'deeds' }), 'not_registrar'],
  [
    'item.register: by a registrar whose role was revoked',
    (w) => {
      ok(w.state, ALICE, 'registry.authorize', { registry: 'deeds', revoke: [registrar(BOB.address)] });
      return one(w, BOB, 'item.register', { kind: 'deed', registry: 'deeds' });
    },
    'not_registrar',
  ],
  ['item.register: check order — unknown_registry before anything', (w) => one(w, DAVE, 'item.register', { kind: 'deed', registry: 'deedz', owner: ALICE.address }), 'unknown_registry'],
  // item.transfer
  ['item.transfer: an unknown item', (w) => one(w, ALICE, 'item.transfer', { item: ITEM, to }), 'unknown_item'],
  ['item.transfer: by someone who is not the owner', (w) => one(w, BOB, 'item.transfer', { item: w.deed, to: BOB.address }), 'not_owner'],
  [
    'item.transfer: by the custodian (custody is not ownership)',
    (w) => {
      custody(w, ALICE, w.drill, CAROL);
      return one(w, CAROL, 'item.transfer', { item: w.drill, to: CAROL.address });
    },
    'not_owner',
  ],
  ['item.transfer: by a registry attester', (w) => one(w, CAROL, 'item.transfer', { item: w.deed, to: CAROL.address }), 'not_owner'],
  ['item.transfer: of a locked item by its owner', (w) => one(w, ALICE, 'item.transfer', { item: w.locked, to }), 'item_locked'],
  [
    'item.transfer: of a locked item by the holder of all its shares',
    (w) => {
      ok(w.state, ALICE, 'transfer', { transfers: [{ to, asset: 'SHARE', amount: 100n }] });
      return one(w, BOB, 'item.transfer', { item: w.locked, to });
    },
    'item_locked',
  ],
  ['item.transfer: of a retired item', (w) => one(w, ALICE, 'item.transfer', { item: w.retired, to }), 'item_retired'],
  ['item.transfer: a payment signed by the owner alone', (w) => one(w, ALICE, 'item.transfer', { item: w.drill, to, payment: pay(10n) }), 'bad_signers'],
  ['item.transfer: two signers without a payment', (w) => two(w, [ALICE, BOB], 'item.transfer', { item: w.drill, to }), 'bad_signers'],
  ['item.transfer: a payment co-signed by someone other than the recipient', (w) => two(w, [ALICE, CAROL], 'item.transfer', { item: w.drill, to, payment: pay(10n) }), 'bad_signers'],
  ['item.transfer: a payment in an unknown asset', (w) => two(w, [ALICE, BOB], 'item.transfer', { item: w.drill, to, payment: { asset: 'NOPE', amount: 1n } }), 'unknown_asset'],
  ['item.transfer: a price the recipient cannot pay', (w) => two(w, [ALICE, DAVE], 'item.transfer', { item: w.drill, to: DAVE.address, payment: pay(1001n) }), 'insufficient_balance'],
  [
    'item.transfer: a full history',
    (w) => {
      fillHistory(w.state, w.drill);
      return one(w, ALICE, 'item.transfer', { item: w.drill, to });
    },
    'too_many_events',
    { invariants: false },
  ],
  ['item.transfer: check order — item_locked before not_owner', (w) => one(w, BOB, 'item.transfer', { item: w.locked, to }), 'item_locked'],
  ['item.transfer: check order — not_owner before bad_signers', (w) => one(w, BOB, 'item.transfer', { item: w.drill, to, payment: pay(1n) }), 'not_owner'],
  ['item.transfer: check order — bad_signers before the payment checks', (w) => two(w, [ALICE, CAROL], 'item.transfer', { item: w.drill, to, payment: { asset: 'NOPE', amount: 1n } }), 'bad_signers'],
  // item.attest
  ['item.attest: an unknown item', (w) => one(w, ALICE, 'item.attest', { item: ITEM, type: 'inspection' }), 'unknown_item'],
  ['item.attest: a retired item, even by its owner', (w) => one(w, ALICE, 'item.attest', { item: w.retired, type: 'repair' }), 'item_retired'],
  ['item.attest: by an outsider', (w) => one(w, DAVE, 'item.attest', { item: w.deed, type: 'inspection' }), 'not_authorised'],
  ['item.attest: an event type the attester is not authorised for', (w) => one(w, CAROL, 'item.attest', { item: w.deed, type: 'certified' }), 'not_authorised'],
  ['item.attest: by an attester, on an item outside its registry', (w) => one(w, CAROL, 'item.attest', { item: w.drill, type: 'inspection' }), 'not_authorised'],
  ['item.attest: by the registry curator who did not authorise itself', (w) => one(w, BOB, 'item.attest', { item: registerItem(w.state, DAVE, { kind: 'lot', registry: 'lots' }), type: 'inspection' }), 'not_authorised'],
  [
    'item.attest: by an attester whose role was revoked',
    (w) => {
      ok(w.state, ALICE, 'registry.authorize', { registry: 'deeds', revoke: [inspection(CAROL.address)] });
      return one(w, CAROL, 'item.attest', { item: w.deed, type: 'inspection' });
    },
    'not_authorised',
  ],
  [
    'item.attest: by a former owner',
    (w) => {
      ok(w.state, ALICE, 'item.transfer', { item: w.drill, to });
      return one(w, ALICE, 'item.attest', { item: w.drill, type: 'repair' });
    },
    'not_authorised',
  ],
  [
    'item.attest: by a former custodian',
    (w) => {
      custody(w, ALICE, w.drill, CAROL);
      custody(w, CAROL, w.drill, DAVE);
      return one(w, CAROL, 'item.attest', { item: w.drill, type: 'location', data: '{"at":"depot"}' });
    },
    'not_authorised',
  ],
  ['item.attest: a custody handover by an outsider', (w) => one(w, DAVE, 'item.attest', { item: w.drill, type: 'custody', custodian: DAVE.address }), 'not_authorised'],
  [
    'item.attest: a full history',
    (w) => {
      fillHistory(w.state, w.deed);
      return one(w, CAROL, 'item.attest', { item: w.deed, type: 'inspection' });
    },
    'too_many_events',
    { invariants: false },
  ],
  ['item.attest: check order — item_retired before not_authorised', (w) => one(w, DAVE, 'item.attest', { item: w.retired, type: 'repair' }), 'item_retired'],
  // item.split
  ['item.split: an unknown item', (w) => one(w, ALICE, 'item.split', { item: ITEM, children: [{ kind: 'a' }, { kind: 'b' }] }), 'unknown_item'],
  ['item.split: of an item one does not own', (w) => one(w, BOB, 'item.split', { item: w.deed, children: [{ kind: 'a' }, { kind: 'b' }] }), 'not_owner'],
  [
    'item.split: by the custodian',
    (w) => {
      custody(w, ALICE, w.drill, CAROL);
      return one(w, CAROL, 'item.split', { item: w.drill, children: [{ kind: 'a' }, { kind: 'b' }] });
    },
    'not_owner',
  ],
  ['item.split: of a locked item', (w) => one(w, ALICE, 'item.split', { item: w.locked, children: [{ kind: 'a' }, { kind: 'b' }] }), 'item_locked'],
  ['item.split: of a retired item', (w) => one(w, ALICE, 'item.split', { item: w.retired, children: [{ kind: 'a' }, { kind: 'b' }] }), 'item_retired'],
  [
    'item.split: of an item already split',
    (w) => {
      ok(w.state, ALICE, 'item.split', { item: w.drill, children: [{ kind: 'a' }, { kind: 'b' }] });
      return one(w, ALICE, 'item.split', { item: w.drill, children: [{ kind: 'a' }, { kind: 'b' }] });
    },
    'item_retired',
  ],
  [
    'item.split: a full history',
    (w) => {
      fillHistory(w.state, w.drill);
      return one(w, ALICE, 'item.split', { item: w.drill, children: [{ kind: 'a' }, { kind: 'b' }] });
    },
    'too_many_events',
    { invariants: false },
  ],
  // item.merge
  ['item.merge: with an item one does not own', (w) => one(w, ALICE, 'item.merge', { items: [w.drill, registerItem(w.state, BOB, { kind: 'drill' })], kind: 'kit' }), 'not_owner'],
  ['item.merge: of items one does not own at all', (w) => one(w, BOB, 'item.merge', { items: [w.drill, w.deed], kind: 'kit' }), 'not_owner'],
  ['item.merge: with an unknown item', (w) => one(w, ALICE, 'item.merge', { items: [w.drill, ITEM], kind: 'kit' }), 'unknown_item'],
  ['item.merge: with a locked item', (w) => one(w, ALICE, 'item.merge', { items: [w.drill, w.locked], kind: 'kit' }), 'item_locked'],
  ['item.merge: with a retired item', (w) => one(w, ALICE, 'item.merge', { items: [w.retired, w.drill], kind: 'kit' }), 'item_retired'],
  ['item.merge: into a registry that does not exist', (w) => one(w, ALICE, 'item.merge', { items: [w.drill, w.deed], kind: 'kit', registry: 'kits' }), 'unknown_registry'],
  [
    'item.merge: into a curated registry by an outsider',
    (w) => {
      const parts = [registerItem(w.state, DAVE, { kind: 'lot' }), registerItem(w.state, DAVE, { kind: 'lot' })];
      return one(w, DAVE, 'item.merge', { items: parts, kind: 'deed', registry: 'deeds' });
    },
    'not_registrar',
  ],
  [
    'item.merge: a parent with a full history',
    (w) => {
      fillHistory(w.state, w.deed);
      return one(w, ALICE, 'item.merge', { items: [w.drill, w.deed], kind: 'kit' });
    },
    'too_many_events',
    { invariants: false },
  ],
  ['item.merge: check order — parents in payload order', (w) => one(w, ALICE, 'item.merge', { items: [w.locked, ITEM, w.retired], kind: 'kit', registry: 'kits' }), 'item_locked'],
  ['item.merge: check order — the parents before the registry', (w) => one(w, BOB, 'item.merge', { items: [w.drill, w.deed], kind: 'kit', registry: 'kits' }), 'not_owner'],
  // item.retire
  ['item.retire: an unknown item', (w) => one(w, ALICE, 'item.retire', { item: ITEM }), 'unknown_item'],
  ['item.retire: by someone who is not the owner', (w) => one(w, BOB, 'item.retire', { item: w.drill }), 'not_owner'],
  ['item.retire: a locked item', (w) => one(w, ALICE, 'item.retire', { item: w.locked }), 'item_locked'],
  ['item.retire: twice', (w) => one(w, ALICE, 'item.retire', { item: w.retired }), 'item_retired'],
  // item.fractionalize
  ['item.fractionalize: an unknown item', (w) => one(w, ALICE, 'item.fractionalize', { item: ITEM, symbol: 'DRILL', shares: 10n }), 'unknown_item'],
  ['item.fractionalize: by someone who is not the owner', (w) => one(w, BOB, 'item.fractionalize', { item: w.drill, symbol: 'DRILL', shares: 10n }), 'not_owner'],
  ['item.fractionalize: an item already locked', (w) => one(w, ALICE, 'item.fractionalize', { item: w.locked, symbol: 'MORE', shares: 10n }), 'item_locked'],
  ['item.fractionalize: a retired item', (w) => one(w, ALICE, 'item.fractionalize', { item: w.retired, symbol: 'CAR', shares: 10n }), 'item_retired'],
  ['item.fractionalize: a symbol in use', (w) => one(w, ALICE, 'item.fractionalize', { item: w.drill, symbol: 'AGR', shares: 10n }), 'asset_exists'],
  ['item.fractionalize: check order — not_owner before asset_exists', (w) => one(w, BOB, 'item.fractionalize', { item: w.drill, symbol: 'SHARE', shares: 10n }), 'not_owner'],
  // item.redeem
  ['item.redeem: an unknown item', (w) => one(w, ALICE, 'item.redeem', { item: ITEM }), 'unknown_item'],
  ['item.redeem: an item that is not locked', (w) => one(w, ALICE, 'item.redeem', { item: w.deed }), 'not_locked'],
  ['item.redeem: a retired item', (w) => one(w, ALICE, 'item.redeem', { item: w.retired }), 'item_retired'],
  [
    'item.redeem: without all shares (99 of 100)',
    (w) => {
      ok(w.state, ALICE, 'transfer', { transfers: [{ to, asset: 'SHARE', amount: 1n }] });
      return one(w, ALICE, 'item.redeem', { item: w.locked });
    },
    'not_all_shares',
  ],
  ['item.redeem: with no shares at all', (w) => one(w, BOB, 'item.redeem', { item: w.locked }), 'not_all_shares'],
  [
    'item.redeem: a full history',
    (w) => {
      fillHistory(w.state, w.locked);
      return one(w, ALICE, 'item.redeem', { item: w.locked });
    },
    'too_many_events',
    { invariants: false },
  ],
  // asset.burn and transfer of shares
  ['asset.burn: the shares of a locked item', (w) => one(w, ALICE, 'asset.burn', { asset: 'SHARE', amount: 1n }), 'locked_shares'],
  ['asset.burn: check order — locked_shares before insufficient_balance', (w) => one(w, BOB, 'asset.burn', { asset: 'SHARE', amount: 1n }), 'locked_shares'],
];

for (const [name, build, code, options] of refusals) {
  test(`refusal: ${name} → ${code}`, () => {
    const w = world();
    const [decodedTx, signers] = build(w);
    assertRefused(run(w.state, decodedTx), code, signers);
    if (options?.invariants !== false) checkAll(w.state);
  });
}

test('refusals: a full history is checked after the authorisation (not_owner before too_many_events)', () => {
  const w = world();
  fillHistory(w.state, w.drill);
  assertRefused(run(w.state, tx(w.state, BOB, 'item.retire', { item: w.drill })), 'not_owner', [BOB]);
  assertRefused(run(w.state, tx(w.state, DAVE, 'item.attest', { item: w.drill, type: 'x' })), 'not_authorised', [DAVE]);
});
