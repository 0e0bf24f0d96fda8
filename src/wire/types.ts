/**
 * The JSON types of the HTTP API, each derived from the schema that validates it (src/wire/*.ts), in
 * one list: the node's queries build them, the SDK returns them (src/client/types.ts re-exports this).
 * Amounts and nonces are decimal strings, bytes lower-case hex, heights and indexes numbers.
 */
export type { DecimalString, JsonValue } from './schema.ts';
export type { ErrorBody, ErrorResponse } from './common.ts';
export type { BlockEventJson, BlockResponse, EvidenceDocumentResponse, EvidenceResponse, GenesisResponse, PendingEvidenceResponse, HeaderJson, ParamsResponse, StatusResponse, TxEventJson, ValidatorsResponse } from './chain.ts';
export type { BatchItemResult, BatchResponse, CommittedResult, LedgerEventJson, PendingResult, ReceiptJson, SignerJson, SubmitResult, TxBodyJson, TxResponse } from './txs.ts';
export type { AccountResponse, AccountTxsResponse, BalanceJson, TxLocationJson } from './accounts.ts';
export type { AssetHoldersResponse, AssetResponse, AssetsResponse, HolderJson } from './assets.ts';
export type {
  HistoryAction,
  HistoryEntryJson,
  ItemHistoryResponse,
  ItemLineageResponse,
  ItemResponse,
  ItemsResponse,
  LineageDirection,
  LineageItemJson,
  RegistryResponse,
} from './records.ts';
export type { ProvenanceReportJson } from './provenance.ts';
export type {
  AccountContractJson,
  AccountContractsResponse,
  BookingPhaseJson,
  ContractClock,
  ContractResponse,
  ContractType,
  EscrowContractJson,
  EscrowTrancheJson,
  HoldingJson,
  ItemRentalResponse,
  OfferContractJson,
  RentalBookingJson,
  RentalContractJson,
  SplitContractJson,
  StreamContractJson,
  ListingContractJson,
  CredentialNameJson,
  JobApplicantJson,
  JobContractJson,
  JobMilestoneJson,
} from './contracts.ts';
export type { CredentialJson, CredentialsResponse, ListingsResponse, MarketListingResponse, OrderJson, OrderPhaseJson, OrdersResponse } from './market.ts';
// organisations (spec/org.md)
export type {
  AccountOrgsResponse,
  ContributionPhaseJson,
  MotionPhaseJson,
  OrgCharterJson,
  OrgContractJson,
  OrgContributionJson,
  OrgContributionResponse,
  OrgContributionsResponse,
  OrgEvaluationJson,
  OrgHolderResponse,
  OrgMemberJson,
  OrgMembersResponse,
  OrgMembershipJson,
  OrgMotionJson,
  OrgMotionResponse,
  OrgMotionsResponse,
  OrgResponse,
  OrgVoteJson,
} from './org.ts';
export type { OpenApiDocument } from './meta.ts';
export type { AccountJobRole, AccountJobsResponse, JobsResponse } from './work.ts';
