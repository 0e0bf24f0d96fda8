/**
 * `/v1/status` latency while four large provenance reports are built (issue 12, attack 4 "Report
 * DoS"). A real node process on 127.0.0.1 with one validator; one sender registers four items, then
 * fills BLOCKS blocks of about 1,000 txs, each holding EVENTS_PER_BLOCK attests of every item among
 * transfers: every item ends with 1 + BLOCKS × EVENTS_PER_BLOCK events spread over BLOCKS full blocks
 * (the case: 301 events in 1,000-tx blocks). Then, with the chain committing an empty block
 * every 250 ms, it asks for the four reports at once and probes `/v1/status` one request after
 * another (every 20 ms) until they are all answered, recording each probe's latency and the heights.
 *   node --import tsx bench/report-load.ts        (also run by `npm run bench`, BENCH_ONLY=report)
 *   BENCH_REPORT_BLOCKS (default 25), BENCH_REPORT_EVENTS_PER_BLOCK (12), BENCH_REPORT_TXS_PER_BLOCK (1000)
 *   AGORA_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" profiles the node process.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildItemAttest, buildItemRegister, buildTransfer, signTx, type SignedTx } from '../src/client/index.ts';
import { itemIdFor } from '../src/client/records.ts';
import { createEd25519NodeSigner } from '../src/crypto/ed25519-node.ts';
import { sha256, utf8 } from '../src/crypto/hash.ts';
import { KeyPair } from '../src/crypto/keys.ts';
import { machine } from './machine.ts';
import { startNodeProcess, stopNodeProcess, writeHome } from './node-process.ts';
import { writeSummary } from './summary.ts';
import { benchGenesis } from './workload.ts';

const ITEMS = 4;
const BLOCKS = Number(process.env.BENCH_REPORT_BLOCKS ?? 25);
const EVENTS_PER_BLOCK = Number(process.env.BENCH_REPORT_EVENTS_PER_BLOCK ?? 12);
const TXS_PER_BLOCK = Number(process.env.BENCH_REPORT_TXS_PER_BLOCK ?? 1_000);
const API_PORT = Number(process.env.BENCH_PORT ?? 18_600) + 50;
const CHAIN = 'agora-bench-reports';
const PROBE_INTERVAL_MS = 20;

interface Latency {
  probes: number;
  p50: number;
  p99: number;
  max: number;
}

function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number): number => Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 10) / 10;
  return { probes: sorted.length, p50: at(50), p99: at(99), max: Math.round((sorted[sorted.length - 1] ?? 0) * 10) / 10 };
}

async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  return (await response.json()) as T;
}

/** Submits one batch and waits until its last tx is committed. */
async function submitBlock(url: string, txs: SignedTx[]): Promise<void> {
  const body = JSON.stringify(txs.map((tx) => ({ tx: Buffer.from(tx.bytes).toString('hex') })));
  const answer = await json<{ results: { error?: { code: string } }[] }>(`${url}/v1/txs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const refused = answer.results.filter((r) => r.error !== undefined);
  if (refused.length > 0) throw new Error(`${refused.length} txs refused: ${JSON.stringify(refused[0])}`);
  const last = txs[txs.length - 1].id;
  for (;;) {
    const status = await fetch(`${url}/v1/txs/${last}`);
    if (status.ok && ((await status.json()) as { status: string }).status === 'committed') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function buildHistory(url: string, owner: KeyPair): Promise<string[]> {
  const sign = createEd25519NodeSigner(owner.secretKey);
  let nonce = 0n;
  const common = (): { chainId: string; from: Uint8Array; nonce: bigint; fee: bigint } => ({ chainId: CHAIN, from: owner.publicKey, nonce: nonce++, fee: 0n });
  const items = Array.from({ length: ITEMS }, (_, i) => itemIdFor(CHAIN, owner.address, BigInt(i), 0));
  await submitBlock(url, items.map((_, i) => signTx(buildItemRegister({ ...common(), kind: 'lot', metadata: `{"lot":${i}}` }), [sign])));
  const payee = new KeyPair(sha256(utf8('agora/bench/report-load/payee'))).address;
  for (let block = 0; block < BLOCKS; block++) {
    const txs: SignedTx[] = [];
    for (let e = 0; e < EVENTS_PER_BLOCK; e++) {
      for (const item of items) txs.push(signTx(buildItemAttest({ ...common(), item, type: 'sensor', data: `{"block":${block},"reading":${e}}` }), [sign]));
    }
    while (txs.length < TXS_PER_BLOCK) txs.push(signTx(buildTransfer({ ...common(), transfers: [{ to: payee, asset: 'AGR', amount: 1n }] }), [sign]));
    await submitBlock(url, txs);
  }
  return items;
}

/** Probes /v1/status one request after another until `done` says stop. */
async function probeStatus(url: string, done: () => boolean): Promise<{ latencies: number[]; heights: number[] }> {
  const latencies: number[] = [];
  const heights: number[] = [];
  while (!done()) {
    const start = performance.now();
    const status = await json<{ height: number }>(`${url}/v1/status`);
    latencies.push(performance.now() - start);
    heights.push(status.height);
    await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
  }
  return { latencies, heights };
}

export async function reportLoadBench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'agora-bench-reports-'));
  const validator = KeyPair.generate();
  const owner = new KeyPair(sha256(utf8('agora/bench/report-load/owner')));
  await writeHome(dir, benchGenesis(CHAIN, [validator], [owner]), validator, { blockTimeMs: 250, idleBlockMs: 250 });
  const node = await startNodeProcess(dir, API_PORT);
  try {
    console.log(`reports: ${ITEMS} items, ${BLOCKS} blocks of ${TXS_PER_BLOCK} txs with ${EVENTS_PER_BLOCK} events of each item…`);
    const items = await buildHistory(node.url, owner);
    let idle = true;
    setTimeout(() => (idle = false), 3_000);
    const quiet = await probeStatus(node.url, () => !idle);
    const startHeight = (await json<{ height: number }>(`${node.url}/v1/status`)).height;
    let running = true;
    const start = performance.now();
    const reports = Promise.all(
      items.map(async (item) => {
        const response = await fetch(`${node.url}/v1/items/${item}/report`);
        const text = await response.text();
        return { status: response.status, bytes: text.length, ms: performance.now() - start };
      }),
    ).finally(() => (running = false));
    const loaded = await probeStatus(node.url, () => !running);
    const answers = await reports;
    if (answers.some((a) => a.status !== 200)) throw new Error(`a report failed: ${JSON.stringify(answers)}`);
    const blocksCommitted = Math.max(startHeight, ...loaded.heights) - startHeight;
    const result = {
      name: 'report-load',
      date: new Date().toISOString(),
      machine: machine(),
      command: 'npm run bench (BENCH_ONLY=report)',
      // The machine is shared: its load when the reports ran says how far the figures can be trusted.
      loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
      params: { items: ITEMS, eventsPerItem: 1 + BLOCKS * EVENTS_PER_BLOCK, blocks: BLOCKS, txsPerBlock: TXS_PER_BLOCK, idleBlockMs: 250, probeIntervalMs: PROBE_INTERVAL_MS },
      reports: { concurrent: ITEMS, wallMs: Math.round(Math.max(...answers.map((a) => a.ms))), bytes: answers[0].bytes },
      statusMs: { idle: latency(quiet.latencies), underFourReports: latency(loaded.latencies) },
      blocksCommittedDuringReports: blocksCommitted,
    };
    console.log(JSON.stringify(result));
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/report-load.json', `${JSON.stringify(result, null, 2)}\n`);
    writeSummary();
  } finally {
    await stopNodeProcess(node);
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('report-load.ts')) await reportLoadBench();
