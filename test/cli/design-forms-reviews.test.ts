// The CLI forms of DESIGN.md §"Interfaces people use (fixed contract)" for reviews and reputation, run
// LITERALLY as a user's script would (in this process, against a dev node in this process): a sale
// between two keys through `market create/buy/deliver/confirm`, then `review write` by both sides
// (the order id as the trade id, no --subject; one with --text TEXT), `review reveal` by both (no
// --subject, no --text: the home kept them), `review list`, `reputation ADDRESS --report FILE` and
// `verify FILE`; `reputation show|report` still answer beside `reputation X`. Then the `--requires
// REGISTRY:TYPE` flag of `rental offer` and `offer create`: a book or an accept by a key without the
// credential is refused not_credentialed. Each effect is read back through the SDK.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReviewsJson } from '../../src/wire/reputation.ts';
import { tradeIdFor } from '../../src/ledger/market/trades-state.ts';
import { startTestNode, type TestNode } from '../api/helpers.ts';
import { nodeCli } from './node-cli.ts';

describe('the DESIGN.md CLI forms for reviews and reputation, run as written', () => {
  let t: TestNode;
  const address: { [name: string]: string } = {};
  const { agora, ok, okJson, fails } = nodeCli(() => t);

  /** A refusal that came back in a receipt (after the "sending" line on stderr): its code is the last line's. */
  async function refused(args: string[], code: string): Promise<void> {
    const run = await agora([...args, '--json']);
    assert.equal(run.code, 1, `agora ${args.join(' ')} should fail: ${run.stdout}`);
    assert.equal(run.stdout, '');
    assert.equal(JSON.parse(run.stderr.trimEnd().split('\n').at(-1) ?? '').error.code, code, run.stderr);
  }

  before(async () => {
    t = await startTestNode();
    for (const name of ['alice', 'bob', 'carol']) {
      address[name] = (await okJson<{ address: string }>(['keys', 'new', name])).address;
      await ok(['send', '--from', 'dev', '--to', name, '--amount', '1000']);
    }
  });
  after(async () => t.stop());

  test('a sale, then review write, reveal, list, reputation ADDRESS --report FILE, verify FILE', async () => {
    const { listingId } = await okJson<{ listingId: string }>(['market', 'create', '--from', 'bob', '--title', 'Oak stool', '--price', '40']);
    const { orderId } = await okJson<{ orderId: string }>(['market', 'buy', '--from', 'alice', '--listing', listingId]);
    await ok(['market', 'deliver', '--from', 'bob', '--order', orderId]);
    await ok(['market', 'confirm', '--from', 'alice', '--order', orderId]);
    const trade = tradeIdFor('order', orderId);

    const written = await okJson<{ trade: string; subject: string }>(['review', 'write', '--from', 'alice', '--trade', orderId, '--rating', '4', '--text', 'Sturdy, well finished']);
    assert.deepEqual([written.trade, written.subject], [trade, address.bob], 'the order id names its trade; the buyer reviews the seller');
    await fails(['review', 'reveal', '--from', 'alice', '--trade', orderId, '--json'], 'reveal_too_early');
    await okJson(['review', 'write', '--from', 'bob', '--trade', orderId, '--rating', '5']);
    await fails(['review', 'write', '--from', 'carol', '--trade', orderId, '--rating', '5', '--json'], 'not_a_party');

    const revealed = await okJson<{ subject: string; rating: number }>(['review', 'reveal', '--from', 'alice', '--trade', orderId]);
    assert.deepEqual([revealed.subject, revealed.rating], [address.bob, 4]);
    await okJson(['review', 'reveal', '--from', 'bob', '--trade', orderId]);
    await fails(['review', 'reveal', '--from', 'bob', '--trade', orderId], 'already_reviewed');

    const listed = await okJson<ReviewsJson>(['review', 'list', 'bob']);
    assert.deepEqual(listed.reviews.map((r) => [r.trade, r.reviewer, r.shown, r.rating, r.text]), [[trade, address.alice, true, 4, 'Sturdy, well finished']], 'the text went on chain with the reveal');
    assert.deepEqual((await t.client.getReviews(address.alice)).reviews.map((r) => [r.reviewer, r.rating, r.text]), [[address.bob, 5, undefined]]);
    assert.match(await ok(['review', 'list', address.bob]), /4\/5\s+by agora1\S+ on trade [0-9a-f]{16}…\n\s+“Sturdy, well finished”/);

    const file = join(t.home, 'bob-reputation.json');
    const shown = await okJson<{ address: string; aggregates: { reviews: string }; report: { file: string; proven: boolean } }>(['reputation', address.bob, '--report', file]);
    assert.deepEqual([shown.address, shown.aggregates.reviews, shown.report.file], [address.bob, '1', file]);
    assert.equal(JSON.parse(await readFile(file, 'utf8')).format, 'agora-reputation/1');
    const verified = await okJson<{ ok: boolean; subject: string }>(['verify', file]);
    assert.deepEqual([verified.ok, verified.subject], [true, address.bob]);

    // The older forms answer as before, beside `reputation X`.
    assert.match(await ok(['reputation', 'bob']), /^score:\s+\d+ ppm$/m);
    assert.equal((await okJson<{ address: string }>(['reputation', 'show', 'bob'])).address, address.bob);
    const other = join(t.home, 'bob-again.json');
    assert.equal((await okJson<{ file: string }>(['reputation', 'report', 'bob', '--out', other])).file, other);
  });

  test('review write and reveal refuse clearly: a trade with no order needs --subject, a reveal with nothing kept or two kept names --subject', async () => {
    const { listingId } = await okJson<{ listingId: string }>(['market', 'create', '--from', 'carol', '--title', 'Pine shelf', '--price', '10']);
    const { orderId } = await okJson<{ orderId: string }>(['market', 'buy', '--from', 'alice', '--listing', listingId]);
    await ok(['market', 'deliver', '--from', 'carol', '--order', orderId]);
    const confirmed = await okJson<{ trade: string }>(['market', 'confirm', '--from', 'alice', '--order', orderId]);
    assert.equal(confirmed.trade, tradeIdFor('order', orderId));

    // The trade id itself, as `market confirm` prints it, is found among the reviewer's orders.
    const written = await okJson<{ subject: string }>(['review', 'write', '--from', 'carol', '--trade', confirmed.trade, '--rating', '3', '--text-file', await textFile('a long letter')]);
    assert.equal(written.subject, address.alice);
    const unknown = 'ab'.repeat(32);
    assert.match(await fails(['review', 'write', '--from', 'carol', '--trade', unknown, '--rating', '3'], 'bad_usage'), /--subject/);
    assert.match(await fails(['review', 'reveal', '--from', 'alice', '--trade', orderId], 'no_review'), /review write/);
    assert.match(await fails(['review', 'write', '--from', 'alice', '--trade', orderId, '--rating', '3', '--text', 'x'.repeat(1025)], 'bad_usage'), /--text-file/);
  });

  test('a resolved order: write reviews the other party by default, its arbiter with --subject; reveal then needs --subject', async () => {
    const { listingId } = await okJson<{ listingId: string }>(['market', 'create', '--from', 'dev', '--title', 'Birch table', '--price', '20', '--arbiter', 'carol', '--arbiter-fee', '1']);
    const { orderId } = await okJson<{ orderId: string }>(['market', 'buy', '--from', 'alice', '--listing', listingId, '--arbiter', 'carol']);
    await fails(['review', 'write', '--from', 'alice', '--trade', orderId, '--rating', '2'], 'no_trade');
    await ok(['market', 'deliver', '--from', 'dev', '--order', orderId]);
    await ok(['market', 'dispute', '--from', 'alice', '--order', orderId]);
    await ok(['market', 'resolve', '--from', 'carol', '--order', orderId, '--to-seller', '10']);

    assert.equal((await okJson<{ subject: string }>(['review', 'write', '--from', 'alice', '--trade', orderId, '--rating', '2'])).subject, t.dev.address);
    assert.equal((await okJson<{ subject: string }>(['review', 'write', '--from', 'alice', '--trade', orderId, '--rating', '5', '--subject', 'carol'])).subject, address.carol);
    await fails(['review', 'write', '--from', 'carol', '--trade', orderId, '--rating', '5'], 'not_a_party');
    assert.match(await fails(['review', 'reveal', '--from', 'alice', '--trade', orderId], 'bad_usage'), /--subject/);
    // The arbiter's review has no mirror: it reveals at once, and is shown.
    await ok(['review', 'reveal', '--from', 'alice', '--trade', orderId, '--subject', 'carol']);
    const listed = await okJson<ReviewsJson>(['review', 'list', 'carol']);
    assert.deepEqual(listed.reviews.map((r) => [r.reviewer, r.shown, r.rating]), [[address.alice, true, 5]]);
    // One review of the trade is left in the home: reveal finds it without --subject (refused only as too early).
    await fails(['review', 'reveal', '--from', 'alice', '--trade', orderId, '--json'], 'reveal_too_early');
    await fails(['review', 'reveal', '--from', 'alice', '--trade', orderId, '--subject', 'carol'], 'already_reviewed');
  });

  async function textFile(text: string): Promise<string> {
    const file = join(t.home, `text-${Date.now()}.txt`);
    await writeFile(file, text);
    return file;
  }

  test('rental offer and offer create --requires REGISTRY:TYPE: a key without the credential is refused not_credentialed', async () => {
    await ok(['registry', 'create', '--from', 'dev', '--name', 'tools-club']);
    await ok(['credential', 'issue', '--from', 'dev', '--registry', 'tools-club', '--type', 'member', '--to', 'alice']);

    const { itemId } = await okJson<{ itemId: string }>(['item', 'register', '--from', 'bob', '--kind', 'drill']);
    const { rental } = await okJson<{ rental: string }>(['rental', 'offer', '--from', 'bob', '--item', itemId, '--price', '1', '--period', '1h', '--min', '1', '--max', '3', '--requires', 'tools-club:member']);
    const contract = await t.client.getContract(rental);
    assert.deepEqual(contract.type === 'rental' ? contract.requires : undefined, { registry: 'tools-club', type: 'member' });
    assert.match(await ok(['rental', 'show', rental]), /^requires:\s+tools-club:member$/m);
    await refused(['rental', 'book', '--from', 'carol', '--rental', rental, '--periods', '1'], 'not_credentialed');
    await ok(['rental', 'book', '--from', 'alice', '--rental', rental, '--periods', '1']);

    const { offer, requires } = await okJson<{ offer: string; requires: { registry: string; type: string } }>(['offer', 'create', '--from', 'bob', '--give', '3', '--ask', '2', '--deadline', '1h', '--requires', 'tools-club:member']);
    assert.deepEqual(requires, { registry: 'tools-club', type: 'member' }, 'printed with --json');
    const made = await t.client.getContract(offer);
    assert.deepEqual(made.type === 'offer' ? made.requires : undefined, { registry: 'tools-club', type: 'member' });
    assert.match(await ok(['offer', 'show', offer]), /^requires:\s+tools-club:member$/m);
    await refused(['offer', 'accept', '--from', 'carol', '--offer', offer], 'not_credentialed');
    await ok(['offer', 'accept', '--from', 'alice', '--offer', offer]);
    await fails(['offer', 'create', '--from', 'bob', '--give', '3', '--ask', '2', '--deadline', '1h', '--requires', 'tools-club'], 'bad_usage');
  });
});
