// The contract routes (spec/api.md §4 "Contracts") against a real dev node: every contract type read
// back with its `now` view (an expired escrow's default before anyone settles it, a stream's accrual
// moving with block time, a rental's booking phase and the item's user), an address's contracts with
// its roles (pages), an item's rental; every bad input with its code and status; the SDK's methods
// returning the same JSON.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ROUTES } from '../../src/wire/routes.ts';
import { AgoraError } from '../../src/client/errors.ts';
import { itemIdFor, newItemIds } from '../../src/client/records.ts';
import type {
  AccountContractJson,
  AccountContractsResponse,
  CommittedResult,
  ContractResponse,
  EscrowContractJson,
  ItemRentalResponse,
  OfferContractJson,
  RentalContractJson,
  SplitContractJson,
  StreamContractJson,
} from '../../src/client/types.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import type { TxKind, TxPayloads } from '../../src/ledger/types.ts';
import { eventually, getJson, startTestNode, type TestNode } from './helpers.ts';

const HOUR_MS = 3_600_000;

describe('API contract routes (a real dev node)', () => {
  let t: TestNode;
  const payee = KeyPair.generate();
  const arbiter = KeyPair.generate();
  const renter = KeyPair.generate();
  let escrow = '';
  let shortEscrow = '';
  let stream = '';
  let split = '';
  let offer = '';
  let rental = '';
  let item = '';
  let bareItem = '';

  async function send<K extends TxKind>(key: KeyPair, kind: K, payload: TxPayloads[K]): Promise<CommittedResult> {
    return t.client.sendTx(key, kind, payload);
  }

  /** The address a creating tx gave its contract, from its first event naming `family`. */
  function created(result: CommittedResult, family: string): string {
    const event = result.receipt.events.find((e) => e.type.startsWith(`${family}.`));
    assert.ok(event, `${family} event in ${JSON.stringify(result.receipt.events)}`);
    return event.attributes[family];
  }

  async function contract<T extends ContractResponse>(address: string): Promise<T> {
    const { status, body } = await getJson(`${t.url}/v1/contracts/${address}`);
    assert.equal(status, 200, JSON.stringify(body));
    return body as T;
  }

  async function refused(path: string, status: number, code: string): Promise<void> {
    const answer = await getJson(`${t.url}${path}`);
    assert.equal(answer.status, status, `${path}: ${JSON.stringify(answer.body)}`);
    const error = (answer.body as { error: { code: string; message: string } }).error;
    assert.equal(error.code, code, path);
    assert.equal(typeof error.message, 'string');
  }

  before(async () => {
    t = await startTestNode();
    const asset = t.nativeAsset;
    await send(t.dev, 'transfer', { transfers: [renter, payee].map((k) => ({ to: k.address, asset, amount: 1_000_000n })) });
    const now = (await t.client.status()).lastBlockTimeMs;
    escrow = created(
      await send(t.dev, 'escrow.create', {
        payee: payee.address,
        arbiter: arbiter.address,
        deadlineMs: now + HOUR_MS,
        onExpiry: 'refund',
        tranches: [{ assets: [{ asset, amount: 100n }] }, { assets: [{ asset, amount: 50n }] }],
      }),
      'escrow',
    );
    shortEscrow = created(await send(t.dev, 'escrow.create', { payee: payee.address, deadlineMs: now + 1500, onExpiry: 'release', tranches: [{ assets: [{ asset, amount: 7n }] }] }), 'escrow');
    split = created(await send(t.dev, 'split.create', { members: [{ address: payee.address, weight: 1 }, { address: arbiter.address, weight: 3 }] }), 'split');
    // A payment to the split is forwarded to its members: 2 and 6 (§8.4). The split.created event lists
    // the members in one attribute, which the address index does not read, so a member finds the
    // split from the forwarded transfers.
    await send(t.dev, 'transfer', { transfers: [{ to: split, asset, amount: 8n }] });
    offer = created(await send(t.dev, 'offer.create', { give: { assets: [{ asset, amount: 10n }] }, ask: { assets: [{ asset, amount: 12n }] }, deadlineMs: now + HOUR_MS }), 'offer');
    [item] = newItemIds((await send(t.dev, 'item.register', { kind: 'drill' })).receipt.events);
    [bareItem] = newItemIds((await send(t.dev, 'item.register', { kind: 'ladder' })).receipt.events);
    rental = created(
      await send(t.dev, 'rental.offer', { item, asset, pricePerPeriod: 5n, periodMs: HOUR_MS, minPeriods: 1, maxPeriods: 3, deposit: 20n, arbiter: arbiter.address, claimWindowMs: HOUR_MS }),
      'rental',
    );
    await send(renter, 'rental.book', { rental, periods: 2 });
    stream = created(await send(t.dev, 'stream.open', { payee: payee.address, asset, ratePerSecond: 10n, deposit: 100_000n }), 'stream');
  });
  after(async () => t.stop());

  test('GET /v1/contracts/:address: an escrow, its tranches and holdings; a release shows; the SDK answers the same', async () => {
    const before = await contract<EscrowContractJson>(escrow);
    assert.deepEqual(Object.keys(before).sort(), ['address', 'arbiter', 'arbiterFee', 'arbiterWindowMs', 'at', 'createdAt', 'deadlineMs', 'disputedAtMs', 'holds', 'lapsesAtMs', 'now', 'onExpiry', 'payee', 'payer', 'resolvedToPayee', 'reviewWindowMs', 'state', 'tranches', 'type']);
    assert.deepEqual([before.type, before.address, before.payer, before.payee, before.arbiter, before.onExpiry, before.state], ['escrow', escrow, t.dev.address, payee.address, arbiter.address, 'refund', 'open']);
    assert.deepEqual(before.tranches, [
      { tranche: 0, assets: [{ asset: t.nativeAsset, amount: '100' }], items: [], status: 'held', deliveredAtMs: null, reviewEndsMs: null, document: null, dueMs: before.deadlineMs, defaultAtDue: before.onExpiry },
      { tranche: 1, assets: [{ asset: t.nativeAsset, amount: '50' }], items: [], status: 'held', deliveredAtMs: null, reviewEndsMs: null, document: null, dueMs: before.deadlineMs, defaultAtDue: before.onExpiry },
    ]);
    assert.deepEqual(before.holds, { assets: [{ asset: t.nativeAsset, amount: '150' }], items: [] });
    assert.deepEqual(before.now, { expired: false, defaultDue: null, disputable: true, lapsed: false });
    assert.ok(before.at.height >= before.createdAt && before.at.timeMs < before.deadlineMs);

    await send(t.dev, 'escrow.release', { escrow, tranche: 0 });
    const after = await contract<EscrowContractJson>(escrow);
    assert.deepEqual(after.tranches.map((tranche) => tranche.status), ['released', 'held']);
    assert.deepEqual(after.holds, { assets: [{ asset: t.nativeAsset, amount: '50' }], items: [] });
    const viaSdk = await t.client.getContract(escrow);
    assert.equal(viaSdk.type, 'escrow');
    assert.deepEqual({ ...viaSdk, at: after.at }, after);
  });

  test('an expired escrow: the view names the default due while the record stays open; settle closes it', async () => {
    await eventually(async () => (await contract<EscrowContractJson>(shortEscrow)).now.expired, 15_000);
    const expired = await contract<EscrowContractJson>(shortEscrow);
    assert.equal(expired.state, 'open', 'reading writes nothing: the record is still open');
    assert.deepEqual(expired.now, { expired: true, defaultDue: 'release', disputable: false, lapsed: false });
    assert.deepEqual(expired.holds.assets, [{ asset: t.nativeAsset, amount: '7' }]);
    assert.ok(expired.at.timeMs >= expired.deadlineMs);
    await send(arbiter, 'escrow.settle', { escrow: shortEscrow });
    const settled = await contract<EscrowContractJson>(shortEscrow);
    assert.deepEqual([settled.state, settled.tranches[0].status, settled.holds, settled.now.defaultDue], ['closed', 'released', { assets: [], items: [] }, null]);
  });

  test('a stream: accrued and withdrawable follow the latest block time, by whole seconds', async () => {
    const first = await contract<StreamContractJson>(stream);
    assert.deepEqual([first.payer, first.payee, first.asset, first.ratePerSecond, first.deposit, first.status, first.stoppedMs], [t.dev.address, payee.address, t.nativeAsset, '10', '100000', 'open', null]);
    const expected = (view: StreamContractJson): string => String(Math.min(100_000, 10 * Math.floor((view.at.timeMs - view.startMs) / 1000)));
    assert.equal(first.now.accrued, expected(first));
    assert.equal(first.now.endsMs, first.startMs + 10_000 * 1000);
    // Idle blocks keep coming: block time moves, and so does the view.
    await eventually(async () => (await contract<StreamContractJson>(stream)).at.timeMs - first.startMs >= 2500, 15_000);
    const later = await contract<StreamContractJson>(stream);
    assert.ok(later.at.height > first.at.height && later.at.timeMs > first.at.timeMs);
    assert.equal(later.now.accrued, expected(later));
    assert.ok(BigInt(later.now.accrued) >= 20n && BigInt(later.now.accrued) > BigInt(first.now.accrued));
    assert.equal(later.now.withdrawable, later.now.accrued);
    assert.deepEqual(later.holds.assets, [{ asset: t.nativeAsset, amount: '100000' }]);

    await send(payee, 'stream.withdraw', { stream, amount: 20n });
    const withdrawn = await contract<StreamContractJson>(stream);
    assert.equal(withdrawn.withdrawn, '20');
    assert.equal(withdrawn.now.withdrawable, String(BigInt(expected(withdrawn)) - 20n));
    assert.deepEqual(withdrawn.holds.assets, [{ asset: t.nativeAsset, amount: '99980' }]);
  });

  test('a split and an offer', async () => {
    const shown = await contract<SplitContractJson>(split);
    assert.deepEqual(
      { ...shown, at: null, createdAt: 0 },
      { type: 'split', address: split, creator: t.dev.address, members: [{ address: payee.address, weight: 1 }, { address: arbiter.address, weight: 3 }], totalWeight: 4, createdAt: 0, holds: { assets: [], items: [] }, at: null },
    );
    const open = await contract<OfferContractJson>(offer);
    assert.deepEqual([open.maker, open.counterparty, open.give, open.ask, open.state, open.now], [t.dev.address, null, { assets: [{ asset: t.nativeAsset, amount: '10' }], items: [] }, { assets: [{ asset: t.nativeAsset, amount: '12' }], items: [] }, 'open', { expired: false, acceptable: true }]);
    assert.deepEqual(open.holds, open.give);
  });

  test('a rental: its booking in use, the renter the item’s user now; GET /v1/items/:id/rental', async () => {
    const shown = await contract<RentalContractJson>(rental);
    assert.deepEqual([shown.item, shown.owner, shown.pricePerPeriod, shown.deposit, shown.arbiter, shown.claimWindowMs, shown.status, shown.nextBooking], [item, t.dev.address, '5', '20', arbiter.address, HOUR_MS, 'open', 1]);
    assert.equal(shown.bookings.length, 1);
    const [booking] = shown.bookings;
    assert.deepEqual([booking.booking, booking.renter, booking.periods, booking.price, booking.deposit, booking.state, booking.endedMs, booking.phase], [0, renter.address, 2, '10', '20', 'booked', null, 'in-use']);
    assert.equal(booking.endMs - booking.startMs, 2 * HOUR_MS);
    assert.deepEqual(shown.now, { user: renter.address, due: [] });
    assert.deepEqual(shown.holds.assets, [{ asset: t.nativeAsset, amount: '30' }]);

    const { status, body } = await getJson(`${t.url}/v1/items/${item}/rental`);
    assert.equal(status, 200);
    const itemRental = body as ItemRentalResponse;
    assert.equal(itemRental.rental?.address, rental);
    assert.equal(itemRental.user, renter.address);
    const none = await t.client.getItemRental(bareItem);
    assert.deepEqual([none.item, none.rental, none.user], [bareItem, null, null]);
  });

  test('GET /v1/accounts/:address/contracts: roles from the txs touching the address, newest first, pages', async () => {
    const all = (await getJson(`${t.url}/v1/accounts/${t.dev.address}/contracts?limit=100`)).body as AccountContractsResponse;
    const byAddress = new Map(all.contracts.map((entry) => [entry.address, entry]));
    assert.deepEqual([...byAddress.keys()].sort(), [escrow, shortEscrow, split, offer, rental, stream].sort());
    assert.deepEqual(byAddress.get(escrow), { ...byAddress.get(escrow), type: 'escrow', status: 'open', roles: ['payer'] });
    assert.deepEqual([byAddress.get(split)?.roles, byAddress.get(offer)?.roles, byAddress.get(rental)?.roles, byAddress.get(stream)?.roles], [['creator'], ['maker'], ['owner'], ['payer']]);
    assert.equal(byAddress.get(shortEscrow)?.status, 'closed');
    for (let i = 1; i < all.contracts.length; i++) {
      const [a, b] = [all.contracts[i - 1], all.contracts[i]];
      assert.ok(a.height > b.height || (a.height === b.height && a.index > b.index), 'newest first');
    }
    assert.equal(all.next, null);

    // Pages of 2, followed to the end, hold the same contracts.
    const seen: AccountContractJson[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: AccountContractsResponse = await t.client.getAccountContracts(t.dev.address, { limit: 2, ...(cursor === null ? {} : { after: cursor }) });
      assert.ok(page.contracts.length <= 2);
      seen.push(...page.contracts);
      cursor = page.next;
      if (cursor === null) break;
    }
    assert.equal(cursor, null);
    assert.deepEqual([...new Set(seen.map((entry) => entry.address))].sort(), [...byAddress.keys()].sort());

    // The other parties: payee of both escrows and of the stream, member of the split; arbiter; renter.
    const payeeRoles = (await t.client.getAccountContracts(payee.address)).contracts.map((entry): [string, string] => [entry.address, entry.roles.join(',')]);
    assert.deepEqual(new Map(payeeRoles), new Map([[escrow, 'payee'], [shortEscrow, 'payee'], [split, 'member'], [stream, 'payee']]));
    const arbiterRoles = (await t.client.getAccountContracts(arbiter.address)).contracts.map((entry): [string, string] => [entry.address, entry.roles.join(',')]);
    assert.deepEqual(new Map(arbiterRoles), new Map([[escrow, 'arbiter'], [split, 'member'], [rental, 'arbiter']]));
    assert.deepEqual((await t.client.getAccountContracts(renter.address)).contracts.map((entry) => [entry.address, entry.roles]), [[rental, ['renter']]]);
    const stranger = KeyPair.generate().address;
    assert.deepEqual(await t.client.getAccountContracts(stranger), { address: stranger, contracts: [], next: null });
  });

  test('bad input: each with its code and status, and nothing changes', async () => {
    const height = (await t.client.status()).height;
    const unknownItem = itemIdFor(t.chainId, renter.address, 9n, 0);
    const checks: [string, number, string][] = [
      ['/v1/contracts/agora1nope', 400, 'bad_address'],
      [`/v1/contracts/${escrow.toUpperCase()}`, 400, 'bad_address'],
      [`/v1/contracts/${'x'.repeat(90)}`, 400, 'bad_address'],
      [`/v1/contracts/${'x'.repeat(91)}`, 400, 'bad_request'],
      [`/v1/contracts/${t.dev.address}`, 404, 'unknown_contract'],
      [`/v1/contracts/${KeyPair.generate().address}`, 404, 'unknown_contract'],
      [`/v1/contracts/${escrow}?at=1`, 400, 'bad_request'],
      ['/v1/accounts/agora1nope/contracts', 400, 'bad_address'],
      [`/v1/accounts/${t.dev.address}/contracts?limit=0`, 400, 'bad_request'],
      [`/v1/accounts/${t.dev.address}/contracts?limit=101`, 400, 'bad_request'],
      [`/v1/accounts/${t.dev.address}/contracts?limit=two`, 400, 'bad_request'],
      [`/v1/accounts/${t.dev.address}/contracts?after=12`, 400, 'bad_request'],
      [`/v1/accounts/${t.dev.address}/contracts?before=1.0`, 400, 'bad_request'],
      ['/v1/items/item1nope/rental', 400, 'bad_item_id'],
      [`/v1/items/${unknownItem}/rental`, 404, 'unknown_item'],
    ];
    for (const [path, status, code] of checks) await refused(path, status, code);
    await assert.rejects(t.client.getContract(payee.address), (error: unknown) => error instanceof AgoraError && error.code === 'unknown_contract' && error.status === 404);
    await assert.rejects(t.client.getAccountContracts('nope'), (error: unknown) => error instanceof AgoraError && error.code === 'bad_address' && error.status === 400);
    // Reads write nothing: the escrow is as it was, and no tx was added by them.
    assert.equal((await contract<EscrowContractJson>(escrow)).state, 'open');
    assert.equal((await t.client.accountTxs(t.dev.address, { limit: 1 })).txs[0].height <= height, true);
  });

  test('the OpenAPI document lists the contract routes', async () => {
    const doc = (await getJson(`${t.url}/v1/openapi.json`)).body as { paths: { [path: string]: { get?: { operationId: string; responses: { [status: string]: unknown } } } } };
    for (const name of ['contract', 'accountContracts', 'itemRental'] as const) {
      const path = ROUTES[name].path.replace(/:([A-Za-z]+)/g, '{$1}');
      assert.equal(doc.paths[path]?.get?.operationId, ROUTES[name].operationId, path);
    }
    assert.ok(doc.paths['/v1/contracts/{address}']?.get?.responses['404']);
  });
});
