import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of a process's threads, read from /proc (Linux): issue 13 asks the bench to report CPU µs
 * per tx and each thread's utilisation, so that a change's effect shows even when other work shares
 * the machine (wall-clock tx/s does not). Node 20 names every thread "node", so threads are told
 * apart only as the main thread (its id is the process id) and the others, busiest first (the
 * signature worker pool, GC helpers, libuv).
 */
export interface CpuSnapshot {
  atMs: number;
  /** Thread id → CPU ms (user + system). */
  threads: Map<number, number>;
  /** Thread id → ms spent runnable but waiting for a core (/proc/…/schedstat), when the kernel reports it. */
  waiting: Map<number, number>;
}

const TICK_MS = 10; // CLK_TCK is 100 on Linux

export function cpuSnapshot(pid: number): CpuSnapshot {
  const threads = new Map<number, number>();
  const waiting = new Map<number, number>();
  let ids: string[] = [];
  try {
    ids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return { atMs: performance.now(), threads, waiting };
  }
  for (const id of ids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${id}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
      threads.set(Number(id), (Number(fields[11]) + Number(fields[12])) * TICK_MS);
      // schedstat: ns on a core, ns waiting on a run queue, timeslices.
      waiting.set(Number(id), Number(readFileSync(`/proc/${pid}/task/${id}/schedstat`, 'utf8').split(' ')[1]) / 1e6);
    } catch {
      // the thread ended between readdir and read, or the kernel has no schedstat
    }
  }
  return { atMs: performance.now(), threads, waiting };
}

export interface CpuUse {
  /** CPU µs per committed tx, all threads of the process. */
  cpuUsPerTx: number;
  /** CPU µs per committed tx on the main thread (the one that runs consensus and the API). */
  mainUsPerTx: number;
  /** Share of one core each thread was busy over the interval, main first, then the others busiest first (those above 1%). */
  utilisation: { main: number; others: number[] };
  /**
   * Share of the interval the main thread was ready to run but waited for a core: high when other
   * work (other nodes, the load generator, other processes) shares the machine, which wall-clock
   * figures then understate.
   */
  mainWaitingForCore: number;
}

export function cpuUse(pid: number, before: CpuSnapshot, after: CpuSnapshot, committed: number): CpuUse {
  const wallMs = Math.max(1, after.atMs - before.atMs);
  const used = (tid: number): number => (after.threads.get(tid) ?? 0) - (before.threads.get(tid) ?? 0);
  let total = 0;
  const others: number[] = [];
  for (const tid of after.threads.keys()) {
    const ms = used(tid);
    total += ms;
    if (tid !== pid) others.push(ms / wallMs);
  }
  const perTx = (ms: number): number => (committed === 0 ? 0 : Math.round((ms * 1000) / committed));
  const round = (share: number): number => Math.round(share * 100) / 100;
  return {
    cpuUsPerTx: perTx(total),
    mainUsPerTx: perTx(used(pid)),
    utilisation: { main: round(used(pid) / wallMs), others: others.filter((s) => s >= 0.01).sort((a, b) => b - a).map(round) },
    mainWaitingForCore: round(((after.waiting.get(pid) ?? 0) - (before.waiting.get(pid) ?? 0)) / wallMs),
  };
}
