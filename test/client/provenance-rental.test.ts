// A rented item's provenance (spec/provenance.md §3 step 4.7, spec/ledger.md §8.5): a car offered,
// booked, returned early, claimed on, resolved by the arbiter, the offer closed and the car sold, on an
// in-process validator; its report shows every rental entry and verifies offline with the SDK alone;
// an edited booking span or renter fails, naming the place.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildItemRegister,
  buildItemTransfer,
  buildRentalBook,
  buildRentalClaim,
  buildRentalClose,
  buildRentalOffer,
  buildRentalResolve,
  buildRentalReturn,
  newItemIds,
  rentalAddress,
  signTx,
} from '../../src/client/index.ts';
import { serializeReport } from '../../src/client/provenance/report.ts';
import { anchorFromGenesis } from '../../src/client/provenance/anchor.ts';
import { verifyReport } from '../../src/client/provenance/verify.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import type { TxBody } from '../../src/ledger/types.ts';
import type { AgoraNode } from '../../src/node/node.ts';
import { buildProvenanceReport } from '../../src/node/provenance.ts';
import { mustAdmit, openTestNode, removeTestChain, testChain, type TestChain } from '../helpers/node.ts';

let chain: TestChain;
let node: AgoraNode;
let car: string;
let text: string;

before(async () => {
  chain = testChain(4, 'agora-rental-provenance');
  node = await openTestNode(chain, { blockTimeMs: 10, idleBlockMs: 50 });
  node.start();
  const [owner, renter, arbiter, buyer] = chain.funded;
  const chainId = chain.genesis.chainId;
  const nonces = new Map<string, bigint>();
  const common = (key: KeyPair) => {
    const nonce = nonces.get(key.address) ?? 0n;
    nonces.set(key.address, nonce + 1n);
    return { chainId, from: key.publicKey, nonce, fee: 10_000_000n };
  };
  const send = async (body: TxBody, key: KeyPair): Promise<{ type: string; attributes: { [key: string]: string } }[]> => {
    const signed = signTx(body, [key]);
    await mustAdmit(node, signed.bytes);
    const status = await node.reader.waitForCommit(signed.id, 15_000);
    if (status.status !== 'committed' || status.receipt.code !== 'ok') throw new Error(`${body.kind}: ${status.status} ${status.status === 'committed' ? status.receipt.code : ''}`);
    return status.receipt.events;
  };
  [car] = newItemIds(await send(buildItemRegister({ ...common(owner), kind: 'car' }), owner));
  const offer = buildRentalOffer({ ...common(owner), item: car, asset: 'AGR', pricePerPeriod: 1000n, periodMs: 60_000, minPeriods: 1, maxPeriods: 10, deposit: 5000n, arbiter: arbiter.address, claimWindowMs: 3_600_000 });
  const rental = rentalAddress(offer);
  await send(offer, owner);
  await send(buildRentalBook({ ...common(renter), rental, periods: 3 }), renter);
  await send(buildRentalReturn({ ...common(renter), rental, booking: 0 }), renter);
  await send(buildRentalClaim({ ...common(owner), rental, booking: 0, reason: 'chipped windscreen' }), owner);
  await send(buildRentalResolve({ ...common(arbiter), rental, booking: 0, toOwner: 1500n }), arbiter);
  await send(buildRentalClose({ ...common(owner), rental }), owner);
  await send(buildItemTransfer({ ...common(owner), item: car, to: buyer.address }), owner);
  text = serializeReport(buildProvenanceReport(node.store, chainId, chain.genesis.validators, car));
});

after(async () => {
  await node.stop();
  removeTestChain(chain);
});

test("a rented car's report verifies offline and shows its rental", () => {
  const result = verifyReport(text, { anchor: anchorFromGenesis(chain.genesis) });
  assert.deepEqual(result.problems, []);
  assert.equal(result.ok, true);
  assert.deepEqual(
    result.proven.map((e) => e.action),
    ['register', 'rental-offer', 'rental-book', 'rental-return', 'rental-claim', 'rental-resolve', 'rental-close', 'transfer'],
  );
  const [renter] = [chain.funded[1].address];
  const book = (JSON.parse(text) as { items: { events: { entry: { action: string; user?: string; startMs?: number; endMs?: number } }[] }[] }).items[0].events[2].entry;
  assert.equal(book.user, renter);
  assert.equal(book.endMs! - book.startMs!, 180_000);
});

test('an edited booking span or renter fails verification at its place', () => {
  const report = JSON.parse(text) as { items: { events: { entry: { [key: string]: unknown } }[] }[] };
  for (const [field, value] of [
    ['endMs', 1],
    ['user', chain.funded[3].address],
  ] as const) {
    const edited = structuredClone(report);
    edited.items[0].events[2].entry[field] = value;
    const result = verifyReport(JSON.stringify(edited), { anchor: anchorFromGenesis(chain.genesis) });
    assert.equal(result.ok, false, field);
    assert.ok(result.problems.some((p) => p.place.startsWith('$.items[0].events[2]')), `${field}: ${JSON.stringify(result.problems)}`);
  }
});
