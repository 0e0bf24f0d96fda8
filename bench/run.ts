/**
 * `npm run bench`: throughput and latency of one validator over HTTP (issue: "A running ledger").
 * Pre-signs transfers across many accounts, submits them in batches to a real node process on
 * 127.0.0.1, and reads commits back from the blocks. Writes bench/results/*.json and BENCHMARKS.md.
 *   BENCH_TXS (default 30000), BENCH_ACCOUNTS (2000), BENCH_BATCH (1000), BENCH_CONCURRENCY (4)
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { KeyPair } from '../src/crypto/keys.ts';
import { benchAccounts, benchGenesis, presignLanes, type SignedTx } from './workload.ts';
import { startNodeProcess, stopNodeProcess, writeHome } from './node-process.ts';
import { writeSummary } from './summary.ts';

const TXS = Number(process.env.BENCH_TXS ?? 30_000);
const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 2_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 1_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const API_PORT = Number(process.env.BENCH_PORT ?? 18_600);

export interface LoadResult {
  offeredTps: number | null;
  txs: number;
  committed: number;
  rejected: number;
  durationMs: number;
  committedTps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Follows committed blocks and records when each tx id first appears. */
class CommitWatcher {
  readonly committedAt = new Map<string, number>();
  private height: number;
  private stopped = false;
  constructor(private readonly url: string, startHeight: number) {
    this.height = startHeight;
  }
  async run(): Promise<void> {
    while (!this.stopped) {
      const status = (await (await fetch(`${this.url}/v1/status`)).json()) as { height: number };
      while (this.height < status.height) {
        this.height++;
        const block = (await (await fetch(`${this.url}/v1/blocks/${this.height}`)).json()) as { txs: string[] };
        const now = performance.now();
        for (const id of block.txs) this.committedAt.set(id, now);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  stop(): void {
    this.stopped = true;
  }
}

const rejectionCodes = new Map<string, number>();

async function submitBatch(url: string, batch: SignedTx[]): Promise<number> {
  const response = await fetch(`${url}/v1/txs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch.map((tx) => ({ tx: tx.hex }))) });
  const body = (await response.json()) as { results?: { error?: { code: string } }[] };
  if (!response.ok || body.results === undefined) throw new Error(`batch refused: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
  const errors = body.results.filter((r) => r.error !== undefined);
  for (const { error } of errors) rejectionCodes.set(error?.code ?? '?', (rejectionCodes.get(error?.code ?? '?') ?? 0) + 1);
  return errors.length;
}

/**
 * Submits each lane's txs in order, the lanes concurrently (disjoint senders, so nonces stay in order),
 * as fast as the node takes them (offeredTps null) or paced so that all lanes together offer
 * `offeredTps`.
 */
export async function runLoad(url: string, lanes: SignedTx[][], offeredTps: number | null, batchSize: number): Promise<LoadResult> {
  const txs = lanes.flat();
  const startHeight = ((await (await fetch(`${url}/v1/status`)).json()) as { height: number }).height;
  const watcher = new CommitWatcher(url, startHeight);
  const watching = watcher.run();
  const submittedAt = new Map<string, number>();
  const start = performance.now();
  let rejected = 0;
  const laneRate = offeredTps === null ? null : offeredTps / lanes.length;
  const worker = async (lane: SignedTx[]): Promise<void> => {
    for (let i = 0; i < lane.length; i += batchSize) {
      if (laneRate !== null) {
        const wait = start + (i * 1000) / laneRate - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const batch = lane.slice(i, i + batchSize);
      const now = performance.now();
      for (const tx of batch) submittedAt.set(tx.id, now);
      rejected += await submitBatch(url, batch);
    }
  };
  await Promise.all(lanes.map(worker));
  const deadline = performance.now() + 120_000;
  while (watcher.committedAt.size < txs.length - rejected && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  watcher.stop();
  await watching;
  const latencies = txs.filter((tx) => watcher.committedAt.has(tx.id)).map((tx) => (watcher.committedAt.get(tx.id) as number) - (submittedAt.get(tx.id) as number)).sort((a, b) => a - b);
  const lastCommit = watcher.committedAt.size === 0 ? start : Math.max(...watcher.committedAt.values());
  const durationMs = Math.max(1, lastCommit - start);
  return {
    offeredTps,
    txs: txs.length,
    committed: watcher.committedAt.size,
    rejected,
    durationMs: Math.round(durationMs),
    committedTps: Math.round((watcher.committedAt.size * 1000) / durationMs),
    latencyMs: { p50: Math.round(percentile(latencies, 50)), p90: Math.round(percentile(latencies, 90)), p99: Math.round(percentile(latencies, 99)), max: Math.round(latencies[latencies.length - 1] ?? 0) },
  };
}

export function machine(): { cpus: number; model: string; memoryGiB: number; node: string } {
  return { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
}

async function singleValidator(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'agora-bench-'));
  const validator = KeyPair.generate();
  const accounts = benchAccounts(ACCOUNTS);
  const chainId = 'agora-bench';
  await writeHome(dir, benchGenesis(chainId, [validator], accounts), validator, { blockTimeMs: 250, idleBlockMs: 2_000 });
  console.log(`pre-signing ${TXS} transfers across ${ACCOUNTS} accounts…`);
  // Separate accounts for the two runs, so the second never depends on what the first committed.
  const fullLanes = presignLanes(chainId, accounts.slice(0, ACCOUNTS / 2), CONCURRENCY, Math.ceil(TXS / CONCURRENCY));
  const halfAccounts = accounts.slice(ACCOUNTS / 2);
  const node = await startNodeProcess(dir, API_PORT);
  try {
    console.log('full load…');
    const full = await runLoad(node.url, fullLanes, null, BATCH);
    console.log(JSON.stringify(full), JSON.stringify(Object.fromEntries(rejectionCodes)));
    const halfRate = Math.max(100, Math.round(full.committedTps / 2));
    const halfLanes = presignLanes(chainId, halfAccounts, CONCURRENCY, Math.ceil((halfRate * 15) / CONCURRENCY));
    console.log(`half load at ${halfRate} tx/s for 15 s…`);
    const halfLoad = await runLoad(node.url, halfLanes, halfRate, Math.max(10, Math.round(halfRate / CONCURRENCY / 10)));
    console.log(JSON.stringify(halfLoad), JSON.stringify(Object.fromEntries(rejectionCodes)));
    const result = { name: 'single-validator', date: new Date().toISOString(), machine: machine(), command: 'npm run bench', params: { txs: TXS, accounts: ACCOUNTS, batch: BATCH, concurrency: CONCURRENCY, blockTimeMs: 250 }, goal: { committedTps: 5000, p99MsAtHalfLoad: 1000 }, full, half: halfLoad };
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/single-validator.json', `${JSON.stringify(result, null, 2)}\n`);
    writeSummary();
  } finally {
    await stopNodeProcess(node);
    rmSync(dir, { recursive: true, force: true });
  }
}

await singleValidator();
