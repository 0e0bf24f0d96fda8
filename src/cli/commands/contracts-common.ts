import type { Holding } from '../../client/contracts.ts';
import type { CommittedResult, ContractResponse, ContractType, HoldingJson } from '../../client/types.ts';
import { isAddress } from '../../crypto/address.ts';
import { ASSET_SYMBOL_PATTERN, TIME_MS_MAX } from '../../ledger/limits.ts';
import type { TxKind, TxPayloads } from '../../ledger/types.ts';
import { AssetBook, checkAmountText, type AmountFormatter } from '../amounts.ts';
import { CliError } from '../errors.ts';
import type { GlobalOptions } from '../options.ts';
import { printResult } from '../output.ts';
import { unlockKeyPair } from '../passphrase.ts';
import { clientFor } from './node-client.ts';
import { checkItemId, keyValueLines, printRecordTx } from './records-common.ts';

/**
 * What the contract commands (`agora escrow|swap|offer|rental|stream|split|contract`, spec/api.md §10)
 * share: flag parsers for durations, deadlines, amounts and holdings, checked before a key is unlocked
 * or anything is sent; the sending of a one-signer contract tx; and the human view of a contract
 * (GET /v1/contracts/:address). The ledger checks everything again (spec/ledger.md §8); these checks
 * only give a clear message early.
 */

export const collect = (value: string, previous: string[]): string[] => [...previous, value];

const UNIT_MS: { [unit: string]: number } = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A duration: whole numbers with units, `500ms`, `90s`, `15m`, `2h`, `1d`, or several (`1h30m`), in ms. */
export function parseDuration(flag: string, text: string): number {
  const parts = [...text.matchAll(/([0-9]{1,12})(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== text) {
    throw new CliError('bad_usage', `${flag} "${text}" is not a duration: whole numbers with units ms, s, m, h, d (e.g. 90s, 2h, 1h30m)`);
  }
  const ms = parts.reduce((sum, [, count, unit]) => sum + Number(count) * UNIT_MS[unit], 0);
  if (!Number.isSafeInteger(ms) || ms < 1) throw new CliError('bad_usage', `${flag} "${text}" is out of range`);
  return ms;
}

/**
 * A deadline in block time (ms): a duration counted from the latest block's time (the chain's clock,
 * spec/ledger.md §8.1), or an ISO 8601 date (`2027-01-31T12:00:00Z`). The ledger refuses one that has
 * passed (`deadline_passed`).
 */
export function parseDeadline(flag: string, text: string, latestBlockTimeMs: number): number {
  if (/^[0-9]{4}-[0-9]{2}-[0-9]{2}/.test(text)) {
    const ms = Date.parse(text);
    if (!Number.isSafeInteger(ms) || ms < 0) throw new CliError('bad_usage', `${flag} "${text}" is not an ISO 8601 date`);
    return ms;
  }
  const ms = latestBlockTimeMs + parseDuration(flag, text);
  if (ms > TIME_MS_MAX) throw new CliError('bad_usage', `${flag} "${text}" is too far ahead`);
  return ms;
}

/** A contract's address: an `agora1…` address only (a key name never names a contract). */
export function checkContractAddress(flag: string, text: string): string {
  if (!isAddress(text)) throw new CliError('bad_address', `${flag} "${text}" is not an agora1… contract address`);
  return text;
}

/** An integer flag in [min, max]: a tranche, a booking number, a count. */
export function parseInteger(flag: string, text: string, min: number, max: number): number {
  if (!/^[0-9]{1,15}$/.test(text) || Number(text) < min || Number(text) > max) throw new CliError('bad_usage', `${flag} must be an integer from ${min} to ${max}`);
  return Number(text);
}

export function checkSymbol(flag: string, text: string): string {
  if (!ASSET_SYMBOL_PATTERN.test(text)) throw new CliError('bad_symbol', `${flag} "${text}" is not an asset symbol (2-12 upper-case letters or digits)`);
  return text;
}

/** One part of a holding on the command line: `AMOUNT` (the native asset), `AMOUNT:SYMBOL`, or an item id. */
export type HoldingPart = { asset?: string; amount: string } | { item: string };

export function parseHoldingPart(flag: string, text: string): HoldingPart {
  if (text.startsWith('item1')) return { item: checkItemId(flag, text) };
  const [amount, asset, ...rest] = text.split(':');
  if (rest.length > 0) throw new CliError('bad_usage', `${flag} "${text}": expected AMOUNT, AMOUNT:SYMBOL or an item id`);
  checkAmountText(flag, amount);
  return asset === undefined ? { amount } : { amount, asset: checkSymbol(flag, asset) };
}

/** A holding from its parts, amounts read with the asset's decimals; each asset and item once (else `bad_usage`). */
export async function holdingOf(book: AssetBook, flag: string, parts: readonly HoldingPart[], nativeAsset: string): Promise<Holding> {
  const holding: Holding = {};
  for (const part of parts) {
    if ('item' in part) {
      if (holding.items?.includes(part.item)) throw new CliError('bad_usage', `${flag}: item ${part.item} is named twice`);
      holding.items = [...(holding.items ?? []), part.item];
      continue;
    }
    const asset = part.asset ?? nativeAsset;
    if (holding.assets?.some((entry) => entry.asset === asset)) throw new CliError('bad_usage', `${flag}: ${asset} is named twice; give one amount per asset`);
    const amount = await book.amount(flag, part.amount, asset);
    if (amount === 0n) throw new CliError('bad_amount', `${flag}: an amount of ${asset} must be above 0`);
    holding.assets = [...(holding.assets ?? []), { asset, amount }];
  }
  if (holding.assets === undefined && holding.items === undefined) throw new CliError('bad_usage', `${flag}: give at least one amount or item`);
  return holding;
}

/** The address the creating tx gave its contract: the `family` attribute of its `family.*` event. */
export function createdContract(result: CommittedResult, family: ContractType): string {
  const event = result.receipt.events.find((e) => e.type.startsWith(`${family}.`) && typeof e.attributes[family] === 'string');
  if (event === undefined) throw new CliError('internal', `tx ${result.id} committed without a ${family} event`);
  return event.attributes[family];
}

/** Unlocks `from`, sends a one-signer contract tx, waits for its commit; a refusal throws with its code. */
export async function sendContractTx<K extends TxKind>(options: GlobalOptions, from: string, kind: K, payload: TxPayloads[K]): Promise<{ result: CommittedResult; signer: string }> {
  const key = await unlockKeyPair(options.home, from);
  const result = await clientFor(options).sendTx(key, kind, payload);
  return { result, signer: key.address };
}

/** Prints a committed contract tx: `json` plus `txId` and `height` with --json, else the summary and the tx line. */
export const printContractTx = printRecordTx;

/** Fetches a contract and checks its type (a stream is not an escrow: `unknown_contract`, as the ledger says). */
export async function fetchContract(options: GlobalOptions, address: string, type?: ContractType): Promise<ContractResponse> {
  const contract = await clientFor(options).getContract(checkContractAddress('address', address));
  if (type !== undefined && contract.type !== type) throw new CliError('unknown_contract', `${address} is a ${contract.type}, not a ${type}`);
  return contract;
}

/** `agora X show ADDRESS`: the contract as JSON, or its lines for people. */
export async function showContract(options: GlobalOptions, address: string, type?: ContractType): Promise<void> {
  const contract = await fetchContract(options, address, type);
  const format = await new AssetBook(clientFor(options)).formatter(contractAssets(contract));
  printResult(options, describeContract(contract, format), contract);
}

/** Every asset whose amounts a contract's view prints. */
function contractAssets(contract: ContractResponse): string[] {
  const holdings: HoldingJson[] = [contract.holds];
  if (contract.type === 'escrow') holdings.push(...contract.tranches);
  if (contract.type === 'escrow' && contract.arbiterFee !== null) holdings.push({ assets: [contract.arbiterFee], items: [] });
  if (contract.type === 'listing') holdings.push({ assets: [contract.terms.price, { asset: contract.bondAsset, amount: contract.bond }], items: [] });
  if (contract.type === 'offer') holdings.push(contract.give, contract.ask);
  const assets = holdings.flatMap((holding) => holding.assets.map(({ asset }) => asset));
  if (contract.type === 'rental' || contract.type === 'stream') assets.push(contract.asset);
  if (contract.type === 'job') assets.push(contract.asset);
  return assets;
}

/** What a holding holds in words: "5 AGR, 2 GOLD, item1…", or "nothing". */
export function holdingText(holding: { readonly assets?: readonly { asset: string; amount: bigint | string }[]; readonly items?: readonly string[] }, format: AmountFormatter): string {
  const parts = [...(holding.assets ?? []).map(({ asset, amount }) => format(amount, asset)), ...(holding.items ?? [])];
  return parts.length === 0 ? 'nothing' : parts.join(', ');
}

function time(ms: number): string {
  return `${new Date(ms).toISOString()} (${ms})`;
}

/** Where an escrow stands now, in words: what is due, a dispute's lapse, whether it can be disputed. */
function escrowNowWords(contract: Extract<ContractResponse, { type: 'escrow' }>): string {
  if (contract.state === 'closed') return 'closed';
  if (contract.now.lapsed) return `the dispute lapsed: the default (${contract.onExpiry}) is due; anyone may settle`;
  if (contract.state === 'disputed') return 'disputed: the arbiter decides';
  if (contract.now.defaultDue !== null) return `${contract.now.expired ? 'expired' : 'a tranche is due'}: the default (${contract.now.defaultDue}) is due; anyone may settle`;
  return contract.now.disputable ? 'before the deadline; disputable' : 'before the deadline';
}

/** A contract for people: its parties and terms, what it holds, then what the latest block time makes of it. */
function describeContract(contract: ContractResponse, format: AmountFormatter): string {
  const rows: [string, string][] = [
    ['contract', contract.address],
    ['type', contract.type],
  ];
  switch (contract.type) {
    case 'escrow':
      rows.push(['state', contract.state], ['payer', contract.payer], ['payee', contract.payee], ['arbiter', contract.arbiter ?? '(none)'], ['deadline', time(contract.deadlineMs)], ['on expiry', contract.onExpiry]);
      for (const tranche of contract.tranches) {
        const delivered = tranche.deliveredAtMs === null ? '' : `, delivered ${time(tranche.deliveredAtMs)}, review until ${time(tranche.dueMs)}`;
        rows.push([`tranche ${tranche.tranche}`, `${holdingText(tranche, format)} (${tranche.status}${delivered})`]);
      }
      if (contract.reviewWindowMs !== null) rows.push(['review window', `${contract.reviewWindowMs} ms`]);
      if (contract.arbiterFee !== null) rows.push(['arbiter fee', format(contract.arbiterFee.amount, contract.arbiterFee.asset)]);
      if (contract.arbiterWindowMs !== null) rows.push(['arbiter window', `${contract.arbiterWindowMs} ms${contract.lapsesAtMs === null ? '' : `, lapses ${time(contract.lapsesAtMs)}`}`]);
      rows.push(['now', escrowNowWords(contract)]);
      break;
    case 'offer':
      rows.push(['state', contract.state], ['maker', contract.maker], ['counterparty', contract.counterparty ?? '(anyone)'], ['gives', holdingText(contract.give, format)], ['asks', holdingText(contract.ask, format)], ['deadline', time(contract.deadlineMs)]);
      if (contract.requires !== undefined && contract.requires !== null) rows.push(['requires', `${contract.requires.registry}:${contract.requires.type}`]);
      rows.push(['now', contract.now.acceptable ? 'open for acceptance' : contract.now.expired && contract.state === 'open' ? 'expired: the maker may cancel to reclaim' : contract.state]);
      break;
    case 'split':
      rows.push(['creator', contract.creator]);
      for (const member of contract.members) rows.push(['member', `${member.address} weight ${member.weight}/${contract.totalWeight}`]);
      break;
    case 'rental':
      rows.push(['status', contract.status], ['item', contract.item], ['owner', contract.owner], ['price', `${format(contract.pricePerPeriod, contract.asset)} per ${contract.periodMs} ms`], ['periods', `${contract.minPeriods} to ${contract.maxPeriods}`]);
      rows.push(['deposit', format(contract.deposit, contract.asset)], ['arbiter', contract.arbiter ?? '(none)']);
      if (contract.arbiter !== null) rows.push(['claim window', `${contract.claimWindowMs} ms`]);
      if (contract.requires !== undefined && contract.requires !== null) rows.push(['requires', `${contract.requires.registry}:${contract.requires.type}`]);
      for (const b of contract.bookings) rows.push([`booking ${b.booking}`, `${b.renter} ${time(b.startMs)} → ${time(b.endMs)}, ${format(b.price, contract.asset)} + ${format(b.deposit, contract.asset)} deposit, ${b.state}, now ${b.phase}`]);
      rows.push(['user now', contract.now.user ?? '(the owner)']);
      for (const due of contract.now.due) rows.push(['due', `booking ${due.booking}: ${format(due.toOwner, contract.asset)} to the owner, ${format(due.toRenter, contract.asset)} to the renter (rental settle)`]);
      break;
    case 'listing':
      rows.push(['state', contract.state], ['seller', contract.seller], ['kind', contract.kind], ['title', contract.terms.title], ['version', String(contract.version)]);
      rows.push(['price', format(contract.terms.price.amount, contract.terms.price.asset)], ['stock', String(contract.terms.stock)], ['bond', format(contract.bond, contract.bondAsset)]);
      for (const arbiter of contract.terms.arbiters) rows.push(['arbiter', `${arbiter.address} fee ${format(arbiter.fee, contract.terms.price.asset)}`]);
      rows.push(['now', contract.now.orderable ? 'taking orders (agora market buy)' : contract.now.expired ? 'expired' : contract.state]);
      break;
    case 'job':
      // The whole view (milestones, applicants, next step) is `agora job show` (job.ts).
      rows.push(['state', contract.state], ['mode', contract.mode], ['poster', contract.poster], ['budget', format(contract.budget, contract.asset)], ['worker', contract.worker ?? '(none)'], ['escrow', contract.escrow ?? '(none)'], ['more', `agora job show ${contract.address}`]);
      break;
    case 'stream':
      rows.push(['status', contract.status], ['payer', contract.payer], ['payee', contract.payee], ['rate', `${format(contract.ratePerSecond, contract.asset)} per second`], ['deposit', format(contract.deposit, contract.asset)], ['started', time(contract.startMs)]);
      if (contract.stoppedMs !== null) rows.push(['stopped', time(contract.stoppedMs)]);
      rows.push(['withdrawn', format(contract.withdrawn, contract.asset)], ['accrued now', format(contract.now.accrued, contract.asset)], ['withdrawable', format(contract.now.withdrawable, contract.asset)], ['ends', contract.now.endsMs === null ? '(far ahead)' : time(contract.now.endsMs)]);
      break;
    case 'org':
      // The whole view (members, open contributions and motions) is `agora org show`.
      rows.push(['name', contract.name], ['creator', contract.creator], ['token', contract.token], ['members', String(contract.members)], ['reputation', `${contract.reputation} (total, decayed to now)`], ['treasury', holdingText(contract.treasury, format)]);
      break;
  }
  rows.push(['holds', holdingText(contract.holds, format)], ['created at', `height ${contract.createdAt}`], ['as of', `height ${contract.at.height}, block time ${time(contract.at.timeMs)}`]);
  return keyValueLines(rows);
}
