// Catch-up replay throughput (spec/node.md §Catch-up replay; issue 13 asks ≥ 20,000 tx/s): blocks of
// signed transfers with the commits of four validators are replayed by LocalChain as block sync does
// (`replaySynced`: checkSynced of each block while the one before it is committed to a real LMDB
// store), and compared with the signature checks the replay no longer makes.
// Run: BENCH_ONLY=replay npm run bench (with the node's runtime flags, src/node/runtime-flags.ts), or
// node --import tsx bench/replay.ts [blocks] [txs-per-block] [runs]; writes bench/results/replay.json
// and BENCHMARKS.md (AGORA_REPLAY_NO_RESULT=1: print only). CPU time is measured beside wall time, since
// the 2 cores are shared with other work.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Block, type Commit } from '../src/chain/block.ts';
import { verifyEd25519Node } from '../src/crypto/ed25519-node.ts';
import { decodeTx } from '../src/ledger/tx.ts';
import type { DecodedTx } from '../src/ledger/types.ts';
import { replaySynced, type ReplaySyncedParts } from '../src/node/shell/replay-synced.ts';
import { cpuSnapshot } from './cpu.ts';
import { machine } from './machine.ts';
import { writeSummary } from './summary.ts';
import { benchChain, GENESIS_TIME_MS } from './chain-fixture.ts';

const BLOCKS = Number(process.argv[2] ?? '20');
const TXS_PER_BLOCK = Number(process.argv[3] ?? '1000');
const RUNS = Number(process.argv[4] ?? '3');
const SENDERS = 1_000;

const { genesis, validators, senders, transfer, commitFor, openChain } = benchChain('agora-replay-bench', SENDERS);

export interface ReplayRun {
  txPerSecond: number;
  wallUsPerTx: number;
  /** process.cpuUsage: every thread (main, LMDB's write thread, GC helpers). */
  cpuUsPerTx: number;
  /** /proc: the main thread alone. */
  mainUsPerTx: number;
  checkUsPerTx: number;
  commitUsPerTx: number;
}

async function replayOnce(dir: string, synced: { block: Block; commit: Commit }[], profileDir: string | undefined): Promise<ReplayRun> {
  const replayer = await openChain(dir);
  const session = profileDir === undefined ? undefined : new Session();
  if (session !== undefined) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const cpuBefore = process.cpuUsage();
  const mainBefore = cpuSnapshot(process.pid).threads.get(process.pid) ?? 0;
  const started = performance.now();
  let checkMs = 0;
  const { chain } = replayer;
  // What block sync's apply does (shell/block-sync.ts), with the committer's announcing left out.
  const timed: ReplaySyncedParts['chain'] = {
    get height() {
      return chain.height;
    },
    store: chain.store,
    checkSynced(block, commit) {
      const checkStarted = performance.now();
      const checked = chain.checkSynced(block, commit);
      checkMs += performance.now() - checkStarted;
      return checked;
    },
  };
  const { applied, refused } = await replaySynced({ chain: timed, commit: (candidate, commit) => chain.commitPipelined(candidate, commit) }, synced);
  if (refused !== null) throw new Error(`block ${refused.height}: ${refused.problem.code}: ${refused.problem.message}`);
  if (applied !== synced.length) throw new Error(`${applied} of ${synced.length} blocks committed`);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const mainMs = (cpuSnapshot(process.pid).threads.get(process.pid) ?? 0) - mainBefore;
  if (session !== undefined && profileDir !== undefined) {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(profileDir, { recursive: true });
    const file = join(profileDir, `replay-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
    console.log(`profile of the first run: ${file}`);
  }
  await replayer.store.close();
  const txs = synced.reduce((sum, { block }) => sum + block.txs.length, 0);
  const perTx = (ms: number): number => Math.round((ms * 1000) / txs);
  // commitUsPerTx: the wall time not spent checking, i.e. waiting for LMDB beyond what the checks hid.
  return { txPerSecond: Math.round((txs * 1000) / wallMs), wallUsPerTx: perTx(wallMs), cpuUsPerTx: Math.round((cpu.user + cpu.system) / txs), mainUsPerTx: perTx(mainMs), checkUsPerTx: perTx(checkMs), commitUsPerTx: perTx(wallMs - checkMs) };
}

const root = mkdtempSync(join(tmpdir(), 'agora-replay-bench-'));
try {
  // The chain to replay, built and committed by a proposer (not measured).
  const built = await openChain(join(root, 'builder'));
  const synced: { block: Block; commit: Commit }[] = [];
  let nonce = 0n;
  for (let height = 1; height <= BLOCKS; height++) {
    const txs: DecodedTx[] = [];
    for (let i = 0; i < TXS_PER_BLOCK; i++) {
      const index = ((height - 1) * TXS_PER_BLOCK + i) % SENDERS;
      if (index === 0 && txs.length + (height - 1) * TXS_PER_BLOCK > 0) nonce++;
      txs.push(transfer(senders[index], senders[(index + 1) % SENDERS].address, nonce));
    }
    const proposer = validators[height % validators.length];
    const candidate = built.chain.build(proposer.address, GENESIS_TIME_MS + height * 1_000, txs, (alpha) => proposer.proveSeed(alpha));
    if (candidate.block.txs.length !== TXS_PER_BLOCK) throw new Error(`block ${height} holds ${candidate.block.txs.length} txs`);
    const commit = commitFor(candidate.block);
    await built.chain.commit(candidate, commit);
    synced.push({ block: candidate.block, commit });
  }
  await built.store.close();

  // The replay: what block sync does with each answer (shell/block-sync.ts apply, replaySynced), into a fresh store,
  // RUNS times; the median run by tx/s is reported. With AGORA_REPLAY_PROF=DIR the first run is
  // CPU-profiled (node:inspector), the build above left out; read it with bench/profile-top.mjs.
  const runs: ReplayRun[] = [];
  for (let run = 0; run < RUNS; run++) runs.push(await replayOnce(join(root, `replayer-${run}`), synced, run === 0 ? process.env.AGORA_REPLAY_PROF : undefined));
  const median = [...runs].sort((a, b) => a.txPerSecond - b.txPerSecond)[Math.floor(runs.length / 2)];

  // What re-verifying every tx would add, on this thread.
  const all = synced.flatMap(({ block }) => block.txs.map((bytes) => decodeTx(bytes) as DecodedTx));
  const verifyStarted = performance.now();
  for (const tx of all) verifyEd25519Node(tx.tx.body.signers[0].publicKey, tx.signBytes, tx.tx.signatures[0]);
  const verifySeconds = (performance.now() - verifyStarted) / 1000;

  const txs = BLOCKS * TXS_PER_BLOCK;
  const seconds = txs / median.txPerSecond;
  console.log(`replayed ${BLOCKS} blocks of ${TXS_PER_BLOCK} transfers (${txs} txs), median of ${RUNS}: ${median.txPerSecond} tx/s, ${median.wallUsPerTx} µs/tx wall, ${median.cpuUsPerTx} µs/tx CPU (all threads), ${median.mainUsPerTx} µs/tx CPU main thread`);
  console.log(`of which checking (commit, execution, roots) ${median.checkUsPerTx} µs/tx, committing to LMDB beyond what checking hid ${median.commitUsPerTx} µs/tx (wall); each run tx/s: ${runs.map((r) => r.txPerSecond).join(', ')}; CPU µs/tx: ${runs.map((r) => r.cpuUsPerTx).join(', ')}`);
  console.log(`re-verifying their signatures would add ${verifySeconds.toFixed(2)} s (${Math.round((verifySeconds * 1e6) / txs)} µs/tx): ${Math.round(txs / (seconds + verifySeconds))} tx/s`);
  if (process.env.AGORA_REPLAY_NO_RESULT === undefined) {
    const result = {
      name: 'replay',
      date: new Date().toISOString(),
      machine: machine(),
      command: `node ${process.execArgv.join(' ')} bench/replay.ts ${BLOCKS} ${TXS_PER_BLOCK} ${RUNS} (BENCH_ONLY=replay npm run bench)`,
      params: { blocks: BLOCKS, txsPerBlock: TXS_PER_BLOCK, senders: SENDERS, validators: validators.length, runs: RUNS, loadAverage1m: Math.round(loadavg()[0] * 100) / 100, note: 'one process: replaySynced as block sync does (each block checked while the one before it is committed into LMDB); the median run by tx/s' },
      goal: { replayTps: 20_000 },
      replay: median,
      runs,
      reverifyUsPerTx: Math.round((verifySeconds * 1e6) / txs),
    };
    writeFileSync('bench/results/replay.json', `${JSON.stringify(result, null, 2)}\n`);
    writeSummary();
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
