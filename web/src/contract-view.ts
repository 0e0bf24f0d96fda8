/**
 * What the contract pages and the wallet make of a contract (spec/ledger.md §8) at a block time, pure
 * and tested in test/web/contracts-pure.test.ts. The node's GET /v1/contracts/:address says what the
 * block time of its answer makes of a contract (`now`); the pages recompute it at every new block time
 * with the ledger's own rules (the SDK re-exports them), so a stream's accrual or an escrow's deadline
 * moves as blocks come, without asking the node again.
 */
import { streamAccruedAt, type StreamRecord } from '../../src/client/index.ts';
import type { AccountContractJson, ContractType, EscrowContractJson, HoldingJson, JsonValue, LedgerEventJson, OfferContractJson, StreamContractJson } from '../../src/client/index.ts';

export const CONTRACT_TYPES: readonly ContractType[] = ['escrow', 'offer', 'split', 'rental', 'stream'];

/** The event that creates each type of contract, and names it under the type's own attribute. */
const CREATING_EVENTS: { [event: string]: ContractType } = {
  'escrow.created': 'escrow',
  'offer.created': 'offer',
  'split.created': 'split',
  'rental.offered': 'rental',
  'stream.opened': 'stream',
};

/** The contract a committed tx created (escrow.create, rental.offer, …), from its creating event. */
export function newContract(events: readonly LedgerEventJson[]): { type: ContractType; address: string } | undefined {
  for (const event of events) {
    const type = CREATING_EVENTS[event.type];
    const address = type === undefined ? undefined : event.attributes[type];
    if (type !== undefined && address !== undefined) return { type, address };
  }
  return undefined;
}

/**
 * Whether a committed tx touching `address` shows it is a contract account: a contract event names it
 * under its type (`escrow: <address>`), or value leaves it in a tx it did not sign — only a contract's
 * own handlers move value out of an address without its key (spec/ledger.md §8.1), which is how a
 * split's forwarding shows. Lets search and the account page ask GET /v1/contracts only of addresses
 * that are contracts (a 404 for every ordinary address would fill the console).
 */
export function txShowsContract(address: string, signers: readonly string[], events: readonly LedgerEventJson[]): boolean {
  for (const event of events) {
    const family = event.type.slice(0, event.type.indexOf('.'));
    if ((CONTRACT_TYPES as readonly string[]).includes(family) && event.attributes[family] === address) return true;
    if (event.type === 'transfer' && event.attributes.from === address && !signers.includes(address)) return true;
  }
  return false;
}

// ---- escrow (spec/ledger.md §8.2) ------------------------------------------------------------

/** `now` of an escrow at block time `timeMs`: the node's rule (src/node/contracts-queries.ts) at a newer time. */
export function escrowNow(escrow: EscrowContractJson, timeMs: number): EscrowContractJson['now'] {
  const held = escrow.tranches.filter((t) => t.status === 'held');
  const dueMs = (t: EscrowContractJson['tranches'][number]): number => t.reviewEndsMs ?? escrow.deadlineMs;
  const lapsed = escrow.state === 'disputed' && escrow.lapsesAtMs !== null && timeMs >= escrow.lapsesAtMs;
  // Each tranche carries its own due time and default (a delivered one follows its review window, spec/ledger.md §8.2.7).
  const due = escrow.state === 'disputed' ? (lapsed ? held.map(() => escrow.onExpiry) : []) : escrow.state === 'open' ? held.filter((t) => dueMs(t) <= timeMs).map((t) => (t.deliveredAtMs === null ? escrow.onExpiry : 'release')) : [];
  const expired = escrow.state === 'open' && held.length > 0 && held.every((t) => dueMs(t) <= timeMs);
  const defaultDue = due.length === 0 ? null : due.every((d) => d === due[0]) ? due[0] : 'mixed';
  return { expired, defaultDue, disputable: escrow.state === 'open' && escrow.arbiter !== null && held.every((t) => dueMs(t) > timeMs), lapsed };
}

/** One line on where an escrow stands. */
export function escrowStatusWords(escrow: EscrowContractJson, timeMs: number): string {
  const now = escrowNow(escrow, timeMs);
  if (escrow.state === 'closed') {
    const statuses = new Set(escrow.tranches.map((t) => t.status));
    if (statuses.size === 1 && statuses.has('released')) return 'Closed: everything was released to the payee.';
    if (statuses.size === 1 && statuses.has('refunded')) return 'Closed: everything went back to the payer.';
    if (statuses.has('resolved')) return 'Closed: the arbiter divided what was held.';
    return 'Closed: every part was paid out or refunded.';
  }
  if (now.lapsed) return `The arbiter did not decide in time: the dispute lapsed, and what is held goes ${escrow.onExpiry === 'release' ? 'to the payee' : 'back to the payer'} at the next touch (anyone may settle it).`;
  if (escrow.state === 'disputed') return 'In dispute: the arbiter decides how to divide what is held; the payer may still release and the payee refund.';
  if (now.defaultDue === 'mixed') return 'Some parts are due: the delivered ones go to the payee, the others back to the payer, at the next touch (anyone may settle it).';
  if (now.expired) return `The deadline has passed without a dispute: what is held goes ${now.defaultDue === 'release' ? 'to the payee' : 'back to the payer'} at the next touch (anyone may settle it).`;
  return 'Open: the payer releases what is held to the payee, or the payee refunds it.';
}

export type EscrowAction = { action: 'release'; tranche: number } | { action: 'refund' } | { action: 'dispute' } | { action: 'settle' } | { action: 'resolve'; toPayee: boolean };

/**
 * The escrow txs `me` may send now (§8.2 "States and transitions"): the payer releases each held
 * tranche, the payee refunds, either disputes before the deadline when there is an arbiter, the
 * arbiter resolves a dispute (the wallet offers the two whole outcomes); once it has expired anyone
 * settles it (a release or refund then would only apply the default).
 */
export function escrowActions(escrow: EscrowContractJson, me: string, timeMs: number): EscrowAction[] {
  if (escrow.state === 'closed') return [];
  const now = escrowNow(escrow, timeMs);
  if (now.expired) return [{ action: 'settle' }];
  const actions: EscrowAction[] = [];
  if (escrow.state === 'disputed' && me === escrow.arbiter) actions.push({ action: 'resolve', toPayee: true }, { action: 'resolve', toPayee: false });
  if (me === escrow.payer) {
    for (const tranche of escrow.tranches) if (tranche.status === 'held') actions.push({ action: 'release', tranche: tranche.tranche });
  }
  if (me === escrow.payee) actions.push({ action: 'refund' });
  if (now.disputable && (me === escrow.payer || me === escrow.payee)) actions.push({ action: 'dispute' });
  return actions;
}

/** Everything an escrow's held tranches hold, summed per asset (symbol order) with their items: an arbiter's "all to the payee". */
export function heldHolding(escrow: EscrowContractJson): { assets: { asset: string; amount: bigint }[]; items: string[] } {
  const sums = new Map<string, bigint>();
  const items: string[] = [];
  for (const tranche of escrow.tranches) {
    if (tranche.status !== 'held') continue;
    for (const { asset, amount } of tranche.assets) sums.set(asset, (sums.get(asset) ?? 0n) + BigInt(amount));
    items.push(...tranche.items);
  }
  return { assets: [...sums].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([asset, amount]) => ({ asset, amount })), items };
}

/** `me`'s roles in an escrow, for words ("you are its payer"). */
export function escrowRoles(escrow: EscrowContractJson, me: string): string[] {
  return (['payer', 'payee', 'arbiter'] as const).filter((role) => escrow[role] === me);
}

// ---- offer (spec/ledger.md §8.3.2) -------------------------------------------------------------

export function offerStatusWords(offer: OfferContractJson, timeMs: number): string {
  if (offer.state === 'accepted') return 'Accepted: the exchange took place.';
  if (offer.state === 'cancelled') return 'Cancelled: what it held went back to the maker.';
  if (timeMs >= offer.deadlineMs) return 'Expired: nobody can accept it any more; the maker may take back what it holds.';
  return offer.counterparty === null ? 'Open: anyone but the maker may accept it before the deadline.' : 'Open: the named counterparty may accept it before the deadline.';
}

// ---- stream (spec/ledger.md §8.6) ---------------------------------------------------------------

export function streamRecordOf(stream: StreamContractJson): StreamRecord {
  return {
    type: 'stream',
    payer: stream.payer,
    payee: stream.payee,
    asset: stream.asset,
    ratePerSecond: BigInt(stream.ratePerSecond),
    deposit: BigInt(stream.deposit),
    startMs: stream.startMs,
    withdrawn: BigInt(stream.withdrawn),
    status: stream.status,
    ...(stream.stoppedMs === null ? {} : { stoppedMs: stream.stoppedMs }),
    createdAt: stream.createdAt,
  };
}

export interface StreamNow {
  accrued: bigint;
  withdrawable: bigint;
  /** Accrued per mille of the deposit, for a bar. */
  accruedPerMille: number;
  withdrawnPerMille: number;
}

/** What a stream has accrued at block time `timeMs`, by the ledger's own `accruedAt` (whole seconds, capped). */
export function streamNow(stream: StreamContractJson, timeMs: number): StreamNow {
  const record = streamRecordOf(stream);
  const accrued = streamAccruedAt(record, timeMs);
  const withdrawable = record.status === 'open' && accrued > record.withdrawn ? accrued - record.withdrawn : 0n;
  const perMille = (part: bigint): number => (record.deposit === 0n ? 0 : Number((part * 1000n) / record.deposit));
  return { accrued, withdrawable, accruedPerMille: perMille(accrued), withdrawnPerMille: perMille(record.withdrawn) };
}

export function streamStatusWords(stream: StreamContractJson, timeMs: number): string {
  if (stream.status === 'stopped') return 'Stopped: what had accrued went to the payee, the rest back to the payer.';
  if (stream.status === 'done') return 'Done: the payee has withdrawn the whole deposit.';
  if (stream.now.endsMs !== null && timeMs >= stream.now.endsMs) return 'The whole deposit has accrued: the payee may withdraw what is left.';
  return 'Flowing: the payee earns by the second and may withdraw what has accrued; either side may stop it.';
}

// ---- lists and payloads -------------------------------------------------------------------------

/** Adds a page to a list: a contract already listed keeps its place and gains the page's roles. */
export function mergeContracts(list: readonly AccountContractJson[], page: readonly AccountContractJson[]): AccountContractJson[] {
  const merged = list.map((c) => ({ ...c, roles: [...c.roles] }));
  for (const contract of page) {
    const known = merged.find((c) => c.address === contract.address);
    if (known === undefined) merged.push({ ...contract, roles: [...contract.roles] });
    else known.roles = [...new Set([...known.roles, ...contract.roles])].sort();
  }
  return merged;
}

const jsonText = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : JSON.stringify(value ?? null));

/** A holding of a payload (`{assets?, items?}`) in the shape of the API's HoldingJson. */
export function holdingOf(value: JsonValue | undefined): HoldingJson {
  const map = typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  const assets = Array.isArray(map.assets) ? map.assets : [];
  const items = Array.isArray(map.items) ? map.items : [];
  return {
    assets: assets.map((a) => (typeof a === 'object' && a !== null && !Array.isArray(a) ? { asset: jsonText(a.asset), amount: jsonText(a.amount) } : { asset: '?', amount: jsonText(a) })),
    items: items.map(jsonText),
  };
}

/** `total` in `parts` tranches (milestones) as equal as whole base units allow; the last takes the remainder. */
export function equalTranches(total: bigint, parts: number): bigint[] {
  const share = total / BigInt(parts);
  return Array.from({ length: parts }, (_, i) => (i === parts - 1 ? total - share * BigInt(parts - 1) : share));
}
