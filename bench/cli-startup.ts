/**
 * `npm run bench:cli`: how long the `agora` command takes to answer (issue 17, "Slow commands"), before
 * and after compiling it ahead. Each run spawns `node bin/agora.js …` and times it to its exit:
 *   - before: AGORA_FROM_SOURCE=1, the TypeScript sources through tsx as bin/agora.js did before,
 *     with tsx's compile cache warm (the usual case) and with it off (TSX_DISABLE_CACHE=1: a fresh
 *     clone, or after an edit);
 *   - after: the compiled dist/ (scripts/build.mjs).
 * The commands: `agora --help`, and a balance query against a running node (`agora account dev`).
 * The variants take turns run after run (A B C A B C …), so that a drift of the machine's speed hits
 * all of them alike; one warm-up run each is not counted. Also measured: the freshness check
 * bin/agora.js makes on every call (in a fresh process each time), and a full build.
 * Writes bench/results/cli-startup.json and BENCHMARKS.md. BENCH_RUNS (default 15).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from '../scripts/build.mjs';
import { machine } from './machine.ts';
import { startNodeProcess, stopNodeProcess } from './node-process.ts';
import { writeSummary } from './summary.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const API_PORT = Number(process.env.BENCH_PORT ?? 18_650);
const AGORA = join(import.meta.dirname, '..', 'bin', 'agora.js');
/** The targets on this 2-core machine. */
const GOAL = { helpMs: 300, balanceMs: 500 };

const VARIANTS = {
  beforeTsxCached: { AGORA_FROM_SOURCE: '1' },
  beforeTsxNoCache: { AGORA_FROM_SOURCE: '1', TSX_DISABLE_CACHE: '1' },
  after: {},
} satisfies { [variant: string]: Record<string, string> };
type Variant = keyof typeof VARIANTS;

export interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
}

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  return { medianMs: round(sorted[Math.floor(sorted.length / 2)]), minMs: round(sorted[0]), maxMs: round(sorted[sorted.length - 1]), runs: sorted.length };
}

/** Wall time of `node bin/agora.js ARGS` from spawn to exit; throws unless it exits 0. */
function timeAgora(args: string[], env: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [AGORA, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, AGORA_LOG_LEVEL: 'warn', ...env } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`agora ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

async function measure(args: string[]): Promise<Record<Variant, Timing>> {
  const variants = Object.keys(VARIANTS) as Variant[];
  const samples = Object.fromEntries(variants.map((v) => [v, [] as number[]])) as Record<Variant, number[]>;
  for (let run = 0; run <= RUNS; run++) {
    for (const variant of variants) {
      const ms = await timeAgora(args, VARIANTS[variant]);
      if (run > 0) samples[variant].push(ms);
    }
  }
  return Object.fromEntries(variants.map((v) => [v, timing(samples[v])])) as Record<Variant, Timing>;
}

/** The freshness check of bin/agora.js: its one call in a fresh process, as each `agora` makes it. */
function freshnessCheck(): Timing {
  const script = `import { buildIsStale } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, '..', 'scripts', 'build-freshness.mjs')).href)};
const started = performance.now(); buildIsStale(); console.log(performance.now() - started);`;
  return timing(Array.from({ length: 21 }, () => Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }))));
}

async function builds(): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < 3; i++) samples.push((await build()).ms);
  return timing(samples);
}

async function main(): Promise<void> {
  const buildTiming = await builds();
  const check = freshnessCheck();
  console.log(`build ${buildTiming.medianMs} ms, freshness check ${check.medianMs} ms; --help × ${RUNS} per variant…`);
  const help = await measure(['--help']);
  const home = mkdtempSync(join(tmpdir(), 'agora-bench-cli-'));
  const node = await startNodeProcess(home, API_PORT);
  let balance: Record<Variant, Timing>;
  try {
    console.log('balance query…');
    balance = await measure(['account', 'dev', '--home', home, '--node', node.url]);
  } finally {
    await stopNodeProcess(node);
    rmSync(home, { recursive: true, force: true });
  }
  const result = {
    name: 'cli-startup',
    date: new Date().toISOString(),
    machine: machine(),
    command: 'npm run bench:cli',
    params: { runs: RUNS, note: 'wall time of `node bin/agora.js …` from spawn to exit, the harness on the same cores; balance: `agora account dev --home H --node URL` against one running node' },
    goal: GOAL,
    startup: { help, balance },
    buildMs: buildTiming,
    freshnessCheckMs: check,
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/cli-startup.json', `${JSON.stringify(result, null, 2)}\n`);
  writeSummary();
  console.log(JSON.stringify(result.startup, null, 2));
}

await main();
