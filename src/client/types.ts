import type { Header } from '../chain/block.ts';
import type { HistoryAction } from '../ledger/records/item-log.ts';
/**
 * The JSON shapes of the HTTP API (spec/api.md), defined once: the server's queries
 * (src/node/queries.ts) build them and the SDK returns them. Amounts and nonces are decimal strings,
 * bytes are lower-case hex, heights and indexes are numbers.
 */

/** A decimal string of an unsigned integer (amounts up to 2^128 − 1, nonces up to 2^64 − 1). */
export type DecimalString = string;

/** Every error body of the API: `{ error: { code, message } }` with a 4xx/5xx status. */
export interface ErrorBody {
  code: string;
  message: string;
}

export interface ErrorResponse {
  error: ErrorBody;
}

export interface StatusResponse {
  chainId: string;
  genesisHash: string;
  /** Committed height; 0 before the first block. */
  height: number;
  /** The genesis hash while height is 0. */
  lastBlockHash: string;
  /** The genesis time while height is 0. */
  lastBlockTimeMs: number;
  /** This node's validator address, or null when it does not validate. */
  validator: string | null;
  mempoolSize: number;
  version: string;
  /** This node's libp2p peer id and connected peers; null peerId on a node without networking. */
  peerId: string | null;
  peers: number;
}

export interface ParamsResponse {
  chainId: string;
  nativeAsset: string;
  /** Fee = base[kind] + perByte × (tx bytes), in the native asset (spec/ledger.md §Fees). */
  fees: { perByte: DecimalString; base: { [kind: string]: DecimalString } };
}

export interface LedgerEventJson {
  type: string;
  attributes: { [key: string]: string };
}

export interface ReceiptJson {
  /** 'ok' or the rejection code of the payload (the fee is charged anyway). */
  code: string;
  message?: string;
  fee: DecimalString;
  events: LedgerEventJson[];
}

export interface PendingResult {
  id: string;
  /** 'pending': in the mempool. 'unknown': left the mempool without committing (evicted). */
  status: 'pending' | 'unknown';
}

export interface CommittedResult {
  id: string;
  status: 'committed';
  height: number;
  index: number;
  receipt: ReceiptJson;
}

export type SubmitResult = PendingResult | CommittedResult;

export type BatchItemResult = SubmitResult | ErrorResponse;

export interface BatchResponse {
  results: BatchItemResult[];
}

export interface SignerJson {
  address: string;
  publicKey: string;
  nonce: DecimalString;
}

/** JSON values of a payload: amounts as decimal strings. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface TxBodyJson {
  chainId: string;
  kind: string;
  payload: { [key: string]: JsonValue };
  signers: SignerJson[];
  fee: DecimalString;
  expiresAt: number | null;
}

export interface TxResponse {
  id: string;
  status: 'committed' | 'pending';
  height?: number;
  index?: number;
  receipt?: ReceiptJson;
  tx: TxBodyJson;
  /** One 64-byte Ed25519 signature (hex) per signer, in the signers' order. */
  signatures: string[];
  /** Length of the canonical tx bytes. */
  size: number;
}

/** A header as JSON is the chain's Header itself: numbers and hex strings only (src/chain/block.ts). */
export type HeaderJson = Header;

export interface BlockResponse {
  height: number;
  hash: string;
  header: HeaderJson;
  /** Tx ids in execution order. */
  txs: string[];
  commit: { round: number; signatures: { validator: string; signature: string }[] };
}

export interface BalanceJson {
  asset: string;
  amount: DecimalString;
}

export interface AccountResponse {
  address: string;
  /** The next nonce per committed state. */
  nonce: DecimalString;
  /** The next nonce once the pending txs commit: the one a wallet signs with. */
  pendingNonce: DecimalString;
  /** Non-zero balances in symbol order, at most PAGE_LIMIT_MAX of them. */
  balances: BalanceJson[];
  /** True when the account holds more assets than `balances` lists. */
  moreBalances: boolean;
}

export interface TxLocationJson {
  id: string;
  height: number;
  index: number;
}

export interface AccountTxsResponse {
  /** Newest first. */
  txs: TxLocationJson[];
  /** The `before` cursor of the next page ("HEIGHT.INDEX"), or null on the last page. */
  next: string | null;
}

export interface AssetResponse {
  symbol: string;
  name: string;
  decimals: number;
  supply: DecimalString;
  maxSupply: DecimalString | null;
  mintAuthority: string | null;
  /** An address, or "genesis" for the native asset. */
  creator: string;
  mintable: boolean;
}

export interface AssetsResponse {
  assets: AssetResponse[];
  /** The `after` cursor of the next page, or null on the last page. */
  next: string | null;
}

/** `event: block` of GET /v1/events. */
export interface BlockEventJson {
  height: number;
  hash: string;
  header: HeaderJson;
  txs: string[];
}

/** `event: tx` of GET /v1/events. */
export interface TxEventJson {
  id: string;
  height: number;
  index: number;
  addresses: string[];
  receipt: ReceiptJson;
}

// ---- records (spec/ledger.md §7, spec/api.md §4 "Records") -------------------------------------
// Built by src/node/records-queries.ts; src/api/routes/items.ts checks at compile time that what the
// node answers is assignable to these.

/** An item (spec/ledger.md §7.1): absent optional fields are null or empty lists. */
export interface ItemResponse {
  /** bech32m `item1…`, 63 characters. */
  id: string;
  kind: string;
  owner: string;
  /** `locked`: fractionalised; `retired`: for good (split, merged or retired). */
  status: 'live' | 'locked' | 'retired';
  registry: string | null;
  /** Who holds the thing: null when its owner does. */
  custodian: string | null;
  metadata: string | null;
  /** SHA-256 hashes (hex) of documents kept off-chain. */
  documents: string[];
  parents: string[];
  children: string[];
  /** The share asset and its number of shares while the item is locked. */
  lock: { asset: string; shares: DecimalString } | null;
  /** Height of its creation. */
  createdAt: number;
  /** History entries so far: the next `seq`. */
  events: number;
}

/** What a history entry records (spec/ledger.md §7.1): the ledger's own list. */
export type { HistoryAction };

/** One history entry (spec/ledger.md §7.1): `signer` and `nonce` name the tx, which is in the block at `height`. */
export interface HistoryEntryJson {
  seq: number;
  action: HistoryAction;
  signer: string;
  nonce: DecimalString;
  height: number;
  timeMs: number;
  type?: string;
  data?: string;
  documents?: string[];
  custodian?: string;
  from?: string;
  to?: string;
  payment?: { asset: string; amount: DecimalString };
  items?: string[];
  asset?: string;
  shares?: DecimalString;
  reason?: string;
  /** rental-*: the rental's contract address; the booking's number and renter (the item's user); the span of use. */
  contract?: string;
  booking?: number;
  user?: string;
  startMs?: number;
  endMs?: number;
}

export interface ItemHistoryResponse {
  item: string;
  /** Oldest first. */
  entries: HistoryEntryJson[];
  /** The `from` of the next page, or null after the last entry. */
  next: number | null;
}

export type LineageDirection = 'ancestors' | 'descendants';

export interface LineageItemJson {
  id: string;
  kind: string;
  owner: string;
  status: ItemResponse['status'];
  /** 1 for a parent (or child), 2 for a grandparent, … */
  depth: number;
  /** Its own parents (ancestors) or children (descendants): the edges of the graph. */
  links: string[];
}

export interface ItemLineageResponse {
  item: string;
  direction: LineageDirection;
  /** Breadth first, each item once, at most 1,000. */
  items: LineageItemJson[];
  /** True when the bound was reached before the end. */
  truncated: boolean;
}

export interface ItemsResponse {
  /** In item id order. */
  items: ItemResponse[];
  /** The `after` cursor of the next page (an item id), or null on the last page. */
  next: string | null;
}

export interface RegistryResponse {
  name: string;
  /** Its creator, who grants and revokes roles. */
  curator: string;
  /** Open: anyone may register items in it. */
  open: boolean;
  createdAt: number;
  /** At most 100, in address order. */
  registrars: string[];
  /** At most 100, in event type then address order. */
  attesters: { eventType: string; address: string }[];
  /** True when a list was cut at 100. */
  moreRoles: boolean;
}

// ---- contracts (spec/ledger.md §8, spec/api.md §4 "Contracts") ---------------------------------
// Built by src/node/contracts-queries.ts; src/api/routes/contracts.ts checks at compile time that
// what the node answers is assignable to these.

/** What a contract holds or moves (spec/ledger.md §8.1); empty lists where the ledger has none. */
export interface HoldingJson {
  assets: { asset: string; amount: DecimalString }[];
  items: string[];
}

/** The block whose time "now" means: the latest committed block (its height and block time). */
export interface ContractClock {
  height: number;
  timeMs: number;
}

interface ContractBase {
  /** The contract's account and id, `agora1…`. */
  address: string;
  /** Height of the tx that created it. */
  createdAt: number;
  /** What its address holds now: exactly what its record owes (spec/ledger.md §8.7, contracts/owed.ts). */
  holds: HoldingJson;
  /** The latest committed block: `now` below is what its block time makes of the contract, nothing written. */
  at: ContractClock;
}

export type EscrowTrancheJson = HoldingJson & { tranche: number; status: 'held' | 'released' | 'refunded' | 'resolved' };

export interface EscrowContractJson extends ContractBase {
  type: 'escrow';
  payer: string;
  payee: string;
  arbiter: string | null;
  deadlineMs: number;
  onExpiry: 'release' | 'refund';
  state: 'open' | 'disputed' | 'closed';
  tranches: EscrowTrancheJson[];
  now: {
    /** Open and block time ≥ deadlineMs: the default is due (spec/ledger.md §8.1). */
    expired: boolean;
    /** The default the next escrow.settle (or lazy release/refund) would apply now, or null. */
    defaultDue: 'release' | 'refund' | null;
    /** Whether a party could still open a dispute now. */
    disputable: boolean;
  };
}

export interface OfferContractJson extends ContractBase {
  type: 'offer';
  maker: string;
  counterparty: string | null;
  give: HoldingJson;
  ask: HoldingJson;
  deadlineMs: number;
  state: 'open' | 'accepted' | 'cancelled';
  now: {
    /** Block time ≥ deadlineMs. */
    expired: boolean;
    /** Open and not expired: offer.accept would be taken now. */
    acceptable: boolean;
  };
}

export interface SplitContractJson extends ContractBase {
  type: 'split';
  creator: string;
  members: { address: string; weight: number }[];
  /** The sum of the weights: a member gets weight / totalWeight of each payment (largest remainder, §8.4). */
  totalWeight: number;
}

export type BookingPhaseJson = 'upcoming' | 'in-use' | 'claim-window' | 'claimed' | 'due';

export interface RentalBookingJson {
  booking: number;
  renter: string;
  startMs: number;
  endMs: number;
  periods: number;
  price: DecimalString;
  deposit: DecimalString;
  /** As written: booked, ended (returned, or past its end and paid), claimed. */
  state: 'booked' | 'ended' | 'claimed';
  endedMs: number | null;
  /** Where it stands at `at.timeMs` (spec/ledger.md §8.5 "Phases"). */
  phase: BookingPhaseJson;
}

export interface RentalContractJson extends ContractBase {
  type: 'rental';
  item: string;
  owner: string;
  asset: string;
  pricePerPeriod: DecimalString;
  periodMs: number;
  minPeriods: number;
  maxPeriods: number;
  deposit: DecimalString;
  arbiter: string | null;
  claimWindowMs: number;
  status: 'open' | 'closed';
  nextBooking: number;
  /** The unsettled bookings, by number. */
  bookings: RentalBookingJson[];
  now: {
    /** Who uses the item now (ERC-4907's userOf): a renter within its span, else null (the owner). */
    user: string | null;
    /** What a rental.settle would pay now, booking by booking (empty: nothing due, `nothing_due`). */
    due: { booking: number; toOwner: DecimalString; toRenter: DecimalString }[];
  };
}

export interface StreamContractJson extends ContractBase {
  type: 'stream';
  payer: string;
  payee: string;
  asset: string;
  ratePerSecond: DecimalString;
  deposit: DecimalString;
  startMs: number;
  withdrawn: DecimalString;
  status: 'open' | 'stopped' | 'done';
  stoppedMs: number | null;
  now: {
    /** rate × whole seconds since startMs (to the stop), capped by the deposit (spec/ledger.md §8.6). */
    accrued: DecimalString;
    /** What stream.withdraw would take without an amount: accrued − withdrawn while open, else 0. */
    withdrawable: DecimalString;
    /** Block time from which the whole deposit has accrued, or null when past 2^53 ms. */
    endsMs: number | null;
  };
}

/** GET /v1/contracts/:address: the record, decoded, with what block time makes of it now. */
export type ContractResponse = EscrowContractJson | OfferContractJson | SplitContractJson | RentalContractJson | StreamContractJson;

export type ContractType = ContractResponse['type'];

/** One contract in which an address has a role, found from the txs that touch the address. */
export interface AccountContractJson {
  address: string;
  type: ContractType;
  /** escrow/offer `state`, rental/stream `status`; `active` for a split. */
  status: string;
  /** The address's roles in it seen on this page: payer, payee, arbiter, maker, counterparty, taker, creator, member, owner, renter. */
  roles: string[];
  /** The newest tx of this page that gave the address a role in it. */
  height: number;
  index: number;
}

export interface AccountContractsResponse {
  address: string;
  /** Newest first; each contract once per page. */
  contracts: AccountContractJson[];
  /** The `after` of the next page (HEIGHT.INDEX), or null once every tx of the address was visited. */
  next: string | null;
}

/** GET /v1/items/:id/rental: the item's open rental offer (or null) and who uses it now. */
export interface ItemRentalResponse {
  item: string;
  rental: RentalContractJson | null;
  user: string | null;
  at: ContractClock;
}
