/**
 * The Agora SDK (DESIGN.md §Layers): build, sign, submit, query. Browser-safe: no Node built-ins.
 */
export { AgoraClient, expectCommittedOk } from './client.ts';
export type { AgoraClientOptions, FetchLike, PageOptions, SendTxOptions, SubmitOptions } from './client.ts';
export { AgoraError, isAgoraError } from './errors.ts';
export {
  buildAssetBurn,
  buildAssetCreate,
  buildAssetMint,
  buildTransfer,
  buildTx,
  feeFor,
  feeScheduleFromJson,
  settleFee,
  signTx,
  withExactFee,
} from './builders.ts';
export type { AssetCreateParams, SignedTx, SignFn, TxCommon, TxKey } from './builders.ts';
export { formatAmount, parseAmount } from './amounts.ts';
export * from './records.ts';
export * from './contracts.ts';
export * from './provenance/index.ts';
export * from './rental.ts';
export * from './stream.ts';
export * from './market.ts';
// organisations (spec/org.md)
export * from './org.ts';
// work on demand (spec/work.md)
export * from './work.ts';
// reputation (spec/reputation.md)
export * from './reviews.ts';
export * from './reputation/index.ts';
export type * from './types.ts';
export type { TxBody, TxKind, TxPayloads, FeeSchedule } from '../ledger/types.ts';
export { KeyPair } from '../crypto/keys.ts';
export { addressFromPublicKey, isAddress } from '../crypto/address.ts';
export { verifyEvidenceJson } from './evidence.ts';
export type { EvidenceJson, EvidenceVerdict } from './evidence.ts';
export { EVIDENCE_DOCUMENT_FORMAT, readEvidenceDocument, verifyEvidenceDocument } from './evidence-document.ts';
export type { EvidenceDocument, EvidenceDocumentProblem, EvidenceDocumentResult, EvidenceDocumentVerdict } from './evidence-document.ts';
export * from './validators.ts';
