// The mempool's own cost per tx (issue 13): Mempool.admit and afterCommit over a real LMDB store,
// with blocks built from the mempool's front and committed as a proposer does. Decoding and
// signature checks (ingress) are left out, as is the block building, which is timed apart. CPU time
// is process.cpuUsage around each part (the main thread's alone: LMDB's writer is idle then), since
// the 2 cores are shared with other work.
// Run: node --import tsx bench/admission.ts [blocks=20] [txs-per-block=1000] [senders=2000]; prints one
// JSON line. Each sender's next transfer arrives after its last one committed, as with the load of
// `npm run bench` (2,000 accounts round-robin).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DecodedTx } from '../src/ledger/types.ts';
import { FEE_SINK, Mempool } from '../src/node/mempool.ts';
import { benchChain, GENESIS_TIME_MS } from './chain-fixture.ts';

const BLOCKS = Number(process.argv[2] ?? '20');
const TXS_PER_BLOCK = Number(process.argv[3] ?? '1000');
const SENDERS = Number(process.argv[4] ?? '2000');

const { validators, senders, transfer, commitFor, openChain } = benchChain('agora-admission-bench', SENDERS);
const root = mkdtempSync(join(tmpdir(), 'agora-admission-bench-'));
try {
  const { chain, store } = await openChain(join(root, 'chain'));
  // Two blocks' worth pending before the first block, one more after each (not measured: signing).
  const txs: DecodedTx[] = [];
  const nonces = new Array<bigint>(SENDERS).fill(0n);
  for (let i = 0; i < TXS_PER_BLOCK * (BLOCKS + 2); i++) {
    const from = i % SENDERS;
    txs.push(transfer(senders[from], senders[(from + 1) % SENDERS].address, nonces[from]++));
  }
  let timeMs = GENESIS_TIME_MS + 1_000;
  const mempool = new Mempool({}, store, chain.context(chain.height + 1, timeMs + 1, FEE_SINK));
  const cpu = { admit: 0, build: 0, recheck: 0 };
  const cpuOf = (part: keyof typeof cpu, run: () => void): void => {
    const before = process.cpuUsage();
    run();
    const used = process.cpuUsage(before);
    cpu[part] += used.user + used.system;
  };
  let next = 0;
  let admitted = 0;
  const admit = (count: number): void => {
    cpuOf('admit', () => {
      for (const end = next + count; next < end; next++) {
        const refusal = mempool.admit(txs[next]);
        if (refusal !== null) throw new Error(`tx ${next}: ${refusal.code}: ${refusal.message}`);
        admitted++;
      }
    });
  };
  admit(2 * TXS_PER_BLOCK);
  let rerun = 0;
  for (let block = 0; block < BLOCKS; block++) {
    const proposer = validators[(chain.height + 1) % validators.length];
    timeMs += 1_000;
    let candidate: ReturnType<typeof chain.build> | undefined;
    cpuOf('build', () => {
      candidate = chain.build(proposer.address, timeMs, mempool.take(TXS_PER_BLOCK, Number.MAX_SAFE_INTEGER), (alpha) => proposer.proveSeed(alpha));
    });
    if (candidate === undefined) throw new Error('no block');
    const built = candidate;
    await chain.commit(built, commitFor(built.block));
    cpuOf('recheck', () => {
      const evicted = mempool.afterCommit(built.execution.receipts.map((receipt) => receipt.txId), store, chain.context(chain.height + 1, timeMs + 1, FEE_SINK), built.execution.stateWrites);
      if (evicted.length > 0) throw new Error(`block ${chain.height}: ${evicted.length} evicted`);
    });
    rerun += mempool.lastRecheck.rerun;
    admit(TXS_PER_BLOCK);
  }
  await store.close();
  const round = (value: number): number => Math.round(value * 10) / 10;
  console.log(JSON.stringify({ blocks: BLOCKS, txsPerBlock: TXS_PER_BLOCK, senders: SENDERS, admitted, admitCpuUsPerTx: round(cpu.admit / admitted), buildCpuUsPerTx: round(cpu.build / (BLOCKS * TXS_PER_BLOCK)), recheckCpuUsPerBlock: Math.round(cpu.recheck / BLOCKS), rerunPerBlock: rerun / BLOCKS }));
} finally {
  rmSync(root, { recursive: true, force: true });
}
