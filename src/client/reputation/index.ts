// Reputation reports (spec/reputation.md §4): format, reader and offline verifier; browser-safe.
export { REPUTATION_REPORT_FORMAT, REPUTATION_REPORT_REVIEWS_MAX, serializeReputationReport } from './report.ts';
export type { ReputationReport, ReputationReviewProof } from './report.ts';
export { readReputationReport } from './read.ts';
export { verifyReputationReport } from './verify.ts';
export type { ProvenReview, ReputationVerifyOptions, ReputationVerifyResult } from './verify.ts';
