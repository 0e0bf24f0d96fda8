import type { CborValue } from '../../codec/cbor.ts';
import { optional, readMap, readSmallUint, readString, readUint } from '../../codec/shape.ts';
import { invariant } from '../../errors/base.ts';
import { AMOUNT_MAX, HEIGHT_MAX, TIME_MS_MAX } from '../limits.ts';
import type { StateReader, Overlay } from '../state.ts';
import { getContractRecord, putContractRecord } from '../accounts/contract-account.ts';

/**
 * A payment stream's record at `contract/<address>` (spec/ledger.md §8.6). Settled lazily: nothing is
 * written per block; what has accrued is a pure function of the record and the block time
 * (`accruedAt`), applied when the payee withdraws or a party stops the stream.
 */
export type StreamStatus = 'open' | 'stopped' | 'done';

export interface StreamRecord {
  type: 'stream';
  payer: string;
  payee: string;
  asset: string;
  ratePerSecond: bigint;
  deposit: bigint;
  /** Block time of the opening tx: accrual counts whole seconds from here. */
  startMs: number;
  /** Paid to the payee so far (by withdrawals, and by the stop). */
  withdrawn: bigint;
  /** open: accruing; stopped: stopped by a party (everything paid out); done: the payee withdrew the whole deposit. */
  status: StreamStatus;
  /** Block time of the stop: accrual ends there. */
  stoppedMs?: number;
  /** Height of the opening tx. */
  createdAt: number;
}

const STATUSES: readonly StreamStatus[] = ['open', 'stopped', 'done'];
const MS_PER_SECOND = 1000n;

export function encodeStream(stream: StreamRecord): { [key: string]: CborValue } & { type: 'stream' } {
  const record: { [key: string]: CborValue } & { type: 'stream' } = {
    type: 'stream',
    payer: stream.payer,
    payee: stream.payee,
    asset: stream.asset,
    ratePerSecond: stream.ratePerSecond,
    deposit: stream.deposit,
    startMs: stream.startMs,
    withdrawn: stream.withdrawn,
    status: stream.status,
    createdAt: stream.createdAt,
  };
  if (stream.stoppedMs !== undefined) record.stoppedMs = stream.stoppedMs;
  return record;
}

const FIELDS = ['type', 'payer', 'payee', 'asset', 'ratePerSecond', 'deposit', 'startMs', 'withdrawn', 'status', 'stoppedMs', 'createdAt'];

export function decodeStream(value: CborValue): StreamRecord {
  const map = readMap(value, 'stream', FIELDS);
  invariant(map.type === 'stream', `contract record of type ${String(map.type)} read as a stream`);
  const status = readString(map.status, 'stream.status', 8) as StreamStatus;
  invariant(STATUSES.includes(status), `stream.status "${status}" is not a status`);
  return {
    type: 'stream',
    payer: readString(map.payer, 'stream.payer', 90),
    payee: readString(map.payee, 'stream.payee', 90),
    asset: readString(map.asset, 'stream.asset', 12),
    ratePerSecond: readUint(map.ratePerSecond, 'stream.ratePerSecond', AMOUNT_MAX),
    deposit: readUint(map.deposit, 'stream.deposit', AMOUNT_MAX),
    startMs: readSmallUint(map.startMs, 'stream.startMs', TIME_MS_MAX),
    withdrawn: readUint(map.withdrawn, 'stream.withdrawn', AMOUNT_MAX),
    status,
    stoppedMs: optional(map.stoppedMs, (v) => readSmallUint(v, 'stream.stoppedMs', TIME_MS_MAX)),
    createdAt: readSmallUint(map.createdAt, 'stream.createdAt', HEIGHT_MAX),
  };
}

/** The stream at `address`, or undefined when there is no contract there or it is not a stream. */
export function getStream(view: StateReader, address: string): StreamRecord | undefined {
  const found = getContractRecord(view, address);
  return found === undefined || found.type !== 'stream' ? undefined : decodeStream(found.record);
}

export function putStream(view: Overlay, address: string, stream: StreamRecord): void {
  putContractRecord(view, address, encodeStream(stream));
}

/**
 * What has accrued to the payee by block time `timeMs` (spec/ledger.md §8.6, integers only):
 *
 *   accrued = min(deposit, ratePerSecond × floor((min(timeMs, stoppedMs) − startMs) / 1000))
 *
 * Whole seconds only: the milliseconds of a second in progress accrue nothing until it completes, so
 * the payee is never paid ahead and the rounding always favours the payer by less than one second's
 * rate. A stopped stream accrues nothing after its stop.
 */
export function accruedAt(stream: StreamRecord, timeMs: number): bigint {
  const until = stream.stoppedMs !== undefined && stream.stoppedMs < timeMs ? stream.stoppedMs : timeMs;
  if (until <= stream.startMs) return 0n;
  const seconds = BigInt(until - stream.startMs) / MS_PER_SECOND;
  const accrued = stream.ratePerSecond * seconds;
  return accrued < stream.deposit ? accrued : stream.deposit;
}

/** What the payee may withdraw at `timeMs`: accrued and not yet withdrawn. */
export function withdrawableAt(stream: StreamRecord, timeMs: number): bigint {
  if (stream.status !== 'open') return 0n;
  const accrued = accruedAt(stream, timeMs);
  invariant(accrued >= stream.withdrawn, `stream withdrew ${stream.withdrawn}, more than the ${accrued} accrued`);
  return accrued - stream.withdrawn;
}

/**
 * What the stream's address must hold (contracts/owed.ts, spec/ledger.md §8.7): the deposit less what
 * the payee took, while open; nothing once stopped or done.
 */
export function streamOwed(stream: StreamRecord): { assets: Map<string, bigint>; items: string[] } {
  const held = stream.status === 'open' ? stream.deposit - stream.withdrawn : 0n;
  return { assets: held > 0n ? new Map([[stream.asset, held]]) : new Map<string, bigint>(), items: [] };
}
