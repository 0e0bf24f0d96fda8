/**
 * A map that keeps at most `bytesMax` of values, by the size each was given, and drops the least
 * recently used first. A value larger than the whole budget is not kept. Used for provenance reports
 * and the blocks they load (src/node/reports.ts, report-blocks.ts).
 */
export class ByteLru<K, V> {
  private readonly entries = new Map<K, { value: V; bytes: number }>();
  private total = 0;

  constructor(private readonly bytesMax: number) {
    if (!Number.isSafeInteger(bytesMax) || bytesMax < 0) throw new RangeError(`bytesMax ${bytesMax}`);
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: K, value: V, bytes: number): void {
    if (bytes > this.bytesMax) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.entries.delete(key);
      this.total -= old.bytes;
    }
    this.entries.set(key, { value, bytes });
    this.total += bytes;
    for (const [oldest, evicted] of this.entries) {
      if (this.total <= this.bytesMax) break;
      this.entries.delete(oldest);
      this.total -= evicted.bytes;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.total;
  }
}
