/**
 * Every resource bound of the consensus core, in one place (STYLE.md §6). A Byzantine validator can
 * send messages for any round; these keep the memory one height can take bounded.
 */

/** Rounds are u32 in the proposer draw; one below 2^31 keeps `round + 1` and timeouts exact. */
export const ROUND_MAX = 2 ** 31 - 2;

/** Heights are u64 in the proposer draw; numbers stay exact up to 2^53 − 1. The ledger's HEIGHT_MAX, which consensus may not import (test/architecture/limits.test.ts holds them equal). */
export const HEIGHT_MAX = Number.MAX_SAFE_INTEGER;

/**
 * Messages for rounds above `round + MAX_ROUNDS_AHEAD` are not stored, only counted for the round
 * skip (line 55, see `highestRoundSeen`). The node's gossip delivers them again once we get there.
 */
export const MAX_ROUNDS_AHEAD = 32;

/**
 * Distinct proposals kept per round before a further one is kept only if > 1/3 of the power voted
 * for its value in that round. Only an equivocating proposer sends more than one.
 */
export const MAX_UNSUPPORTED_PROPOSALS_PER_ROUND = 2;

/** Upper bound of the total voting power: keeps the proposer draw's modulo bias below 2^-192. */
export const MAX_TOTAL_POWER = (1n << 64n) - 1n;
