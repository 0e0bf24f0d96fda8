import { addressFromPublicKey } from '../crypto/address.ts';
// reputation (spec/reputation.md)
import type { ReputationJson, ReviewsJson } from '../wire/reputation.ts';
import type { AccountJobRole, AccountJobsResponse, JobsResponse } from '../wire/work.ts';
import { toHex } from '../crypto/hash.ts';
import type { TxBody, TxKind, TxPayloads } from '../ledger/types.ts';
import { buildTx, feeScheduleFromJson, settleFee, signTx, type TxKey } from './builders.ts';
import { AgoraError } from './errors.ts';
import { PATHS } from '../wire/paths.ts';
import type { ResponseOf, RouteInput } from '../wire/route.ts';
import { urlOf } from '../wire/url.ts';
import type { RouteName, Routes } from '../wire/routes.ts';
import type {
  AccountContractsResponse,
  AccountResponse,
  AccountTxsResponse,
  AssetResponse,
  AssetsResponse,
  BatchItemResult,
  BatchResponse,
  BlockResponse,
  CommittedResult,
  EvidenceDocumentResponse,
  ContractResponse,
  CredentialsResponse,
  GenesisResponse,
  ValidatorsResponse,
  ItemHistoryResponse,
  ItemLineageResponse,
  ItemRentalResponse,
  ItemResponse,
  ItemsResponse,
  LineageDirection,
  ListingsResponse,
  MarketListingResponse,
  OrderJson,
  OrdersResponse,
  // organisations (spec/org.md)
  AccountOrgsResponse,
  OrgContributionJson,
  OrgContributionResponse,
  OrgContributionsResponse,
  OrgMembersResponse,
  OrgMotionJson,
  OrgHolderResponse,
  OrgMotionResponse,
  OrgMotionsResponse,
  OrgResponse,
  ParamsResponse,
  RegistryResponse,
  StatusResponse,
  SubmitResult,
  TxResponse,
} from './types.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface AgoraClientOptions {
  /** Defaults to the global fetch (browsers, Node ≥ 18). */
  fetch?: FetchLike;
  /** Bound on each request; default 10 s. */
  timeoutMs?: number;
  /** Bound on a request with ?wait=commit; default 35 s (the node itself waits at most 30 s). */
  commitTimeoutMs?: number;
}

export interface SubmitOptions {
  /** 'commit': answer once the tx is committed (or still pending when the node's wait runs out). */
  wait?: 'commit';
}

export interface SendTxOptions {
  /** Default: the exact fee of the node's schedule. */
  fee?: bigint;
  /** Default: the account's pendingNonce. */
  nonce?: bigint;
  expiresAt?: number;
  /** Default: fetched with params(). */
  params?: ParamsResponse;
}

export interface PageOptions {
  limit?: number;
}

/** The criteria of a listing search (GET /v1/listings): all must hold; prices in base units of `asset`. */
export interface ListingSearchOptions extends PageOptions {
  q?: string;
  kind?: 'goods' | 'service' | 'rental' | 'sale';
  asset?: string;
  minPrice?: string;
  maxPrice?: string;
  registry?: string;
  type?: string;
  seller?: string;
  /** The seller's reputation score at least this, in ppm (0 to 1000000); a seller without a score meets none. */
  minScore?: string;
  /** With `availableUntil`: rental listings free to book for all of [availableFrom, availableUntil), block time in ms. */
  availableFrom?: string;
  availableUntil?: string;
  after?: string;
}

const TIMEOUT_MS_DEFAULT = 10_000;
const COMMIT_TIMEOUT_MS_DEFAULT = 35_000;

/**
 * The SDK's client of one node's HTTP API (spec/api.md). Browser-safe. Every failure is thrown as
 * an AgoraError: the node's `{error:{code,message}}` keeps its code and HTTP status.
 */
export class AgoraClient {
  readonly baseUrl: string;
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  private readonly commitTimeoutMs: number;

  constructor(baseUrl: string, options: AgoraClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? TIMEOUT_MS_DEFAULT;
    this.commitTimeoutMs = options.commitTimeoutMs ?? COMMIT_TIMEOUT_MS_DEFAULT;
  }

  status(): Promise<StatusResponse> {
    return this.call('status', {});
  }

  params(): Promise<ParamsResponse> {
    return this.call('params', {});
  }

  /** The node's chain id and genesis validator set: what a page it serves trusts (spec/provenance.md §1). */
  genesis(): Promise<GenesisResponse> {
    return this.call('genesis', {});
  }

  /** The validator set of `height` (1 … tip + 2); by default the set that signs the next block (spec/ledger.md §10.1). */
  validators(height?: number): Promise<ValidatorsResponse> {
    return this.call('validators', { query: { height: height === undefined ? undefined : String(height) } });
  }

  submit(bytes: Uint8Array, options: SubmitOptions = {}): Promise<SubmitResult> {
    // One tx ({tx}) is answered with a SubmitResult; only an array is answered with a BatchResponse.
    return this.call('submit', { query: { wait: options.wait }, body: { tx: toHex(bytes) } }, options.wait === 'commit') as Promise<SubmitResult>;
  }

  /** Submits txs in order; each result is independent: `{id, status}` or `{error}`. */
  async submitBatch(list: readonly Uint8Array[], options: SubmitOptions = {}): Promise<BatchItemResult[]> {
    const body = list.map((bytes) => ({ tx: toHex(bytes) }));
    const response = (await this.call('submit', { query: { wait: options.wait }, body }, options.wait === 'commit')) as BatchResponse;
    return response.results;
  }

  tx(id: string): Promise<TxResponse> {
    return this.call('tx', { params: { id } });
  }

  block(height: number | 'latest'): Promise<BlockResponse> {
    return this.call('block', { params: { height: String(height) } });
  }

  account(address: string): Promise<AccountResponse> {
    return this.call('account', { params: { address } });
  }

  accountTxs(address: string, options: PageOptions & { before?: string } = {}): Promise<AccountTxsResponse> {
    return this.call('accountTxs', { params: { address }, query: { limit: options.limit, before: options.before } });
  }

  asset(symbol: string): Promise<AssetResponse> {
    return this.call('asset', { params: { symbol } });
  }

  assets(options: PageOptions & { after?: string } = {}): Promise<AssetsResponse> {
    return this.call('assets', { query: { limit: options.limit, after: options.after } });
  }

  /** An item (spec/ledger.md §7.1); `unknown_item` (404) when there is none, `bad_item_id` when malformed. */
  getItem(id: string): Promise<ItemResponse> {
    return this.call('item', { params: { id } });
  }

  /** A page of an item's history, oldest first, from entry `from` (default 0); follow `next` as the next `from`. */
  getItemHistory(id: string, options: PageOptions & { from?: number } = {}): Promise<ItemHistoryResponse> {
    return this.call('itemHistory', { params: { id }, query: { from: options.from, limit: options.limit } });
  }

  /** An item's ancestors (default) or descendants, breadth first. */
  getItemLineage(id: string, direction: LineageDirection = 'ancestors'): Promise<ItemLineageResponse> {
    return this.call('itemLineage', { params: { id }, query: { direction } });
  }

  /** A page of the items an address owns (any status), in id order; follow `next` as `after`. */
  getItemsByOwner(address: string, options: PageOptions & { after?: string } = {}): Promise<ItemsResponse> {
    return this.call('accountItems', { params: { address }, query: { limit: options.limit, after: options.after } });
  }

  /** A registry with its curator and roles; `unknown_registry` (404) when there is none. */
  getRegistry(name: string): Promise<RegistryResponse> {
    return this.call('registry', { params: { name } });
  }

  /** A page of a registry's items (any status), in id order; follow `next` as `after`. */
  getRegistryItems(name: string, options: PageOptions & { after?: string } = {}): Promise<ItemsResponse> {
    return this.call('registryItems', { params: { name }, query: { limit: options.limit, after: options.after } });
  }

  /**
   * A contract (spec/ledger.md §8) by its address, with what the latest block time makes of it in
   * `now` (a stream's accrual, an expired escrow's default, a booking's phase); narrow on `type`.
   * `unknown_contract` (404) when the address holds no contract, `bad_address` when malformed.
   */
  getContract(address: string): Promise<ContractResponse> {
    return this.call('contract', { params: { address } });
  }

  /** A page of the contracts in which `address` has a role, newest first; follow `next` as `after` until null. */
  getAccountContracts(address: string, options: PageOptions & { after?: string } = {}): Promise<AccountContractsResponse> {
    return this.call('accountContracts', { params: { address }, query: { limit: options.limit, after: options.after } });
  }

  /** An item's open rental offer (null when none) and who uses it now; `unknown_item` (404) when there is none. */
  getItemRental(id: string): Promise<ItemRentalResponse> {
    return this.call('itemRental', { params: { id } });
  }

  /** A market listing and its seller's public key (to seal a note); `unknown_listing` (404) when there is none. */
  getListing(address: string): Promise<MarketListingResponse> {
    return this.call('listing', { params: { address } });
  }

  /** A page of active listings matching every criterion given (spec/market.md §6); follow `next` as `after` until null. */
  searchListings(search: ListingSearchOptions = {}): Promise<ListingsResponse> {
    return this.call('listings', { query: { ...search } });
  }

  /** An order with its phase and next step; `unknown_order` (404) when there is none. */
  getOrder(id: string): Promise<OrderJson> {
    return this.call('order', { params: { id } });
  }

  /** A page of `address`'s orders as buyer (the default) or seller, newest first. */
  getAccountOrders(address: string, options: PageOptions & { role?: 'buyer' | 'seller'; after?: string } = {}): Promise<OrdersResponse> {
    return this.call('accountOrders', { params: { address }, query: { role: options.role, limit: options.limit, after: options.after } });
  }

  /** A page of the open jobs taking applications, by mode and asset (spec/work.md); follow `next` as `after` until null. */
  searchJobs(search: PageOptions & { mode?: 'single' | 'contest' | 'team'; asset?: string; after?: string } = {}): Promise<JobsResponse> {
    return this.call('jobs', { query: { mode: search.mode, asset: search.asset, limit: search.limit, after: search.after } });
  }

  /** A page of `address`'s jobs as client (posted, the default; newest first), as worker (applied to) or as arbiter (offered by the job). */
  getAccountJobs(address: string, options: PageOptions & { role?: AccountJobRole; after?: string } = {}): Promise<AccountJobsResponse> {
    return this.call('accountJobs', { params: { address }, query: { role: options.role, limit: options.limit, after: options.after } });
  }

  /** A page of the disputed orders `address` arbitrates. */
  getArbiterDisputes(address: string, options: PageOptions & { after?: string } = {}): Promise<OrdersResponse> {
    return this.call('arbiterDisputes', { params: { address }, query: { limit: options.limit, after: options.after } });
  }

  /** A page of the credentials issued to `address`. */
  getAccountCredentials(address: string, options: PageOptions & { after?: string } = {}): Promise<CredentialsResponse> {
    return this.call('accountCredentials', { params: { address }, query: { limit: options.limit, after: options.after } });
  }

  // organisations (spec/org.md)
  /** An org with its first members by reputation and its open contributions and motions; `unknown_org` (404) when there is none. */
  getOrg(address: string): Promise<OrgResponse> {
    return this.call('org', { params: { address } });
  }

  /** A page of an org's members by reputation, highest first; follow `next` as `after` until null. */
  getOrgMembers(address: string, options: PageOptions & { after?: string } = {}): Promise<OrgMembersResponse> {
    return this.call('orgMembers', { params: { address }, query: { limit: options.limit, after: options.after } });
  }

  /** A page of an org's contributions, newest first, of one status if given. */
  getOrgContributions(address: string, options: PageOptions & { status?: OrgContributionJson['status']; after?: string } = {}): Promise<OrgContributionsResponse> {
    return this.call('orgContributions', { params: { address }, query: { status: options.status, limit: options.limit, after: options.after } });
  }

  /** A contribution with its phase and evaluations; `unknown_org` or `unknown_contribution` (404). */
  getOrgContribution(address: string, id: number): Promise<OrgContributionResponse> {
    return this.call('orgContribution', { params: { address, id: String(id) } });
  }

  /** A page of an org's motions, newest first, of one status if given. */
  getOrgMotions(address: string, options: PageOptions & { status?: OrgMotionJson['status']; after?: string } = {}): Promise<OrgMotionsResponse> {
    return this.call('orgMotions', { params: { address }, query: { status: options.status, limit: options.limit, after: options.after } });
  }

  /** A motion with its phase and votes; `unknown_org` or `unknown_motion` (404). */
  getOrgMotion(address: string, id: number): Promise<OrgMotionResponse> {
    return this.call('orgMotion', { params: { address, id: String(id) } });
  }

  /** A holder's org tokens locked into the org and what it can claim (spec/org.md §4.2); `unknown_org` (404). */
  getOrgHolder(address: string, holder: string): Promise<OrgHolderResponse> {
    return this.call('orgHolder', { params: { address, holder } });
  }

  /** A page of the orgs `address` is a member of. */
  getAccountOrgs(address: string, options: PageOptions & { after?: string } = {}): Promise<AccountOrgsResponse> {
    return this.call('accountOrgs', { params: { address }, query: { limit: options.limit, after: options.after } });
  }

  /**
   * An item's provenance report (spec/provenance.md) as its canonical text: save it as it is, check it
   * offline with `verifyReport`. `unknown_item` (404) when there is none, `report_too_large` past the bounds.
   */
  async getItemReport(id: string): Promise<string> {
    const path = urlOf(PATHS.itemReport, { params: { id } });
    const response = await this.fetchRaw(path, this.commitTimeoutMs);
    if (response.ok) return response.text();
    return parseResponse<string>(response, `GET ${path}`);
  }

  /**
   * A block's evidence with what proves the validator set of each piece's height from the genesis
   * (spec/chain.md §6.5): save it, check it offline with `verifyEvidenceDocument`. `not_found` (404).
   */
  getBlockEvidence(height: number | 'latest'): Promise<EvidenceDocumentResponse> {
    return this.call('blockEvidence', { params: { height: String(height) } });
  }

  // reputation (spec/reputation.md)
  /** An address's reputation aggregates and score (all 0 and null for one that never traded). */
  getReputation(address: string): Promise<ReputationJson> {
    return this.call('accountReputation', { params: { address } });
  }

  /** The reviews of an address; a rating is given once the review is shown (spec/reputation.md §2). */
  getReviews(address: string): Promise<ReviewsJson> {
    return this.call('accountReviews', { params: { address } });
  }

  /** An address's reputation report as its canonical text: check it offline with `verifyReputationReport`. `not_found` (404) when it never traded. */
  async getReputationReport(address: string): Promise<string> {
    const path = urlOf(PATHS.accountReputationReport, { params: { address } });
    const response = await this.fetchRaw(path, this.commitTimeoutMs);
    if (response.ok) return response.text();
    return parseResponse<string>(response, `GET ${path}`);
  }

  /**
   * Builds, signs and submits a `kind` tx from `key`, and waits for its commit: reads the chain id
   * and fee schedule (params), the next nonce (the account's pendingNonce), computes the exact fee
   * (settleFee). Throws AgoraError with the node's code when the tx is refused, with the receipt's
   * code when it commits but fails, `commit_timeout` when it is still pending after the wait and
   * `tx_dropped` when it left the mempool without committing.
   */
  async sendTx<K extends TxKind>(key: TxKey, kind: K, payload: TxPayloads[K], options: SendTxOptions = {}): Promise<CommittedResult> {
    const params = options.params ?? (await this.params());
    const nonce = options.nonce ?? BigInt((await this.account(addressFromPublicKey(key.publicKey))).pendingNonce);
    const draft = buildTx(kind, { chainId: params.chainId, from: key.publicKey, nonce, fee: 0n, expiresAt: options.expiresAt }, payload) as TxBody;
    const fee = options.fee ?? settleFee(feeScheduleFromJson(params.fees), draft);
    const signed = signTx({ ...draft, fee }, [key]);
    return expectCommittedOk(await this.submit(signed.bytes, { wait: 'commit' }));
  }

  private async fetchRaw(path: string, timeoutMs: number): Promise<Response> {
    try {
      return await this.fetchImpl(`${this.baseUrl}${path}`, { method: 'GET', headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name === 'TimeoutError' || name === 'AbortError') throw new AgoraError('timeout', `GET ${path}: no answer from ${this.baseUrl} in time`, { cause: error });
      throw new AgoraError('network_error', `GET ${path}: cannot reach ${this.baseUrl}`, { cause: error });
    }
  }

  /**
   * Calls the route `name` of the wire contract with `input` (its URL built from the route's path and
   * query) and answers its success shape. Only the route's address (PATHS) is read at run time; its
   * schemas type the input and answer (src/wire/routes.ts, a type-only import).
   */
  private async call<N extends RouteName>(name: N, input: RouteInput<Routes[N]>, waitsForCommit = false): Promise<ResponseOf<Routes[N]>> {
    const { method } = PATHS[name];
    // RouteInput<Routes[N]> is an object of path values and query values, as urlOf takes them.
    const path = urlOf(PATHS[name], input as Parameters<typeof urlOf>[1]);
    const body: unknown = input.body;
    const init: RequestInit = { method, headers: { accept: 'application/json' }, signal: AbortSignal.timeout(waitsForCommit ? this.commitTimeoutMs : this.timeoutMs) };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { accept: 'application/json', 'content-type': 'application/json' };
    }
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, init);
    } catch (error) {
      const errorName = error instanceof Error ? error.name : '';
      if (errorName === 'TimeoutError' || errorName === 'AbortError') throw new AgoraError('timeout', `${method} ${path}: no answer from ${this.baseUrl} in time`, { cause: error });
      throw new AgoraError('network_error', `${method} ${path}: cannot reach ${this.baseUrl}`, { cause: error });
    }
    return parseResponse<ResponseOf<Routes[N]>>(response, `${method} ${path}`);
  }
}

async function parseResponse<T>(response: Response, what: string): Promise<T> {
  let json: unknown;
  try {
    json = await response.json();
  } catch (error) {
    throw new AgoraError('bad_response', `${what}: the answer (HTTP ${response.status}) is not JSON`, { status: response.status, cause: error });
  }
  if (response.ok) return json as T;
  const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (typeof error?.code !== 'string') throw new AgoraError('bad_response', `${what}: HTTP ${response.status} without an error body`, { status: response.status });
  return Promise.reject(new AgoraError(error.code, typeof error.message === 'string' ? error.message : error.code, { status: response.status }));
}

/** A submit result that must be a committed, successful tx. */
export function expectCommittedOk(result: SubmitResult): CommittedResult {
  if (result.status !== 'committed') {
    if (result.status === 'pending') throw new AgoraError('commit_timeout', `tx ${result.id} is accepted but not committed yet; query it later`, { details: { id: result.id } });
    throw new AgoraError('tx_dropped', `tx ${result.id} left the mempool without committing`, { details: { id: result.id } });
  }
  if (result.receipt.code !== 'ok') {
    const message = `tx ${result.id} committed at height ${result.height} but failed: ${result.receipt.message ?? result.receipt.code}`;
    throw new AgoraError(result.receipt.code, message, { details: { ...result } });
  }
  return result;
}
