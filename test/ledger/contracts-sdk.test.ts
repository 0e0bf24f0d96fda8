// The SDK's contract builders (src/client/contracts.ts): every kind builds, signs and decodes back to
// the same body; a contract's address is known before sending and is the one the ledger creates; a
// three-party swap is signed apart by each party and applies.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildEscrowCreate,
  buildEscrowDispute,
  buildEscrowRefund,
  buildEscrowRelease,
  buildEscrowResolve,
  buildEscrowSettle,
  buildOfferAccept,
  buildOfferCancel,
  buildOfferCreate,
  buildSplitCreate,
  buildSwap,
  contractAddress,
  signTx,
  swapSignature,
} from '../../src/client/index.ts';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { checkTxAuth, decodeTx, isRejection } from '../../src/ledger/tx.ts';
import type { TxBody } from '../../src/ledger/types.ts';
import { getNonce } from '../../src/ledger/accounts/balances.ts';
import { CHAIN_ID } from './fixtures.ts';
import { assertOk, run } from './records-fixtures.ts';
import { ALICE, BOB, CAROL, HOUR_MS, NOW_MS, at, balance, checkAllContracts, contractWorld, ownerOf } from './contracts-fixtures.ts';

const common = { chainId: CHAIN_ID, from: ALICE.publicKey, nonce: 3n, fee: 0n };
const ESCROW = BOB.address;
const DEADLINE = NOW_MS + HOUR_MS;

test('every contract builder: signs, decodes back to the same body, signatures verify', () => {
  const bodies: TxBody[] = [
    buildEscrowCreate({ ...common, payee: BOB.address, arbiter: undefined, deadlineMs: DEADLINE, onExpiry: 'release', tranches: [{ assets: [{ asset: 'USD', amount: 5n }], items: undefined }] }),
    buildEscrowCreate({ ...common, payee: BOB.address, arbiter: CAROL.address, deadlineMs: DEADLINE, onExpiry: 'refund', tranches: [{ assets: [{ asset: 'USD', amount: 5n }] }, { assets: [{ asset: 'AGR', amount: 1n }] }] }),
    buildEscrowRelease({ ...common, escrow: ESCROW }),
    buildEscrowRelease({ ...common, escrow: ESCROW, tranche: 2 }),
    buildEscrowRefund({ ...common, escrow: ESCROW }),
    buildEscrowDispute({ ...common, escrow: ESCROW }),
    buildEscrowResolve({ ...common, escrow: ESCROW }),
    buildEscrowResolve({ ...common, escrow: ESCROW, toPayee: { assets: [{ asset: 'USD', amount: 2n }] } }),
    buildEscrowSettle({ ...common, escrow: ESCROW }),
    buildOfferCreate({ ...common, give: { assets: [{ asset: 'USD', amount: 1n }] }, ask: { assets: [{ asset: 'AGR', amount: 1n }] }, deadlineMs: DEADLINE }),
    buildOfferCreate({ ...common, counterparty: BOB.address, give: { assets: [{ asset: 'USD', amount: 1n }] }, ask: { assets: [{ asset: 'AGR', amount: 1n }] }, deadlineMs: DEADLINE }),
    buildOfferAccept({ ...common, offer: ESCROW }),
    buildOfferCancel({ ...common, offer: ESCROW }),
    buildSplitCreate({ ...common, members: [{ address: BOB.address, weight: 3 }, { address: CAROL.address, weight: 1 }] }),
  ];
  for (const body of bodies) {
    const signed = signTx(body, [ALICE]);
    const decoded = decodeTx(signed.bytes);
    if (isRejection(decoded)) assert.fail(`${body.kind}: ${decoded.code} ${decoded.message}`);
    assert.deepEqual(decoded.tx.body, body, body.kind);
    assert.equal(checkTxAuth(decoded, CHAIN_ID, verifyEd25519), null);
  }
});

test('contractAddress: known before sending, and the one the ledger creates (escrow, offer, split)', () => {
  const w = contractWorld();
  const mine = (): typeof common => ({ ...common, nonce: getNonce(w.state, ALICE.address) });
  const bodies = [
    buildEscrowCreate({ ...mine(), payee: BOB.address, deadlineMs: DEADLINE, onExpiry: 'refund', tranches: [{ assets: [{ asset: 'USD', amount: 10n }] }] }),
  ] as TxBody<'escrow.create' | 'offer.create' | 'split.create'>[];
  const expected = contractAddress(bodies[0]);
  const events = assertOk(run(w.state, decodeOk(signTx(bodies[0], [ALICE]).bytes), at(NOW_MS)));
  assert.equal(events[0].attributes.escrow, expected);
  assert.equal(balance(w.state, expected, 'USD'), 10n);
  const offer = buildOfferCreate({ ...mine(), give: { items: [w.drill] }, ask: { assets: [{ asset: 'USD', amount: 1n }] }, deadlineMs: DEADLINE });
  assertOk(run(w.state, decodeOk(signTx(offer, [ALICE]).bytes), at(NOW_MS)));
  assert.equal(ownerOf(w.state, w.drill), contractAddress(offer));
  const split = buildSplitCreate({ ...mine(), members: [{ address: BOB.address, weight: 1 }, { address: CAROL.address, weight: 1 }] });
  const created = assertOk(run(w.state, decodeOk(signTx(split, [ALICE]).bytes), at(NOW_MS)));
  assert.equal(created[0].attributes.split, contractAddress(split));
  checkAllContracts(w.state);
});

test('buildSwap: three parties sign apart; the joined tx applies all legs', () => {
  const w = contractWorld();
  const party = (key: typeof ALICE): { publicKey: Uint8Array; nonce: bigint } => ({ publicKey: key.publicKey, nonce: getNonce(w.state, key.address) });
  const body = buildSwap({
    chainId: CHAIN_ID,
    parties: [party(BOB), party(ALICE), party(CAROL)],
    legs: [
      { from: ALICE.address, to: BOB.address, items: [w.drill] },
      { from: BOB.address, to: CAROL.address, assets: [{ asset: 'USD', amount: 50n }] },
      { from: CAROL.address, to: ALICE.address, assets: [{ asset: 'AGR', amount: 70n }] },
    ],
    fee: 0n,
  });
  const signatures = [BOB, ALICE, CAROL].map((key) => swapSignature(body, key));
  const signed = signTx(body, signatures.map((signature) => () => signature));
  const decoded = decodeOk(signed.bytes);
  assert.equal(checkTxAuth(decoded, CHAIN_ID, verifyEd25519), null);
  assertOk(run(w.state, decoded, at(NOW_MS)));
  assert.equal(ownerOf(w.state, w.drill), BOB.address);
  checkAllContracts(w.state);
});

function decodeOk(bytes: Uint8Array): Exclude<ReturnType<typeof decodeTx>, { code: string }> {
  const decoded = decodeTx(bytes);
  if (isRejection(decoded)) assert.fail(`${decoded.code}: ${decoded.message}`);
  return decoded;
}
