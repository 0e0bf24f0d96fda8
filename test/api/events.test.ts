import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { BlockEventJson, TxEventJson } from '../../src/client/types.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { BLOCK_EVENT, TX_EVENT } from '../../src/wire/chain.ts';
import { eventually, getJson, startTestNode, type TestNode } from './helpers.ts';
import { schemaProblem } from './response-check.ts';

interface Frame {
  event: string;
  id: string;
  data: string;
}

/** A GET /v1/events reader that parses SSE frames (comments skipped) and checks each against its schema. */
class EventStream {
  readonly frames: Frame[] = [];
  /** Frames whose data breaks the wire contract (BlockEvent, TxEvent); close() fails on any. */
  readonly problems: string[] = [];
  readonly comments: string[] = [];
  private readonly controller = new AbortController();
  private buffer = '';
  status = 0;

  static async open(url: string): Promise<EventStream> {
    const stream = new EventStream();
    const response = await fetch(url, { signal: stream.controller.signal });
    stream.status = response.status;
    if (response.ok && response.body !== null) void stream.pump(response.body);
    return stream;
  }

  private async pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of body) {
        this.buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = this.buffer.indexOf('\n\n')) >= 0) {
          const block = this.buffer.slice(0, end);
          this.buffer = this.buffer.slice(end + 2);
          const frame: Frame = { event: '', id: '', data: '' };
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) this.comments.push(line);
            else if (line.startsWith('event: ')) frame.event = line.slice(7);
            else if (line.startsWith('id: ')) frame.id = line.slice(4);
            else if (line.startsWith('data: ')) frame.data = line.slice(6);
          }
          if (frame.event !== '') this.frames.push(frame);
          this.check(frame);
        }
      }
    } catch {
      // aborted by close()
    }
  }

  async next(predicate: (frame: Frame) => boolean, timeoutMs = 10_000): Promise<Frame> {
    let found: Frame | undefined;
    await eventually(() => (found = this.frames.find(predicate)) !== undefined, timeoutMs);
    return found!;
  }

  private check(frame: Frame): void {
    if (frame.event === '') return;
    const schema = frame.event === 'block' ? BLOCK_EVENT : frame.event === 'tx' ? TX_EVENT : undefined;
    const problem = schema === undefined ? `unknown event ${frame.event}` : schemaProblem(schema, JSON.parse(frame.data));
    if (problem !== undefined) this.problems.push(`event: ${frame.event} ${problem}`);
  }

  close(): void {
    this.controller.abort();
    assert.deepEqual(this.problems, [], 'every event matches its schema in the wire contract');
  }
}

async function gauge(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  assert.ok(line, `${name} in /metrics`);
  return Number(line.split(' ')[1]);
}

describe('GET /v1/events and /metrics (a real dev node)', () => {
  let t: TestNode;
  before(async () => {
    t = await startTestNode({ eventSubscribersMax: 3 });
  });
  after(async () => t.stop());

  test('a block event arrives for each new block', async () => {
    const stream = await EventStream.open(`${t.url}/v1/events`);
    try {
      assert.equal(stream.status, 200);
      const frame = await stream.next((f) => f.event === 'block');
      const block = JSON.parse(frame.data) as BlockEventJson;
      assert.equal(frame.id, String(block.height));
      assert.match(block.hash, /^[0-9a-f]{64}$/);
      assert.equal(block.header.height, block.height);
      assert.equal(block.header.chainId, t.chainId);
      assert.deepEqual(block.txs, []);
      assert.ok(stream.comments.includes(': subscribed'));
      const second = await stream.next((f) => f.event === 'block' && f.id === String(block.height + 1));
      assert.equal((JSON.parse(second.data) as BlockEventJson).header.previousHash, block.hash);
    } finally {
      stream.close();
    }
  });

  test('?address= streams only the txs touching that address', async () => {
    const carol = KeyPair.generate();
    const dave = KeyPair.generate();
    const filtered = await EventStream.open(`${t.url}/v1/events?address=${carol.address}`);
    const all = await EventStream.open(`${t.url}/v1/events`);
    try {
      const toDave = await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to: dave.address, asset: 'AGR', amount: 7n }] });
      const toCarol = await t.client.sendTx(t.dev, 'transfer', { transfers: [{ to: carol.address, asset: 'AGR', amount: 9n }] });
      const frame = await filtered.next((f) => f.event === 'tx');
      const tx = JSON.parse(frame.data) as TxEventJson;
      assert.equal(tx.id, toCarol.id);
      assert.equal(frame.id, `${toCarol.height}.${toCarol.index}`);
      assert.ok(tx.addresses.includes(carol.address));
      assert.ok(tx.addresses.includes(t.dev.address));
      assert.equal(tx.receipt.code, 'ok');
      assert.deepEqual(tx.receipt.events.find((e) => e.type === 'transfer')?.attributes, { asset: 'AGR', from: t.dev.address, to: carol.address, amount: '9' });
      // The unfiltered stream saw both txs and the blocks that hold them.
      await all.next((f) => f.event === 'tx' && JSON.parse(f.data).id === toCarol.id);
      assert.ok(all.frames.some((f) => f.event === 'tx' && JSON.parse(f.data).id === toDave.id));
      assert.ok(all.frames.some((f) => f.event === 'block' && (JSON.parse(f.data) as BlockEventJson).txs.includes(toCarol.id)));
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(filtered.frames.map((f) => f.event), ['tx'], 'no block events and no other txs');
    } finally {
      filtered.close();
      all.close();
    }
  });

  test('subscribers are bounded and released on disconnect', async () => {
    await eventually(async () => (await gauge(t.url, 'agora_event_subscribers')) === 0);
    const streams = await Promise.all([1, 2, 3].map(() => EventStream.open(`${t.url}/v1/events`)));
    try {
      assert.deepEqual(streams.map((s) => s.status), [200, 200, 200]);
      assert.equal(await gauge(t.url, 'agora_event_subscribers'), 3);
      const refused = await getJson(`${t.url}/v1/events`);
      assert.equal(refused.status, 429);
      assert.equal((refused.body as { error: { code: string } }).error.code, 'too_many_subscribers');
      streams[0].close();
      await eventually(async () => (await gauge(t.url, 'agora_event_subscribers')) === 2);
      const again = await EventStream.open(`${t.url}/v1/events`);
      assert.equal(again.status, 200);
      streams[0] = again;
    } finally {
      for (const s of streams) s.close();
    }
    await eventually(async () => (await gauge(t.url, 'agora_event_subscribers')) === 0);
  });

  test('a bad address filter is 400 bad_address', async () => {
    const reply = await getJson(`${t.url}/v1/events?address=agora1nope`);
    assert.equal(reply.status, 400);
    assert.equal((reply.body as { error: { code: string } }).error.code, 'bad_address');
  });

  test('/metrics exposes height, txs committed, mempool size and request durations', async () => {
    // Blocks keep coming while the metrics are read: the gauge lies between the heights before and after.
    const heightBefore = t.node.chain.height;
    const height = await gauge(t.url, 'agora_height');
    assert.ok(height >= 1);
    assert.ok(height >= heightBefore && height <= t.node.chain.height, `gauge ${height}, chain ${heightBefore}..${t.node.chain.height}`);
    const text = await (await fetch(`${t.url}/metrics`)).text();
    assert.match(text, /^# TYPE agora_height gauge$/m);
    assert.match(text, /^agora_mempool_size \d+$/m);
    assert.match(text, /^agora_txs_committed_total\{code="ok"\} [1-9]\d*$/m);
    assert.match(text, /^agora_blocks_committed_total [1-9]\d*$/m);
    assert.match(text, /^agora_http_request_duration_seconds_count\{method="GET",route="\/metrics",status="200"\} \d+$/m);
    assert.match(text, /route="\/v1\/events",status="429"/);
  });
});

describe('closing the API', () => {
  test('ends open event streams and answers waiting submits at once', async () => {
    const t = await startTestNode();
    const stream = await EventStream.open(`${t.url}/v1/events`);
    // Stop producing blocks so a ?wait=commit request stays waiting.
    void t.node.shell.stop();
    const { signed, postJson } = await import('./helpers.ts');
    const tx = signed(t.dev, 'transfer', { transfers: [{ to: KeyPair.generate().address, asset: 'AGR', amount: 1n }] }, { chainId: t.chainId, nonce: 0n });
    const waiting = postJson(`${t.url}/v1/txs?wait=commit`, { tx: Buffer.from(tx.bytes).toString('hex') });
    await eventually(() => t.node.mempool.size === 1);
    const started = Date.now();
    await t.stop();
    assert.deepEqual(await waiting, { status: 202, body: { id: tx.id, status: 'pending' } });
    assert.ok(Date.now() - started < 5_000, `closed in ${Date.now() - started} ms`);
    stream.close();
  });
});
