import { encode, type CborValue } from '../../codec/cbor.ts';
import { optional, readBool, readMap, readSmallUint, readString, readUint } from '../../codec/shape.ts';
import { invariant } from '../../errors/base.ts';
import { sha256Hex } from '../../crypto/hash.ts';
import { AMOUNT_MAX, HEIGHT_MAX } from '../limits.ts';
import { getStateValue, type StateReader } from '../state.ts';

/**
 * Trade records (spec/reputation.md §1): what every settlement writes so that its parties may review
 * each other. No trade, no review: a review names a trade id, and only settlements make trades. The
 * record's codec, browser-safe (reputation reports decode it); trades.ts writes it.
 */
// work (spec/work.md §3.5): a job's settled milestone or contest award.
export type TradeKind = 'offer' | 'rental' | 'item' | 'order' | 'job';

export interface TradeInput {
  kind: TradeKind;
  /** Names the one settlement: an offer address, `<rental>/<booking>`, `<item>/<seq>`, an order id. */
  ref: string;
  buyer: string;
  seller: string;
  arbiter?: string;
  /** The payment: only the native asset gives reviews weight (spec/reputation.md §3). */
  asset: string;
  amount: bigint;
  disputed: boolean;
  /** The party that lost the dispute, when the resolution says so (buyer or seller). */
  loser?: string;
  height: number;
}

export interface TradeRecord extends TradeInput {
  id: string;
}

const TRADE_DOMAIN = 'agora/trade/v1';
const KINDS: readonly TradeKind[] = ['offer', 'rental', 'item', 'order', 'job'];

export const tradeKey = (id: string): string => `trade/${id}`;

/** Lower-case hex SHA-256 of canonical CBOR ["agora/trade/v1", kind, ref]. */
export function tradeIdFor(kind: TradeKind, ref: string): string {
  return sha256Hex(encode([TRADE_DOMAIN, kind, ref]));
}

export function encodeTrade(trade: TradeInput): { [key: string]: CborValue } {
  const record: { [key: string]: CborValue } = { kind: trade.kind, ref: trade.ref, buyer: trade.buyer, seller: trade.seller, asset: trade.asset, amount: trade.amount, disputed: trade.disputed, height: trade.height };
  if (trade.arbiter !== undefined) record.arbiter = trade.arbiter;
  if (trade.loser !== undefined) record.loser = trade.loser;
  return record;
}

/** Decodes a stored trade record (trusted bytes; browser-safe: reputation reports decode it too). */
export function decodeTrade(id: string, value: CborValue): TradeRecord {
  const map = readMap(value, 'trade', ['kind', 'ref', 'buyer', 'seller', 'arbiter', 'asset', 'amount', 'disputed', 'loser', 'height']);
  const kind = readString(map.kind, 'trade.kind', 16) as TradeKind;
  invariant(KINDS.includes(kind), `trade.kind "${kind}" is not a trade kind`);
  const trade: TradeRecord = {
    id,
    kind,
    ref: readString(map.ref, 'trade.ref', 256),
    buyer: readString(map.buyer, 'trade.buyer', 90),
    seller: readString(map.seller, 'trade.seller', 90),
    asset: readString(map.asset, 'trade.asset', 16),
    amount: readUint(map.amount, 'trade.amount', AMOUNT_MAX),
    disputed: readBool(map.disputed, 'trade.disputed'),
    height: readSmallUint(map.height, 'trade.height', HEIGHT_MAX),
  };
  const arbiter = optional(map.arbiter, (v) => readString(v, 'trade.arbiter', 90));
  const loser = optional(map.loser, (v) => readString(v, 'trade.loser', 90));
  if (arbiter !== undefined) trade.arbiter = arbiter;
  if (loser !== undefined) trade.loser = loser;
  return trade;
}

export function getTrade(view: StateReader, id: string): TradeRecord | undefined {
  const value = getStateValue(view, tradeKey(id));
  return value === undefined ? undefined : decodeTrade(id, value);
}

