// Who is Byzantine in a seed: the members (each with its kind of fault), and the coalitions of two or
// more that a seed with room for them draws. A coalition stays within f: at most ⌊(n − 1) / 3⌋
// members (f < n/3, issue 12) whose total power is under 1/3 of the set's.
import { Prng } from './prng.ts';

/**
 * What one Byzantine validator does:
 * - 'equivocator': every lie of byzantine.ts (amnesiac second proposals, double votes, withheld
 *   precommits, far-round votes, floods, replays; grinding when `grinds`);
 * - 'equivocating-proposer': as proposer, a second block to one side of its peers; votes honestly;
 * - 'double-voter': prevotes and precommits for two values by side, and withholds some precommits;
 * - 'flooder': as proposer, further valid blocks for its round to everybody (attack 2);
 * - 'replayer': its votes republished many times with fresh relay counters (attack 3), and votes
 *   for far rounds;
 * - 'grinder': grinds its round-0 proposals (attack 1), honest otherwise;
 * - 'twins': its key in two processes of the node's own code (the Twins method);
 * - 'clock-off': the node's own code with a clock 30 s ahead or behind.
 */
export type ByzantineKind = 'equivocator' | 'equivocating-proposer' | 'double-voter' | 'flooder' | 'replayer' | 'grinder' | 'twins' | 'clock-off';

export interface ByzantineMember {
  index: number;
  kind: ByzantineKind;
  /** An equivocator that also grinds (the other kinds: only 'grinder' grinds). */
  grinds: boolean;
}

/** The coalitions a seed may draw, by name; each name lists its members' kinds. */
export const COALITIONS = {
  'twins+equivocating-proposer': ['twins', 'equivocating-proposer'],
  'double-voter+clock-off': ['double-voter', 'clock-off'],
  'flooder+replayer': ['flooder', 'replayer'],
  'grinder+double-voter': ['grinder', 'double-voter'],
  'twins+twins': ['twins', 'twins'],
  'equivocator+equivocator': ['equivocator', 'equivocator'],
} as const satisfies Record<string, readonly ByzantineKind[]>;

export type CoalitionName = keyof typeof COALITIONS;

/** How often (%) a seed with room for a coalition (f ≥ 2, i.e. 7 validators) draws one. */
const COALITION_PERCENT = 60;
/** The PRNG stream of the coalition draw: the draws of scenario.ts stay as they were. */
const COALITION_STREAM = 0xc0a11710;
/** The clock offset of a 'clock-off' member (as skewed-clock.test.ts). */
export const CLOCK_OFF_MS = 30_000;

/** The most Byzantine members n validators tolerate: f with n ≥ 3f + 1. */
export function maxFaulty(validatorCount: number): number {
  return Math.floor((validatorCount - 1) / 3);
}

export interface Coalition {
  name: CoalitionName;
  members: ByzantineMember[];
  /** Per member index, its clock offset (0 but for 'clock-off'). */
  clockOffsetMs: Map<number, number>;
}

/**
 * Draws a coalition for a seed, or null: kept is the member scenario.ts placed (it stays one of the
 * coalition), and `powers` are lowered (members) or raised (honest) so that the coalition holds
 * under 1/3 of the power.
 */
export function drawCoalition(seed: number, powers: bigint[], kept: number | null): Coalition | null {
  const rng = new Prng(seed ^ COALITION_STREAM);
  const names = Object.keys(COALITIONS) as CoalitionName[];
  const name = rng.pick(names);
  const kinds: readonly ByzantineKind[] = COALITIONS[name];
  if (kinds.length > maxFaulty(powers.length) || !rng.chance(COALITION_PERCENT)) return null;
  const indices = kept === null ? [] : [kept];
  while (indices.length < kinds.length) {
    const index = rng.below(powers.length);
    if (!indices.includes(index)) indices.push(index);
  }
  placeCoalition(powers, indices);
  const clockOffsetMs = new Map<number, number>();
  const members = indices.map((index, i): ByzantineMember => {
    if (kinds[i] === 'clock-off') clockOffsetMs.set(index, rng.chance(50) ? CLOCK_OFF_MS : -CLOCK_OFF_MS);
    return { index, kind: kinds[i], grinds: false };
  });
  return { name, members: members.sort((a, b) => a.index - b.index), clockOffsetMs };
}

/**
 * Total member power p < total / 3, i.e. 2p < the honest power: honest powers are tripled until each
 * member can keep at least 1, then each member keeps at most an equal share of (honest − 1) / 2.
 */
export function placeCoalition(powers: bigint[], members: readonly number[]): void {
  const isMember = (i: number): boolean => members.includes(i);
  const honestPower = (): bigint => powers.reduce((sum, power, i) => (isMember(i) ? sum : sum + power), 0n);
  const size = BigInt(members.length);
  while (honestPower() < 2n * size + 1n) for (let i = 0; i < powers.length; i++) if (!isMember(i)) powers[i] *= 3n;
  const share = (honestPower() - 1n) / 2n / size;
  for (const i of members) if (powers[i] > share) powers[i] = share;
}
