/**
 * Every bound of the ledger in one place (STYLE.md rule 6). spec/limits.md lists them with reasons.
 * Node-level bounds (mempool, HTTP bodies, pagination) live in src/node/limits.ts.
 */
export const AMOUNT_MAX = (1n << 128n) - 1n;
export const TX_BYTES_MAX = 16 * 1024;
export const TX_SIGNERS_MAX = 8;
export const TRANSFER_ENTRIES_MAX = 64;
export const CHAIN_ID_LENGTH_MAX = 64;
export const ASSET_SYMBOL_PATTERN = /^[A-Z][A-Z0-9]{1,11}$/;
export const ASSET_NAME_LENGTH_MAX = 64;
export const ASSET_DECIMALS_MAX = 18;
export const NONCE_MAX = (1n << 64n) - 1n;
export const HEIGHT_MAX = Number.MAX_SAFE_INTEGER;

// Records module (src/ledger/records; spec/ledger.md §7, spec/limits.md §1).
/** Registry names, item kinds and event types: lower-case, 1-32 characters, never '/' (they are parts of state keys). */
export const RECORD_NAME_PATTERN = /^[a-z][a-z0-9.-]{0,31}$/;
/** An item's metadata: opaque text (usually JSON), in characters. */
export const ITEM_METADATA_LENGTH_MAX = 2048;
/** A life event's data: opaque text (usually JSON), in characters. */
export const EVENT_DATA_LENGTH_MAX = 1024;
/** A retirement's reason, in characters. */
export const RETIRE_REASON_LENGTH_MAX = 256;
/** Document hashes (SHA-256, 32 bytes each) on one item, one event or one split part. */
export const DOCUMENTS_MAX = 16;
export const DOCUMENT_HASH_BYTES = 32;
/** Roles granted or revoked by one registry.create or registry.authorize (each list). */
export const REGISTRY_ROLES_PER_TX_MAX = 32;
export const SPLIT_CHILDREN_MAX = 32;
export const MERGE_PARENTS_MAX = 16;
/** Entries in one item's history; the history key holds the sequence number in 10 digits. */
export const ITEM_EVENTS_MAX = 1_000_000;

// Contracts: escrow, swap, offer, split (src/ledger/contracts; spec/ledger.md §8, spec/limits.md §1).
/** Asset entries in one holding (an escrow tranche, a swap leg, what an offer gives or asks). */
export const HOLDING_ASSETS_MAX = 16;
/** Items in one holding. */
export const HOLDING_ITEMS_MAX = 16;
/** Tranches (milestones) of one escrow. */
export const ESCROW_TRANCHES_MAX = 16;
/** Legs (one giver to one receiver) of one swap. */
export const SWAP_LEGS_MAX = 16;
/**
 * What a new contract's address may already hold, sent there before the contract existed, and still
 * be created: the creation moves it to the creator (spec/ledger.md §8.1), at most as many balances as
 * one transfer's entries and as many items as one holding.
 */
export const CONTRACT_STRAY_ASSETS_MAX = TRANSFER_ENTRIES_MAX;
export const CONTRACT_STRAY_ITEMS_MAX = HOLDING_ITEMS_MAX;
/** Members of one revenue split: bounds the transfers one incoming payment makes. */
export const SPLIT_MEMBERS_MAX = 16;
/** A member's weight in a split: 1 … this. */
export const SPLIT_WEIGHT_MAX = 1_000_000;
/** Deadlines are block times in ms since the Unix epoch, exact as JavaScript numbers. */
export const TIME_MS_MAX = Number.MAX_SAFE_INTEGER;

// Contracts: rental and stream (src/ledger/contracts/rental/, stream*.ts; spec/ledger.md §8.5, §8.6).
/** One rental period: 1 ms … 366 days. */
export const RENTAL_PERIOD_MS_MAX = 366 * 24 * 3_600_000;
/** Periods of one booking (an offer's maxPeriods): keeps a span's end below 2^53 ms. */
export const RENTAL_PERIODS_MAX = 10_000;
/** How long after a booking ends its owner may file a damage claim (and, as long again, its arbiter may resolve it). */
export const RENTAL_CLAIM_WINDOW_MS_MAX = 366 * 24 * 3_600_000;
/** How far ahead of the block time a booking may start. */
export const RENTAL_BOOKING_AHEAD_MS_MAX = 366 * 24 * 3_600_000;
/** Unsettled bookings of one rental: bounds its record and the work of settling it in one tx. */
export const RENTAL_OPEN_BOOKINGS_MAX = 32;
/** A damage claim's reason, in characters. */
export const RENTAL_CLAIM_REASON_LENGTH_MAX = 256;

// market (spec/market.md) and the escrow additions it builds on (spec/ledger.md §8.2.7).
/** An escrow's review window and arbiter window: 1 ms … 366 days. */
export const ESCROW_WINDOW_MS_MAX = 366 * 24 * 3_600_000;
/** A listing's title: characters and words (single spaces between them), so search indexes stay bounded. */
export const MARKET_TITLE_LENGTH_MAX = 120;
export const MARKET_TITLE_WORDS_MAX = 16;
/** A listing's metadata: opaque text (usually JSON), in characters. */
export const MARKET_METADATA_LENGTH_MAX = 2048;
/** Arbiters one listing offers. */
export const MARKET_ARBITERS_MAX = 8;
/** A listing's stock, and the quantity of one order. */
export const MARKET_STOCK_MAX = 1_000_000_000;
export const MARKET_QUANTITY_MAX = 1_000_000;
/** A sealed note to the seller (ephemeral key, ciphertext, tag): at most this many bytes on chain. */
export const MARKET_NOTE_BYTES_MAX = 512;
/** The refundable bond a listing holds, in base units of the native asset (spec/market.md §2). */
export const MARKET_LISTING_BOND = 1_000n;

// reputation (spec/reputation.md)
/** Blocks after a trade during which its parties may commit reviews (14 days at one block a second). */
export const REVIEW_COMMIT_BLOCKS = 1_209_600;
/** Blocks after the commit window during which committed reviews may be revealed (7 days at one block a second). */
export const REVIEW_REVEAL_BLOCKS = 604_800;
/** Named dimensions of one review (e.g. shipping, as-described), each rated like the review. */
export const REVIEW_DIMENSIONS_MAX = 8;
/** A rating: 1 (worst) … 5 (best); REVIEW_NEGATIVE_MAX and below count as negative. */
export const REVIEW_RATING_MAX = 5;
export const REVIEW_NEGATIVE_MAX = 2;
/** A review's text revealed on chain, in bytes of UTF-8: a paragraph, about what a marketplace review holds. */
export const REVIEW_TEXT_BYTES_MAX = 1024;
// org (spec/org.md)
/** One million: every ratio of the org module is in parts per million. */
export const PPM = 1_000_000;
/** Members of one org: bounds the founding split and keeps `orgmember/` lookups small. */
export const ORG_MEMBERS_MAX = 1024;
/** Founding members besides the creator, in one org.create. */
export const ORG_FOUNDERS_MAX = 15;
/** Evaluations of one contribution; also the earliness weight base (spec/org.md §3). */
export const ORG_EVALUATIONS_MAX = 32;
/** Assets and items an org's treasury holds (its record lists them). */
export const ORG_TREASURY_ASSETS_MAX = 32;
export const ORG_TREASURY_ITEMS_MAX = 32;
/** An org's name, a contribution's description and domain, in characters. */
export const ORG_NAME_LENGTH_MAX = 64;
export const ORG_DESCRIPTION_LENGTH_MAX = 280;
export const ORG_DOMAIN_LENGTH_MAX = 32;
/** The highest contribution score; a score of at least ORG_UP_SCORE is "up". */
export const ORG_SCORE_MAX = 100;
export const ORG_UP_SCORE = 50;
/** Assets an org distributes to its members (each has an accumulator in the org and every member record). */
export const ORG_DISTRIBUTION_ASSETS_MAX = 8;
// Validator set (src/ledger/validators; spec/ledger.md §10, spec/limits.md §1).
/** Members of a validator set, and approvals of one validators.update. */
export const VALIDATORS_MAX = 64;
/** Changes in one validators.update. */
export const VALIDATOR_CHANGES_MAX = 16;
/** A set's total power, and any one power: the consensus core's MAX_TOTAL_POWER (src/consensus/limits.ts). */
export const VALIDATOR_TOTAL_POWER_MAX = (1n << 64n) - 1n;
// work (spec/work.md)
/** Applications to one job: every per-job list stays bounded (bonds are still returned one by one). */
export const JOB_APPLICANTS_MAX = 64;
/** Arbiters a job accepts. */
export const JOB_ARBITERS_MAX = 4;
/** The review window of a job's milestones when its poster names none: 14 days (Upwork's). */
export const JOB_REVIEW_WINDOW_MS_DEFAULT = 14 * 24 * 3_600_000;
