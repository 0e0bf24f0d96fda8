// The SDK's market builders (src/client/market.ts, and buildEscrowDeliver and the escrow additions in
// src/client/contracts.ts): every kind builds, signs and decodes back to the same body; the listing and
// order ids are known before sending; a whole sale runs from builder bodies, its note sealed by the
// SDK and opened by the seller only; a note too long for the ledger is refused before signing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AgoraError,
  NOTE_TEXT_BYTES_MAX,
  buildCredentialIssue,
  buildCredentialRevoke,
  buildEscrowCreate,
  buildEscrowDeliver,
  buildEscrowRelease,
  buildMarketBuy,
  buildMarketClose,
  buildMarketList,
  buildMarketPause,
  buildMarketUpdate,
  buildOfferCreate,
  buildRentalOffer,
  marketIdOf,
  openNote,
  signTx,
} from '../../../src/client/index.ts';
import { CryptoError } from '../../../src/crypto/errors.ts';
import { verifyEd25519 } from '../../../src/crypto/ed25519.ts';
import { getNonce } from '../../../src/ledger/accounts/balances.ts';
import { checkTxAuth, decodeTx, isRejection } from '../../../src/ledger/tx.ts';
import type { DecodedTx, TxBody } from '../../../src/ledger/types.ts';
import { CHAIN_ID } from '../fixtures.ts';
import { assertOk, run } from '../records-fixtures.ts';
import { at, balance } from '../contracts-fixtures.ts';
import { ALICE, BOB, CAROL, H, chairTerms, marketWorld, orderOf } from './market-fixtures.ts';

const common = { chainId: CHAIN_ID, from: ALICE.publicKey, nonce: 3n, fee: 0n };
const SOMEWHERE = BOB.address;
const CAR = marketWorld().car;

function decodeOk(bytes: Uint8Array): DecodedTx {
  const decoded = decodeTx(bytes);
  if (isRejection(decoded)) assert.fail(`${decoded.code} ${decoded.message}`);
  return decoded;
}

test('every market builder: signs, decodes back to the same body, signatures verify', () => {
  const bodies: TxBody[] = [
    buildEscrowCreate({ ...common, payee: BOB.address, arbiter: CAROL.address, deadlineMs: H(1), onExpiry: 'refund', tranches: [{ assets: [{ asset: 'USD', amount: 50n }] }], reviewWindowMs: 10, arbiterFee: { asset: 'USD', amount: 5n }, arbiterWindowMs: 20 }),
    buildEscrowDeliver({ ...common, escrow: SOMEWHERE }),
    buildEscrowDeliver({ ...common, escrow: SOMEWHERE, tranche: 3, document: new Uint8Array(32).fill(1) }),
    buildMarketList({ ...common, kind: 'goods', terms: chairTerms() }),
    buildMarketList({ ...common, kind: 'sale', target: SOMEWHERE, terms: chairTerms({ metadata: '{"colour":"oak"}', requires: { registry: 'kyc-eu', type: 'kyc' } }) }),
    buildMarketUpdate({ ...common, listing: SOMEWHERE, terms: chairTerms({ stock: 0 }) }),
    buildMarketPause({ ...common, listing: SOMEWHERE }),
    buildMarketPause({ ...common, listing: SOMEWHERE, paused: false }),
    buildMarketClose({ ...common, listing: SOMEWHERE }),
    buildMarketBuy({ ...common, listing: SOMEWHERE, version: 2 }),
    buildMarketBuy({ ...common, listing: SOMEWHERE, version: 2, quantity: 3, arbiter: CAROL.address, note: { text: 'door code 1234', sellerPublicKey: BOB.publicKey }, requireSeller: { registry: 'kyc-eu', type: 'kyc' } }),
    buildCredentialIssue({ ...common, registry: 'kyc-eu', type: 'kyc', to: BOB.address }),
    buildCredentialIssue({ ...common, registry: 'kyc-eu', type: 'kyc', to: BOB.address, expiresAtMs: H(5), document: new Uint8Array(32) }),
    buildCredentialRevoke({ ...common, registry: 'kyc-eu', type: 'kyc', to: BOB.address }),
    // A rental or an offer that a rental or sale listing points at carries its own requirement (decision 0012).
    buildRentalOffer({ ...common, item: CAR, asset: 'USD', pricePerPeriod: 20n, periodMs: 3_600_000, minPeriods: 1, maxPeriods: 10, requires: { registry: 'kyc-eu', type: 'kyc' } }),
    buildOfferCreate({ ...common, give: { items: [CAR] }, ask: { assets: [{ asset: 'USD', amount: 9000n }] }, deadlineMs: H(100), requires: { registry: 'kyc-eu', type: 'kyc' } }),
  ];
  for (const body of bodies) {
    const signed = signTx(body, [ALICE]);
    const decoded = decodeOk(signed.bytes);
    // The rental decoder spells an absent optional field as undefined; the bytes hold none of them.
    const payload = Object.fromEntries(Object.entries(decoded.tx.body.payload as object).filter(([, v]) => v !== undefined));
    assert.deepEqual({ ...decoded.tx.body, payload }, body, body.kind);
    assert.equal(checkTxAuth(decoded, CHAIN_ID, verifyEd25519), null);
  }
});

test('a sale from SDK bodies: ids known before sending, the note opened by the seller only', () => {
  const w = marketWorld();
  const as = (key: typeof ALICE): typeof common => ({ chainId: CHAIN_ID, from: key.publicKey, nonce: getNonce(w.state, key.address), fee: 0n });
  const send = (body: TxBody, key: typeof ALICE, hours: number): ReturnType<typeof assertOk> => assertOk(run(w.state, decodeOk(signTx(body, [key]).bytes), at(H(hours))));
  const list = buildMarketList({ ...as(BOB), kind: 'service', terms: chairTerms({ title: 'chair repair', price: { asset: 'USD', amount: 80n } }) });
  const listing = marketIdOf(list);
  send(list, BOB, 1);
  const buy = buildMarketBuy({ ...as(ALICE), listing, version: 1, arbiter: CAROL.address, note: { text: 'pick up at 12 Rue des Lilas', sellerPublicKey: BOB.publicKey } });
  const order = marketIdOf(buy);
  send(buy, ALICE, 2);
  const note = orderOf(w.state, order).note!;
  assert.equal(openNote(BOB.secretKey, note), 'pick up at 12 Rue des Lilas');
  for (const other of [ALICE, CAROL]) assert.throws(() => openNote(other.secretKey, note), (e: unknown) => e instanceof CryptoError && e.code === 'bad_seal');
  const [alice, bob] = [balance(w.state, ALICE, 'USD'), balance(w.state, BOB, 'USD')];
  send(buildEscrowDeliver({ ...as(BOB), escrow: order }), BOB, 3);
  send(buildEscrowRelease({ ...as(ALICE), escrow: order }), ALICE, 4);
  assert.deepEqual([balance(w.state, ALICE, 'USD'), balance(w.state, BOB, 'USD')], [alice, bob + 80n]);
});

test('buildMarketBuy refuses a note the ledger would not take, before anything is signed', () => {
  const tooLong = 'x'.repeat(NOTE_TEXT_BYTES_MAX + 1);
  for (const text of ['', tooLong]) {
    assert.throws(() => buildMarketBuy({ ...common, listing: SOMEWHERE, version: 1, note: { text, sellerPublicKey: BOB.publicKey } }), (e: unknown) => e instanceof AgoraError && e.code === 'bad_note');
  }
  const longest = buildMarketBuy({ ...common, listing: SOMEWHERE, version: 1, note: { text: 'x'.repeat(NOTE_TEXT_BYTES_MAX), sellerPublicKey: BOB.publicKey } });
  decodeOk(signTx(longest, [ALICE]).bytes);
});
