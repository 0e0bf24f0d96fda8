/**
 * `npm run bench`: throughput and latency of one validator over HTTP (issue: "A running ledger").
 * Pre-signs transfers across many accounts, submits them in batches to a real node process on
 * 127.0.0.1, and reads commits back from the blocks. Writes bench/results/*.json and BENCHMARKS.md.
 * Then the same against a 4-validator network of real processes on this machine.
 *   BENCH_TXS (default 30000), BENCH_ACCOUNTS (2000), BENCH_BATCH (1000), BENCH_CONCURRENCY (4),
 *   BENCH_ONLY=provenance|report|single|four|replay (provenance: the time to verify a 100-event report,
 *   bench/provenance.ts; report: /v1/status latency while four large reports are built, bench/report-load.ts;
 *   replay: catch-up replay of 20 blocks of 1,000 transfers, bench/replay.ts, in a process of its own
 *   with the node's runtime flags, as `agora start` replays)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { initTestnet } from '../src/node/testnet.ts';
import type { GenesisJson } from '../src/chain/genesis.ts';
import { tmpdir } from 'node:os';
import { machine } from './machine.ts';
import { provenanceBench } from './provenance.ts';
import { reportLoadBench } from './report-load.ts';
import { join } from 'node:path';
import { KeyPair } from '../src/crypto/keys.ts';
import { benchAccounts, benchGenesis, presignLanes, type SignedTx } from './workload.ts';
import { startNodeProcess, stopNodeProcess, writeHome } from './node-process.ts';
import { writeSummary } from './summary.ts';
import { NODE_RUNTIME_FLAGS } from '../src/node/runtime-flags.ts';
import { cpuSnapshot, cpuUse, type CpuUse } from './cpu.ts';

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
  /** Per node process, in the order of `pids`: CPU per committed tx and each thread's utilisation. */
  cpu: CpuUse[];
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
export async function runLoad(urls: string | string[], lanes: SignedTx[][], offeredTps: number | null, batchSize: number, pids: number[] = []): Promise<LoadResult> {
  const targets = Array.isArray(urls) ? urls : [urls];
  const url = targets[0];
  const txs = lanes.flat();
  const startHeight = ((await (await fetch(`${url}/v1/status`)).json()) as { height: number }).height;
  const watcher = new CommitWatcher(url, startHeight);
  const watching = watcher.run();
  const submittedAt = new Map<string, number>();
  const cpuBefore = pids.map((pid) => cpuSnapshot(pid));
  const start = performance.now();
  let rejected = 0;
  const laneRate = offeredTps === null ? null : offeredTps / lanes.length;
  const worker = async (lane: SignedTx[], laneIndex: number): Promise<void> => {
    const target = targets[laneIndex % targets.length];
    for (let i = 0; i < lane.length; i += batchSize) {
      if (laneRate !== null) {
        const wait = start + (i * 1000) / laneRate - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const batch = lane.slice(i, i + batchSize);
      const now = performance.now();
      for (const tx of batch) submittedAt.set(tx.id, now);
      rejected += await submitBatch(target, batch);
    }
  };
  await Promise.all(lanes.map((lane, i) => worker(lane, i)));
  const deadline = performance.now() + 120_000;
  while (watcher.committedAt.size < txs.length - rejected && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const cpuAfter = pids.map((pid) => cpuSnapshot(pid));
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
    cpu: pids.map((pid, i) => cpuUse(pid, cpuBefore[i], cpuAfter[i], watcher.committedAt.size)),
  };
}

const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);

/** The run whose value of `by` is the median of the runs (issue 13: "results are the median of 3 runs"). */
function medianRun<T>(runs: T[], by: (run: T) => number): T {
  return [...runs].sort((a, b) => by(a) - by(b))[Math.floor((runs.length - 1) / 2)];
}

interface PartRun {
  full: LoadResult;
  half: LoadResult;
}

/** Runs `part` REPEATS times; the full-load median is by tx/s, the half-load median by p99. */
async function repeated(name: string, part: () => Promise<PartRun>): Promise<{ full: LoadResult; half: LoadResult; runs: PartRun[] }> {
  const runs: PartRun[] = [];
  for (let i = 0; i < REPEATS; i++) {
    console.log(`${name}: run ${i + 1} of ${REPEATS}`);
    runs.push(await part());
  }
  return { full: medianRun(runs, (r) => r.full.committedTps).full, half: medianRun(runs, (r) => r.half.latencyMs.p99).half, runs };
}


async function singleValidatorRun(): Promise<PartRun> {
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
  const pids = [node.child.pid as number];
  try {
    console.log('full load…');
    const full = await runLoad(node.url, fullLanes, null, BATCH, pids);
    console.log(JSON.stringify(full), JSON.stringify(Object.fromEntries(rejectionCodes)));
    const halfRate = Math.max(100, Math.round(full.committedTps / 2));
    const halfLanes = presignLanes(chainId, halfAccounts, CONCURRENCY, Math.ceil((halfRate * 15) / CONCURRENCY));
    console.log(`half load at ${halfRate} tx/s for 15 s…`);
    const half = await runLoad(node.url, halfLanes, halfRate, Math.max(10, Math.round(halfRate / CONCURRENCY / 10)), pids);
    console.log(JSON.stringify(half), JSON.stringify(Object.fromEntries(rejectionCodes)));
    return { full, half };
  } finally {
    await stopNodeProcess(node);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function singleValidator(): Promise<void> {
  const { full, half, runs } = await repeated('1 validator', singleValidatorRun);
  const result = { name: 'single-validator', date: new Date().toISOString(), machine: machine(), command: 'npm run bench', params: { txs: TXS, accounts: ACCOUNTS, batch: BATCH, concurrency: CONCURRENCY, blockTimeMs: 250, repeats: REPEATS }, goal: { committedTps: 5000, p99MsAtHalfLoad: 500 }, full, half, runs };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/single-validator.json', `${JSON.stringify(result, null, 2)}\n`);
  writeSummary();
}

async function fourValidatorsRun(): Promise<PartRun> {
  const dir = mkdtempSync(join(tmpdir(), 'agora-bench-net-'));
  const basePort = API_PORT + 100;
  const testnet = await initTestnet({ dir: join(dir, 'net'), validators: 4, basePort, nowMs: Date.now() });
  const accounts = benchAccounts(ACCOUNTS);
  // Fund the bench accounts in the shared genesis before any node starts.
  const genesisPath = join(testnet.nodes[0].home, 'genesis.json');
  const genesis = JSON.parse(readFileSync(genesisPath, 'utf8')) as GenesisJson;
  genesis.allocations.push(...accounts.map((a) => ({ address: a.address, amount: '1000000000' })));
  for (const node of testnet.nodes) writeFileSync(join(node.home, 'genesis.json'), `${JSON.stringify(genesis, null, 2)}\n`);
  const chainId = genesis.chainId;
  const nodes = await Promise.all(testnet.nodes.map((node) => startNodeProcess(node.home, Number(node.api.split(':')[1]), 60_000)));
  try {
    const urls = nodes.map((n) => n.url);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const heights = await Promise.all(urls.map(async (url) => ((await (await fetch(`${url}/v1/status`)).json()) as { height: number }).height));
      if (Math.min(...heights) >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const txs = Math.round(TXS / 3);
    const fullLanes = presignLanes(chainId, accounts.slice(0, ACCOUNTS / 2), CONCURRENCY, Math.ceil(txs / CONCURRENCY));
    console.log(`4 validators: full load, ${txs} txs spread over the 4 nodes…`);
    const pids = nodes.map((n) => n.child.pid as number);
    const full = await runLoad(urls, fullLanes, null, BATCH, pids);
    console.log(JSON.stringify(full), JSON.stringify(Object.fromEntries(rejectionCodes)));
    const halfRate = Math.max(50, Math.round(full.committedTps / 2));
    const halfLanes = presignLanes(chainId, accounts.slice(ACCOUNTS / 2), CONCURRENCY, Math.ceil((halfRate * 15) / CONCURRENCY));
    console.log(`4 validators: half load at ${halfRate} tx/s for 15 s…`);
    const half = await runLoad(urls, halfLanes, halfRate, Math.max(10, Math.round(halfRate / CONCURRENCY / 10)), pids);
    console.log(JSON.stringify(half), JSON.stringify(Object.fromEntries(rejectionCodes)));
    return { full, half };
  } finally {
    await Promise.all(nodes.map((n) => stopNodeProcess(n)));
    if (process.env.BENCH_DEBUG !== undefined) nodes.forEach((n, i) => writeFileSync(`bench-node${i}.log`, n.stderr()));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function fourValidators(): Promise<void> {
  const { full, half, runs } = await repeated('4 validators', fourValidatorsRun);
  const txs = Math.round(TXS / 3);
  const result = { name: 'four-validators', date: new Date().toISOString(), machine: machine(), command: 'npm run bench', params: { txs, accounts: ACCOUNTS, batch: BATCH, concurrency: CONCURRENCY, validators: 4, blockTimeMs: 250, repeats: REPEATS, note: '4 node processes on the same machine, lanes spread over the 4 APIs' }, goal: { committedTps: 1500, p99MsAtHalfLoad: 1500 }, full, half, runs };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/four-validators.json', `${JSON.stringify(result, null, 2)}\n`);
  writeSummary();
}

/** bench/replay.ts in a child process run as a node is (NODE_RUNTIME_FLAGS): 20 blocks of 1,000 transfers, median of 3. */
async function replayBench(): Promise<void> {
  const child = spawn(process.execPath, [...NODE_RUNTIME_FLAGS, '--import', 'tsx', join(import.meta.dirname, 'replay.ts'), '20', '1000', '3'], { stdio: 'inherit' });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`bench/replay.ts exited with ${code}`);
}

// Importing this module (for runLoad) runs nothing; running it runs the parts BENCH_ONLY names, or all.
const isEntry = process.argv[1] !== undefined && import.meta.filename === realpathSync(process.argv[1]);
const only = isEntry ? process.env.BENCH_ONLY : 'none';
if (only === undefined || only === 'provenance') await provenanceBench();
if (only === undefined || only === 'report') await reportLoadBench();
if (only === undefined || only === 'single') await singleValidator();
if (only === undefined || only === 'four') await fourValidators();
if (only === undefined || only === 'replay') await replayBench();
