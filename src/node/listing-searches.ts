import type { ListingsResponse } from '../wire/types.ts';
import { LISTING_SEARCHES_MAX } from '../wire/limits.ts';
import { NodeError } from './errors.ts';
import { checkListingSearch, type ListingSearch } from './market-queries.ts';
import { WaitingBound, type ReadStats } from './thread-reads.ts';

/** Runs one checked search on the read thread (report-thread.ts), or in place of it in a test. */
export type RunSearch = (search: ListingSearch, limit: number, after: string | undefined) => Promise<ListingsResponse>;

/** Counts for tests and metrics. */
export type SearchStats = ReadStats;

/**
 * Listing searches (spec/market.md §6) off the thread that runs consensus (issue 14): a search visits
 * up to LISTINGS_SCAN_MAX index entries, and a crowd of them run where consensus runs held it
 * (test/api/market-load.test.ts, 48 clients of searches and reputation reports: a client polling
 * /v1/status got 126 answers while 647 reads were served there, 1,600 while 619 were served on the
 * read thread). Bad input is refused here, before any wait, with its code; a checked search runs on the read
 * thread over one snapshot of the store; at most `searchesMax` run or wait at once, one more is
 * refused with `too_many_searches` (429).
 */
export class ListingSearches {
  readonly stats: SearchStats;
  private readonly run: RunSearch;
  private readonly bound: WaitingBound;

  constructor(run: RunSearch, searchesMax: number = LISTING_SEARCHES_MAX) {
    this.run = run;
    this.bound = new WaitingBound(searchesMax, (max) => new NodeError('too_many_searches', `${max} listing searches are running; try again in a moment`));
    this.stats = this.bound.stats;
  }

  async search(search: ListingSearch, limit: number, after?: string): Promise<ListingsResponse> {
    checkListingSearch(search, limit, after);
    return this.bound.run(() => this.run(search, limit, after));
  }
}
