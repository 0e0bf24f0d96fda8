import type { ReportBlock, StateProofJson, ValidatorSetJson } from '../provenance/report.ts';
import { orderHeader } from '../provenance/report.ts';

/**
 * The reputation report (spec/reputation.md §4): a subject's aggregates and every revealed review of
 * the subject, each with its trade, proven by state proofs against the state root of one final block,
 * with that block's header and commit and the validator set that signed it. Browser-safe. One
 * canonical text, as provenance reports (spec/provenance.md §2): the verifier refuses any other.
 */
export const REPUTATION_REPORT_FORMAT = 'agora-reputation/1';
/** Reviews one report holds: bounds its state proofs (3 per review at most) and the node's work. */
export const REPUTATION_REPORT_REVIEWS_MAX = 1000;

export interface ReputationReviewProof {
  /** `review/<subject>/<trade>/<reviewer>`. */
  review: StateProofJson;
  /** `trade/<trade>`. */
  trade: StateProofJson;
}

export interface ReputationReport {
  format: typeof REPUTATION_REPORT_FORMAT;
  chainId: string;
  subject: string;
  validatorSets: ValidatorSetJson[];
  /**
   * The blocks that hand the set over from genesis to the state block's, by increasing height: each
   * is signed by the set in effect at its height and names the next in its nextValidatorsHash
   * (spec/provenance.md §1.1). Empty while the chain keeps its genesis set.
   */
  handOvers: ReportBlock[];
  /** The state block: every proof is against its header's stateRoot. */
  block: ReportBlock;
  /** `asset/<symbol>` of the native asset, whose creator is "genesis": what weighs (spec/reputation.md §3). */
  native: StateProofJson;
  /** `rep/<subject>`. */
  aggregates: StateProofJson;
  /** By key. */
  reviews: ReputationReviewProof[];
  /** `repby/<subject>/<reviewer>` per distinct reviewer, by key. */
  counters: StateProofJson[];
}

const proof = (p: StateProofJson): StateProofJson => ({ key: p.key, value: p.value, path: [...p.path] });

const orderBlock = (block: ReportBlock): ReportBlock => ({
  header: orderHeader(block.header),
  commit: {
    height: block.commit.height,
    round: block.commit.round,
    blockHash: block.commit.blockHash,
    signatures: block.commit.signatures.map((s) => ({ validator: s.validator, signature: s.signature })),
  },
});

/** The one canonical text of a reputation report. */
export function serializeReputationReport(report: ReputationReport): string {
  const ordered: ReputationReport = {
    format: report.format,
    chainId: report.chainId,
    subject: report.subject,
    validatorSets: report.validatorSets.map((set) => ({ hash: set.hash, validators: set.validators.map((v) => ({ address: v.address, publicKey: v.publicKey, power: v.power })) })),
    handOvers: report.handOvers.map(orderBlock),
    block: orderBlock(report.block),
    native: proof(report.native),
    aggregates: proof(report.aggregates),
    reviews: report.reviews.map((r) => ({ review: proof(r.review), trade: proof(r.trade) })),
    counters: report.counters.map(proof),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
