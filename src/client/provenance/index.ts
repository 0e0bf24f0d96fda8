/** Provenance reports (spec/provenance.md): the format, and offline verification. Browser-safe. */
export { REPORT_FORMAT, serializeReport } from './report.ts';
export type { ProvenanceReport, ReportBlock, ReportEvent, ReportItem, EntryJson, EventProof, ValidatorSetJson } from './report.ts';
export { readReport, ReportShapeError } from './read.ts';
export { NO_TRUST_ANCHOR_MESSAGE, verifyReport } from './verify.ts';
export type { Problem, ProblemCode, ProvenEvent, ProvenItem, VerifyOptions, VerifyResult } from './verify.ts';
export { anchorFromGenesis, isValidatorsHash } from './anchor.ts';
export type { TrustAnchor } from './anchor.ts';
