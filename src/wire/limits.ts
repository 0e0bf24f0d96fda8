/**
 * The bounds a client of the HTTP API can see (spec/limits.md §3, spec/api.md): they are part of the
 * wire contract (request schemas and route summaries name them), so they live here, below both the
 * node that enforces them and the SDK that respects them. src/node re-exports them where it used to
 * define them.
 */

/** Txs in one `POST /v1/txs` batch. */
export const HTTP_BATCH_TXS_MAX = 2_000;
/** The largest `limit` of a paginated route. */
export const PAGE_LIMIT_MAX = 100;
/** The `limit` of a paginated route that names none. */
export const PAGE_LIMIT_DEFAULT = 20;
/** Open `GET /v1/events` streams. */
export const EVENT_SUBSCRIBERS_MAX = 256;
/** How long `?wait=commit` waits before answering 202 with the tx still pending. */
export const COMMIT_WAIT_MS_MAX = 30_000;
/** Balance entries (of any asset) one holders request may visit: the bound on a request's work. */
export const HOLDERS_SCAN_ENTRIES_MAX = 10_000;
/** Items one lineage answer holds before it says `truncated`. */
export const LINEAGE_ITEMS_MAX = 1000;
/** Txs of an address one account-contracts request may visit. */
export const CONTRACTS_SCAN_TXS_MAX = 1000;
/**
 * Provenance reports a node builds or waits on at once (spec/provenance.md §4); one more request is
 * refused with 429 `too_many_reports`. A report already cached is served whatever the count.
 */
export const REPORT_REQUESTS_MAX = 4;
/** Search index entries one `GET /v1/listings` (or arbiter queue) request may visit: the bound on its work (spec/limits.md §3). */
export const LISTINGS_SCAN_MAX = 1000;
/**
 * Listing searches a node runs or holds for its read thread at once (spec/market.md §6); one more is
 * refused with 429 `too_many_searches`. A search scans LISTINGS_SCAN_MAX entries at most, so sixteen
 * wait a few hundred ms at most behind each other, not behind consensus.
 */
export const LISTING_SEARCHES_MAX = 16;
/**
 * Reads of one kind — arbiter queues, review lists, evidence documents — a node runs or holds for its
 * read thread at once (spec/node.md §Reads off the consensus thread); one more is refused with 429
 * `too_many_reads`. Each is bounded as a search is, so sixteen wait behind each other briefly.
 */
export const THREAD_READS_MAX = 16;
/** The longest `q` of a listing search: a title's length (MARKET_TITLE_LENGTH_MAX). */
export const MARKET_QUERY_LENGTH_MAX = 120;
/** Contributions or motions one org route visits at most per request (spec/limits.md). */
export const ORG_SCAN_MAX = 1000;

/** Index entries one GET /v1/jobs request visits at most (src/node/work-queries.ts): open jobs past their apply deadline are skipped. */
export const JOBS_SCAN_MAX = 1000;
