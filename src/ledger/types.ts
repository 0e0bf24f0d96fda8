import type { RejectCode } from './errors.ts';
import type { EscrowCreatePayload, EscrowRefPayload, EscrowReleasePayload, EscrowResolvePayload } from './contracts/escrow-types.ts';
import type { OfferCreatePayload, OfferRefPayload, SwapPayload } from './contracts/swap-types.ts';
import type { SplitCreatePayload } from './contracts/split-types.ts';
import type { RentalBookingPayload, RentalBookPayload, RentalClaimPayload, RentalOfferPayload, RentalRefPayload, RentalResolvePayload } from './contracts/rental/types.ts';
import type { StreamOpenPayload, StreamStopPayload, StreamWithdrawPayload } from './contracts/stream-types.ts';
// org (spec/org.md)
import type { OrgContributePayload, OrgContributionRefPayload, OrgCreatePayload, OrgEvaluatePayload, OrgFundPayload, OrgLockPayload, OrgMotionRefPayload, OrgProposePayload, OrgRefPayload, OrgRevealPayload, OrgVotePayload } from './org/types.ts';
// market (spec/market.md)
import type { EscrowDeliverPayload } from './contracts/escrow-types.ts';
import type { CredentialIssuePayload, CredentialRevokePayload, MarketBuyPayload, MarketClosePayload, MarketListPayload, MarketPausePayload, MarketUpdatePayload } from './market/types.ts';
// reputation (spec/reputation.md)
import type { ReviewCommitPayload, ReviewReplyPayload, ReviewRevealPayload } from './market/reviews-types.ts';
import type { ValidatorsUpdatePayload } from './validators/update-types.ts';
// work (spec/work.md)
import type { JobApplyPayload, JobAssignPayload, JobAwardPayload, JobMilestonePayload, JobPostPayload, JobRefPayload } from './work/types.ts';

/** One signer of a tx: its public key and the account nonce this tx consumes (DESIGN.md §Transactions). */
export interface Signer {
  publicKey: Uint8Array;
  nonce: bigint;
}

export interface TransferPayload {
  transfers: { to: string; asset: string; amount: bigint }[];
}

export interface AssetCreatePayload {
  symbol: string;
  name: string;
  decimals: number;
  /** Minted to the creator at creation; may be 0. */
  supply: bigint;
  maxSupply?: bigint;
  /** Who may mint later; absent means the supply is fixed forever. */
  mintAuthority?: string;
}

export interface AssetMintPayload {
  asset: string;
  to: string;
  amount: bigint;
}

export interface AssetBurnPayload {
  asset: string;
  amount: bigint;
}

// Records module (src/ledger/records; spec/ledger.md §7). Item ids are bech32m `item1…` (records/ids.ts);
// document hashes are 32-byte SHA-256 digests of files kept off-chain.

/** A permission in a registry: registering items, or attesting one event type. */
export type RegistryRole = { role: 'registrar'; address: string } | { role: 'attester'; eventType: string; address: string };

export interface RegistryCreatePayload {
  /** The registry's id, first come first served. */
  name: string;
  /** Open: anyone may register items in it. Curated: only its curator (the creator) and registrars. */
  open: boolean;
  roles?: RegistryRole[];
}

export interface RegistryAuthorizePayload {
  registry: string;
  grant?: RegistryRole[];
  revoke?: RegistryRole[];
}

export interface ItemRegisterPayload {
  kind: string;
  registry?: string;
  /** Defaults to the signer: a registrar may register an item for someone else. */
  owner?: string;
  /** Who holds the thing; absent means its owner. */
  custodian?: string;
  metadata?: string;
  documents?: Uint8Array[];
}

/** A price the recipient pays the owner in the same tx; the recipient is then the tx's second signer. */
export interface ItemPayment {
  asset: string;
  amount: bigint;
}

export interface ItemTransferPayload {
  item: string;
  to: string;
  payment?: ItemPayment;
}

export interface ItemAttestPayload {
  item: string;
  /** The event type; `custody` hands the item to `custodian`. */
  type: string;
  data?: string;
  documents?: Uint8Array[];
  /** Present exactly when `type` is `custody`. */
  custodian?: string;
}

/** One new item made by a split. */
export interface ItemPart {
  kind: string;
  metadata?: string;
  documents?: Uint8Array[];
}

export interface ItemSplitPayload {
  item: string;
  children: ItemPart[];
}

export interface ItemMergePayload {
  items: string[];
  kind: string;
  registry?: string;
  metadata?: string;
  documents?: Uint8Array[];
}

export interface ItemRetirePayload {
  item: string;
  reason?: string;
}

export interface ItemFractionalizePayload {
  item: string;
  /** The symbol of the new share asset (an ordinary asset with a fixed supply of `shares`). */
  symbol: string;
  shares: bigint;
  /** The share asset's name; defaults to "Shares of <kind>". */
  name?: string;
}

export interface ItemRedeemPayload {
  item: string;
}

/** Every tx kind and its payload. Modules add their kinds here. */
export interface TxPayloads {
  transfer: TransferPayload;
  'asset.create': AssetCreatePayload;
  'asset.mint': AssetMintPayload;
  'asset.burn': AssetBurnPayload;
  'registry.create': RegistryCreatePayload;
  'registry.authorize': RegistryAuthorizePayload;
  'item.register': ItemRegisterPayload;
  'item.transfer': ItemTransferPayload;
  'item.attest': ItemAttestPayload;
  'item.split': ItemSplitPayload;
  'item.merge': ItemMergePayload;
  'item.retire': ItemRetirePayload;
  'item.fractionalize': ItemFractionalizePayload;
  'item.redeem': ItemRedeemPayload;
  // contracts: escrow (contracts/escrow-types.ts; spec/ledger.md §8.2)
  'escrow.create': EscrowCreatePayload;
  'escrow.release': EscrowReleasePayload;
  'escrow.refund': EscrowRefPayload;
  'escrow.dispute': EscrowRefPayload;
  'escrow.resolve': EscrowResolvePayload;
  'escrow.settle': EscrowRefPayload;
  // contracts: swap and offer (contracts/swap-types.ts; spec/ledger.md §8.3)
  swap: SwapPayload;
  'offer.create': OfferCreatePayload;
  'offer.accept': OfferRefPayload;
  'offer.cancel': OfferRefPayload;
  // contracts: revenue split (contracts/split-types.ts; spec/ledger.md §8.4)
  'split.create': SplitCreatePayload;
  // Rentals (src/ledger/contracts/rental/types.ts; spec/ledger.md §8.5)
  'rental.offer': RentalOfferPayload;
  'rental.book': RentalBookPayload;
  'rental.return': RentalBookingPayload;
  'rental.claim': RentalClaimPayload;
  'rental.resolve': RentalResolvePayload;
  'rental.settle': RentalRefPayload;
  'rental.close': RentalRefPayload;
  // Payment streams (src/ledger/contracts/stream-types.ts; spec/ledger.md §8.6)
  'stream.open': StreamOpenPayload;
  'stream.withdraw': StreamWithdrawPayload;
  'stream.stop': StreamStopPayload;
  // market (spec/market.md) and the escrow addition it builds on (spec/ledger.md §8.2.7)
  'escrow.deliver': EscrowDeliverPayload;
  'credential.issue': CredentialIssuePayload;
  'credential.revoke': CredentialRevokePayload;
  'market.list': MarketListPayload;
  'market.update': MarketUpdatePayload;
  'market.pause': MarketPausePayload;
  'market.close': MarketClosePayload;
  'market.buy': MarketBuyPayload;
  // reputation (spec/reputation.md)
  'review.commit': ReviewCommitPayload;
  'review.reveal': ReviewRevealPayload;
  'review.reply': ReviewReplyPayload;
  // org (spec/org.md)
  'org.create': OrgCreatePayload;
  'org.join': OrgRefPayload;
  'org.fund': OrgFundPayload;
  'org.contribute': OrgContributePayload;
  'org.evaluate': OrgEvaluatePayload;
  'org.reveal': OrgRevealPayload;
  'org.close': OrgContributionRefPayload;
  'org.claim': OrgContributionRefPayload;
  'org.propose': OrgProposePayload;
  'org.object': OrgMotionRefPayload;
  'org.vote': OrgVotePayload;
  'org.execute': OrgMotionRefPayload;
  'org.withdraw': OrgRefPayload;
  'org.lock': OrgLockPayload;
  'org.unlock': OrgLockPayload;
  // Validator set (src/ledger/validators/update-types.ts; spec/ledger.md §10)
  'validators.update': ValidatorsUpdatePayload;
  // work (spec/work.md)
  'job.post': JobPostPayload;
  'job.apply': JobApplyPayload;
  'job.assign': JobAssignPayload;
  'job.deliver': JobMilestonePayload;
  'job.approve': JobMilestonePayload;
  'job.dispute': JobRefPayload;
  'job.replace': JobRefPayload;
  'job.award': JobAwardPayload;
  'job.cancel': JobRefPayload;
  'job.withdraw': JobRefPayload;
}

export type TxKind = keyof TxPayloads;

export type TxBody<K extends TxKind = TxKind> = {
  [P in K]: {
    chainId: string;
    kind: P;
    payload: TxPayloads[P];
    /** The first signer pays the fee. */
    signers: Signer[];
    /** The most the payer accepts to pay; the fee charged is the schedule's (src/ledger/fees.ts). */
    fee: bigint;
    /** Last height at which the tx may be included; absent means no expiry. */
    expiresAt?: number;
  };
}[K];

export interface Tx {
  body: TxBody;
  signatures: Uint8Array[];
}

/** A tx as it arrives in a block or the mempool: decoded, with its bytes, id and signer addresses. */
export interface DecodedTx {
  tx: Tx;
  bytes: Uint8Array;
  /** Hex SHA-256 of `bytes`. */
  id: string;
  /** bech32m addresses of the signers, in the signers' order. */
  signerAddresses: string[];
  /** What every signer signed: txSignBytes(tx.body), taken from `bytes` without re-encoding. */
  signBytes: Uint8Array;
}

/** Chain parameters fixed in genesis. */
export interface ChainParams {
  nativeAsset: string;
  fees: FeeSchedule;
}

/** Fee = base[kind] + perByte × (tx bytes), in the native asset. Known before sending. */
export interface FeeSchedule {
  perByte: bigint;
  base: { [K in TxKind]?: bigint };
}

/** What a tx may know of its block: passed in, never read from a clock. */
export interface BlockContext {
  chainId: string;
  height: number;
  timeMs: number;
  proposer: string;
  params: ChainParams;
}

/** An event: a type and string attributes (amounts as decimal strings). */
export interface LedgerEvent {
  type: string;
  attributes: { [key: string]: string };
}

export interface Receipt {
  txId: string;
  code: 'ok' | RejectCode;
  message?: string;
  fee: bigint;
  events: LedgerEvent[];
}
