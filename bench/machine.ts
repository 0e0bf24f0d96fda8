import { cpus, totalmem } from 'node:os';

/** What the numbers were measured on, for bench/results/*.json. */
export function machine(): { cpus: number; model: string; memoryGiB: number; node: string } {
  return { cpus: cpus().length, model: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
}
