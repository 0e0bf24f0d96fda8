import type { Header } from '../../chain/block.ts';
import { verifyMerklePath } from '../../chain/merkle.ts';
import type { ChainValidator } from '../../chain/validators.ts';
import { checkSeedProof, ECVRF_SEED, seedBeforeBlockOne } from '../../chain/seed.ts';
import { decode } from '../../codec/cbor.ts';
import { readArray, readMap, readString, readUint } from '../../codec/shape.ts';
import { verifyEd25519 } from '../../crypto/ed25519.ts';
import { fromHex, sha256, toHex } from '../../crypto/hash.ts';
import { AMOUNT_MAX } from '../../ledger/limits.ts';
import { checkTxAuth, decodeTx, isRejection, type Verifier } from '../../ledger/tx.ts';
import { decodeItem, itemKey, type Item } from '../../ledger/records/item-state.ts';
import { verifyStateProof } from '../../chain/state-proof.ts';
import type { DecodedTx } from '../../ledger/types.ts';
import { walkHandOvers, type ProvenSet } from '../hand-overs.ts';
import { checkAnchor, type TrustAnchor } from './anchor.ts';
import { expectEntry, type ItemState } from './expect.ts';
import { readReport, ReportShapeError } from './read.ts';
import { serializeReport, type EntryJson, type ProvenanceReport, type ReportEvent, type ReportItem } from './report.ts';

/**
 * Offline verification of a provenance report (spec/provenance.md §3): no node, no network. Every
 * event is proven from the bytes in the file down to the signatures of validators holding more than
 * 2/3 of the power of the validator set the caller trusts (the trust anchor, §1): the sets a report
 * carries prove nothing by themselves, since anyone can sign a report with fresh keys. Problems are
 * collected, each naming its place (a JSON path) and what is wrong; the report is proven only when
 * there is none.
 */
export interface VerifyOptions {
  /** The signature check; defaults to the browser-safe one of spec/decisions/0001 (Node passes its fast one). */
  verify?: Verifier;
  /**
   * What the report is checked against (spec/provenance.md §1), never taken from the report. Null
   * still checks the report against its own validator sets, to show what it claims, but the result
   * is then never ok: its first problem is `no_trust_anchor`.
   */
  anchor: TrustAnchor | null;
}

/** Problems of trust carry a code, so that a program can tell "not anchored" from "broken". */
export type ProblemCode =
  /** No anchor was given: nothing ties the report's validator sets to a chain. */
  | 'no_trust_anchor'
  /** The report's first validator set, a later one, or its chain is not the anchor's. */
  | 'not_trusted';

export interface Problem {
  /** A JSON path into the report, e.g. `$.items[1].events[3].entry.data`. */
  place: string;
  message: string;
  code?: ProblemCode;
}

/** What a problem says when no anchor was given (the CLI and the web app add where to get one). */
export const NO_TRUST_ANCHOR_MESSAGE =
  "no trust anchor: the report's own validator sets prove nothing (anyone can sign a report with fresh keys); verify it against the genesis, or the genesis validator set hash, of the chain you trust";

export interface ProvenEvent {
  item: string;
  seq: number;
  action: string;
  height: number;
  /** The tx's position in its block. */
  index: number;
  timeMs: number;
  txId: string;
  signer: string;
  entry: EntryJson;
}

export interface ProvenItem {
  id: string;
  kind: string;
  owner: string;
  custodian: string | null;
  status: ItemState['status'];
  parents: string[];
  events: number;
}

export interface VerifyResult {
  /** True only when there is no problem, which needs a trust anchor. */
  ok: boolean;
  /** The anchor the report was checked against, as given. */
  anchor: TrustAnchor | null;
  chainId: string | null;
  item: string | null;
  /** The report's validator sets that check out: with an anchor, those that follow from it; without one, every well-formed set. */
  validatorSets: { hash: string; validators: number }[];
  /**
   * The height up to which the report is complete: the items' records at that block, proven against
   * its state root, count exactly the events the report holds and agree with their replay. Null when
   * that was not proven.
   */
  completeAt: { height: number; timeMs: number } | null;
  /**
   * Every event proven, in chain order (height, then position in the block; an item's ancestors first
   * within one tx). Without an anchor, the events whose proofs hold against the report's own sets:
   * consistent, not proven.
   */
  proven: ProvenEvent[];
  /** The items whose every event is proven, with their state after the last one. */
  items: ProvenItem[];
  problems: Problem[];
}

const PROBLEMS_MAX = 200;

interface BlockCheck {
  header: Header;
  proven: boolean;
}

interface ResultJson {
  txId: string;
  code: string;
  events: { type: string; attributes: { [key: string]: string } }[];
}

function readResult(bytes: Uint8Array): ResultJson {
  const map = readMap(decode(bytes), 'result', ['txId', 'code', 'fee', 'events']);
  readUint(map.fee, 'result.fee', AMOUNT_MAX);
  return {
    txId: readString(map.txId, 'result.txId', 64),
    code: readString(map.code, 'result.code', 64),
    events: readArray(map.events, 'result.events', 0, 10_000).map((e, i) => {
      const event = readMap(e, `result.events[${i}]`, ['type', 'attributes']);
      const attributes = readMap(event.attributes, `result.events[${i}].attributes`, Object.keys(event.attributes ?? {}));
      for (const [key, value] of Object.entries(attributes)) readString(value, `result.events[${i}].attributes.${key}`, 4096);
      return { type: readString(event.type, `result.events[${i}].type`, 64), attributes: attributes as { [key: string]: string } };
    }),
  };
}

class Verification {
  readonly problems: Problem[] = [];
  readonly proven: ProvenEvent[] = [];
  readonly blocks = new Map<number, BlockCheck>();
  readonly itemIndex = new Map<string, number>();
  /** Final state of each item whose events are all proven; null while in progress or failed. */
  readonly states = new Map<string, ItemState | null>();
  readonly report: ProvenanceReport;
  readonly verify: Verifier;

  constructor(report: ProvenanceReport, verify: Verifier) {
    this.report = report;
    this.verify = verify;
  }

  problem(place: string, message: string, code?: ProblemCode): void {
    if (this.problems.length < PROBLEMS_MAX) this.problems.push(code === undefined ? { place, message } : { place, message, code });
  }

  /** The sets trusted (hand-overs.ts): with an anchor, the anchor's and each a proven block hands over to; without one, every well-formed set. */
  trusted = new Set<string>();

  /**
   * §3 steps 2 and 3, by the one walk of hand-overs (hand-overs.ts, spec/provenance.md §1.1): each
   * set well formed and hashing to its hash, the first the anchor's; the blocks by increasing height,
   * each signed by the set in effect there (without an anchor, by any well-formed set: the result is
   * not ok then), its commit and its seed proof holding; a set that no proven block hands over to is
   * refused. So a set, once handed over, signs nothing later in the report.
   */
  checkSetsAndBlocks(anchor: TrustAnchor | null): Map<string, ChainValidator[]> {
    // The first block listed at each height: the walk stops at a second, so only the first can be proven.
    for (const { header } of this.report.blocks) if (!this.blocks.has(header.height)) this.blocks.set(header.height, { header, proven: false });
    const walk = walkHandOvers({
      chainId: this.report.chainId,
      anchor,
      validatorSets: this.report.validatorSets,
      blocks: this.report.blocks.map((block, i) => ({ block, place: `$.blocks[${i}]` })),
      verify: this.verify,
      noun: 'report',
      checkBlock: (header, validators, place, proven) => {
        const problem = this.checkSeed(header, validators, proven);
        return problem === null ? null : { place: `${place}.header.seedProof`, message: problem, code: 'bad_block' };
      },
    });
    for (const problem of walk.problems) this.problem(problem.place, problem.message, problem.code === 'not_trusted' ? 'not_trusted' : undefined);
    for (const [height, check] of this.blocks) check.proven = walk.setAt.has(height);
    this.trusted = walk.trusted;
    return walk.sets;
  }

  /**
   * The header's VRF proof, as a node checks it (src/chain/seed.ts), whenever its input is in
   * hand: for block 1 (seed 0 comes from the genesis hash, its previousHash) and for a block whose
   * previous block the report holds, proven. Otherwise the commit vouches for it: the > 2/3 of the
   * power that signed it checked the proof.
   */
  private checkSeed(header: Header, validators: ChainValidator[], proven: ReadonlyMap<number, ProvenSet>): string | null {
    const previous = proven.has(header.height - 1) ? this.blocks.get(header.height - 1) : undefined;
    if (header.height !== 1 && previous === undefined) return null;
    let previousSeed: Uint8Array;
    try {
      previousSeed = previous === undefined ? seedBeforeBlockOne(header) : ECVRF_SEED.output(fromHex(previous.header.seedProof));
    } catch {
      return `block ${header.height - 1}'s seed proof is malformed`;
    }
    const proposer = validators.find((v) => v.address === header.proposer);
    if (proposer === undefined) return `the proposer ${header.proposer} is not in the block's validator set`;
    if (checkSeedProof(header, previousSeed, proposer.publicKey, ECVRF_SEED) === null) return `the seed proof is not ${header.proposer}'s VRF proof over the previous block's seed`;
    return null;
  }

  /** §3.6: the items' records at the state block prove that the report holds all their events. */
  checkState(): void {
    const { state, items } = this.report;
    const block = this.blocks.get(state.height);
    if (block === undefined) return this.problem('$.state.height', `no block ${state.height} in the report`);
    if (!block.proven) return this.problem('$.state.height', `block ${state.height} is not proven`);
    const last = Math.max(...items.flatMap((item) => item.events.map((e) => e.proof.height)));
    if (state.height < last) return this.problem('$.state.height', `the state is of block ${state.height}, before the last event (block ${last})`);
    if (state.items.length !== items.length) return this.problem('$.state.items', `one proof per item: the report has ${items.length} items and ${state.items.length} proofs`);
    const root = fromHex(block.header.stateRoot);
    items.forEach((item, i) => {
      const proof = state.items[i];
      const at = `$.state.items[${i}]`;
      if (proof.key !== itemKey(item.id)) return this.problem(`${at}.key`, `expected ${itemKey(item.id)}, the record of items[${i}]`);
      if (!verifyStateProof(proof.key, fromHex(proof.value), proof.path.map(fromHex), root)) return this.problem(at, `item ${item.id}: the record does not prove against the state root of block ${state.height}`);
      let record: Item;
      try {
        record = decodeItem(decode(fromHex(proof.value)));
      } catch (error) {
        return this.problem(`${at}.value`, `item ${item.id}: not an item record: ${(error as Error).message}`);
      }
      if (record.id !== item.id) return this.problem(`${at}.value`, `the record is of item ${record.id}`);
      if (record.events !== item.events.length) {
        return this.problem(`$.items[${i}].events`, `item ${item.id} has ${record.events} history entries at block ${state.height}; the report holds ${item.events.length}`);
      }
      const replayed = this.states.get(item.id);
      if (!replayed) return;
      const said = { kind: record.kind, owner: record.owner, custodian: record.custodian ?? null, status: record.status };
      const done = { kind: replayed.kind, owner: replayed.owner, custodian: replayed.custodian ?? null, status: replayed.status };
      for (const field of ['kind', 'owner', 'custodian', 'status'] as const) {
        if (said[field] !== done[field]) return this.problem(`${at}.value`, `item ${item.id}: its record at block ${state.height} says ${field} ${said[field]}, its events say ${done[field]}`);
      }
    });
  }

  /** Verifies `id` and, first, the items it was made from. */
  checkItem(id: string, from: string): ItemState | undefined {
    const done = this.states.get(id);
    if (done !== undefined) return done ?? undefined;
    const index = this.itemIndex.get(id);
    if (index === undefined) {
      this.problem(from, `the report does not hold item ${id}, needed here`);
      return undefined;
    }
    this.states.set(id, null);
    const item = this.report.items[index];
    const state = this.checkEvents(item, `$.items[${index}]`);
    if (state !== undefined) this.states.set(id, state);
    return state;
  }

  checkEvents(item: ReportItem, place: string): ItemState | undefined {
    let state: ItemState | undefined;
    const proven: ProvenEvent[] = [];
    for (const [j, event] of item.events.entries()) {
      const at = `${place}.events[${j}]`;
      const next = this.checkEvent(item.id, j, event, state, at);
      if (next === undefined) return undefined;
      state = next.state;
      proven.push(next.proven);
    }
    this.proven.push(...proven);
    return state;
  }

  checkEvent(itemId: string, j: number, { entry, proof }: ReportEvent, state: ItemState | undefined, at: string): { state: ItemState; proven: ProvenEvent } | undefined {
    const label = `item ${itemId} event ${j}`;
    if (entry.seq !== j) return void this.problem(`${at}.entry.seq`, `${label}: expected sequence number ${j}`);
    const block = this.blocks.get(proof.height);
    if (block === undefined) return void this.problem(`${at}.proof.height`, `${label}: no block ${proof.height} in the report`);
    if (!block.proven) return void this.problem(`${at}.proof.height`, `${label}: block ${proof.height} is not proven`);
    const { header } = block;
    if (entry.height !== header.height) return void this.problem(`${at}.entry.height`, `${label}: the proof is for block ${header.height}`);
    if (entry.timeMs !== header.timeMs) return void this.problem(`${at}.entry.timeMs`, `${label}: block ${header.height} has time ${header.timeMs}`);
    if (proof.index >= header.txCount) return void this.problem(`${at}.proof.index`, `${label}: block ${header.height} has ${header.txCount} txs`);
    const txBytes = fromHex(proof.tx);
    const txId = sha256(txBytes);
    if (!verifyMerklePath(txId, proof.index, header.txCount, proof.txPath.map(fromHex), fromHex(header.txRoot))) {
      return void this.problem(`${at}.proof.tx`, `${label}: the tx (id ${toHex(txId)}) is not tx ${proof.index} of block ${header.height}: its path does not lead to the tx root`);
    }
    const decoded = decodeTx(txBytes);
    if (isRejection(decoded)) return void this.problem(`${at}.proof.tx`, `${label}: ${decoded.code}: ${decoded.message}`);
    const auth = checkTxAuth(decoded, this.report.chainId, this.verify);
    if (auth !== null) return void this.problem(`${at}.proof.tx`, `${label}: ${auth.code}: ${auth.message}`);
    const resultBytes = fromHex(proof.result);
    if (!verifyMerklePath(resultBytes, proof.index, header.txCount, proof.resultPath.map(fromHex), fromHex(header.resultsRoot))) {
      return void this.problem(`${at}.proof.result`, `${label}: the result is not result ${proof.index} of block ${header.height}: its path does not lead to the results root`);
    }
    let result: ResultJson;
    try {
      result = readResult(resultBytes);
    } catch (error) {
      return void this.problem(`${at}.proof.result`, `${label}: ${(error as Error).message}`);
    }
    if (result.txId !== decoded.id) return void this.problem(`${at}.proof.result`, `${label}: the result is of tx ${result.txId}`);
    if (result.code !== 'ok') return void this.problem(`${at}.proof.result`, `${label}: the tx failed with ${result.code}`);
    const event = result.events.find((e) => e.attributes.item === itemId && e.attributes.seq === String(j));
    if (event === undefined) return void this.problem(`${at}.proof.result`, `${label}: the tx's result has no event for this item's entry ${j}`);
    return this.checkEntry(itemId, j, entry, proof.index, decoded, event, state, at, label);
  }

  checkEntry(itemId: string, j: number, entry: EntryJson, proofIndex: number, tx: DecodedTx, event: ResultJson['events'][number], state: ItemState | undefined, at: string, label: string): { state: ItemState; proven: ProvenEvent } | undefined {
    const signer = tx.signerAddresses[0];
    if (entry.signer !== signer) return void this.problem(`${at}.entry.signer`, `${label}: the tx is signed first by ${signer}`);
    const nonce = tx.tx.body.signers[0].nonce.toString();
    if (entry.nonce !== nonce) return void this.problem(`${at}.entry.nonce`, `${label}: the tx has nonce ${nonce}`);
    const expected = expectEntry(entry.action, tx, {
      chainId: this.report.chainId,
      event,
      itemId,
      state,
      parentState: (id) => this.checkItem(id, `${at}.entry.items`),
    });
    if (typeof expected === 'string') return void this.problem(`${at}.entry.action`, `${label}: ${expected}`);
    for (const key of new Set([...Object.keys(expected.facts), ...Object.keys(entry)])) {
      if (['seq', 'signer', 'nonce', 'height', 'timeMs'].includes(key)) continue;
      const said = JSON.stringify((entry as unknown as { [k: string]: unknown })[key]);
      const done = JSON.stringify((expected.facts as { [k: string]: unknown })[key]);
      if (said !== done) return void this.problem(`${at}.entry.${key}`, `${label}: says ${said ?? 'nothing'}, the tx says ${done ?? 'nothing'}`);
    }
    return { state: expected.state, proven: { item: itemId, seq: j, action: entry.action, height: entry.height, index: proofIndex, timeMs: entry.timeMs, txId: tx.id, signer, entry } };
  }
}

function emptyResult(anchor: TrustAnchor | null, problems: Problem[]): VerifyResult {
  return { ok: false, anchor, chainId: null, item: null, validatorSets: [], completeAt: null, proven: [], items: [], problems };
}

/** The first problem of every result without an anchor. */
function noTrustAnchor(): Problem {
  return { place: '$.validatorSets', message: NO_TRUST_ANCHOR_MESSAGE, code: 'no_trust_anchor' };
}

/**
 * Verifies a report's text against a trust anchor: its shape, its canonical form, and every event in
 * it. `options.anchor` is required: pass null only to see what a report claims (never ok). A
 * malformed anchor is the caller's mistake, not the report's: it throws a TypeError.
 */
export function verifyReport(text: string, options: VerifyOptions): VerifyResult {
  const anchor = options.anchor ?? null;
  if (anchor !== null) checkAnchor(anchor);
  let report: ProvenanceReport;
  try {
    report = readReport(text);
  } catch (error) {
    if (error instanceof ReportShapeError) return emptyResult(anchor, [...(anchor === null ? [noTrustAnchor()] : []), { place: error.place, message: error.detail }]);
    throw error;
  }
  const run = new Verification(report, options.verify ?? verifyEd25519);
  if (anchor === null) run.problems.push(noTrustAnchor());
  else if (anchor.chainId !== undefined && report.chainId !== anchor.chainId) run.problem('$.chainId', `the report is for chain "${report.chainId}", not the trusted chain "${anchor.chainId}"`, 'not_trusted');
  report.items.forEach((item, i) => {
    if (run.itemIndex.has(item.id)) run.problem(`$.items[${i}].id`, `item ${item.id} is listed twice`);
    else run.itemIndex.set(item.id, i);
  });
  if (report.items[0].id !== report.item) run.problem('$.items[0].id', `the first item must be the report's item ${report.item}`);
  const sets = run.checkSetsAndBlocks(anchor);
  run.checkItem(report.items[0].id, '$.items[0]');
  // Without an anchor its problem is always there; the later steps still run, on what the report claims.
  const clean = (): boolean => run.problems.length === (anchor === null ? 1 : 0);
  if (clean()) reachableCheck(run);
  if (clean()) run.checkState();
  if (clean() && serializeReport(report) !== text) {
    run.problem('$', `the text is not the canonical form of its content (first difference at character ${firstDifference(serializeReport(report), text)})`);
  }
  const items: ProvenItem[] = report.items.flatMap((item) => {
    const state = run.states.get(item.id);
    return state ? [{ id: item.id, kind: state.kind, owner: state.owner, custodian: state.custodian ?? null, status: state.status, parents: state.parents, events: item.events.length }] : [];
  });
  return {
    ok: run.problems.length === 0,
    anchor,
    chainId: report.chainId,
    item: report.item,
    validatorSets: [...sets].filter(([hash]) => run.trusted.has(hash)).map(([hash, validators]) => ({ hash, validators: validators.length })),
    completeAt: run.problems.length === 0 ? { height: report.state.height, timeMs: run.blocks.get(report.state.height)!.header.timeMs } : null,
    proven: [...run.proven].sort((a, b) => a.height - b.height || a.index - b.index),
    items,
    problems: run.problems,
  };
}

/** Every item in the report must be one the report's item descends from: nothing unrelated rides along. */
function reachableCheck(run: Verification): void {
  run.report.items.forEach((item, i) => {
    if (!run.states.has(item.id)) run.problem(`$.items[${i}]`, `item ${item.id} is not an ancestor of ${run.report.item}`);
  });
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
