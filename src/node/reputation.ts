import type { Block, Commit } from '../chain/block.ts';
import { stateProof, verifyStateProof } from '../chain/state-proof.ts';
import type { TrieNodeReader } from '../chain/state-trie.ts';
import type { ChainValidator } from '../chain/validators.ts';
import { validatorHandOvers } from './validator-handovers.ts';
import { decodeTrusted } from '../codec/cbor.ts';
import { fromHex, toHex } from '../crypto/hash.ts';
import { reputationKey, reviewerCountKey } from '../ledger/market/reputation-state.ts';
import { decodeReview } from '../ledger/market/reviews-state.ts';
import { tradeKey } from '../ledger/market/trades-state.ts';
import { REPORT_BLOCKS_MAX, type ReportBlock, type StateProofJson } from '../client/provenance/report.ts';
import { REPUTATION_REPORT_FORMAT, REPUTATION_REPORT_REVIEWS_MAX, type ReputationReport } from '../client/reputation/report.ts';
import { beforeBase, NodeError } from './errors.ts';
import { stateSyncBase } from './report-blocks.ts';
import type { RecordsStore } from './records-queries.ts';
import { checkSubject, subjectReviews } from './reputation-queries.ts';

/**
 * A subject's reputation report (spec/reputation.md §4), proven against the last committed block's
 * state root; its reviews are read as reputation-queries.ts reads them (bounded).
 */
export interface ReputationStore extends RecordsStore, TrieNodeReader {
  getBlock(height: number): { block: Block; commit: Commit } | undefined;
  height(): number;
  getMeta?(key: string): string | number | undefined;
}

function reportBlock(block: Block, commit: Commit): ReportBlock {
  return {
    header: { ...block.header },
    commit: { height: commit.height, round: commit.round, blockHash: commit.blockHash, signatures: commit.signatures.map((s) => ({ validator: s.validator, signature: toHex(s.signature) })) },
  };
}

/** The proof of `key` at the store's height, checked against `root` before it leaves the node. */
function proven(store: ReputationStore, key: string, root: Uint8Array): StateProofJson {
  const value = store.get(key);
  const path = value === undefined ? undefined : stateProof(store, key);
  if (value === undefined || path === undefined || !verifyStateProof(key, value, path, root)) throw new NodeError('internal', `${key} does not prove against the last block; try again`);
  return { key, value: toHex(value), path: path.map(toHex) };
}

/**
 * The subject's reputation report at the last committed block (spec/reputation.md §4). Read in one
 * synchronous run, so from one state; its work is bounded by REPUTATION_REPORT_REVIEWS_MAX reviews.
 */
export function buildReputationReport(store: ReputationStore, chainId: string, validators: ChainValidator[], nativeAsset: string, subject: string): ReputationReport {
  checkSubject(subject);
  if (store.get(reputationKey(subject)) === undefined) throw new NodeError('not_found', `${subject} has traded nothing: no reputation to prove`);
  const height = store.height();
  const stored = store.getBlock(height);
  if (stored === undefined) throw new NodeError('internal', `block ${height} is missing`);
  const { block, commit } = stored;
  const root = fromHex(block.header.stateRoot);
  const revealed = subjectReviews(store, subject).filter(({ value }) => decodeReview(decodeTrusted(value)).revealedAt !== undefined);
  if (revealed.length > REPUTATION_REPORT_REVIEWS_MAX) throw new NodeError('report_too_large', `${subject} has ${revealed.length} reviews; a report holds at most ${REPUTATION_REPORT_REVIEWS_MAX}`);
  const reviewers = new Set<string>();
  const reviews = revealed.map(({ key }) => {
    const [, , tradeId, reviewer] = key.split('/');
    reviewers.add(reviewer);
    return { review: proven(store, key, root), trade: proven(store, tradeKey(tradeId), root) };
  });
  const { sets, heights } = validatorHandOvers(store, validators, height, REPORT_BLOCKS_MAX);
  return {
    format: REPUTATION_REPORT_FORMAT,
    chainId,
    subject,
    validatorSets: sets,
    handOvers: heights.map((at) => {
      const handOver = at === height ? stored : store.getBlock(at);
      if (handOver === undefined && at < stateSyncBase(store)) throw beforeBase(`hand-over block ${at}`, stateSyncBase(store));
      if (handOver === undefined) throw new NodeError('internal', `block ${at} is missing`);
      return reportBlock(handOver.block, handOver.commit);
    }),
    block: reportBlock(block, commit),
    native: proven(store, `asset/${nativeAsset}`, root),
    aggregates: proven(store, reputationKey(subject), root),
    reviews,
    counters: [...reviewers].sort().map((reviewer) => proven(store, reviewerCountKey(subject, reviewer), root)),
  };
}
