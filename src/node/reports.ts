import { ByteLru } from './byte-lru.ts';
import { NodeError } from './errors.ts';
import { REPORT_BLOCK_CACHE_BYTES_MAX, REPORT_BLOCK_TXS_MAX, REPORT_CACHE_BYTES_MAX, REPORT_REQUESTS_MAX } from './limits.ts';

/** The bounds of report building (spec/limits.md §3); tests lower them. */
export interface ReportLimits {
  /** Requests of one kind waiting for a build at once; one more is refused with `too_many_reports`. */
  requestsMax: number;
  /** Report texts of one kind kept by (key, height). */
  cacheBytesMax: number;
  /** The txs of the blocks one report spans; more is `report_too_large`. */
  blockTxsMax: number;
  /** Loaded blocks the worker keeps. */
  blockCacheBytesMax: number;
}

export const DEFAULT_REPORT_LIMITS: ReportLimits = {
  requestsMax: REPORT_REQUESTS_MAX,
  cacheBytesMax: REPORT_CACHE_BYTES_MAX,
  blockTxsMax: REPORT_BLOCK_TXS_MAX,
  blockCacheBytesMax: REPORT_BLOCK_CACHE_BYTES_MAX,
};

/** One kind of report as the node serves it: its bounds, its height, and how one is built. */
export interface CachedReportsOptions {
  /** What the report is, for messages: "provenance", "reputation". */
  what: string;
  /** The node's committed height: a report is cached by the height it proves at. */
  height: () => number;
  limits?: Partial<Pick<ReportLimits, 'requestsMax' | 'cacheBytesMax'>>;
  /** Builds one report: on the read thread (report-thread.ts), or in a test, when it chooses. */
  build: (key: string) => Promise<BuiltReport>;
}

/** A report's canonical text in UTF-8 and the height it proves at (its state block). */
export interface BuiltReport {
  height: number;
  text: Uint8Array;
}

/** Counts for tests and metrics: a cached or shared answer is not a build. */
export interface ReportStats {
  builds: number;
  cacheHits: number;
  refused: number;
}

/**
 * Reports of one kind — provenance reports of items (spec/provenance.md §4), reputation reports of
 * addresses (spec/reputation.md §4) — built off the thread that runs consensus (issue 12, attack 4: a
 * provenance report built on it held consensus and /v1/status for 9.8 s; a reputation report proves up
 * to REPUTATION_REPORT_REVIEWS_MAX reviews, the same shape). The read thread (report-thread.ts) builds
 * one report at a time, so the reports of many clients take one core at most and consensus keeps the
 * other. Each kind is bounded two ways here: the requests waiting at once (`requestsMax`,
 * `too_many_reports`) and the texts kept (`cacheBytesMax`, by (key, height): the same report asked
 * again before the next block is not built again; the same one asked while it is being built waits for
 * that build). The work of one report is bounded by its builder.
 */
export class CachedReports {
  readonly stats: ReportStats = { builds: 0, cacheHits: 0, refused: 0 };
  private readonly options: CachedReportsOptions;
  private readonly requestsMax: number;
  private readonly cache: ByteLru<string, Uint8Array>;
  private readonly building = new Map<string, Promise<BuiltReport>>();
  private waiting = 0;

  constructor(options: CachedReportsOptions) {
    this.options = options;
    this.requestsMax = options.limits?.requestsMax ?? REPORT_REQUESTS_MAX;
    this.cache = new ByteLru(options.limits?.cacheBytesMax ?? REPORT_CACHE_BYTES_MAX);
  }

  /** The report of `key` at the latest height, as its canonical text in UTF-8. */
  async report(key: string): Promise<Uint8Array> {
    const cacheKey = `${key}@${this.options.height()}`;
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) {
      this.stats.cacheHits++;
      return cached;
    }
    if (this.waiting >= this.requestsMax) {
      this.stats.refused++;
      throw new NodeError('too_many_reports', `${this.requestsMax} ${this.options.what} reports are being built; try again in a few seconds`);
    }
    this.waiting++;
    try {
      let build = this.building.get(cacheKey);
      if (build === undefined) {
        build = this.build(key).finally(() => this.building.delete(cacheKey));
        this.building.set(cacheKey, build);
      }
      return (await build).text;
    } finally {
      this.waiting--;
    }
  }

  private async build(key: string): Promise<BuiltReport> {
    this.stats.builds++;
    const built = await this.options.build(key);
    this.cache.set(`${key}@${built.height}`, built.text, built.text.length);
    return built;
  }
}

export { reportWorkerUrl } from './report-thread.ts';
