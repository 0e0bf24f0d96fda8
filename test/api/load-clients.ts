// The load of the read-thread tests (market-load, read-thread-load): many clients on a thread of their
// own keep heavy reads coming while one client polls /v1/status, so that a test counts what the
// node's own thread still answers and what the chain commits meanwhile.
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import type { SignedTx } from '../../src/client/index.ts';
import { MEMPOOL_TXS_PER_SENDER_MAX } from '../../src/node/limits.ts';
import { eventually, getJson, postJson, type TestNode } from './helpers.ts';

/** Submits `txs` in batches of half a sender's mempool bound, each waited for until its last tx is committed. */
export async function submitCommitted(t: TestNode, txs: SignedTx[]): Promise<void> {
  for (let from = 0; from < txs.length; from += MEMPOOL_TXS_PER_SENDER_MAX / 2) {
    const part = txs.slice(from, from + MEMPOOL_TXS_PER_SENDER_MAX / 2);
    const answer = await postJson(`${t.url}/v1/txs`, part.map((tx) => ({ tx: Buffer.from(tx.bytes).toString('hex') })));
    const results = (answer.body as { results: { error?: { code: string } }[] }).results;
    assert.deepEqual(results.filter((r) => r.error !== undefined), [], 'every tx admitted');
    const last = part[part.length - 1].id;
    await eventually(() => t.node.reader.txStatus(last).status === 'committed', 120_000);
  }
}

/** The account's committed nonce, as the API answers it. */
export async function committedNonce(t: TestNode, address: string): Promise<bigint> {
  return BigInt(((await getJson(`${t.url}/v1/accounts/${address}`)).body as { nonce: string }).nonce);
}

/**
 * The clients, on a thread of their own: `inFlight` loops that send the paths round-robin until
 * `served` answers were served, counting answers by status and code. A client refused with 429 waits a
 * moment before its next request, as the refusal asks. Kept off the node's thread so that what loads
 * that thread is the node's own work, as with clients on other machines.
 */
const CLIENTS = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, paths, served, sentMax, inFlight, retryMs } = workerData;
const outcomes = {};
const answers = [];
let sent = 0;
async function client() {
  while ((outcomes.ok ?? 0) < served && sent < sentMax) {
    const path = paths[sent++ % paths.length];
    const response = await fetch(url + path);
    const text = await response.text();
    const code = response.status === 200 ? 'ok' : response.status + ' ' + JSON.parse(text).error.code;
    outcomes[code] = (outcomes[code] ?? 0) + 1;
    if (response.status === 200 && answers.length < 2 * paths.length) answers.push({ path, text });
    if (response.status === 429) await new Promise((resolve) => setTimeout(resolve, retryMs));
  }
}
Promise.all(Array.from({ length: inFlight }, client)).then(() => parentPort.postMessage({ outcomes, answers }));
`;

export interface LoadOptions {
  /** The node's API, http://127.0.0.1:PORT. */
  url: string;
  paths: string[];
  /** Requests kept in flight at once, and how many answers the load lasts for (at most 10 requests each). */
  inFlight: number;
  served: number;
  /** How long a client refused with 429 waits before its next request. */
  retryMs: number;
}

export interface LoadResult {
  outcomes: { [code: string]: number };
  /** The first answers served, with their path. */
  answers: { path: string; text: string }[];
  /** The heights /v1/status answered while the load ran, one per answer. */
  heightsSeen: number[];
  /** Blocks committed while the load ran, as /v1/status saw them. */
  committedDuring: number;
}

/** Runs the load to its end while one client polls /v1/status one request after another. */
export async function runLoad(options: LoadOptions, startHeight: number): Promise<LoadResult> {
  let running = true;
  const workerData = { url: options.url, paths: options.paths, served: options.served, sentMax: 10 * options.served, inFlight: options.inFlight, retryMs: options.retryMs };
  const clients = new Worker(CLIENTS, { eval: true, execArgv: [], workerData });
  const load = new Promise<Pick<LoadResult, 'outcomes' | 'answers'>>((resolve, reject) => {
    clients.once('message', resolve);
    clients.once('error', reject);
  }).finally(() => (running = false));
  const heightsSeen: number[] = [];
  const probing = (async () => {
    while (running) {
      const status = await getJson(`${options.url}/v1/status`);
      if (running) heightsSeen.push((status.body as { height: number }).height);
    }
  })();
  try {
    const { outcomes, answers } = await load;
    await probing;
    return { outcomes, answers, heightsSeen, committedDuring: Math.max(startHeight, ...heightsSeen) - startHeight };
  } finally {
    await clients.terminate();
  }
}

/** Each path's answer on an idle node, through `normalize` (which drops what names the height read). */
export async function idleAnswers(t: TestNode, paths: readonly string[], normalize: (text: string) => unknown): Promise<Map<string, unknown>> {
  const idle = new Map<string, unknown>();
  for (const path of paths) {
    const response = await fetch(`${t.url}${path}`);
    assert.equal(response.status, 200, path);
    idle.set(path, normalize(await response.text()));
  }
  return idle;
}

/**
 * Runs the load until `served` answers were served and asserts what both read-thread tests ask of the
 * node meanwhile: /v1/status answered at least half as often as the heavy reads were served, at least
 * three blocks committed, every answer `ok` or one of `refusals`. Returns the outcomes, the answers kept
 * and the line that describes the run (also given to `diagnostic`).
 */
export async function runLoadKeepingUp(t: TestNode, options: LoadOptions, refusals: readonly string[], diagnostic: (line: string) => void): Promise<Pick<LoadResult, 'outcomes' | 'answers'> & { seen: string }> {
  const { outcomes, answers, heightsSeen, committedDuring } = await runLoad(options, t.node.reader.chain.height);
  const seen = `${heightsSeen.length} /v1/status answers and ${committedDuring} blocks committed while ${options.served} answers were served, ${options.inFlight} requests at once: ${JSON.stringify(outcomes)}`;
  diagnostic(seen);
  assert.ok(heightsSeen.length >= options.served / 2, seen);
  assert.ok(committedDuring >= 3, seen);
  for (const code of Object.keys(outcomes)) assert.ok(code === 'ok' || refusals.includes(code), seen);
  assert.ok((outcomes.ok ?? 0) >= options.served, seen);
  return { outcomes, answers, seen };
}
