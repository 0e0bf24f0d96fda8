/** Node-level bounds (spec/limits.md). Ledger bounds are in src/ledger/limits.ts. */
export const MEMPOOL_TXS_MAX = 50_000;
export const MEMPOOL_TXS_PER_SENDER_MAX = 1_000;
export const MEMPOOL_BYTES_MAX = 64 * 1024 * 1024;
/** Txs taken into one block (≤ BLOCK_TXS_MAX). */
export const BLOCK_TXS_TARGET = 5_000;
export const HTTP_BODY_BYTES_MAX = 8 * 1024 * 1024;
// The bounds a client sees are part of the wire contract, defined there once.
export { COMMIT_WAIT_MS_MAX, EVENT_SUBSCRIBERS_MAX, HTTP_BATCH_TXS_MAX, PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX, REPORT_REQUESTS_MAX } from '../wire/limits.ts';
/**
 * The txs of all the blocks one provenance report spans (spec/limits.md §3): a report hashes each of
 * them twice (its id and its result, one tree per block), so this bounds its work, not its size.
 */
export const REPORT_BLOCK_TXS_MAX = 500_000;
/** State entries and trie nodes the last committed blocks wrote, kept to execute the next block (LocalChain). */
export const RECENT_WRITES_MAX = 1 << 17;
/** Committed state entries the mempool keeps as read or as the last blocks wrote them (Mempool). */
export const MEMPOOL_READ_CACHE_MAX = 1 << 17;
/** Loaded blocks (txs, results, both trees) the report worker keeps for later reports. */
export const REPORT_BLOCK_CACHE_BYTES_MAX = 64 * 1024 * 1024;
/** Report texts kept by (item, height), least recently used out first. */
export const REPORT_CACHE_BYTES_MAX = 64 * 1024 * 1024;

// ── Consensus messages from peers (src/node/shell/inbound.ts; spec/limits.md §Node) ─────────────
/** Heights ahead of ours whose consensus messages are kept until consensus gets there. */
export const FUTURE_HEIGHTS_BUFFERED = 2;
/** Messages kept for future heights, in all. */
export const FUTURE_MESSAGES_MAX = 10_000;
/**
 * Messages kept for future heights per signing validator: two heights of votes (prevote and
 * precommit) over the first rounds, and a few proposals. A validator that signs junk for heights
 * we have not reached fills only its own share.
 */
export const FUTURE_MESSAGES_PER_VALIDATOR_MAX = 64;
export const FUTURE_PROPOSALS_PER_VALIDATOR_MAX = 4;
/** Bytes kept for future heights, in all: about four proposals of the largest size. */
export const FUTURE_BYTES_MAX = 16 * 1024 * 1024;
/** Vote identities remembered as held (checked and delivered), so a copy is dropped unverified. */
export const HELD_VOTES_MAX = 100_000;
/** Verified evidence not yet committed, one piece per offence (src/node/evidence-pool.ts, spec/limits.md §3). */
export const PENDING_EVIDENCE_MAX = 256;

/**
 * State sync (spec/node.md §State sync). A server holds at most SNAPSHOTS_HELD_MAX snapshots (each an
 * LMDB read transaction), offers the newest again for SNAPSHOT_REUSE_MS so syncing nodes share it, and
 * drops one SNAPSHOT_IDLE_MS after its last request. A syncing node tries at most
 * STATE_SYNC_PEERS_TRIED_MAX peers, waits at most STATE_SYNC_WAIT_MS for one to be ahead, and state-syncs
 * only from a peer at least STATE_SYNC_LAG_MIN heights ahead (nearer, block sync is as quick).
 */
export const SNAPSHOTS_HELD_MAX = 2;
export const SNAPSHOT_REUSE_MS = 10_000;
export const SNAPSHOT_IDLE_MS = 60_000;
export const STATE_SYNC_PEERS_TRIED_MAX = 4;
export const STATE_SYNC_WAIT_MS = 20_000;
export const STATE_SYNC_LAG_MIN = 2;
