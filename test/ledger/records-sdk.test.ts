// The SDK's records builders (src/client/records.ts): every kind builds, signs and decodes back to the
// same body; a sale is signed apart by both parties and applies; the id of an item is known before
// the tx is sent and found again in the receipt.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildItemAttest,
  buildItemCustody,
  buildItemFractionalize,
  buildItemMerge,
  buildItemRedeem,
  buildItemRegister,
  buildItemRetire,
  buildItemSale,
  buildItemSplit,
  buildItemTransfer,
  buildRegistryAuthorize,
  buildRegistryCreate,
  documentHash,
  itemIdFor,
  newItemIds,
  registeredItemId,
  signItemSale,
  signTx,
} from '../../src/client/index.ts';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { utf8 } from '../../src/crypto/hash.ts';
import { getItem } from '../../src/ledger/records/item-state.ts';
import { checkTxAuth, decodeTx, encodeTx, isRejection } from '../../src/ledger/tx.ts';
import type { TxBody } from '../../src/ledger/types.ts';
import { getBalance, getNonce } from '../../src/ledger/accounts/balances.ts';
import { ALICE, BOB, CHAIN_ID } from './fixtures.ts';
import { assertOk, checkAll, run, world } from './records-fixtures.ts';

const common = { chainId: CHAIN_ID, from: ALICE.publicKey, nonce: 4n, fee: 0n };
const ITEM = itemIdFor(CHAIN_ID, ALICE.address, 0n, 0);
const OTHER = itemIdFor(CHAIN_ID, ALICE.address, 1n, 0);
const HASH = documentHash(utf8('title deed scan'));

const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? [...v] : v)));

function roundTrip(body: TxBody, keys = [ALICE]): void {
  const signed = signTx(body, keys);
  const decoded = decodeTx(signed.bytes);
  if (isRejection(decoded)) assert.fail(`${body.kind}: ${decoded.code}: ${decoded.message}`);
  assert.deepEqual(encodeTx(decoded.tx), signed.bytes);
  assert.deepEqual(json(decoded.tx.body), json(body), body.kind);
  assert.equal(checkTxAuth(decoded, CHAIN_ID, verifyEd25519), null);
}

test('SDK records builders: every kind builds, signs and decodes back to the same body', () => {
  assert.equal(HASH.length, 32);
  roundTrip(buildRegistryCreate({ ...common, name: 'land-deeds', roles: [{ role: 'registrar', address: BOB.address }, { role: 'attester', eventType: 'survey', address: BOB.address }] }));
  roundTrip(buildRegistryCreate({ ...common, name: 'tools', open: true }));
  roundTrip(buildRegistryAuthorize({ ...common, registry: 'land-deeds', revoke: [{ role: 'registrar', address: BOB.address }] }));
  roundTrip(buildItemRegister({ ...common, kind: 'deed', registry: 'land-deeds', owner: BOB.address, metadata: '{"parcel":"7"}', documents: [HASH] }));
  roundTrip(buildItemRegister({ ...common, kind: 'drill' }));
  roundTrip(buildItemTransfer({ ...common, item: ITEM, to: BOB.address }));
  roundTrip(buildItemSale({ ...common, item: ITEM, buyer: { publicKey: BOB.publicKey, nonce: 9n }, price: { asset: 'AGR', amount: 500n } }), [ALICE, BOB]);
  roundTrip(buildItemAttest({ ...common, item: ITEM, type: 'inspection', data: '{"ok":true}', documents: [HASH] }));
  roundTrip(buildItemCustody({ ...common, item: ITEM, custodian: BOB.address }));
  roundTrip(buildItemSplit({ ...common, item: ITEM, children: [{ kind: 'bag', metadata: '250g' }, { kind: 'bag' }] }));
  roundTrip(buildItemMerge({ ...common, items: [ITEM, OTHER], kind: 'blend', registry: 'lots' }));
  roundTrip(buildItemRetire({ ...common, item: ITEM, reason: 'scrapped' }));
  roundTrip(buildItemRetire({ ...common, item: ITEM }));
  roundTrip(buildItemFractionalize({ ...common, item: ITEM, symbol: 'DEED', shares: 100n }));
  roundTrip(buildItemRedeem({ ...common, item: ITEM }));
});

test('SDK: defaults and shapes — a registry is curated unless open; no undefined fields; a custody event', () => {
  assert.deepEqual(buildRegistryCreate({ ...common, name: 'cars' }).payload, { name: 'cars', open: false });
  assert.deepEqual(buildItemRegister({ ...common, kind: 'car' }).payload, { kind: 'car' });
  assert.deepEqual(buildItemCustody({ ...common, item: ITEM, custodian: BOB.address }).payload, { item: ITEM, type: 'custody', custodian: BOB.address });
  const sale = buildItemSale({ ...common, item: ITEM, buyer: { publicKey: BOB.publicKey, nonce: 2n }, price: { asset: 'AGR', amount: 1n } });
  assert.deepEqual(sale.signers.map((s) => s.nonce), [4n, 2n]);
  assert.equal(sale.payload.to, BOB.address);
});

test('SDK: the registered id is known before sending and equals the receipt’s; a sale signed apart applies', () => {
  const w = world();
  const body = buildItemRegister({ chainId: CHAIN_ID, from: ALICE.publicKey, nonce: getNonce(w.state, ALICE.address), fee: 1_000_000n, kind: 'bike' });
  const expected = registeredItemId(body);
  const events = assertOk(run(w.state, decodedOf(signTx(body, [ALICE]).bytes)));
  assert.deepEqual(newItemIds(events), [expected]);
  const sale = buildItemSale({
    chainId: CHAIN_ID,
    from: ALICE.publicKey,
    nonce: getNonce(w.state, ALICE.address),
    fee: 1_000_000n,
    item: expected,
    buyer: { publicKey: BOB.publicKey, nonce: getNonce(w.state, BOB.address) },
    price: { asset: 'AGR', amount: 70n },
  });
  const buyerSignature = signItemSale(sale, BOB); // made on the buyer's device
  const before = getBalance(w.state, BOB.address, 'AGR');
  assertOk(run(w.state, decodedOf(signTx(sale, [ALICE, () => buyerSignature]).bytes)));
  assert.equal(getItem(w.state, expected)?.owner, BOB.address);
  assert.equal(getBalance(w.state, BOB.address, 'AGR'), before - 70n);
  checkAll(w.state);
});

function decodedOf(bytes: Uint8Array) {
  const result = decodeTx(bytes);
  if (isRejection(result)) assert.fail(result.code);
  return result;
}
