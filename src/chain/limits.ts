/** Bounds of blocks (spec/limits.md). */
export const BLOCK_TXS_MAX = 10_000;
/**
 * Sum of a block's tx bytes. A proposal carries its block in one gossip message, whose ceiling is
 * 3.5 MiB (src/p2p/limits.ts PROPOSAL_BLOCK_BYTES_MAX); 3 MiB leaves room for the header and
 * envelope. 5,000 plain transfers (~200 bytes each) take about 1 MiB.
 */
export const BLOCK_BYTES_MAX = 3 * 1024 * 1024;
/** An encoded block: its txs plus the header and per-tx framing. */
export const BLOCK_ENCODED_BYTES_MAX = BLOCK_BYTES_MAX + 64 * 1024;
/** Rounds are bounded by the consensus core (src/consensus/limits.ts ROUND_MAX). */
export const COMMIT_ROUND_MAX = 2 ** 31 - 2;
/** A proposal's time may be at most this far ahead of a validator's own clock (spec/consensus.md). */
export const BLOCK_TIME_DRIFT_MS_MAX = 2_000;
/**
 * Proposer-based timestamps (CometBFT PBTS, spec/consensus.md §Proposer-based timestamps): the
 * largest difference between two honest validators' clocks. A round-0 proposal may be up to this
 * far ahead of the receiver's clock, and contributes to how far behind it may be.
 */
export const PROPOSAL_TIME_PRECISION_MS = 1_000;
/**
 * PBTS: how long a proposal may take from its proposer stamping the time (the build starts) to a
 * validator receiving it: building, signing and one gossip hop of a block up to 3 MiB. A round-0
 * proposal may be at most PRECISION + this behind the receiver's clock. Later rounds allow 10 % more
 * per round (CometBFT's adaptive MessageDelay), so an underestimate costs rounds, not liveness.
 */
export const PROPOSAL_MESSAGE_DELAY_MS = 5_000;
/**
 * Evidence (spec/chain.md §6). A block carries at most EVIDENCE_PER_BLOCK_MAX pieces, each at most
 * EVIDENCE_BYTES_MAX encoded: 32 × 1 KiB fits in the 64 KiB a block's encoding has beside its txs.
 * A duplicate-vote piece is about 300 bytes, a proposal-equivocation piece about 320.
 */
export const EVIDENCE_PER_BLOCK_MAX = 32;
export const EVIDENCE_BYTES_MAX = 1_024;
/**
 * Evidence of an offence at height h may be committed in blocks h + 1 … h + EVIDENCE_AGE_MAX_HEIGHTS
 * (`too_old` after that). Bounds what a node must keep to judge it: the validator set of h, and the
 * pending pool. At a block a second, 100 heights are under two minutes of gossip.
 */
export const EVIDENCE_AGE_MAX_HEIGHTS = 100;

/**
 * State sync (spec/node.md §State sync, spec/p2p.md §5): a snapshot is served in chunks of at most
 * SNAPSHOT_CHUNK_ENTRIES_MAX entries and SNAPSHOT_CHUNK_BYTES_MAX bytes of keys and values (an entry
 * larger than that travels alone), at most SNAPSHOT_CHUNKS_MAX chunks and SNAPSHOT_ENTRIES_MAX entries in
 * all: the syncing node holds the whole state in memory until it checks the root (~150 bytes an entry
 * ~600 MB at the bound), and an offer past them is refused before any chunk is
 * asked for. A hand-over list longer than SNAPSHOT_HANDOVERS_MAX is refused too.
 */
export const SNAPSHOT_CHUNK_ENTRIES_MAX = 8_192;
export const SNAPSHOT_CHUNK_BYTES_MAX = 2 * 1024 * 1024;
export const SNAPSHOT_CHUNKS_MAX = 4_096;
export const SNAPSHOT_ENTRIES_MAX = 4_000_000;
export const SNAPSHOT_HANDOVERS_MAX = 1_024;
/** A state key is text of at most this many UTF-8 bytes (ledger keys are far shorter). */
export const STATE_KEY_BYTES_MAX = 1_024;
/** A state value: a record is written by one tx of at most 16 KiB; the largest lists (a validator set of 64) are ~10 KB. Far above both. */
export const STATE_VALUE_BYTES_MAX = 1024 * 1024;
