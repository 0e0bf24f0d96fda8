import { invariant } from '../../errors/base.ts';

/**
 * Reputation decay by an integer table (spec/org.md §2). Time is cut into steps of halfLifeMs / 16
 * from the org's creation; reputation read n steps after it was stored is
 *   ⌊(r >> ⌊n/16⌋) × HALF[n mod 16] / 10^6⌋,
 * HALF[i] = round(10^6 × 2^(−i/16)). It never grows and halves exactly every 16 steps. Applied lazily
 * when a tx reads a reputation: nothing runs per block.
 */
export const STEPS_PER_HALF_LIFE = 16;

export const HALF: readonly bigint[] = [
  1_000_000n, 957_603n, 917_004n, 878_126n, 840_896n, 805_245n, 771_105n, 738_413n,
  707_107n, 677_128n, 648_420n, 620_929n, 594_604n, 569_394n, 545_254n, 522_137n,
];

const MILLION = 1_000_000n;

/** The step of block time `timeMs` for an org created at `createdMs` with half-life `halfLifeMs`. */
export function stepAt(createdMs: number, halfLifeMs: number, timeMs: number): number {
  const stepMs = Math.floor(halfLifeMs / STEPS_PER_HALF_LIFE);
  invariant(stepMs >= 1 && timeMs >= createdMs, 'decay step before the org or of zero length');
  return Math.floor((timeMs - createdMs) / stepMs);
}

/** `reputation` stored `steps` steps ago, as it reads now. */
export function decay(reputation: bigint, steps: number): bigint {
  invariant(steps >= 0 && Number.isSafeInteger(steps), `decay over ${steps} steps`);
  if (reputation === 0n) return 0n;
  const halvings = Math.floor(steps / STEPS_PER_HALF_LIFE);
  if (halvings >= 128) return 0n;
  return ((reputation >> BigInt(halvings)) * HALF[steps % STEPS_PER_HALF_LIFE]) / MILLION;
}
