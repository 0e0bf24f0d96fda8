import { toHex } from '../crypto/hash.ts';
import { applyTx } from '../ledger/apply.ts';
import { reject, type Rejection } from '../ledger/errors.ts';
import { Overlay, ReadCache, type StateReader, type StateWrites } from '../ledger/state.ts';
import { checkTxAuth, decodeTx, isRejection, type Verifier } from '../ledger/tx.ts';
import type { BlockContext, DecodedTx, Receipt } from '../ledger/types.ts';
import { endBlockValidators, scheduleValidatorRemoval } from '../ledger/validators/schedule.ts';
import { recordEvidence, type CheckedEvidence } from './evidence-block.ts';
import { merkleRoot, merkleRootOf } from './merkle.ts';
import { resultsBytes } from './results.ts';
import { TrieUpdate, type TrieNodeReader, type TrieNodeWrites } from './state-trie.ts';

export interface ChainStateReader extends StateReader, TrieNodeReader {}

/** Everything a block does to the store, computed purely; the store commits it in one transaction. */
export interface BlockExecution {
  txs: DecodedTx[];
  receipts: Receipt[];
  /**
   * Per tx, in block order, the addresses it touched, sorted (ledger/apply.ts `Applied`): what the
   * store's per-address index and the node's tx events list the tx under. Not part of any root.
   */
  touched: string[][];
  stateWrites: StateWrites;
  trieWrites: TrieNodeWrites;
  stateRoot: string;
  txRoot: string;
  /** Merkle root over the txs' results (results.ts). */
  resultsRoot: string;
  /**
   * Per receipt, its result bytes (results.ts resultBytes), encoded once for the results root. A
   * receipt without a message encodes to these very bytes (receipts.ts), so the store saves them
   * instead of encoding the receipt again (issue 13: each receipt was encoded twice).
   */
  resultBytes: Uint8Array[];
  /** The block's evidence, checked (evidence-block.ts), in block order; each offence is now in the state. */
  evidence: CheckedEvidence[];
  /** Merkle root over the evidence bytes in block order (spec/chain.md §6). */
  evidenceRoot: string;
  /**
   * The validators this block proves to have equivocated, sorted, without repeats: finishExecution
   * removes them from the set at height + 2 (spec/chain.md §6.4, spec/ledger.md §10.4).
   */
  offenders: string[];
}

/**
 * Builds a block body from candidates (the proposer's side): a candidate that fails admission is left
 * out — a later block may take it — and reported in `skipped`.
 */
export function buildBlockBody(state: ChainStateReader, ctx: BlockContext, candidates: DecodedTx[], evidence: CheckedEvidence[] = []): BlockExecution & { skipped: { tx: DecodedTx; rejection: Rejection }[] } {
  const view = new Overlay(new ReadCache(state));
  const included: DecodedTx[] = [];
  const receipts: Receipt[] = [];
  const touched: string[][] = [];
  const skipped: { tx: DecodedTx; rejection: Rejection }[] = [];
  for (const tx of candidates) {
    const result = applyTx(view, tx, ctx);
    if (!result.admitted) {
      skipped.push({ tx, rejection: result.rejection });
      continue;
    }
    included.push(tx);
    receipts.push(result.receipt);
    touched.push(result.touched);
  }
  return { ...finishExecution(state, view, ctx, included, receipts, touched, evidence), skipped };
}

/**
 * Executes a proposed block's txs (the validator's side, `valid(v)` of the consensus paper): every tx
 * must decode, be for this chain, carry valid signatures and pass admission, else the block is invalid.
 * `verified` holds ids whose signatures were already checked (the mempool), to skip a second check.
 * `held`, when given, returns the decoding of these very bytes (the same object) when one is at hand:
 * a proposal rebuilt from compact form holds the mempool's own tx bytes (spec/p2p.md §3.5), which the
 * mempool decoded on admission, so they are not decoded a second time (issue 13).
 */
export function executeBlockBody(state: ChainStateReader, ctx: BlockContext, txBytes: Uint8Array[], verify: Verifier, verified: (id: string) => boolean, evidence: CheckedEvidence[] = [], held?: (bytes: Uint8Array) => DecodedTx | undefined): BlockExecution | Rejection {
  const view = new Overlay(new ReadCache(state));
  const txs: DecodedTx[] = [];
  const receipts: Receipt[] = [];
  const touched: string[][] = [];
  const ids = new Set<string>();
  for (let i = 0; i < txBytes.length; i++) {
    const decoded = held?.(txBytes[i]) ?? decodeTx(txBytes[i]);
    if (isRejection(decoded)) return reject(decoded.code, `tx ${i}: ${decoded.message}`);
    if (ids.has(decoded.id)) return reject('nonce_too_low', `tx ${i} appears twice in the block`);
    ids.add(decoded.id);
    if (!verified(decoded.id)) {
      const auth = checkTxAuth(decoded, ctx.chainId, verify);
      if (auth !== null) return reject(auth.code, `tx ${i}: ${auth.message}`);
    }
    const result = applyTx(view, decoded, ctx);
    if (!result.admitted) return reject(result.rejection.code, `tx ${i}: ${result.rejection.message}`);
    txs.push(decoded);
    receipts.push(result.receipt);
    touched.push(result.touched);
  }
  return finishExecution(state, view, ctx, txs, receipts, touched, evidence);
}

/**
 * After the txs, the block's evidence (already checked: checkBlockEvidence or selectBlockEvidence)
 * is recorded in the state, so its offences can never be committed again, and each offender is
 * removed from the set at height + 2 (spec/chain.md §6.4, spec/ledger.md §10.4); then the end of block
 * of the validator set (spec/ledger.md §10.1) makes that, and any update of this block, due.
 */
function finishExecution(state: ChainStateReader, view: Overlay, ctx: BlockContext, txs: DecodedTx[], receipts: Receipt[], touched: string[][], evidence: CheckedEvidence[]): BlockExecution {
  const offenders = recordEvidence(view, evidence, ctx.height);
  // A refusal changes nothing and is no fault of the block: the offender is out already
  // (unknown_validator), or it is the last validator (empty_validator_set) and stays.
  for (const address of offenders) scheduleValidatorRemoval(view, address);
  endBlockValidators(view, ctx.height);
  const stateWrites = view.writes();
  const trie = new TrieUpdate(state);
  trie.applyWrites(stateWrites);
  const { root, writes } = trie.finish();
  const results = resultsBytes(receipts);
  return { txs, receipts, touched, stateWrites, trieWrites: writes, stateRoot: toHex(root), txRoot: toHex(merkleRoot(txs.map((t) => t.id))), resultsRoot: toHex(merkleRootOf(results)), resultBytes: results, evidence, evidenceRoot: toHex(merkleRootOf(evidence.map((e) => e.bytes))), offenders };
}
