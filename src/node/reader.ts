import type { Genesis } from '../chain/genesis.ts';
import type { StateReader } from '../ledger/state.ts';
import type { DecodedTx } from '../ledger/types.ts';
import type { EvidenceDocumentResponse, ListingsResponse, OrdersResponse } from '../wire/types.ts';
import type { ReviewsJson } from '../wire/reputation.ts';
import type { ListingSearch } from './market-queries.ts';
import type { StoreReader } from './store-port.ts';
import type { TxStatus } from './tx-status.ts';

export type { TxStatus } from './tx-status.ts';

/**
 * The query interface (spec/node.md §Query interface): everything the API may read of the node, and
 * nothing it could write with. The query functions (queries.ts, records-queries.ts, …) take it.
 */
export interface NodeReader {
  readonly store: StoreReader;
  readonly chain: {
    readonly genesis: Genesis;
    readonly height: number;
    readonly lastHash: string;
    readonly lastTimeMs: number;
  };
  readonly mempool: {
    readonly size: number;
    has(id: string): boolean;
    get(id: string): DecodedTx | undefined;
    /** The state as pending txs leave it: what a wallet should use for its next nonce. */
    pendingState(): StateReader;
  };
  txStatus(id: string): TxStatus;
  /** Resolves when the tx is durably committed, or with its current status after `timeoutMs`. */
  waitForCommit(id: string, timeoutMs: number): Promise<TxStatus>;
  /** This node's peer id and connected peers; null and 0 without a network. */
  peers(): { peerId: string | null; count: number };
  /**
   * The provenance report of an existing item at the latest height, as its canonical text in UTF-8
   * (spec/provenance.md §4), built on the read thread (reports.ts). Refuses with
   * `report_too_large` and `too_many_reports` (spec/limits.md §3).
   */
  itemReport(id: string): Promise<Uint8Array>;
  /**
   * Active listings matching `search` (spec/market.md §6), run on the read thread over one snapshot
   * whose height and block time are the answer's `at` (listing-searches.ts). Bad input is refused with
   * its code before any wait; `too_many_searches` when LISTING_SEARCHES_MAX run or wait already.
   */
  searchListings(search: ListingSearch, limit: number, after?: string): Promise<ListingsResponse>;
  /**
   * Three more reads of many records, each run on the read thread over one snapshot (thread-reads.ts):
   * an arbiter's queue (spec/market.md §6), the reviews of an address (spec/reputation.md §3) and a
   * block's evidence document (spec/chain.md §6.5). Bad input is refused with its code before any
   * wait; `too_many_reads` when THREAD_READS_MAX of that kind run or wait already.
   */
  arbiterDisputes(address: string, limit: number, after?: string): Promise<OrdersResponse>;
  reviews(subject: string): Promise<ReviewsJson>;
  evidenceDocument(height: number | 'latest'): Promise<EvidenceDocumentResponse>;
  // reputation (spec/reputation.md)
  /**
   * The reputation report of an address at the latest height, as its canonical text in UTF-8
   * (spec/reputation.md §4), built on the read thread and kept by (address, height) (reports.ts): what
   * the API serves. `bad_address`, `not_found` for an address that never traded, `report_too_large`
   * past REPUTATION_REPORT_REVIEWS_MAX reviews, `too_many_reports` when REPORT_REQUESTS_MAX wait already.
   */
  reputationReportBytes(subject: string): Promise<Uint8Array>;
  /**
   * The same report built at once on the calling thread, as a string: for in-process callers that own
   * the node (tests, tools), never for a request of a client (it would run on the consensus thread).
   */
  reputationReport(subject: string): string;
}
