/**
 * Every resource bound of the networking layer in one place (STYLE.md §6); spec/p2p.md §Limits lists
 * them with their reasons. Sizes are bytes of the canonical CBOR message, before any libp2p framing.
 */
/** Room for a message's envelope: type tag, version and field names around the payload. */
const ENVELOPE_BYTES = 1024;

// ── Gossip (one message = one gossipsub message) ─────────────────────────────────────────────────
/**
 * A tx batch (spec/p2p.md §Tx batches) carries 1 to TX_BATCH_TXS_MAX txs, each of at most
 * TX_BYTES_MAX (16 KiB), together at most TX_BATCH_BYTES_MAX. One gossip message per tx made libp2p
 * 28% of a node's main thread with four validators (issue 13); a batch pays gossipsub's per-message
 * costs (framing, id, seen-cache, validation round trip) once for up to 256 txs.
 */
export const TX_BATCH_TXS_MAX = 256;
export const TX_BATCH_BYTES_MAX = 512 * 1024;
/** The batch's envelope plus a CBOR byte-string header of at most 3 bytes per tx (a tx is < 64 KiB). */
export const TX_BATCH_MESSAGE_BYTES_MAX = TX_BATCH_BYTES_MAX + 3 * TX_BATCH_TXS_MAX + ENVELOPE_BYTES;
/**
 * How long the host collects txs for one batch after the first; a batch leaves earlier when it holds
 * TX_BATCH_TXS_MAX txs or the next tx would pass TX_BATCH_BYTES_MAX. 20 ms is a tenth of the p99
 * a client sees at half load and under a block time (250 ms).
 */
export const TX_BATCH_WINDOW_MS = 20;
/** A signed vote is ~250 bytes (a 90-character address, a 32-byte hash, a 64-byte signature). */
export const VOTE_MESSAGE_BYTES_MAX = 2 * 1024;
/** An evidence message: one piece (EVIDENCE_BYTES_MAX, 1 KiB) in the envelope (spec/p2p.md §Evidence). */
export const EVIDENCE_MESSAGE_BYTES_MAX = 2 * 1024;
/**
 * A re-sent vote (spec/consensus.md C9) carries the sender's relay epoch, its clock in steps of
 * RELAY_EPOCH_MS (the driver's re-send interval), and is taken only within RELAY_EPOCH_SKEW_MAX
 * epochs of the receiver's: clocks of validators agree far better (block times are refused past
 * 2 s of drift), and the window bounds the gossip ids one vote can have (src/p2p/message-id.ts).
 */
export const RELAY_EPOCH_MS = 1_000;
export const RELAY_EPOCH_SKEW_MAX = 5;
/**
 * A relay epoch further than this from ours (an hour) is no clock's, only a forged counter's: it
 * earns a strike. Between the two bounds the copy is ignored without one, since an honest node with
 * a badly set clock would send it ([p2p-verdict-1]).
 */
export const RELAY_EPOCH_FORGED_MIN = 3_600;
/**
 * One gossipsub RPC frame, both ways. @libp2p/gossipsub 17 length-prefixes outgoing RPCs with
 * it-length-prefixed's default bound of 4 MiB and offers no option to raise it (measured: a 4 MiB
 * proposal fails with ERR_MSG_DATA_TOO_LONG and reaches no one), so this is a hard ceiling.
 */
export const GOSSIP_RPC_BYTES_MAX = 4 * 1024 * 1024;
/**
 * Room in an RPC beyond our message: gossipsub piggybacks IHAVE gossip (up to 5,000 ids of ~34
 * bytes per topic, three topics) and GRAFT/PRUNE on any RPC. An RPC over the ceiling is dropped.
 */
const GOSSIP_RPC_HEADROOM_BYTES = 512 * 1024;
/** A proposal carries its whole block: 3.5 MiB. */
export const PROPOSAL_MESSAGE_BYTES_MAX = GOSSIP_RPC_BYTES_MAX - GOSSIP_RPC_HEADROOM_BYTES;
/**
 * The largest encoded block a proposal can carry. The chain keeps encoded blocks within
 * BLOCK_ENCODED_BYTES_MAX (src/chain/limits.ts), which must not exceed this (tested).
 */
export const PROPOSAL_BLOCK_BYTES_MAX = PROPOSAL_MESSAGE_BYTES_MAX - 4 * ENVELOPE_BYTES;
/**
 * A compact proposal (spec/p2p.md §3.5) carries the header, the tx ids (34 bytes each in CBOR, at
 * most BLOCK_TXS_MAX = 10,000) and the evidence (at most 32 pieces of 1 KiB): 340,000 + 33,000 bytes
 * and a header of ~600, within 512 KiB.
 */
export const COMPACT_PROPOSAL_MESSAGE_BYTES_MAX = 512 * 1024;
/** A request for a proposal's missing txs: up to BLOCK_TXS_MAX ids of 34 bytes and the block hash. */
export const PROPOSAL_TXS_REQUEST_BYTES_MAX = 512 * 1024;
/** The answer: the txs asked for, at most a block's worth (BLOCK_ENCODED_BYTES_MAX) and framing. */
export const PROPOSAL_TXS_RESPONSE_BYTES_MAX = PROPOSAL_MESSAGE_BYTES_MAX;
/** Whole exchange: 3.5 MiB at ~2 MB/s is under 2 s; the propose timeout is 3 s. */
export const PROPOSAL_TXS_REQUEST_TIMEOUT_MS = 2_500;
/**
 * Blocks of proposals this host published or rebuilt whose txs it keeps to serve peers rebuilding
 * the same proposal (their txs may leave the mempool when the block commits): a few rounds' worth.
 */
export const PROPOSAL_BLOCKS_KEPT = 4;
/** Bytes queued for one peer's gossip stream; past it the stream is reset (a peer far too slow). */
export const GOSSIP_OUTBOUND_BUFFER_BYTES_MAX = 4 * GOSSIP_RPC_BYTES_MAX;

// ── Request/response ─────────────────────────────────────────────────────────────────────────────
/** Blocks asked for in one block-sync request; larger requests are refused. */
export const BLOCK_SYNC_MAX_BLOCKS = 64;
export const BLOCK_SYNC_REQUEST_BYTES_MAX = 256;
/** A commit holds at most 10,000 signatures (src/chain/block.ts) of ~180 bytes each. */
export const COMMIT_BYTES_MAX = 2 * 1024 * 1024;
/**
 * A block-sync response holds as many of the requested blocks as fit. It always fits one block of
 * the largest size with the largest commit, so sync never stalls on a big block.
 */
export const BLOCK_SYNC_RESPONSE_BYTES_MAX = 16 * 1024 * 1024;
export const STATUS_MESSAGE_BYTES_MAX = 512;

/** Peers one `requestBlocks` call tries, one after another, before giving up until the next call. */
export const BLOCK_SYNC_PEERS_TRIED_MAX = 8;
/** Whole request, from opening the stream to the last byte of the response. */
export const STATUS_REQUEST_TIMEOUT_MS = 5_000;
/** 16 MiB at ~2 MB/s, the slowest link we plan for, is ~8 s; 30 s leaves room for a busy peer. */
export const BLOCK_SYNC_REQUEST_TIMEOUT_MS = 30_000;
/** Streams of one request protocol a peer may hold open at once on one connection. */
export const REQUEST_STREAMS_PER_CONNECTION_MAX = 4;
/**
 * Token bucket per peer over both request protocols: a burst of 20, then 10 requests per second,
 * i.e. up to 640 blocks per second to one syncing peer, more than a node executes (spec/p2p.md).
 */
export const PEER_REQUEST_BURST = 20;
export const PEER_REQUESTS_PER_SECOND = 10;

// ── Peers ────────────────────────────────────────────────────────────────────────────────────────
export const CONNECTIONS_MAX = 64;
export const DIAL_TIMEOUT_MS = 5_000;
/** Static peers are redialed after min(REDIAL_INITIAL_MS · 2^attempt, REDIAL_MAX_MS), ±20% jitter. */
export const REDIAL_INITIAL_MS = 500;
export const REDIAL_MAX_MS = 30_000;
/**
 * Peer scoring (spec/p2p.md §Validation and peer scoring): each invalid message, malformed or
 * rejected by a handler, adds one strike; one strike is forgiven every INVALID_FORGIVE_MS. At
 * INVALID_STRIKES_TO_BAN strikes the peer is disconnected and refused, both ways, for PEER_BAN_MS.
 */
export const INVALID_STRIKES_TO_BAN = 10;
export const INVALID_FORGIVE_MS = 60_000;
export const PEER_BAN_MS = 10 * 60_000;
/**
 * Strikes for serving a block whose commit does not verify (or that is not of this chain): an honest
 * node serves only blocks it committed after checking that very commit, so this is a lie, not a
 * glitch; two such answers ban the peer (spec/p2p.md §Block sync; issue 12, attack 5).
 */
export const BLOCK_SYNC_BAD_COMMIT_STRIKES = INVALID_STRIKES_TO_BAN / 2;
/** Peers whose score is tracked; the oldest unbanned record is dropped past this. */
export const SCORED_PEERS_MAX = 4_096;
/**
 * Gossip messages being checked by handlers at once, per class (spec/p2p.md §3.4); further ones are
 * ignored (not forwarded). Apart, so that tx batches waiting for the worker pool — a peer can send
 * them far faster than they verify — never take the places of proposals and votes. 64 batches are
 * up to 16,384 txs, two seconds of the pool's work on two cores.
 */
export const PENDING_TX_VALIDATIONS_MAX = 64;
export const PENDING_CONSENSUS_VALIDATIONS_MAX = 1_024;

/**
 * State sync (spec/p2p.md §5, spec/node.md §State sync). An offer carries at most
 * SNAPSHOT_HANDOVERS_MAX (1 024) heights of ≤ 9 bytes; a chunk at most SNAPSHOT_CHUNK_BYTES_MAX (2 MiB)
 * of keys and values and SNAPSHOT_CHUNK_ENTRIES_MAX (8 192) entries, each with ≤ 9 bytes of CBOR
 * headers (src/chain/limits.ts). The timeout is the block-sync one: a chunk is smaller than a response.
 */
export const SNAPSHOT_OFFER_REQUEST_BYTES_MAX = 64;
export const SNAPSHOT_OFFER_BYTES_MAX = 16 * 1024;
export const SNAPSHOT_CHUNK_REQUEST_BYTES_MAX = 128;
export const SNAPSHOT_CHUNK_MESSAGE_BYTES_MAX = 2 * 1024 * 1024 + 8_192 * 16 + 1_024;
export const SNAPSHOT_REQUEST_TIMEOUT_MS = 30_000;
/** A served snapshot that fails its checks, as a forged commit does (§5): two such answers ban the peer. */
export const SNAPSHOT_BAD_STRIKES = 5;
