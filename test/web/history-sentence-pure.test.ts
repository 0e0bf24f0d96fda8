/**
 * An item's timeline in words, without a browser: each history action (src/ledger/records/item-log.ts
 * HistoryAction) reads as a sentence that names who did what, with the addresses, items and amounts
 * kept as objects for the page to link.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HistoryEntryJson } from '../../src/client/index.ts';
import { entrySentence, type Phrase } from '../../web/src/history-sentence.ts';

const entry = (fields: Partial<HistoryEntryJson>): HistoryEntryJson => ({ seq: 1, action: 'attest', signer: 'agora1signer', nonce: '3', height: 7, timeMs: 1_700_000_000_000, ...fields });

/** The sentence as plain text: addresses and items as they are, amounts in base units with their asset. */
function text(phrases: Phrase[]): string {
  return phrases
    .map((p) => {
      if (typeof p === 'string') return p;
      if (p.kind === 'items') return p.value.join(', ');
      if (p.kind === 'amount') return `${p.amount} ${p.asset}`;
      return p.value;
    })
    .join('');
}

test('a transfer says from whom to whom, and the price when sold', () => {
  assert.equal(text(entrySentence(entry({ action: 'transfer', from: 'agora1a', to: 'agora1b' }))), 'Transferred from agora1a to agora1b');
  const sale = entrySentence(entry({ action: 'transfer', from: 'agora1a', to: 'agora1b', payment: { asset: 'AGR', amount: '5000000' } }));
  assert.equal(text(sale), 'Transferred from agora1a to agora1b for 5000000 AGR');
  // The addresses and the amount stay objects, so the page links them and applies decimals.
  assert.deepEqual(sale.filter((p) => typeof p !== 'string'), [
    { kind: 'address', value: 'agora1a' },
    { kind: 'address', value: 'agora1b' },
    { kind: 'amount', asset: 'AGR', amount: '5000000' },
  ]);
});

test('an attestation names its type and its signer; custody names the new custodian', () => {
  assert.equal(text(entrySentence(entry({ action: 'attest', type: 'inspection', data: '{"ok":true}' }))), 'Attested: inspection, by agora1signer');
  assert.equal(text(entrySentence(entry({ action: 'attest', type: 'custody', custodian: 'agora1carrier' }))), 'Custody handed to agora1carrier by agora1signer');
});

test('registration, lineage and shares', () => {
  assert.equal(text(entrySentence(entry({ action: 'register', signer: 'agora1owner', to: 'agora1owner' }))), 'Registered by agora1owner');
  assert.equal(text(entrySentence(entry({ action: 'register', signer: 'agora1maker', to: 'agora1owner', custodian: 'agora1vault' }))), 'Registered by agora1maker, owned by agora1owner, held by agora1vault');
  assert.equal(text(entrySentence(entry({ action: 'create', items: ['item1p', 'item1q'], to: 'agora1owner' }))), 'Made by merging item1p, item1q, owned by agora1owner');
  assert.equal(text(entrySentence(entry({ action: 'create', items: ['item1p'] }))), 'Made by splitting item1p');
  assert.equal(text(entrySentence(entry({ action: 'split', items: ['item1a', 'item1b'] }))), 'Split into item1a, item1b by agora1signer');
  assert.equal(text(entrySentence(entry({ action: 'merge', items: ['item1m'] }))), 'Merged into item1m by agora1signer');
  assert.equal(text(entrySentence(entry({ action: 'retire', reason: 'destroyed in transit' }))), 'Retired by agora1signer: destroyed in transit');
  assert.equal(text(entrySentence(entry({ action: 'fractionalize', asset: 'DEED', shares: '100' }))), 'Fractionalised by agora1signer into 100 DEED');
  assert.equal(text(entrySentence(entry({ action: 'redeem', from: 'agora1old', to: 'agora1new', asset: 'DEED', shares: '100' }))), 'Redeemed by agora1new with all its shares, from agora1old');
});

test('rentals say who used the item, under which booking', () => {
  assert.equal(text(entrySentence(entry({ action: 'rental-offer', contract: 'agora1rental' }))), 'Offered for rent by agora1signer in agora1rental');
  assert.equal(text(entrySentence(entry({ action: 'rental-book', contract: 'agora1rental', booking: 2, user: 'agora1renter', startMs: 1, endMs: 2 }))), 'Booked by agora1renter (booking 2)');
  assert.equal(text(entrySentence(entry({ action: 'rental-return', booking: 2, user: 'agora1renter' }))), 'Returned by agora1renter (booking 2)');
  assert.equal(text(entrySentence(entry({ action: 'rental-claim', booking: 2, user: 'agora1renter', reason: 'scratched' }))), 'Damage claimed by agora1signer on booking 2 (renter agora1renter): scratched');
  assert.equal(text(entrySentence(entry({ action: 'rental-resolve', booking: 2, user: 'agora1renter' }))), 'Claim resolved by agora1signer (booking 2)');
  assert.equal(text(entrySentence(entry({ action: 'rental-close' }))), 'Rental closed by agora1signer');
});

test('every action of the ledger has its own sentence, not the fallback', () => {
  const actions: HistoryEntryJson['action'][] = ['register', 'create', 'transfer', 'attest', 'split', 'merge', 'retire', 'fractionalize', 'redeem', 'rental-offer', 'rental-book', 'rental-return', 'rental-claim', 'rental-resolve', 'rental-close'];
  for (const action of actions) {
    const sentence = text(entrySentence(entry({ action })));
    assert.ok(!sentence.startsWith(`${action} by`), `${action}: ${sentence}`);
  }
  assert.equal(text(entrySentence(entry({ action: 'teleport' as HistoryEntryJson['action'] }))), 'teleport by agora1signer');
});
