import { applyTx } from '../ledger/apply.ts';
import { Overlay, type StateReader } from '../ledger/state.ts';
import type { BlockContext, DecodedTx } from '../ledger/types.ts';
import type { Refusal } from './errors.ts';
import { MEMPOOL_BYTES_MAX, MEMPOOL_TXS_MAX, MEMPOOL_TXS_PER_SENDER_MAX } from './limits.ts';

export interface MempoolOptions {
  txsMax?: number;
  txsPerSenderMax?: number;
  bytesMax?: number;
}

/**
 * Pending txs in arrival order (spec/node.md §Mempool). A tx enters only if it decodes, is signed
 * correctly (both checked by ingress), and applies cleanly on top of the committed state plus every pending tx — so nonce
 * gaps, spent balances and unknown assets are refused at the door with the ledger's own code.
 */
export class Mempool {
  private readonly options: Required<MempoolOptions>;
  private readonly entries = new Map<string, DecodedTx>();
  private readonly perSender = new Map<string, number>();
  private bytes = 0;
  private view: Overlay;
  private context: BlockContext;
  private base: StateReader;

  constructor(options: MempoolOptions, base: StateReader, context: BlockContext) {
    this.options = { txsMax: MEMPOOL_TXS_MAX, txsPerSenderMax: MEMPOOL_TXS_PER_SENDER_MAX, bytesMax: MEMPOOL_BYTES_MAX, ...options };
    this.base = base;
    this.context = context;
    this.view = new Overlay(base);
  }

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get(id: string): DecodedTx | undefined {
    return this.entries.get(id);
  }

  /**
   * Admits a tx whose bytes, chain id and signatures ingress checked already (src/node/ingress.ts):
   * returns null, or the refusal of the first failing check, in this order: already pending, the
   * mempool's bounds, the sender's bound, then the ledger's own checks on top of every pending tx.
   */
  admit(decoded: DecodedTx): Refusal | null {
    if (this.entries.has(decoded.id)) return { code: 'duplicate_tx', message: `tx ${decoded.id} is already pending` };
    if (this.entries.size >= this.options.txsMax || this.bytes + decoded.bytes.length > this.options.bytesMax) {
      return { code: 'mempool_full', message: 'the mempool is full; retry later' };
    }
    const sender = decoded.signerAddresses[0];
    if ((this.perSender.get(sender) ?? 0) >= this.options.txsPerSenderMax) {
      return { code: 'sender_limit', message: `${sender} has ${this.options.txsPerSenderMax} txs pending; wait for some to commit` };
    }
    const child = new Overlay(this.view);
    const result = applyTx(child, decoded, this.context);
    if (!result.admitted) return result.rejection;
    if (result.receipt.code !== 'ok') return { code: result.receipt.code, message: result.receipt.message ?? result.receipt.code };
    child.mergeInto(this.view);
    this.track(decoded);
    return null;
  }

  private track(decoded: DecodedTx): void {
    this.entries.set(decoded.id, decoded);
    const sender = decoded.signerAddresses[0];
    this.perSender.set(sender, (this.perSender.get(sender) ?? 0) + 1);
    this.bytes += decoded.bytes.length;
  }

  /** Pending txs in arrival order, at most `limit` of them and `bytesMax` bytes, for the next block. */
  take(limit: number, bytesMax: number): DecodedTx[] {
    const taken: DecodedTx[] = [];
    let bytes = 0;
    for (const tx of this.entries.values()) {
      if (taken.length >= limit || bytes + tx.bytes.length > bytesMax) break;
      taken.push(tx);
      bytes += tx.bytes.length;
    }
    return taken;
  }

  /**
   * After a commit: drops the committed txs, then re-applies the rest on the new state in arrival
   * order, evicting any that no longer apply (expired, nonce used, balance spent). Returns the evicted.
   */
  afterCommit(committedIds: Iterable<string>, base: StateReader, context: BlockContext): DecodedTx[] {
    for (const id of committedIds) this.entries.delete(id);
    const remaining = [...this.entries.values()];
    this.entries.clear();
    this.perSender.clear();
    this.bytes = 0;
    this.base = base;
    this.context = context;
    this.view = new Overlay(base);
    const evicted: DecodedTx[] = [];
    for (const tx of remaining) {
      const child = new Overlay(this.view);
      const result = applyTx(child, tx, context);
      if (!result.admitted || result.receipt.code !== 'ok') {
        evicted.push(tx);
        continue;
      }
      child.mergeInto(this.view);
      this.track(tx);
    }
    return evicted;
  }

  /** The state as pending txs leave it: what a wallet should use for its next nonce. */
  pendingState(): StateReader {
    return this.view;
  }
}
