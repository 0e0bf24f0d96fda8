import { applyTx } from '../ledger/apply.ts';
import { Overlay, type StateEntry, type StateReader, type StateWrites } from '../ledger/state.ts';
import type { BlockContext, DecodedTx } from '../ledger/types.ts';
import type { Refusal } from './errors.ts';

/**
 * What one pending tx did to the mempool's view (spec/node.md §Mempool, "After a commit"): the state
 * keys it read, the prefixes it scanned, what it wrote, and whether it read the block's height or
 * time. After a block, a pending tx none of whose reads the block made different, and which did not
 * read the height or time, would do exactly the same again: its writes are laid on the new state
 * instead of running it again.
 */
export interface TxEffect {
  readonly reads: ReadonlySet<string>;
  readonly scans: readonly string[];
  readonly writes: StateWrites;
  /** It read the block's height or time (an expiry, a deadline, a time-based contract). */
  readonly contextual: boolean;
}

/** A StateReader that notes every key read and prefix scanned through it. */
class RecordingReader implements StateReader {
  readonly reads = new Set<string>();
  readonly scans: string[] = [];

  constructor(private readonly parent: StateReader) {}

  get(key: string): Uint8Array | undefined {
    this.reads.add(key);
    return this.parent.get(key);
  }

  scanState(prefix: string, limit: number): StateEntry[] {
    this.scans.push(prefix);
    return this.parent.scanState(prefix, limit);
  }
}

/**
 * Runs `tx` on top of `view` as the mempool does (admission and payload, merged only when the tx
 * would succeed), noting its effect. The context's height and time are read through getters, so a
 * tx that depends on them is known; its chain id, proposer and parameters are the mempool's own and
 * the same from one block to the next (checked by the caller).
 */
export function runPending(view: Overlay, tx: DecodedTx, context: BlockContext): { effect: TxEffect } | { refusal: Refusal } {
  const recorder = new RecordingReader(view);
  const child = new Overlay(recorder);
  let contextual = false;
  const watched: BlockContext = {
    chainId: context.chainId,
    proposer: context.proposer,
    params: context.params,
    get height() {
      contextual = true;
      return context.height;
    },
    get timeMs() {
      contextual = true;
      return context.timeMs;
    },
  };
  const result = applyTx(child, tx, watched);
  if (!result.admitted) return { refusal: result.rejection };
  if (result.receipt.code !== 'ok') return { refusal: { code: result.receipt.code, message: result.receipt.message ?? result.receipt.code } };
  const writes = child.writes();
  view.putAll(writes);
  return { effect: { reads: recorder.reads, scans: recorder.scans, writes, contextual } };
}

/** Whether the effect read, scanned or wrote any key in `dirty`. */
export function touchesDirty(effect: TxEffect, dirty: ReadonlySet<string>): boolean {
  if (dirty.size === 0) return false;
  for (const key of effect.reads) if (dirty.has(key)) return true;
  for (const key of effect.writes.keys()) if (dirty.has(key)) return true;
  // (the fee sink is never in `dirty`: see Mempool.afterCommit)
  if (effect.scans.length > 0) for (const key of dirty) if (effect.scans.some((prefix) => key.startsWith(prefix))) return true;
  return false;
}

/** The keys two runs of one tx wrote differently (one wrote a key the other did not, or other bytes). */
export function changedWrites(before: StateWrites, after: StateWrites): string[] {
  const changed: string[] = [];
  for (const [key, bytes] of before) if (!after.has(key) || !sameBytes(bytes, after.get(key))) changed.push(key);
  for (const key of after.keys()) if (!before.has(key)) changed.push(key);
  return changed;
}

/** Equal bytes; a delete (null) and an absent value are equal, as a read sees them. */
function sameBytes(a: Uint8Array | null | undefined, b: Uint8Array | null | undefined): boolean {
  if (a === undefined || a === null) return b === undefined || b === null;
  if (b === undefined || b === null || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * At a pending tx the block committed, in the old arrival order: in the old view its writes stood
 * from there on, in the new one the block's effect stands instead. So each key it wrote is stale
 * from there on unless the new view (the committed state and the txs kept before it) holds those
 * very bytes; the last committed writer of a key decides. With the block built from the mempool's
 * front, this leaves exactly the keys whose committed bytes are not the front's last write.
 */
export function settleCommitted(dirty: Set<string>, writes: StateWrites, now: StateReader, skip: string): void {
  for (const [key, bytes] of writes) {
    if (key === skip) continue;
    if (sameBytes(now.get(key), bytes)) dirty.delete(key);
    else dirty.add(key);
  }
}
