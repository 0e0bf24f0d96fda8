// `agora market …` and `agora credential …` (spec/market.md, DESIGN.md "market", "credentials") run in
// this process against a dev node in this process: an end-to-end sale — list → buy → deliver →
// confirm — and the three paths where a party vanishes (buyer: auto-release after delivery; seller:
// refund at the handling deadline; arbiter: the dispute lapses to the refund), with every party's balance exact to the base unit (the dev chain charges the market's
// base fees, RECOMMENDED_FEE_BASE); the total and the arbiter's fee shown before signing; the sealed note
// opened by the seller's `market orders`; the refusals self_trade, listing_changed, out_of_stock and
// not_credentialed with their codes and no change to the listing; a dispute resolved with the
// arbiter's fee; credentials issued, listed, revoked; bad flags refused before anything is sent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountResponse, CredentialsResponse, ListingsResponse, MarketListingResponse, OrderJson, OrdersResponse } from '../../src/client/types.ts';
import { RECOMMENDED_FEE_BASE } from '../../src/ledger/fees.ts';
import { MARKET_LISTING_BOND } from '../../src/ledger/limits.ts';
import { startTestNode, type TestNode } from '../api/helpers.ts';
import { nodeCli } from './node-cli.ts';

const ADDRESS = /^agora1[02-9ac-hj-np-z]{38}$/;
const AGR = 1_000_000n;
const fee = (kind: keyof typeof RECOMMENDED_FEE_BASE): bigint => RECOMMENDED_FEE_BASE[kind] ?? 0n;

interface Sent {
  txId: string;
  height: number;
}

describe('agora market and credential commands (in process, against a node in this process)', () => {
  let t: TestNode;
  const address: { [name: string]: string } = {};
  let chair = '';

  const { agora, ok, okJson, fails } = nodeCli(() => t);

  /**
   * `agora market buy` exits 1 with the code as its last line on stderr: before it, in human mode, the
   * quote it showed before signing (the total and the arbiter's fee).
   */
  async function refused(args: string[], code: string): Promise<string> {
    const run = await agora(args);
    assert.equal(run.code, 1, `agora ${args.join(' ')} should fail: ${run.stdout}`);
    assert.equal(run.stdout, '');
    const last = run.stderr.trimEnd().split('\n').at(-1) ?? '';
    if (args.includes('--json')) assert.equal(JSON.parse(last).error.code, code, run.stderr);
    else assert.match(last, new RegExp(`^error: ${code}: `), run.stderr);
    return run.stderr;
  }

  async function balance(name: string): Promise<bigint> {
    const account = await okJson<AccountResponse>(['account', name]);
    return BigInt(account.balances.find((entry) => entry.asset === t.nativeAsset)?.amount ?? '0');
  }

  async function balances(): Promise<{ [name: string]: bigint }> {
    const out: { [name: string]: bigint } = {};
    for (const name of ['alice', 'bob', 'carol']) out[name] = await balance(name);
    return out;
  }

  before(async () => {
    t = await startTestNode();
    for (const name of ['alice', 'bob', 'carol']) {
      address[name] = (await okJson<{ address: string }>(['keys', 'new', name])).address;
      await ok(['send', '--from', 'dev', '--to', name, '--amount', '2000']);
    }
  });
  after(async () => t.stop());

  test('a sale on a dev chain: list → buy → deliver → confirm, balances exact to the base unit', async () => {
    const start = await balances();
    const listed = await okJson<Sent & { listingId: string; version: number }>(['market', 'create', '--from', 'bob', '--title', 'Hand made oak chair', '--price', '250', '--stock', '3', '--arbiter', 'carol', '--arbiter-fee', '10', '--handling', '48h', '--review-window', '72h']);
    chair = listed.listingId;
    assert.match(chair, ADDRESS);
    assert.equal(listed.version, 1);
    assert.equal(await balance('bob'), start.bob - fee('market.list') - MARKET_LISTING_BOND, 'the list fee and the bond');

    const shown = await ok(['market', 'show', chair]);
    assert.match(shown, /^price:\s+250 AGR$/m);
    assert.match(shown, /^arbiter:\s+agora1\S+ fee 10 AGR$/m);
    assert.match(await ok(['contract', 'show', chair]), /^type:\s+listing$[\s\S]*^price:\s+250 AGR$[\s\S]*^now:\s+taking orders/m, 'agora contract show reads a listing too');
    const found = await okJson<ListingsResponse>(['market', 'list', '--query', 'oak CHAIR', '--max-price', '300']);
    assert.deepEqual(found.listings.map((l) => l.address), [chair]);
    assert.match(await ok(['market', 'list', '--query', 'chair']), /250 AGR\s+3\s+Hand made oak chair/);
    assert.deepEqual((await okJson<ListingsResponse>(['market', 'list', '--max-price', '249'])).listings, []);

    // Before signing: the total and the arbiter's fee (a dry run signs nothing; a real buy shows them on stderr).
    const quote = await okJson<{ total: string; arbiterFee: string; asset: string }>(['market', 'buy', '--from', 'alice', '--listing', chair, '--quantity', '2', '--arbiter', 'carol', '--dry-run']);
    assert.deepEqual([quote.total, quote.arbiterFee, quote.asset], [String(500n * AGR), String(10n * AGR), t.nativeAsset]);
    assert.equal(await balance('alice'), start.alice, 'a dry run moves nothing');
    const buy = await agora(['market', 'buy', '--from', 'alice', '--listing', chair, '--quantity', '2', '--arbiter', 'carol', '--note', 'ship to 1 Main St, Springfield']);
    assert.equal(buy.code, 0, buy.stderr);
    assert.match(buy.stderr, /total 500 AGR held in escrow; arbiter agora1\S+, fee 10 AGR/);
    const orderId = /^order: (agora1\S+)$/m.exec(buy.stdout)?.[1];
    assert.ok(orderId, buy.stdout);
    assert.equal(await balance('alice'), start.alice - fee('market.buy') - 500n * AGR);
    assert.equal((await okJson<MarketListingResponse>(['market', 'show', chair])).listing.terms.stock, 1);

    // The seller's view opens the note with the seller's key; the buyer's shows it sealed.
    const sold = await okJson<Omit<OrdersResponse, 'orders'> & { orders: (OrderJson & { noteText?: string })[] }>(['market', 'orders', 'bob', '--role', 'seller']);
    assert.deepEqual(sold.orders.map((o) => [o.order, o.phase, o.noteText]), [[orderId, 'awaiting_delivery', 'ship to 1 Main St, Springfield']]);
    assert.match(await ok(['market', 'orders', 'bob', '--role', 'seller']), /^note:\s+ship to 1 Main St, Springfield$/m);
    assert.match(await ok(['market', 'orders', 'alice']), /^note:\s+\(sealed to the seller\)$/m);
    assert.match(await ok(['market', 'orders', 'alice']), /^next:\s+seller: market deliver/m);

    const delivered = await okJson<{ phase: string; next: { by: string } }>(['market', 'deliver', '--from', 'bob', '--order', orderId]);
    assert.deepEqual([delivered.phase, delivered.next.by], ['delivered', 'buyer']);
    assert.match(await ok(['escrow', 'show', orderId]), /^tranche 0:\s+500 AGR \(held, delivered .+ review until .+\)$[\s\S]*^arbiter fee:\s+10 AGR$/m, 'the order is an escrow: its delivery and fee shown');
    await fails(['market', 'confirm', '--from', 'bob', '--order', orderId], 'wrong_party');
    const confirmed = await okJson<{ phase: string; next: null; trade: string }>(['market', 'confirm', '--from', 'alice', '--order', orderId]);
    assert.deepEqual([confirmed.phase, confirmed.next], ['completed', null]);
    // The settlement's trade id, which `agora review commit --trade` takes: the review is accepted.
    assert.match(confirmed.trade, /^[0-9a-f]{64}$/);
    await ok(['review', 'commit', '--from', 'alice', '--trade', confirmed.trade, '--subject', 'bob', '--rating', '5']);

    const end = await balances();
    assert.equal(end.alice, start.alice - fee('market.buy') - 500n * AGR - fee('review.commit'), 'the buyer paid the total, the order fee and her review commitment');
    // bob's refused confirm was refused at admission or charged its (zero) fee: the release kind has no base fee on the dev chain.
    assert.equal(end.bob, start.bob - fee('market.list') - MARKET_LISTING_BOND - fee('escrow.deliver') + 500n * AGR, 'the seller got the total');
    assert.equal(end.carol, start.carol, 'no dispute, no arbiter fee');
    assert.equal((await okJson<OrderJson>(['market', 'show', orderId])).phase, 'completed');
  });

  test('refusals with their codes: self_trade, listing_changed, out_of_stock, arbiter_not_offered; the listing is unchanged', async () => {
    const start = await balances();
    await refused(['market', 'buy', '--from', 'bob', '--listing', chair], 'self_trade');
    await refused(['market', 'buy', '--from', 'alice', '--listing', chair, '--quantity', '2', '--json'], 'out_of_stock');
    const stderr = await refused(['market', 'buy', '--from', 'alice', '--listing', chair, '--arbiter', 'dev'], 'arbiter_not_offered');
    assert.match(stderr, /^error: arbiter_not_offered: /);
    await ok(['market', 'update', '--from', 'bob', '--listing', chair, '--price', '240', '--stock', '5']);
    const before = (await okJson<MarketListingResponse>(['market', 'show', chair])).listing;
    assert.deepEqual([before.version, before.terms.price.amount, before.terms.stock, before.terms.title], [2, String(240n * AGR), 5, 'Hand made oak chair']);
    await refused(['market', 'buy', '--from', 'alice', '--listing', chair, '--listing-version', '1'], 'listing_changed');
    const after = (await okJson<MarketListingResponse>(['market', 'show', chair])).listing;
    assert.deepEqual(after, { ...before, at: after.at }, 'refusals change nothing on the listing');
    assert.equal((await okJson<OrdersResponse>(['market', 'orders', 'alice'])).orders.length, 1, 'no order was made');
    const end = await balances();
    assert.deepEqual(end, { ...start, bob: start.bob - fee('market.update') }, 'the refused orders moved nothing; bob paid his update');
  });

  test('a dispute split by the arbiter with its fee, balances exact; the arbiter’s queue', async () => {
    const start = await balances();
    const { orderId } = await okJson<{ orderId: string }>(['market', 'buy', '--from', 'alice', '--listing', chair, '--arbiter', 'carol']);
    await ok(['market', 'deliver', '--from', 'bob', '--order', orderId]);
    await ok(['market', 'dispute', '--from', 'alice', '--order', orderId]);
    const queue = await okJson<OrdersResponse>(['market', 'orders', 'carol', '--role', 'arbiter']);
    assert.deepEqual(queue.orders.map((o) => [o.order, o.phase]), [[orderId, 'disputed']]);
    await fails(['market', 'resolve', '--from', 'carol', '--order', orderId, '--to-seller', '1.0000001'], 'bad_amount');
    const resolved = await okJson<{ phase: string }>(['market', 'resolve', '--from', 'carol', '--order', orderId, '--to-seller', '150']);
    assert.equal(resolved.phase, 'resolved');
    const end = await balances();
    assert.equal(end.carol, start.carol + 10n * AGR, 'the arbiter its fee');
    assert.equal(end.bob, start.bob - fee('escrow.deliver') + 150n * AGR, 'the seller what the arbiter gave');
    assert.equal(end.alice, start.alice - fee('market.buy') - 240n * AGR + (240n - 150n - 10n) * AGR, 'the buyer the rest');
    assert.deepEqual((await okJson<OrdersResponse>(['market', 'orders', 'carol', '--role', 'arbiter'])).orders, []);
  });

  test('whoever vanishes, every order ends settled: buyer (auto-release), seller (refund), arbiter (lapse); balances exact', async () => {
    const start = await balances();
    // Short windows (block time is the wall clock here) so that each deadline passes within seconds.
    const { listingId } = await okJson<{ listingId: string }>(['market', 'create', '--from', 'bob', '--title', 'Quick walnut stool', '--price', '20', '--stock', '5', '--arbiter', 'carol', '--arbiter-fee', '1', '--handling', '3s', '--review-window', '3s', '--arbiter-window', '3s']);
    const buy = async (): Promise<string> => (await okJson<{ orderId: string }>(['market', 'buy', '--from', 'alice', '--listing', listingId, '--arbiter', 'carol'])).orderId;

    const buyerVanishes = await buy();
    await ok(['market', 'deliver', '--from', 'bob', '--order', buyerVanishes]);
    const arbiterVanishes = await buy();
    await ok(['market', 'deliver', '--from', 'bob', '--order', arbiterVanishes]);
    await ok(['market', 'dispute', '--from', 'alice', '--order', arbiterVanishes]);
    const sellerVanishes = await buy();
    await fails(['escrow', 'settle', '--from', 'carol', '--escrow', sellerVanishes], 'deadline_not_reached');
    await fails(['escrow', 'settle', '--from', 'carol', '--escrow', arbiterVanishes], 'escrow_disputed');

    // Nobody acts until each order's window has passed: anyone (here the arbiter) then applies its default.
    const due: [string, string, string][] = [
      [buyerVanishes, 'release_due', 'completed'],
      [sellerVanishes, 'refund_due', 'refunded'],
      [arbiterVanishes, 'lapsed', 'refunded'],
    ];
    for (const [order, phase] of due) {
      const deadline = Date.now() + 20_000;
      while ((await okJson<OrderJson>(['market', 'show', order])).phase !== phase) {
        assert.ok(Date.now() < deadline, `order ${order} never reached ${phase}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    for (const [order, , settled] of due) {
      await ok(['escrow', 'settle', '--from', 'carol', '--escrow', order]);
      assert.equal((await okJson<OrderJson>(['market', 'show', order])).phase, settled);
    }
    await ok(['market', 'close', '--from', 'bob', '--listing', listingId]);

    const end = await balances();
    assert.equal(end.alice, start.alice - 3n * fee('market.buy') - 20n * AGR, 'the buyer paid for the order it never confirmed; the other two came back whole');
    assert.equal(end.bob, start.bob - fee('market.list') - fee('market.close') - 2n * fee('escrow.deliver') + 20n * AGR, 'the seller: the released order, its bond back, its fees');
    assert.equal(end.carol, start.carol, 'a lapsed dispute pays the arbiter nothing; settling is free of base fee here');
  });

  test('credentials: issue, list, a listing that requires one (not_credentialed), revoke', async () => {
    await ok(['registry', 'create', '--from', 'dev', '--name', 'kyc-eu']);
    const issued = await okJson<{ subject: string }>(['credential', 'issue', '--from', 'dev', '--registry', 'kyc-eu', '--type', 'kyc', '--to', 'alice', '--expires', '30d']);
    assert.equal(issued.subject, address.alice);
    await fails(['credential', 'issue', '--from', 'carol', '--registry', 'kyc-eu', '--type', 'kyc', '--to', 'carol'], 'not_authorised');
    const listed = await okJson<CredentialsResponse>(['credential', 'list', 'alice']);
    assert.deepEqual(listed.credentials.map((c) => [c.registry, c.type, c.valid]), [['kyc-eu', 'kyc', true]]);
    assert.match(await ok(['credential', 'list', 'alice']), /kyc-eu:kyc\s+valid/);
    const { listingId } = await okJson<{ listingId: string }>(['market', 'create', '--from', 'bob', '--title', 'Guitar lesson', '--kind', 'service', '--price', '40base', '--stock', '5', '--requires', 'kyc-eu:kyc']);
    await refused(['market', 'buy', '--from', 'carol', '--listing', listingId], 'not_credentialed');
    await ok(['market', 'buy', '--from', 'alice', '--listing', listingId]);
    await ok(['credential', 'revoke', '--from', 'dev', '--registry', 'kyc-eu', '--type', 'kyc', '--to', 'alice']);
    assert.match(await ok(['credential', 'list', 'alice']), /kyc-eu:kyc\s+revoked/);
    await refused(['market', 'buy', '--from', 'alice', '--listing', listingId], 'not_credentialed');
    await ok(['market', 'close', '--from', 'bob', '--listing', listingId]);
    await refused(['market', 'buy', '--from', 'alice', '--listing', listingId], 'listing_closed');
  });

  test('market list --available-from/--available-until: rental listings whose rental is free for the span', async () => {
    const { itemId } = await okJson<{ itemId: string }>(['item', 'register', '--from', 'bob', '--kind', 'bike']);
    const { rental } = await okJson<{ rental: string }>(['rental', 'offer', '--from', 'bob', '--item', itemId, '--price', '1', '--period', '1h', '--min', '1', '--max', '24']);
    // A rental listing states the rental's price and credential (spec/decisions/0012): 2 AGR, or a credential, is refused.
    await fails(['market', 'create', '--from', 'bob', '--kind', 'rental', '--target', rental, '--title', 'Red city bike', '--price', '2'], 'terms_not_enforced');
    await ok(['market', 'create', '--from', 'bob', '--kind', 'rental', '--target', rental, '--title', 'Red city bike', '--price', '1']);
    await ok(['rental', 'book', '--from', 'alice', '--rental', rental, '--periods', '2', '--start', '2h']);
    const found = async (from: string, until: string): Promise<string[]> => (await okJson<ListingsResponse>(['market', 'list', '--available-from', from, '--available-until', until])).listings.map((l) => l.terms.title);
    assert.deepEqual(await found('3h', '4h'), [], 'booked from 2 h to 4 h from now');
    assert.deepEqual(await found('5h', '7h'), ['Red city bike']);
    assert.match(await ok(['market', 'list', '--available-from', '5h', '--available-until', '7h']), /rental\s+1 AGR\s+1\s+Red city bike/);
    await fails(['market', 'list', '--available-from', '5h'], 'bad_usage');
    await fails(['market', 'list', '--available-from', '5h', '--available-until', 'soon'], 'bad_usage');
  });

  test('bad flags are refused before anything is sent', async () => {
    const before = await balance('bob');
    await fails(['market', 'create', '--from', 'bob', '--title', 'x'], 'bad_usage');
    await fails(['market', 'create', '--from', 'bob', '--title', 'x', '--price', '1.1234567'], 'bad_amount');
    await fails(['market', 'create', '--from', 'bob', '--title', 'x', '--price', '1', '--arbiter', 'carol'], 'bad_usage');
    await fails(['market', 'create', '--from', 'bob', '--title', 'x', '--price', '1', '--handling', '400d'], 'bad_usage');
    await fails(['market', 'create', '--from', 'bob', '--title', 'x', '--price', '1', '--requires', 'kyc'], 'bad_usage');
    await fails(['market', 'create', '--from', 'bob', '--title', 'x', '--price', '1', '--kind', 'car'], 'bad_usage');
    await refused(['market', 'buy', '--from', 'alice', '--listing', 'nope'], 'bad_address');
    await refused(['market', 'buy', '--from', 'alice', '--listing', chair, '--quantity', '0'], 'bad_usage');
    await refused(['market', 'buy', '--from', 'alice', '--listing', address.bob], 'unknown_listing');
    await refused(['market', 'buy', '--from', 'alice', '--listing', chair, '--note', 'x'.repeat(600)], 'bad_note');
    await fails(['market', 'orders', 'alice', '--role', 'judge'], 'bad_usage');
    await fails(['market', 'list', '--kind', 'car'], 'bad_usage');
    await fails(['market', 'show', address.bob], 'unknown_contract');
    await fails(['credential', 'issue', '--from', 'dev', '--registry', 'KYC', '--type', 'kyc', '--to', 'alice'], 'bad_name');
    assert.equal(await balance('bob'), before);
    assert.match(await ok(['market', '--help']), /agora market buy --from alice/);
  });
});
