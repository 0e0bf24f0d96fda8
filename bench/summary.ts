import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { ReplayRun } from './replay.ts';
import { join } from 'node:path';

interface Load {
  offeredTps: number | null;
  committed: number;
  committedTps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  cpu?: { cpuUsPerTx: number; mainUsPerTx: number; utilisation: { main: number; others: number[] }; mainWaitingForCore?: number }[];
}

interface Entry {
  name: string;
  date: string;
  machine: { cpus: number; model: string; memoryGiB: number; node: string };
  command: string;
  goal?: { [key: string]: number };
  full?: Load;
  half?: Load;
  [key: string]: unknown;
}

function loadRow(label: string, load: Load | undefined): string {
  if (load === undefined) return '';
  const offered = load.offeredTps === null ? 'as fast as taken' : `${load.offeredTps} tx/s`;
  return `| ${label} | ${offered} | ${load.committed} | ${load.committedTps} | ${load.latencyMs.p50} | ${load.latencyMs.p99} | ${load.latencyMs.max} | ${cpuCells(load)} |`;
}

/** With repeated runs: which run each row is, and every run's figures, so the spread shows. */
function runsLine(entry: Entry): string[] {
  const runs = entry.runs as { full: Load; half: Load }[] | undefined;
  if (runs === undefined || runs.length < 2) return [];
  return ['', `Median of ${runs.length} runs (full load by tx/s, half load by p99); each run, full tx/s: ${runs.map((r) => r.full.committedTps).join(', ')}; half-load p99 ms: ${runs.map((r) => r.half.latencyMs.p99).join(', ')}.`];
}

/** CPU µs per committed tx (all threads, main thread) and utilisation, per node; '—' for results written before they were measured. */
function cpuCells(load: Load): string {
  if (load.cpu === undefined || load.cpu.length === 0) return '— | — | — | —';
  const each = (pick: (c: NonNullable<Load['cpu']>[number]) => string): string => load.cpu!.map(pick).join(' / ');
  return `${each((c) => String(c.cpuUsPerTx))} | ${each((c) => String(c.mainUsPerTx))} | ${each((c) => `${c.utilisation.main}${c.utilisation.others.length > 0 ? ` + ${c.utilisation.others.join(', ')}` : ''}`)} | ${each((c) => (c.mainWaitingForCore === undefined ? '—' : String(c.mainWaitingForCore)))}`;
}

/** Goal met or not, from the numbers: committed tx/s at full load, p99 at half load. */
function verdict(entry: Entry): string {
  const parts: string[] = [];
  const tps = entry.goal?.committedTps;
  if (tps !== undefined && entry.full !== undefined) parts.push(entry.full.committedTps >= tps ? `throughput met (${entry.full.committedTps} ≥ ${tps} tx/s)` : `throughput SHORT (${entry.full.committedTps} of ${tps} tx/s)`);
  const replayGoal = entry.goal?.replayTps;
  const replay = entry.replay as ReplayFigures | undefined;
  if (replayGoal !== undefined && replay !== undefined) parts.push(replay.txPerSecond >= replayGoal ? `replay met (${replay.txPerSecond} ≥ ${replayGoal} tx/s)` : `replay SHORT (${replay.txPerSecond} of ${replayGoal} tx/s)`);
  const verifyGoal = entry.goal?.verifyMs;
  const timing = (entry.verify as { nodeCrypto?: Timing } | undefined)?.nodeCrypto;
  if (verifyGoal !== undefined && timing !== undefined) parts.push(timing.medianMs < verifyGoal ? `verification met (median ${timing.medianMs} ms < ${verifyGoal} ms with node:crypto)` : `verification SHORT (median ${timing.medianMs} ms, goal < ${verifyGoal} ms)`);
  parts.push(...startupVerdicts(entry));
  const p99 = entry.goal?.p99MsAtHalfLoad ?? entry.goal?.p99Ms;
  if (p99 !== undefined && entry.half !== undefined) parts.push(entry.half.latencyMs.p99 < p99 ? `p99 at half load met (${entry.half.latencyMs.p99} < ${p99} ms)` : `p99 at half load SHORT (${entry.half.latencyMs.p99} ms, goal < ${p99} ms)`);
  return parts.join('; ');
}

interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
}

/** The provenance bench: one row per verifier. */
function verifyRows(entry: Entry): string[] {
  const verify = entry.verify as { [verifier: string]: Timing };
  return ['| verifier | runs | median ms | min ms | max ms |', '|---|---|---|---|---|', ...Object.entries(verify).map(([name, t]) => `| ${name} | ${t.runs} | ${t.medianMs} | ${t.minMs} | ${t.maxMs} |`)];
}

/** The state-sync bench (bench/state-sync.ts): the two ways a new node reaches height H. */
function stateSyncRows(entry: Entry): string[] {
  const snapshot = entry.snapshot as { height: number; entries: number; chunks: number; chunkBytes: number };
  const replay = entry.replayFromGenesis as { seconds: number; txPerSecond: number };
  const sync = entry.stateSync as { seconds: number; entriesPerSecond: number };
  return [
    `| a new node reaches height ${snapshot.height} by | seconds | rate |`,
    '|---|---|---|',
    `| replaying every block from genesis | ${replay.seconds} | ${replay.txPerSecond} tx/s |`,
    `| state sync: ${snapshot.entries} entries in ${snapshot.chunks} chunks (${(snapshot.chunkBytes / 2 ** 20).toFixed(1)} MiB), hand-overs and block H checked, one transaction | ${sync.seconds} | ${sync.entriesPerSecond} entries/s |`,
    '',
    `Replaying took ${entry.speedup}× as long as state sync; both nodes then follow the next blocks with the builder's state roots (\`stateRootsIdentical\`).`,
  ];
}

type Startup = { [command: string]: { [variant: string]: Timing } };
const STARTUP_GOALS: { [command: string]: string } = { help: 'helpMs', balance: 'balanceMs' };

/** The CLI start-up bench: `agora --help` and a balance query under their goals, after the build. */
function startupVerdicts(entry: Entry): string[] {
  const startup = entry.startup as Startup | undefined;
  if (startup === undefined) return [];
  return Object.entries(STARTUP_GOALS).flatMap(([command, key]) => {
    const goal = entry.goal?.[key];
    const after = startup[command]?.after;
    if (goal === undefined || after === undefined) return [];
    return [after.medianMs < goal ? `${command} met (median ${after.medianMs} ms < ${goal} ms)` : `${command} SHORT (median ${after.medianMs} ms, goal < ${goal} ms)`];
  });
}

/** One row per command, one column per variant: median (min–max) ms. */
function startupRows(entry: Entry): string[] {
  const startup = entry.startup as Startup;
  const variants = Object.keys(Object.values(startup)[0] ?? {});
  const cell = (t: Timing): string => `${t.medianMs} (${t.minMs}–${t.maxMs})`;
  return [`| command | ${variants.join(' | ')} |`, `|---|${variants.map(() => '---|').join('')}`, ...Object.entries(startup).map(([command, byVariant]) => `| ${command} | ${variants.map((v) => cell(byVariant[v])).join(' | ')} |`)];
}

interface StatusLatency {
  probes: number;
  p50: number;
  p99: number;
  max: number;
}

/** The report-load bench: /v1/status latency idle and while four reports are built. */
function reportLoadRows(entry: Entry): string[] {
  const status = entry.statusMs as { idle: StatusLatency; underFourReports: StatusLatency };
  const reports = entry.reports as { concurrent: number; wallMs: number };
  const row = (label: string, l: StatusLatency): string => `| ${label} | ${l.probes} | ${l.p50} | ${l.p99} | ${l.max} |`;
  return [
    `- ${reports.concurrent} reports answered after ${reports.wallMs} ms; ${String(entry.blocksCommittedDuringReports)} blocks committed meanwhile`,
    '',
    '| /v1/status | probes | p50 ms | p99 ms | max ms |',
    '|---|---|---|---|---|',
    row('idle', status.idle),
    row('under four reports', status.underFourReports),
  ];
}

/** One replay run as bench/replay.ts writes it (a type-only import: the bench does not run). */
type ReplayFigures = ReplayRun;

/** The catch-up replay bench (bench/replay.ts): the median run, then every run, so the spread shows. */
function replayRows(entry: Entry): string[] {
  const runs = (entry.runs as ReplayFigures[] | undefined) ?? [];
  const row = (label: string, r: ReplayFigures): string => `| ${label} | ${r.txPerSecond} | ${r.wallUsPerTx} | ${r.cpuUsPerTx} | ${r.mainUsPerTx} | ${r.checkUsPerTx} | ${r.commitUsPerTx} |`;
  return [
    '| run | tx/s | wall µs/tx | CPU µs/tx (all threads) | main-thread CPU µs/tx | checking µs/tx (wall) | committing µs/tx (wall, beyond what checking hid) |',
    '|---|---|---|---|---|---|---|',
    row('median', entry.replay as ReplayFigures),
    ...runs.map((r, i) => row(`run ${i + 1}`, r)),
    '',
    `Re-verifying every tx signature, which the replay no longer does (spec/node.md §Catch-up replay), would add ${String(entry.reverifyUsPerTx)} µs/tx.`,
  ];
}

const WHERE_THE_TIME_GOES = [
  '## Where the time goes (issue 13, 2026-12-03 night): every goal met',
  '',
  'The figures in the sections above are this run: `npm run bench` (one validator, four validators, and the catch-up',
  'replay, now a part of it) and `npm run bench:state-sync`, on a quiet machine (nothing else running), median of 3.',
  'They were taken after the last change to the node; a run 35 minutes earlier, before the last merges (the web app,',
  'the CLI and the jobs index), gave 7,988, 1,655 and 22,704 tx/s:',
  '',
  '| goal | evening | now | runs now |',
  '|---|---|---|---|',
  '| 1 validator ≥ 5,000 tx/s (stretch 7,000) | 7,050 | **8,237** | 8,237, 8,025, 9,015 |',
  '| 1 validator, half-load p99 ≤ 500 ms | 429 ms | **397 ms** | 397, 388, 398 |',
  '| 4 validators ≥ 1,500 tx/s (stretch 2,000) | 1,330 | **1,705** | 1,657, 1,710, 1,705 |',
  '| 4 validators, half-load p99 ≤ 1.5 s | 662 ms | **456 ms** | 499, 456, 452 |',
  '| catch-up replay ≥ 20,000 tx/s | 14,000 | **23,507** | 21,035, 25,448, 23,507 |',
  '| state sync, 100,000 txs | 2.7 s vs 18.5 s | 2.04 s vs 13.3 s replaying | one run |',
  '',
  'The four-validator stretch goal (2,000) is not met. CPU per tx: one validator 200 µs (60 on the main thread; the',
  'signature worker 73 % busy, the main thread 49 %), four validators 274–288 µs a node (92–104 on the main thread; was',
  '~360), the replay 61 µs (38 on the main thread; was 97). Runs of the same code still differ by up to ±10 %: before',
  'the last two changes, two sets of three four-validator runs gave 1,565 (1,359–1,597) and 1,627 (1,081–1,657) tx/s.',
  '',
  'What changed since the evening, each measured alone before it landed:',
  '',
  '- A proposal rebuilt from compact form holds the mempool\'s own tx bytes; its check now executes the mempool\'s',
  '  decoding of them (`Mempool.pendingByBytes`) instead of decoding each tx again.',
  '- Verification jobs go to the signature worker as one transferred buffer (`packJobs`), not as 3 × n cloned',
  '  views, each of which copied its whole backing buffer (a gossip frame, Node\'s pool of small buffers).',
  '  With the change above: four validators 1,428 (1,308–1,572) → 1,565 (1,359–1,597) tx/s, ~340 → ~305 µs of CPU',
  '  a tx a node.',
  '- The CBOR decoder reuses short ASCII texts it decoded before (map keys and addresses recur in every record:',
  '  each decode made a view and a new string), found by an FNV-1a hash and checked character by character; the',
  '  encoder sorts the few keys of a map that is out of order by insertion; addresses are cached by an FNV-1a hash',
  '  of the public key compared byte for byte, instead of a hex string. Replay 16,000 → 20,628 and 21,328 tx/s',
  '  (two runs of 5), 53 → 41 µs/tx on the main thread.',
  '- Node processes run with `--max-semi-space-size=32` (`src/node/runtime-flags.ts`, passed by `npm start`,',
  '  `agora testnet` and the benches; spec/node.md §Runtime flags): replay +10 %, one validator 214 → 206 µs of CPU',
  '  a tx, four validators ~305 → ~290 µs a node. `--single-threaded-gc` was tried for four validators and left out',
  '  (1,520 vs 1,565 tx/s, within the noise).',
  '',
  'What now dominates:',
  '',
  '- **One validator** (main thread, `AGORA_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" BENCH_ONLY=single',
  '  BENCH_REPEATS=1`, 8,142 tx/s under the profiler; self time): idle 54.2 %, GC 6.5 %, SHA-256 1.8 %, Overlay.get',
  '  1.8 %, writev 1.5 %, LMDB writeInstructions 1.0 % and getBinaryFast 1.0 %, the Ed25519 pre-check 1.0 %, the VRF',
  '  (noble `mod`) 0.8 %. The main thread is half idle: the one signature worker (75 % busy, ~110 µs a tx) and GC',
  '  helpers fill the second core, and the load generator shares both.',
  '- **Four validators** (one node\'s main thread, from source; self time grouped by package or src module, 23.7 s',
  '  busy): GC 6.1 %, lmdb 5.0 %, @libp2p/tcp 4.7 %, fastify (with what runs under it) 3.9 %, @libp2p/noise 3.4 %,',
  '  gossipsub 3.4 %, SHA-256 3.2 %, ledger/state 3.1 %, the VRF (noble) 3.0 %, CBOR encode 2.4 % and decode 2.3 %.',
  '  The whole machine is busy (each main thread waits for a core ~68 % of the time): every validator verifies',
  '  every signature (~100 µs a tx here), so four of them spend ~400 µs of the ~1,200 µs the machine has per tx at',
  '  1,655 tx/s. The profile\'s `postMessage` (~2 %) is not work: timed around each call (626 calls a node, 0.5–0.7',
  '  ms each against 10 µs on an idle machine), it is the main thread losing its core to the worker it wakes.',
  '  Counting gossip messages by id: tx batches arrive ~1.8 times a node (IDONTWANT stops most copies), votes and',
  '  compact proposals ~3.3 times (their router is off gossipsub\'s version ladder, so no IDONTWANT); the copies',
  '  are ~5 MB a node over the whole run, well under 1 % of its CPU.',
  '- **Replay** (`AGORA_REPLAY_PROF=DIR`, without the runtime flag, 19,672 tx/s; self time): GC 16.5 %, SHA-256',
  '  7.1 % (trie rehash, value hashes, tx ids, Merkle), LMDB writeInstructions 4.7 % and writeKey 4.1 % (~13 puts',
  '  a tx), Overlay.get 4.4 %, the trie\'s put 3.0 %, the VRF seed proof (noble) 2.9 % a block, decodeTx 1.8 %.',
  '',
  '## Where the time goes (issue 13, 2026-12-03 evening)',
  '',
  'Measured with the parts above on a quiet machine (nothing else running; `npm run bench` for one and four validators,',
  '`node --import tsx bench/replay.ts 20 1000 3`, `npm run bench:state-sync`), against the morning\'s figures in the same',
  'sections: one validator 6,810 → 7,050 tx/s at full load (runs 6,993, 7,595, 7,050; 237 µs of CPU a tx, 75 on the main thread; stretch goal',
  '7,000 met) and a half-load p99 of 517 → 429 ms (goal 500: met); four validators 1,198 → 1,330 tx/s (runs 1,311, 1,330,',
  '1,429; goal 1,500: short), p99 1,071 → 662 ms; catch-up replay 9,515 → 14,000 tx/s (125 → 97 µs/tx of CPU; goal',
  '20,000: short); state sync of 100,000 txs 4.1 s vs 44.1 s replaying → 2.7 s vs 18.5 s. Earlier quiet runs the same',
  'evening gave 6,424 and 1,152 tx/s before the last two changes below (the pre-check and sort; the recheck), then 6,996',
  'and 1,284 before the last one: runs of the same code differ by up to ±8 %.',
  '',
  'What changed: the validator signs votes and proposals with OpenSSL (node:crypto; noble\'s constant-time signing took',
  '~2.3 ms a vote: four idle validators making a block each 250 ms used 1,100 → 1,020 ms of CPU per node per 10 s); the',
  'state trie is updated as linked nodes, each read once and rehashed once a block, children first, encodings cut from',
  'slabs (a trie micro-benchmark of 2,000 writes: 15.4 → 5 ms a block); SHA-256 digests as latin1 strings copied into',
  'arrays (1.2 → 0.35 µs for 65 bytes); a block\'s results encoded into one buffer and Merkle nodes hashed from one',
  'reused buffer; a CBOR map whose keys come in canonical order written without a sort; the mempool keeps what it read',
  'of the committed state across blocks, advanced by each block\'s writes (`Mempool.admit` 36–40 → 25–26 µs a transfer,',
  '`bench/admission.ts`), asset records shared frozen; catch-up replay checks block N + 1 while block N is written and',
  'flushed (`replaySynced`; the wait for LMDB beyond what checking hides: 35 → 16–19 µs/tx); the Ed25519 pre-check',
  'compares bytes without copies or hex strings and a tx\'s touched addresses are sorted by insertion (a sampled',
  'allocation profile of four validators at full load: those two sites were ~60 of ~650 MB a node); the mempool\'s',
  'recheck is incremental after any block, not only one built from its own front (with four validators 3 blocks in 4',
  'made every pending tx run again: 1,284 → 1,330 tx/s, 353–386 → 344–373 µs of CPU a tx a node).',
  '',
  'Replay profile after the trie work, before the pipelining (`AGORA_REPLAY_PROF=DIR`, first run, 2.3 s sampled, self time):',
  '',
  '```',
  '17.5 %  (idle)                 waiting for LMDB (now mostly hidden behind the next block\'s check)',
  '16.9 %  (garbage collector)',
  ' 3.9 %  writeInstructions      lmdb write.js',
  ' 3.9 %  oneShotDigest          node:crypto SHA-256',
  ' 3.4 %  get                    src/ledger/state.ts',
  ' 2.3 %  writeKey               ordered-binary (LMDB keys)',
  ' 2.3 %  text, 2.2 % item       src/codec/cbor.ts (decoding)',
  ' 1.7 %  getNode                src/node/local-chain.ts; 1.7 % addressFromPublicKey; 1.7 % put (trie)',
  'inclusive: finishExecution 24.7 → 16.0 %, trie applyWrites + finish 626 → 215 ms of the run',
  '```',
  '',
  'One validator, main thread at full and half load (`AGORA_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"`, self time):',
  'idle 32.3 %, GC 11.3 %, SHA-256 3.0 %, writev 1.8 %, postMessage (to the signature worker) 1.6 %, Overlay.get 1.5 %,',
  'bigint `mod` (the VRF, noble) 1.4 %, CBOR text 1.1 %, fromHex 1.1 %, LMDB getBinaryFast 1.0 %. At full load the one',
  'signature worker is 73 % busy and the main thread 57 %: the next step up needs both cores verifying.',
  '',
  'Four validators on 2 cores are bound by the CPU of the whole machine: at 1,330 tx/s each node spends ~360 µs of CPU',
  'a tx, 1.45 ms across the four, i.e. both cores. Per node: the signature worker ~115 µs (every validator checks every',
  'signature; this box verifies ~8,400 a second a thread), the main thread ~150 µs (admission, checking or building the',
  'block, the commit, gossip), four more threads (V8\'s GC helpers and LMDB\'s writer) ~100 µs. 1,500 tx/s needs ≤ 330 µs',
  'a node: GC, which allocation drives, is the largest part left (~650 MB allocated a node for 10,000 txs: ~65 KB a tx;',
  'next by the sampled profile: decoding each tx again when a block is checked, the CBOR encoder sorting the keys of',
  'result objects). A block also has a fixed cost per node: ~17 ms of CPU',
  'for an empty one (libp2p messages of the proposal and 8 votes, ~4 ms to verify the VRF seed proof in JS).',
  '',
  '## Where the time goes (catch-up replay, issue 13)',
  '',
  '`node --import tsx bench/replay.ts 20 1000` (20 blocks of 1,000 transfers from 1,000 senders, commits of',
  '4 validators, checkSynced then commit into LMDB with the node\'s indexers; median of 3 runs). CPU time is',
  'measured beside wall time (`process.cpuUsage` for all threads, /proc for the main thread) because the',
  '2 cores are shared. Before and after, run in the same two minutes (load average ~5): 2,442 → 4,471 tx/s,',
  '273 → 182 µs/tx of CPU in all threads, 184 → 114 µs/tx on the main thread. On a quiet moment of the',
  'same day the base measured 5,077–5,754 tx/s (174–197 µs/tx wall, 243 µs/tx CPU). The goal of 20,000 tx/s',
  '(50 µs/tx) is not met. Profile of the replay alone (`AGORA_REPLAY_PROF=DIR`, first run; self time):',
  '',
  'Before (base 2d428b3, 6.9 s sampled):',
  '',
  '```',
  '1170 ms 17.0 %  (garbage collector)',
  ' 703 ms 10.2 %  (idle)            waiting for LMDB\'s write thread to make each block durable',
  ' 414 ms  6.0 %  (anonymous)       native',
  ' 390 ms  5.7 %  oneShotDigest     node:crypto SHA-256',
  ' 216 ms  3.1 %  load              src/chain/state-trie.ts',
  ' 209 ms  3.0 %  FastBuffer        copies of values read from and put to LMDB',
  ' 202 ms  2.9 %  concatBytes       @noble/hashes (trie nodes, Merkle leaves)',
  ' 201 ms  2.9 %  hash              node:internal/crypto/hash',
  ' 176 ms  2.6 %  encodeCanonical   src/codec/cbor-encode.ts (receipts twice, records)',
  'inclusive: executeBlockBody 53.1 % (finishExecution 26.5 %, applyTx 13.9 %, decodeTx 11.4 %), commitBlock 15.5 %',
  '```',
  '',
  'After (4.5 s sampled):',
  '',
  '```',
  '1003 ms 22.4 %  (garbage collector)',
  ' 785 ms 17.5 %  (idle)            waiting for LMDB\'s write thread',
  ' 180 ms  4.0 %  hash              node:internal/crypto/hash',
  ' 165 ms  3.7 %  oneShotDigest     node:crypto SHA-256',
  ' 157 ms  3.5 %  load              src/chain/state-trie.ts',
  ' 122 ms  2.7 %  encodeNode        src/chain/state-trie.ts',
  ' 104 ms  2.3 %  get               src/ledger/state.ts (overlay reads)',
  '  91 ms  2.0 %  writeInstructions lmdb write.js',
  'inclusive: executeBlockBody 46.2 % (finishExecution 27.0 %, applyTx 9.7 %, decodeTx 8.0 %), commitBlock 9.1 %',
  '```',
  '',
  'What changed: a block reads each committed record once (ledger/state.ts ReadCache, absences included),',
  'and the records the last blocks wrote come from memory, not LMDB (node/local-chain.ts RecentWrites, for',
  'the tip they are of); the asset record is decoded once a block (a cache keyed by the bytes object, so a',
  'write invalidates it); a receipt is encoded once, for the results root, and those bytes are stored when',
  'it has no message (chain/receipts.ts receiptBytes); no copies of the values put to LMDB, and the old',
  'value is read back only for keys an indexer reads; trie nodes are encoded into one buffer and decoded as',
  'views, key hashes and their bit strings kept across blocks, paths sliced from them; the results and tx',
  'roots built level by level instead of copying arrays at each level; signing bytes made only when a',
  'signature is checked (never in a replay); addresses derived and checked once per key.',
  '',
  'What is left, by the profile: the state trie (27 % inclusive: a replay of 1,000-sender blocks rewrites',
  'almost every node, ~6 SHA-256 and ~6 LMDB puts a tx), allocation (GC 22 %: records decoded and encoded,',
  'overlays and Maps per tx, two objects per hash), the wait for each block to be durable on LMDB\'s write',
  'thread (idle 17 %: ~13 puts a tx, 4 of them indexes; fewer would need a new store format), decoding',
  '(8 %) and the VRF seed proof per block. Reaching 50 µs/tx needs those structural steps (a trie kept in',
  'memory between blocks, executing block N + 1 while N is written, fewer puts per tx), not more caches.',
  '',
  '## Where the time goes now (issue 13, first steps)',
  '',
  'Per committed transfer on one validator at full load: 262–269 µs of CPU in all threads, 100–104 µs',
  'on the main thread (from ~260 µs main before issue 13), the signature worker ~100 µs, GC helper threads',
  'most of the rest (bench columns above). What changed: a single-pass canonical CBOR decoder (12.7 →',
  '2.6 µs a transfer) and a hand-written encoder (2×), SHA-256 and hex by node:crypto and tables, a',
  'mempool that re-runs after a block only the txs the block made stale, gossiped txs verified on the',
  'pool in batches, consensus on its own gossip router, compact proposals (1,010,687 → 170,684 bytes for',
  '5,000 txs). Main-thread profile of the single-validator bench (`AGORA_BENCH_NODE_ARGS="--cpu-prof',
  '--cpu-prof-dir=DIR"`, self time), before the encoder\'s scratch buffer:',
  '',
  '```',
  '18.2 %  (garbage collector)',
  ' 5.9 %  getBinaryFast   lmdb read.js        (state reads)',
  ' 2.5 %  hash            node:crypto          (SHA-256)',
  ' 2.4 %  get             src/ledger/state.ts  (overlay reads)',
  ' 2.2 %  value           src/codec/cbor-encode.ts',
  ' 2.1 %  Writer init     src/codec/cbor-encode.ts (now one reused buffer)',
  ' 1.5 %  RegExp ^[0-9a-f]*$ (fromHex; now a table)',
  '```',
  '',
  'What is left: allocation (GC), LMDB reads of the same records per tx, the state trie and roots per',
  'block. Four validators on the same 2 cores: ~420 µs of CPU per tx per node (from ~1.2 ms), eight main',
  'threads sharing two cores (each waits for a core ~60 % of the time).',
  '',
  '## Where the time goes (one validator, before issue 13)',
  '',
  'Measured with `node --cpu-prof` on the node process under `npm run bench` and with an in-process probe',
  '(10,000 transfers submitted with `AgoraNode.submitBatch`): per transfer, decoding and canonical checks',
  'take ~90 µs, signature verification ~115–170 µs (moved to a worker thread for batches), applying it',
  'in the mempool ~65 µs and again in the block ~65 µs, the state trie (SHA-256 in JS, ~3.5 µs a hash,',
  '~13 hashes a transfer) ~50 µs, and the LMDB commit ~17 puts (state, trie nodes, receipt, indexes).',
  'Moving the LMDB writes to lmdb-js\'s write thread (async puts in one batch) cut main-thread time per',
  '17,000 writes from 227 ms to 34 ms. What is left is mostly single-threaded JS work on the main thread;',
  'the next steps would be to apply each tx once (reuse the mempool\'s result when a block takes the',
  'mempool\'s prefix), hash the trie with node:crypto on the node side, and verify gossiped txs in',
  'batches on the pool. With 4 validators on the same 2 cores every node repeats all of that work for',
  'every tx, so the network runs at roughly a quarter of one node\'s rate or less.',
  '',
  '## Where the time goes (verifying a provenance report)',
  '',
  'The bench report is the worst case for 100 events: each in its own block of 50 txs signed by 4',
  'validators, so verification checks 500 Ed25519 signatures (100 txs, 400 precommits), 200 audit paths',
  'of 6 hashes and 100 block hashes. A CPU profile shows about 60 % of the time in node:crypto\'s',
  'signature verification; the rest is hex decoding, SHA-256 in JS and CBOR. The browser-safe verifier',
  '(@noble/curves, ~680 verifications/s) takes about 1.5 s for the same file, which is why `agora verify`',
  'uses node:crypto behind the same pre-check (spec/decisions/0001).',
  '',
  '## Where the time goes (the `agora` command)',
  '',
  'Before, bin/agora.js registered tsx and compiled the sources on each call: ~0.7 s of CPU for `--help`',
  'with tsx\'s cache warm (farm-bench, 15 runs), more with it cold or the machine busy. A bundle of src/',
  'made ahead with esbuild (node_modules external, chunks split so that `start` alone loads the node,',
  'libp2p and fastify) took 0.17 s of CPU, against 0.22 s for `tsc` emitting one file per source (more',
  'files to resolve and read). A profile of `--help` then showed libp2p\'s key and multiaddr modules',
  '(~240 files, ~75 ms) loaded by src/node/testnet.ts for every command: they load on use now. Most of',
  'what was left was the ESM loader resolving and reading files, so scripts/build.mjs bundles the',
  'dependencies too, all but lmdb (a native addon) and pino (transports in worker threads): `--help`',
  'took 23 % less CPU and a node answered on its API after 0.53 s instead of 0.81 s (8 starts each),',
  'which is most of each of the 20 restarts in test/integration/testnet.test.ts. Node itself takes',
  '~0.05 s (`node -e ""`); a balance query adds the keystore, the SDK and undici (node\'s fetch, ~25 ms).',
  '',
  '## Where the time goes (building provenance reports, issue 12 attack 4)',
  '',
  '`BENCH_ONLY=report npm run bench` with `AGORA_BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR"`: four',
  'reports of 301-event items over 25 blocks of 1,000 txs, on 2 shared cores (load average 4-6 from other',
  'work). Before the fix (commit a39205f) the node spent 23.7 s on the main thread in',
  '`buildProvenanceReport`; the profile\'s top lines (self time, of 46.1 s sampled):',
  '',
  '```',
  '6845 ms 14.8 %  process        @noble/hashes sha2.js  (SHA-256 of tree nodes)',
  '4273 ms  9.3 %  (garbage collector)',
  '3384 ms  7.3 %  createView     @noble/hashes utils.js',
  '3029 ms  6.6 %  concatBytes    @noble/hashes utils.js',
  ' 857 ms  1.9 %  subtreeRoot    src/chain/merkle.ts',
  'inclusive: merklePath 15.6 s (two whole trees per event), decodeTx 4.9 s (every tx of every block, per report), getReceipt 2.1 s',
  '```',
  '',
  'After: the main thread shows no report work at all (62.6 % idle; its top lines are consensus and',
  'admission). The report thread spent 1.9 s in `buildProvenanceReport` for the four reports, the first',
  'loading the 25 blocks (1.5 s, ~60 µs a tx: receipt read and decode 29 µs, result bytes 14 µs, the two',
  'trees 10 µs), the other three reusing them from the block cache; top lines (self time, of 3.0 s):',
  '',
  '```',
  ' 427 ms 14.1 %  (garbage collector)',
  ' 237 ms  7.9 %  process        @noble/hashes sha2.js',
  ' 145 ms  4.8 %  pushByte       cborg bl.js            (re-encoding results)',
  ' 133 ms  4.4 %  makeSyncRequest  module hooks        (tsx loading the worker\'s modules, once)',
  ' 127 ms  4.2 %  getBinaryFast  lmdb read.js',
  '```',
  '',
  'Next, if reports grow: serve the stored receipt bytes as the result when the receipt has no message',
  '(they are then the same bytes), which would save the decode and re-encode, about 70 % of a block\'s load.',
  '',
];

/** Rewrites BENCHMARKS.md from every JSON file under bench/results/: a table per run, then the JSON. */
export function writeSummary(): void {
  const dir = 'bench/results';
  const entries = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Entry) : [];
  const lines = [
    '# Benchmarks',
    '',
    'Measured numbers only, rewritten by `npm run bench` (`BENCH_ONLY=provenance|report|single|four|replay` runs one part; the replay runs in a process of its own with the node\'s runtime flags) and',
    '`npm run bench:cli` (the start-up of the `agora` command) and `npm run bench:state-sync` (state sync vs. replay, 100,000 txs). Raw JSON under',
    '`bench/results/`. Latency is from the HTTP submit of a tx to the moment the harness sees it in a committed',
    'block (polling every 10 ms). The load generator runs on the same 2 cores as the node(s).',
    '',
  ];
  for (const entry of entries) {
    lines.push(`## ${entry.name}`, '', `- command: \`${entry.command}\``, `- date: ${entry.date}`, `- machine: ${entry.machine.cpus} × ${entry.machine.model}, ${entry.machine.memoryGiB} GiB, Node ${entry.machine.node}`);
    if (entry.goal !== undefined) lines.push(`- goal: ${Object.entries(entry.goal).map(([k, v]) => `${k} ${v}`).join(', ')}`, `- verdict: ${verdict(entry)}`);
    if (entry.full !== undefined) lines.push('', '| run | offered | committed txs | committed tx/s | p50 ms | p99 ms | max ms | CPU µs/tx per node | main-thread µs/tx | cores busy: main + other threads | main thread waiting for a core |', '|---|---|---|---|---|---|---|---|---|---|---|', loadRow('full load', entry.full), loadRow('half load', entry.half), ...runsLine(entry), '');
    if (entry.verify !== undefined) lines.push('', ...verifyRows(entry), '');
    if (entry.startup !== undefined) lines.push('', 'Wall ms, median (min–max) of each variant:', '', ...startupRows(entry), '');
    if (entry.statusMs !== undefined) lines.push('', ...reportLoadRows(entry), '');
    if (entry.replay !== undefined) lines.push('', ...replayRows(entry), '');
    if (entry.stateSync !== undefined) lines.push('', ...stateSyncRows(entry), '');
    if (typeof entry.note === 'string') lines.push(`- note: ${entry.note}`, '');
    lines.push('<details><summary>JSON</summary>', '', '```json', JSON.stringify(entry, null, 2), '```', '', '</details>', '');
  }
  writeFileSync('BENCHMARKS.md', `${[...lines, ...WHERE_THE_TIME_GOES].join('\n')}\n`);
}

if (process.argv[1]?.endsWith('summary.ts')) writeSummary();
