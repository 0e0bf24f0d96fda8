import { balanceKey } from '../ledger/accounts/balances.ts';
import { Overlay, ReadCache, type StateReader, type StateWrites } from '../ledger/state.ts';
import type { BlockContext, DecodedTx } from '../ledger/types.ts';
import type { Refusal } from './errors.ts';
import { MEMPOOL_BYTES_MAX, MEMPOOL_READ_CACHE_MAX, MEMPOOL_TXS_MAX, MEMPOOL_TXS_PER_SENDER_MAX } from './limits.ts';
import { changedWrites, runPending, settleCommitted, touchesDirty, type TxEffect } from './mempool-effects.ts';

/**
 * The proposer of the mempool's context: fees of pending txs are credited to this non-address,
 * which no tx can sign for, pay or read, because the next block's proposer is not known yet.
 */
export const FEE_SINK = '';

/** How the last afterCommit went: re-ran every pending tx, or laid the effects of clean ones again. */
export interface RecheckStats {
  mode: 'full' | 'incremental';
  /** Pending txs run again (all of them in `full` mode). */
  rerun: number;
  /** Pending txs whose recorded writes were laid on the new state. */
  reused: number;
}

interface Pending {
  tx: DecodedTx;
  effect: TxEffect;
}

export interface MempoolOptions {
  txsMax?: number;
  txsPerSenderMax?: number;
  bytesMax?: number;
  /**
   * The node's clock. A tx is admitted and rechecked at the time the next block will have at the
   * earliest: the later of the context's (last block + 1 ms) and this clock's, as a proposer dates
   * its block (spec/node.md §Admission). Without it, the context's time.
   */
  nowMs?: () => number;
}

/**
 * Pending txs in arrival order (spec/node.md §Mempool). A tx enters only if it decodes, is signed
 * correctly (both checked by ingress), and applies cleanly on top of the committed state plus every pending tx — so nonce
 * gaps, spent balances and unknown assets are refused at the door with the ledger's own code.
 */
export class Mempool {
  private readonly options: Required<MempoolOptions>;
  private readonly entries = new Map<string, Pending>();
  private readonly perSender = new Map<string, number>();
  private bytes = 0;
  private view: Overlay;
  private context: BlockContext;
  private base: StateReader;
  /**
   * The base's entries as read, or as the last committed blocks wrote them (afterCommit): every
   * pending tx reads its asset's record and its recipients' contract records from the base, and an
   * LMDB read is a key encoding, a lookup and a copy, and a new bytes object, so a record decoded by
   * its bytes (accounts/balances.ts getAsset) was decoded again for every tx (issue 13).
   */
  private reads: ReadCache;
  /**
   * Each admitted tx by its bytes object: a proposal rebuilt from compact form holds these very
   * objects (spec/p2p.md §3.5), and its check takes the decoding from here (pendingByBytes). Weak, so
   * it holds nothing the mempool dropped; an entry counts only while its tx is pending.
   */
  private readonly byBytes = new WeakMap<Uint8Array, DecodedTx>();

  constructor(options: MempoolOptions, base: StateReader, context: BlockContext) {
    this.options = { txsMax: MEMPOOL_TXS_MAX, txsPerSenderMax: MEMPOOL_TXS_PER_SENDER_MAX, bytesMax: MEMPOOL_BYTES_MAX, nowMs: () => 0, ...options };
    this.base = base;
    this.context = context;
    this.reads = new ReadCache(base, MEMPOOL_READ_CACHE_MAX);
    this.view = new Overlay(this.reads);
  }

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get(id: string): DecodedTx | undefined {
    return this.entries.get(id)?.tx;
  }

  /** Pending tx ids in arrival order. */
  ids(): string[] {
    return [...this.entries.keys()];
  }

  /** How the last afterCommit went (for tests and metrics). */
  lastRecheck: RecheckStats = { mode: 'full', rerun: 0, reused: 0 };

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
    const ran = runPending(this.view, decoded, this.dated(this.context));
    if ('refusal' in ran) return ran.refusal;
    this.track(decoded, ran.effect);
    this.byBytes.set(decoded.bytes, decoded);
    return null;
  }

  /** The pending tx whose bytes are `bytes` (this very object, not equal bytes), or undefined. */
  pendingByBytes(bytes: Uint8Array): DecodedTx | undefined {
    const tx = this.byBytes.get(bytes);
    return tx !== undefined && this.entries.get(tx.id)?.tx === tx ? tx : undefined;
  }

  /** `context` at the earliest time the next block can have: its own, or the clock's if later. */
  private dated(context: BlockContext): BlockContext {
    const now = this.options.nowMs();
    return now > context.timeMs ? { ...context, timeMs: now } : context;
  }

  private track(decoded: DecodedTx, effect: TxEffect): void {
    this.entries.set(decoded.id, { tx: decoded, effect });
    const sender = decoded.signerAddresses[0];
    this.perSender.set(sender, (this.perSender.get(sender) ?? 0) + 1);
    this.bytes += decoded.bytes.length;
  }

  /** Pending txs in arrival order, at most `limit` of them and `bytesMax` bytes, for the next block. */
  take(limit: number, bytesMax: number): DecodedTx[] {
    const taken: DecodedTx[] = [];
    let bytes = 0;
    for (const { tx } of this.entries.values()) {
      if (taken.length >= limit || bytes + tx.bytes.length > bytesMax) break;
      taken.push(tx);
      bytes += tx.bytes.length;
    }
    return taken;
  }

  /**
   * After a commit: drops the committed txs and brings the rest onto the new state in arrival order,
   * evicting any that no longer apply (expired, nonce used, balance spent). Returns the evicted.
   *
   * With the block's state writes, whichever pending txs the block committed and in whatever order
   * (this node's front, or another proposer's choice), and the context's chain, proposer and
   * parameters unchanged, only what the block made stale runs again (spec/node.md
   * §Mempool): a pending tx that read a key whose value differs from what the mempool's view held,
   * or that read the height or time, runs again, and whatever it now writes differently (or no
   * longer writes, when it is evicted) is stale for those after it;
   * every other tx's recorded writes are laid on the new state as they are. Otherwise every pending
   * tx runs again. Both give the same pending set, the same evictions and the same pending state
   * (test/node/mempool-recheck.test.ts), the fee sink's balance aside.
   *
   * `blockWrites`, when given, must be all that changed the base since the last call: the store
   * that committed the block, which is also what keeps the mempool's reads of it (`reads`).
   */
  afterCommit(committedIds: Iterable<string>, base: StateReader, context: BlockContext, blockWrites?: StateWrites): DecodedTx[] {
    const committed = new Set(committedIds);
    // The same base that took the block's writes and nothing else (the committer's store): what was
    // read of it stands, but for what the block wrote. Any other base, or none given: read anew.
    if (blockWrites !== undefined && base === this.base) this.reads.advance(blockWrites);
    else this.reads = new ReadCache(base, MEMPOOL_READ_CACHE_MAX);
    const order = [...this.entries.values()];
    const remaining = order.filter((entry) => !committed.has(entry.tx.id));
    const incremental =
      blockWrites !== undefined &&
      context.proposer === FEE_SINK &&
      this.context.proposer === FEE_SINK &&
      context.chainId === this.context.chainId &&
      context.params === this.context.params;
    // The fee sink is written by every tx with a fee and read by none but the fee's own move: its
    // value never decides a tx's fate, so it never makes one stale.
    const sink = balanceKey(FEE_SINK, context.params.nativeAsset);
    const dirty: Set<string> | null = incremental ? new Set() : null;
    const markDirty = (keys: Iterable<string>): void => {
      if (dirty !== null) for (const key of keys) if (key !== sink) dirty.add(key);
    };
    // Before the first pending tx, every key the block wrote may read otherwise than the old view
    // held it; each committed tx then settles the keys it wrote (settleCommitted).
    if (blockWrites !== undefined) markDirty(blockWrites.keys());
    this.entries.clear();
    this.perSender.clear();
    this.bytes = 0;
    this.base = base;
    this.context = context;
    this.view = new Overlay(this.reads);
    const evicted: DecodedTx[] = [];
    const dated = this.dated(context);
    let rerun = 0;
    for (const entry of order) {
      if (committed.has(entry.tx.id)) {
        if (dirty !== null) settleCommitted(dirty, entry.effect.writes, this.view, sink);
        continue;
      }
      if (dirty !== null && !entry.effect.contextual && !touchesDirty(entry.effect, dirty)) {
        this.view.putAll(entry.effect.writes);
        this.track(entry.tx, entry.effect);
        continue;
      }
      rerun++;
      const ran = runPending(this.view, entry.tx, dated);
      if ('refusal' in ran) {
        // Its writes are gone from the view: whatever it wrote now reads otherwise.
        markDirty(entry.effect.writes.keys());
        evicted.push(entry.tx);
        continue;
      }
      // Run again on what changed, it may still write what it wrote: only a difference is stale.
      markDirty(changedWrites(entry.effect.writes, ran.effect.writes));
      this.track(entry.tx, ran.effect);
    }
    this.lastRecheck = { mode: dirty === null ? 'full' : 'incremental', rerun, reused: remaining.length - rerun };
    return evicted;
  }

  /** The state as pending txs leave it: what a wallet should use for its next nonce. */
  pendingState(): StateReader {
    return this.view;
  }
}
