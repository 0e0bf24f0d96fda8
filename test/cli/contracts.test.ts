// `agora escrow|stream|rental|swap|offer|split|contract …` (spec/api.md §10) run in this process against a
// node running in this process: an escrow created and released, a stream opened, withdrawn and
// stopped, a rental offered, booked and returned, a two-party swap proposed, signed apart and
// submitted, an offer and a split; refused actions exit 1 with their code on stderr and change nothing;
// bad flags fail before anything is sent.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AccountContractsResponse, AccountResponse, EscrowContractJson, ItemResponse, OfferContractJson, RentalContractJson, SplitContractJson, StreamContractJson } from '../../src/client/types.ts';
import { eventually, startTestNode, type TestNode } from '../api/helpers.ts';
import { nodeCli } from './node-cli.ts';

const ADDRESS = /^agora1[02-9ac-hj-np-z]{38}$/;

interface Sent {
  txId: string;
  height: number;
}

describe('agora contract commands (in process, against a node in this process)', () => {
  let t: TestNode;
  const address: { [name: string]: string } = {};
  const publicKey: { [name: string]: string } = {};

  const { agora, ok, okJson, fails } = nodeCli(() => t);

  async function balance(name: string): Promise<bigint> {
    const account = await okJson<AccountResponse>(['account', name]);
    return BigInt(account.balances.find((entry) => entry.asset === t.nativeAsset)?.amount ?? '0');
  }

  async function nonce(name: string): Promise<string> {
    return (await okJson<AccountResponse>(['account', name])).nonce;
  }

  before(async () => {
    t = await startTestNode();
    for (const name of ['bob', 'carol']) {
      const key = await okJson<{ address: string; publicKey: string }>(['keys', 'new', name]);
      address[name] = key.address;
      publicKey[name] = key.publicKey;
    }
    address.dev = t.dev.address;
    await ok(['send', '--from', 'dev', '--to', 'bob', '--amount', '10000base']);
  });
  after(async () => t.stop());

  test('escrow: create prints its address, show tells its state, release pays the payee', async () => {
    const created = await okJson<Sent & { escrow: string }>(['escrow', 'create', '--from', 'dev', '--payee', 'bob', '--arbiter', 'carol', '--amount', '100base', '--deadline', '1h', '--default', 'refund']);
    assert.match(created.escrow, ADDRESS);
    assert.match(created.txId, /^[0-9a-f]{64}$/);
    const shown = await okJson<EscrowContractJson>(['escrow', 'show', created.escrow]);
    assert.deepEqual([shown.state, shown.payer, shown.payee, shown.arbiter, shown.onExpiry, shown.holds.assets], ['open', address.dev, address.bob, address.carol, 'refund', [{ asset: t.nativeAsset, amount: '100' }]]);
    assert.ok(shown.deadlineMs - shown.at.timeMs > 3_500_000 && shown.deadlineMs - shown.at.timeMs <= 3_600_000, 'deadline: 1 h after the latest block time');
    assert.match(await ok(['escrow', 'show', created.escrow]), /^payee:\s+agora1\S+$/m);

    // A refused action: the payee cannot release; exit 1 with the ledger's code, nothing moves.
    const bobBefore = await balance('bob');
    await fails(['escrow', 'release', '--from', 'bob', '--escrow', created.escrow], 'wrong_party');
    await fails(['escrow', 'release', '--from', 'bob', '--escrow', created.escrow, '--json'], 'wrong_party');
    assert.equal((await okJson<EscrowContractJson>(['escrow', 'show', created.escrow])).state, 'open');

    const human = await ok(['escrow', 'release', '--from', 'dev', '--escrow', created.escrow]);
    assert.match(human, /^released tranche 0 of agora1/m);
    assert.match(human, /^tx [0-9a-f]{64} committed at height \d+/m);
    assert.equal((await okJson<EscrowContractJson>(['escrow', 'show', created.escrow])).state, 'closed');
    assert.equal(await balance('bob'), bobBefore + 100n);
    await fails(['escrow', 'release', '--from', 'dev', '--escrow', created.escrow], 'contract_closed');

    // Milestones: two tranches; the human form prints the address first.
    const milestones = await ok(['escrow', 'create', '--from', 'dev', '--payee', 'bob', '--tranche', '30base', '--tranche', '20base', '--deadline', '2h', '--default', 'release']);
    const match = /^escrow: (agora1\S+)$/m.exec(milestones);
    assert.ok(match, milestones);
    assert.deepEqual((await okJson<EscrowContractJson>(['contract', 'show', match[1]])).tranches.map((tranche) => tranche.assets[0].amount), ['30', '20']);
  });

  test('stream: open, accrue by block time, withdraw, stop', async () => {
    const opened = await okJson<Sent & { stream: string }>(['stream', 'open', '--from', 'dev', '--to', 'bob', '--rate', '10base', '--deposit', '1000base']);
    assert.match(opened.stream, ADDRESS);
    await eventually(async () => BigInt((await okJson<StreamContractJson>(['stream', 'show', opened.stream])).now.accrued) >= 10n, 15_000);
    assert.match(await ok(['stream', 'show', opened.stream]), new RegExp(`^accrued now:\\s+0\\.0000[0-9]+ ${t.nativeAsset}$`, 'm'), 'base units shown as AGR with its decimals');
    // More than has accrued is refused and changes nothing.
    await fails(['stream', 'withdraw', '--from', 'bob', '--stream', opened.stream, '--amount', '999base'], 'beyond_accrued');
    await fails(['stream', 'stop', '--from', 'carol', '--stream', opened.stream], 'wrong_party');
    assert.equal((await okJson<StreamContractJson>(['stream', 'show', opened.stream])).withdrawn, '0');

    const withdrawn = await okJson<{ amount: string; withdrawn: string }>(['stream', 'withdraw', '--from', 'bob', '--stream', opened.stream]);
    assert.ok(BigInt(withdrawn.amount) >= 10n && withdrawn.withdrawn === withdrawn.amount);
    const stopped = await okJson<{ toPayee: string; toPayer: string }>(['stream', 'stop', '--from', 'dev', '--stream', opened.stream]);
    const shown = await okJson<StreamContractJson>(['stream', 'show', opened.stream]);
    assert.equal(shown.status, 'stopped');
    assert.equal(BigInt(withdrawn.amount) + BigInt(stopped.toPayee) + BigInt(stopped.toPayer), 1000n);
    assert.deepEqual(shown.holds.assets, []);
    await fails(['stream', 'stop', '--from', 'dev', '--stream', opened.stream], 'contract_closed');
  });

  test('rental: offer an item, book it (the renter is its user), return it', async () => {
    const { itemId } = await okJson<{ itemId: string }>(['item', 'register', '--from', 'dev', '--kind', 'drill']);
    const offered = await okJson<Sent & { rental: string }>(['rental', 'offer', '--from', 'dev', '--item', itemId, '--price', '5base', '--period', '1h', '--deposit', '20base', '--min', '1', '--max', '3']);
    assert.match(offered.rental, ADDRESS);
    // The offered item is pinned: its owner cannot move it while the offer is open.
    await fails(['item', 'transfer', '--from', 'dev', '--item', itemId, '--to', 'carol'], 'item_offered');
    await fails(['rental', 'book', '--from', 'bob', '--rental', offered.rental, '--periods', '9'], 'bad_periods');

    const bobBefore = await balance('bob');
    const booked = await okJson<{ booking: number; price: string; deposit: string; startMs: number; endMs: number }>(['rental', 'book', '--from', 'bob', '--rental', offered.rental, '--periods', '2']);
    assert.deepEqual([booked.booking, booked.price, booked.deposit, booked.endMs - booked.startMs], [0, '10', '20', 7_200_000]);
    assert.equal(await balance('bob'), bobBefore - 30n);
    const shown = await okJson<RentalContractJson>(['rental', 'show', offered.rental]);
    assert.deepEqual([shown.now.user, shown.bookings.map((b) => b.phase)], [address.bob, ['in-use']]);
    assert.match(await ok(['rental', 'show', offered.rental]), new RegExp(`^user now:\\s+${address.bob}$`, 'm'));
    await fails(['rental', 'return', '--from', 'carol', '--rental', offered.rental, '--booking', '0'], 'wrong_party');

    // Returned within its first period: one period begun is paid, the other and the deposit (no arbiter) come back.
    const returned = await okJson<{ toOwner: string; toRenter: string }>(['rental', 'return', '--from', 'bob', '--rental', offered.rental, '--booking', '0']);
    assert.deepEqual([returned.toOwner, returned.toRenter], ['5', '25']);
    assert.equal(await balance('bob'), bobBefore - 5n);
    const after = await okJson<RentalContractJson>(['rental', 'show', offered.rental]);
    assert.deepEqual([after.bookings, after.now.user, after.holds.assets], [[], null, []]);
    await ok(['rental', 'close', '--from', 'dev', '--rental', offered.rental]);
    assert.equal((await okJson<RentalContractJson>(['contract', 'show', offered.rental])).status, 'closed');
  });

  test('swap: proposed, signed apart by each giver, submitted once complete', async () => {
    const { itemId } = await okJson<{ itemId: string }>(['item', 'register', '--from', 'bob', '--kind', 'bike']);
    const file = join(t.home, 'swap.json');
    // bob is named by its public key, as a party whose key lives elsewhere would be.
    const proposed = await okJson<{ parties: string[]; missing: string[]; legs: number }>(['swap', 'propose', '--leg', 'dev,bob,50', '--leg', `${publicKey.bob},dev,${itemId}`, '--out', file]);
    assert.deepEqual([proposed.parties, proposed.missing, proposed.legs], [[address.dev, address.bob], [address.dev, address.bob], 2]);
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as { format: string; signatures: (string | null)[] };
    assert.deepEqual([onDisk.format, onDisk.signatures], ['agora-swap/1', [null, null]]);

    const devSigned = await ok(['swap', 'sign', file, '--from', 'dev']);
    assert.match(devSigned, new RegExp(`^leg 0: ${address.dev} → ${address.bob}: 50 ${t.nativeAsset}$`, 'm'));
    assert.match(devSigned, new RegExp(`still to sign: ${address.bob}`));
    // Not complete: refused before anything is sent; carol is no giver.
    await fails(['swap', 'submit', file], 'bad_signers');
    await fails(['swap', 'sign', file, '--from', 'carol'], 'bad_signers');
    assert.equal((await okJson<ItemResponse>(['item', 'show', itemId])).owner, address.bob);

    const bobSigned = await okJson<{ missing: string[] }>(['swap', 'sign', file, '--from', 'bob']);
    assert.deepEqual(bobSigned.missing, []);
    const bobBefore = await balance('bob');
    const swapped = await okJson<Sent & { parties: string[] }>(['swap', 'submit', file]);
    assert.match(swapped.txId, /^[0-9a-f]{64}$/);
    assert.equal((await okJson<ItemResponse>(['item', 'show', itemId])).owner, address.dev);
    assert.equal(await balance('bob'), bobBefore + 50_000_000n, 'a bare 50 is 50 whole units');
    // The nonces in the body are used up: a replay is refused.
    await fails(['swap', 'submit', file], 'already_committed');
  });

  test('offer and split, and the contracts of an address', async () => {
    const offer = await okJson<{ offer: string }>(['offer', 'create', '--from', 'dev', '--give', '40base', '--ask', '15base', '--counterparty', 'bob', '--deadline', '1h']);
    assert.equal((await okJson<OfferContractJson>(['offer', 'show', offer.offer])).now.acceptable, true);
    await fails(['offer', 'accept', '--from', 'carol', '--offer', offer.offer], 'wrong_party');
    await okJson(['offer', 'accept', '--from', 'bob', '--offer', offer.offer]);
    assert.equal((await okJson<OfferContractJson>(['offer', 'show', offer.offer])).state, 'accepted');

    const split = await okJson<{ split: string }>(['split', 'create', '--from', 'dev', '--member', 'bob=1', '--member', `${address.carol}=3`]);
    const shown = await okJson<SplitContractJson>(['split', 'show', split.split]);
    assert.deepEqual(shown.members, [{ address: address.bob, weight: 1 }, { address: address.carol, weight: 3 }]);
    // An offer is not a split: the show command of another family refuses it.
    await fails(['split', 'show', offer.offer], 'unknown_contract');

    const listed = await okJson<AccountContractsResponse>(['contract', 'list', 'bob', '--limit', '100']);
    const roles = new Map(listed.contracts.map((entry) => [entry.address, `${entry.type}:${entry.roles.join(',')}`]));
    assert.equal(roles.get(offer.offer), 'offer:counterparty,taker');
    assert.ok([...roles.values()].filter((value) => value === 'escrow:payee').length >= 2);
    assert.match(await ok(['contract', 'list', 'bob']), /^contract\s+type\s+status\s+roles\s+height$/m);
  });

  test('disputes: an escrow resolved by its arbiter, a damage claim resolved; an expired escrow settled by anyone', async () => {
    const { escrow } = await okJson<{ escrow: string }>(['escrow', 'create', '--from', 'dev', '--payee', 'bob', '--arbiter', 'carol', '--amount', '100base', '--deadline', '1h', '--default', 'release']);
    await fails(['escrow', 'resolve', '--from', 'carol', '--escrow', escrow, '--to-payee', '30base'], 'not_disputed');
    await okJson(['escrow', 'dispute', '--from', 'bob', '--escrow', escrow]);
    assert.equal((await okJson<EscrowContractJson>(['escrow', 'show', escrow])).state, 'disputed');
    const bobBefore = await balance('bob');
    await fails(['escrow', 'resolve', '--from', 'bob', '--escrow', escrow, '--to-payee', '30base'], 'wrong_party');
    await okJson(['escrow', 'resolve', '--from', 'carol', '--escrow', escrow, '--to-payee', '30base']);
    const resolved = await okJson<EscrowContractJson>(['escrow', 'show', escrow]);
    assert.deepEqual([resolved.state, resolved.tranches[0].status, resolved.holds.assets], ['closed', 'resolved', []]);
    assert.equal(await balance('bob'), bobBefore + 30n);

    // A rental with an arbiter: returned within its first period, the deposit waits for the claim window.
    const { itemId } = await okJson<{ itemId: string }>(['item', 'register', '--from', 'dev', '--kind', 'car']);
    const { rental } = await okJson<{ rental: string }>(['rental', 'offer', '--from', 'dev', '--item', itemId, '--price', '10base', '--period', '1d', '--deposit', '50base', '--min', '1', '--max', '2', '--arbiter', 'carol', '--claim-window', '1h']);
    await okJson(['rental', 'book', '--from', 'bob', '--rental', rental, '--periods', '2']);
    const returned = await okJson<{ toOwner: string; toRenter: string; depositHeld: string }>(['rental', 'return', '--from', 'bob', '--rental', rental, '--booking', '0']);
    assert.deepEqual([returned.toOwner, returned.toRenter, returned.depositHeld], ['10', '10', '50']);
    assert.deepEqual((await okJson<RentalContractJson>(['rental', 'show', rental])).bookings.map((b) => [b.state, b.phase]), [['ended', 'claim-window']]);
    await okJson(['rental', 'claim', '--from', 'dev', '--rental', rental, '--booking', '0', '--reason', 'scratched door']);
    assert.equal((await okJson<RentalContractJson>(['rental', 'show', rental])).bookings[0].phase, 'claimed');
    const bobBeforeResolve = await balance('bob');
    await fails(['rental', 'resolve', '--from', 'carol', '--rental', rental, '--booking', '0', '--to-owner', '51base'], 'bad_resolution');
    const settled = await okJson<{ toOwner: string; toRenter: string }>(['rental', 'resolve', '--from', 'carol', '--rental', rental, '--booking', '0', '--to-owner', '20base']);
    assert.deepEqual([settled.toOwner, settled.toRenter], ['20', '30']);
    assert.equal(await balance('bob'), bobBeforeResolve + 30n);
    assert.deepEqual((await okJson<RentalContractJson>(['rental', 'show', rental])).bookings, []);

    // An escrow whose deadline passes: show names the default due; anyone settles it.
    const short = await okJson<{ escrow: string }>(['escrow', 'create', '--from', 'dev', '--payee', 'bob', '--amount', '9base', '--deadline', '1s', '--default', 'release']);
    await eventually(async () => (await okJson<EscrowContractJson>(['escrow', 'show', short.escrow])).now.expired, 15_000);
    assert.match(await ok(['escrow', 'show', short.escrow]), /^now:\s+expired: the default \(release\) is due/m);
    const bobBeforeSettle = await balance('bob');
    const outcome = await okJson<{ outcome: string }>(['escrow', 'settle', '--from', 'carol', '--escrow', short.escrow]);
    assert.equal(outcome.outcome, 'released');
    assert.equal(await balance('bob'), bobBeforeSettle + 9n);
  });

  test('swap send: all givers’ keys here, signed and sent at once', async () => {
    const devBefore = await balance('dev');
    const bobBefore = await balance('bob');
    await okJson(['swap', 'send', '--leg', 'dev,bob,7base', '--leg', 'bob,dev,3base']);
    assert.equal(await balance('bob'), bobBefore + 4n);
    assert.equal(await balance('dev'), devBefore - 4n);
    // bob gives more than it holds: the whole swap is refused, nothing moves.
    await fails(['swap', 'send', '--leg', 'dev,bob,1base', '--leg', `bob,dev,${(bobBefore + 1_000_000n).toString()}base`], 'insufficient_balance');
    assert.equal(await balance('bob'), bobBefore + 4n);
  });

  test('bad flags fail before anything is sent', async () => {
    const before = await nonce('dev');
    await fails(['escrow', 'create', '--from', 'dev', '--payee', 'bob', '--amount', '1base', '--deadline', '1h', '--default', 'maybe'], 'bad_usage');
    await fails(['escrow', 'create', '--from', 'dev', '--payee', 'bob', '--amount', '1base', '--deadline', 'soon', '--default', 'refund'], 'bad_usage');
    await fails(['escrow', 'create', '--from', 'dev', '--payee', 'nobody', '--amount', '1base', '--deadline', '1h', '--default', 'refund'], 'bad_address');
    await fails(['escrow', 'create', '--from', 'dev', '--payee', 'bob', '--amount', '1base', '--tranche', '2base', '--deadline', '1h', '--default', 'refund'], 'bad_usage');
    await fails(['escrow', 'create', '--from', 'dev', '--payee', 'bob', '--amount', 'ten', '--deadline', '1h', '--default', 'refund', '--json'], 'bad_amount');
    await fails(['escrow', 'release', '--from', 'dev', '--escrow', 'bob'], 'bad_address');
    await fails(['escrow', 'release', '--from', 'dev', '--escrow', address.carol, '--tranche', '99base'], 'bad_usage');
    await fails(['stream', 'open', '--from', 'dev', '--to', 'bob', '--rate', '0base', '--deposit', '5base'], 'bad_amount');
    await fails(['rental', 'offer', '--from', 'dev', '--item', 'item1nope', '--price', '5base', '--period', '1h', '--min', '1', '--max', '2'], 'bad_item_id');
    await fails(['rental', 'book', '--from', 'bob', '--rental', address.carol, '--periods', '1', '--start', 'tomorrow'], 'bad_usage');
    await fails(['split', 'create', '--from', 'dev', '--member', 'bob=1'], 'bad_usage');
    await fails(['swap', 'propose', '--leg', 'dev,bob,5base', '--out', join(t.home, 'x.json')], 'bad_usage');
    await fails(['swap', 'submit', join(t.home, 'missing.json')], 'bad_file');
    await fails(['escrow', 'show', address.carol], 'unknown_contract');
    assert.equal(await nonce('dev'), before, 'nothing was sent');
  });
});
