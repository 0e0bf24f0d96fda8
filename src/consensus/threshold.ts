/**
 * The paper's thresholds in voting power. With n = 3f + 1 equal powers, "2f + 1 messages" is the
 * smallest power > 2/3 of the total and "f + 1 messages" the smallest power > 1/3 of the total;
 * with weighted validators those are the definitions (Buchman, Kwon, Milosevic 2018, §2). Integer
 * comparisons only: 3·power > 2·total, no division, no floating point.
 */

/** "2f + 1": more than two thirds of the total power. */
export function isQuorum(power: bigint, totalPower: bigint): boolean {
  return power * 3n > totalPower * 2n;
}

/** "f + 1": more than one third of the total power, so at least one correct validator. */
export function isOneThird(power: bigint, totalPower: bigint): boolean {
  return power * 3n > totalPower;
}
