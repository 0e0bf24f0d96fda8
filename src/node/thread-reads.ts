import type { EvidenceDocumentResponse, OrdersResponse } from '../wire/types.ts';
import type { ReviewsJson } from '../wire/reputation.ts';
import { THREAD_READS_MAX } from '../wire/limits.ts';
import { NodeError } from './errors.ts';
import { checkArbiterDisputes } from './market-queries.ts';
import { checkEvidenceHeight } from './queries.ts';
import { checkSubject } from './reputation-queries.ts';

/** The reads of this file as the read thread is asked them (report-worker.ts answers them). */
export type ThreadRead =
  | { kind: 'disputes'; address: string; limit: number; after?: string }
  | { kind: 'reviews'; subject: string }
  | { kind: 'evidence'; height: number | 'latest' };

/** What each of them answers. */
export interface ThreadReadResults {
  disputes: OrdersResponse;
  reviews: ReviewsJson;
  evidence: EvidenceDocumentResponse;
}

/** Runs one checked read on the read thread (report-thread.ts), or in place of it in a test. */
export type RunThreadRead = <K extends ThreadRead['kind']>(read: Extract<ThreadRead, { kind: K }>) => Promise<ThreadReadResults[K]>;

/** Counts for tests and metrics. */
export interface ReadStats {
  served: number;
  refused: number;
}

/**
 * A bound on one kind of read waiting for the read thread: at most `max` run or wait at once, one
 * more is refused with the error `refusal` makes (a 429), before it waits. What a client can queue
 * on the thread is then the sum of the bounds, whatever the number of clients.
 */
export class WaitingBound {
  readonly stats: ReadStats = { served: 0, refused: 0 };
  private readonly max: number;
  private readonly refusal: (max: number) => NodeError;
  private waiting = 0;

  constructor(max: number, refusal: (max: number) => NodeError) {
    if (!Number.isSafeInteger(max) || max < 1) throw new RangeError(`max ${max}`);
    this.max = max;
    this.refusal = refusal;
  }

  async run<T>(read: () => Promise<T>): Promise<T> {
    if (this.waiting >= this.max) {
      this.stats.refused++;
      throw this.refusal(this.max);
    }
    this.waiting++;
    try {
      const value = await read();
      this.stats.served++;
      return value;
    } finally {
      this.waiting--;
    }
  }
}

const tooMany = (what: string) => (max: number): NodeError => new NodeError('too_many_reads', `${max} ${what} are being read; try again in a moment`);

/**
 * Three reads of many records that ran on the thread that runs consensus after listing searches left
 * it (spec/node.md §Reads off the consensus thread): an arbiter's queue (LISTINGS_SCAN_MAX index
 * entries, an order, its escrow and listing for each of a page), the reviews of an address (up to
 * 2 × REPUTATION_REPORT_REVIEWS_MAX records, a trade and a mirror read each) and a block's evidence
 * document (up to REPORT_BLOCKS_MAX hand-over blocks). Each now runs on the read thread over one
 * snapshot, answering what it answered there (test/api/read-thread-load.test.ts measured the move).
 * Bad input is refused here first, with its code and without a wait; then at most `readsMax` of each
 * kind run or wait at once, one more is refused with `too_many_reads` (429).
 */
export class ThreadReads {
  readonly disputes: WaitingBound;
  readonly reviews: WaitingBound;
  readonly evidence: WaitingBound;
  private readonly run: RunThreadRead;

  constructor(run: RunThreadRead, readsMax: number = THREAD_READS_MAX) {
    this.run = run;
    this.disputes = new WaitingBound(readsMax, tooMany('arbiter queues'));
    this.reviews = new WaitingBound(readsMax, tooMany('review lists'));
    this.evidence = new WaitingBound(readsMax, tooMany('evidence documents'));
  }

  /** The disputed orders of an arbiter's queue (market-queries.ts `queryArbiterDisputes`). */
  async arbiterDisputes(address: string, limit: number, after?: string): Promise<OrdersResponse> {
    checkArbiterDisputes(address, limit, after);
    return this.disputes.run(() => this.run({ kind: 'disputes', address, limit, after }));
  }

  /** The reviews of `subject` (reputation-queries.ts `queryReviews`), at the snapshot's height. */
  async reviewsOf(subject: string): Promise<ReviewsJson> {
    checkSubject(subject);
    return this.reviews.run(() => this.run({ kind: 'reviews', subject }));
  }

  /** The evidence document of block `height` (queries.ts `queryBlockEvidence`); `latest` is the snapshot's last block. */
  async evidenceDocument(height: number | 'latest'): Promise<EvidenceDocumentResponse> {
    if (height !== 'latest') checkEvidenceHeight(height, height);
    return this.evidence.run(() => this.run({ kind: 'evidence', height }));
  }
}
