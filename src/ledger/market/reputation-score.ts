/**
 * The reputation score (spec/reputation.md §3): the value-weighted mean rating mapped from 1…5 to
 * 0…1 000 000 parts per million, rounded down; null while no native value weighs in. Integers only;
 * browser-safe, no imports, so the SDK, the web app and the report verifier compute it as the node does.
 *
 *   scorePpm = (weightedSum − weight) × 1 000 000 ÷ (4 × weight)
 */
export const PPM = 1_000_000n;

export function reputationScore(aggregates: { weight: bigint; weightedSum: bigint }): bigint | null {
  const { weight, weightedSum } = aggregates;
  if (weight === 0n) return null;
  if (weightedSum < weight || weightedSum > 5n * weight) throw new RangeError(`weightedSum ${weightedSum} is outside [weight, 5 × weight] for weight ${weight}`);
  return ((weightedSum - weight) * PPM) / (4n * weight);
}
