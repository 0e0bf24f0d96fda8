import type { Header } from '../../chain/block.ts';
import type { HistoryAction } from '../types.ts';
import {
  HEADER_KEYS,
  REPORT_BLOCKS_MAX,
  REPORT_EVENTS_MAX,
  REPORT_FORMAT,
  REPORT_ITEMS_MAX,
  REPORT_TEXT_MAX,
  type CommitJson,
  type EntryJson,
  type EventProof,
  type ProvenanceReport,
  type ReportBlock,
  type ReportEvent,
  type ReportItem,
  type ReportState,
  type ValidatorSetJson,
} from './report.ts';
import { STATE_PROOF_DEPTH_MAX } from '../../chain/state-proof.ts';
import { HEADER_FORMAT_VERSION } from '../../chain/versions.ts';
import { VRF_PROOF_BYTES } from '../../crypto/vrf.ts';
import { BaseError } from '../../errors/base.ts';

/**
 * Reads a report's JSON text into typed values, refusing anything else: unknown or missing keys,
 * wrong types, hex that is not lower-case, numbers that are not safe integers, lists past the bounds.
 * The first problem is thrown as a ReportShapeError naming its place (a JSON path).
 */
export class ReportShapeError extends BaseError<'bad_report'> {
  override name = 'ReportShapeError';
  readonly place: string;
  /** What is wrong there, without the place. */
  readonly detail: string;
  constructor(place: string, detail: string) {
    super('bad_report', `${place}: ${detail}`);
    this.place = place;
    this.detail = detail;
  }
}

export type Json = unknown;
const HEX = /^(?:[0-9a-f]{2})*$/;
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;

export function fail(place: string, expected: string): never {
  throw new ReportShapeError(place, `expected ${expected}`);
}

export function object(value: Json, place: string, required: readonly string[], optionalKeys: readonly string[] = []): { [key: string]: Json } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(place, 'an object');
  const map = value as { [key: string]: Json };
  for (const key of Object.keys(map)) if (!required.includes(key) && !optionalKeys.includes(key)) fail(`${place}.${key}`, 'no such field');
  for (const key of required) if (!(key in map)) fail(`${place}.${key}`, 'this field');
  return map;
}

export function list(value: Json, place: string, max: number, min = 0): Json[] {
  if (!Array.isArray(value) || value.length < min || value.length > max) fail(place, `a list of ${min} to ${max} entries`);
  return value;
}

export function text(value: Json, place: string, max = 4096): string {
  if (typeof value !== 'string' || value.length > max) fail(place, `text of at most ${max} characters`);
  return value;
}

export function hex(value: Json, place: string, bytes?: number): string {
  const s = text(value, place, 2 * 64 * 1024);
  if (!HEX.test(s) || (bytes !== undefined && s.length !== bytes * 2)) fail(place, bytes === undefined ? 'lower-case hex' : `${bytes} bytes of lower-case hex`);
  return s;
}

export function integer(value: Json, place: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(place, 'a non-negative safe integer');
  return value;
}

function decimal(value: Json, place: string): string {
  const s = text(value, place, 40);
  if (!DECIMAL.test(s)) fail(place, 'a decimal integer as text');
  return s;
}

function readHeader(value: Json, place: string): Header {
  const map = object(value, place, HEADER_KEYS);
  const version = integer(map.version, `${place}.version`);
  if (version !== HEADER_FORMAT_VERSION) fail(`${place}.version`, `header format version ${HEADER_FORMAT_VERSION}, the one this verifier reads (this header has ${version}: use the Agora release of the chain that made the report)`);
  return {
    version,
    chainId: text(map.chainId, `${place}.chainId`, 64),
    height: integer(map.height, `${place}.height`),
    timeMs: integer(map.timeMs, `${place}.timeMs`),
    previousHash: hex(map.previousHash, `${place}.previousHash`, 32),
    txRoot: hex(map.txRoot, `${place}.txRoot`, 32),
    resultsRoot: hex(map.resultsRoot, `${place}.resultsRoot`, 32),
    stateRoot: hex(map.stateRoot, `${place}.stateRoot`, 32),
    proposer: text(map.proposer, `${place}.proposer`, 90),
    seedProof: hex(map.seedProof, `${place}.seedProof`, VRF_PROOF_BYTES),
    validatorsHash: hex(map.validatorsHash, `${place}.validatorsHash`, 32),
    nextValidatorsHash: hex(map.nextValidatorsHash, `${place}.nextValidatorsHash`, 32),
    evidenceRoot: hex(map.evidenceRoot, `${place}.evidenceRoot`, 32),
    txCount: integer(map.txCount, `${place}.txCount`),
  };
}

function readCommit(value: Json, place: string): CommitJson {
  const map = object(value, place, ['height', 'round', 'blockHash', 'signatures']);
  return {
    height: integer(map.height, `${place}.height`),
    round: integer(map.round, `${place}.round`),
    blockHash: hex(map.blockHash, `${place}.blockHash`, 32),
    signatures: list(map.signatures, `${place}.signatures`, 10_000, 1).map((s, i) => {
      const sig = object(s, `${place}.signatures[${i}]`, ['validator', 'signature']);
      return { validator: text(sig.validator, `${place}.signatures[${i}].validator`, 90), signature: hex(sig.signature, `${place}.signatures[${i}].signature`, 64) };
    }),
  };
}

export function readValidatorSet(value: Json, place: string): ValidatorSetJson {
  const map = object(value, place, ['hash', 'validators']);
  return {
    hash: hex(map.hash, `${place}.hash`, 32),
    validators: list(map.validators, `${place}.validators`, 10_000, 1).map((v, i) => {
      const entry = object(v, `${place}.validators[${i}]`, ['address', 'publicKey', 'power']);
      return { address: text(entry.address, `${place}.validators[${i}].address`, 90), publicKey: hex(entry.publicKey, `${place}.validators[${i}].publicKey`, 32), power: decimal(entry.power, `${place}.validators[${i}].power`) };
    }),
  };
}

const ENTRY_REQUIRED = ['seq', 'action', 'signer', 'nonce', 'height', 'timeMs'];
const ENTRY_OPTIONAL = ['type', 'data', 'documents', 'custodian', 'from', 'to', 'payment', 'items', 'asset', 'shares', 'reason', 'contract', 'booking', 'user', 'startMs', 'endMs'];

function readEntry(value: Json, place: string): EntryJson {
  const map = object(value, place, ENTRY_REQUIRED, ENTRY_OPTIONAL);
  const entry: EntryJson = {
    seq: integer(map.seq, `${place}.seq`),
    // Any text here: the verifier refuses an action it cannot prove (spec/provenance.md §3).
    action: text(map.action, `${place}.action`, 32) as HistoryAction,
    signer: text(map.signer, `${place}.signer`, 90),
    nonce: decimal(map.nonce, `${place}.nonce`),
    height: integer(map.height, `${place}.height`),
    timeMs: integer(map.timeMs, `${place}.timeMs`),
  };
  for (const key of ['type', 'data', 'custodian', 'from', 'to', 'asset', 'reason', 'contract', 'user'] as const) {
    if (key in map) entry[key] = text(map[key], `${place}.${key}`);
  }
  for (const key of ['booking', 'startMs', 'endMs'] as const) {
    if (key in map) entry[key] = integer(map[key], `${place}.${key}`);
  }
  if ('documents' in map) entry.documents = list(map.documents, `${place}.documents`, 64).map((d, i) => hex(d, `${place}.documents[${i}]`, 32));
  if ('items' in map) entry.items = list(map.items, `${place}.items`, 64).map((d, i) => text(d, `${place}.items[${i}]`, 64));
  if ('shares' in map) entry.shares = decimal(map.shares, `${place}.shares`);
  if ('payment' in map) {
    const payment = object(map.payment, `${place}.payment`, ['asset', 'amount']);
    entry.payment = { asset: text(payment.asset, `${place}.payment.asset`, 12), amount: decimal(payment.amount, `${place}.payment.amount`) };
  }
  return entry;
}

function readProof(value: Json, place: string): EventProof {
  const map = object(value, place, ['height', 'index', 'tx', 'txPath', 'result', 'resultPath']);
  const path = (v: Json, p: string): string[] => list(v, p, 64).map((h, i) => hex(h, `${p}[${i}]`, 32));
  return {
    height: integer(map.height, `${place}.height`),
    index: integer(map.index, `${place}.index`),
    tx: hex(map.tx, `${place}.tx`),
    txPath: path(map.txPath, `${place}.txPath`),
    result: hex(map.result, `${place}.result`),
    resultPath: path(map.resultPath, `${place}.resultPath`),
  };
}

function readEvent(value: Json, place: string): ReportEvent {
  const map = object(value, place, ['entry', 'proof']);
  return { entry: readEntry(map.entry, `${place}.entry`), proof: readProof(map.proof, `${place}.proof`) };
}

function readItem(value: Json, place: string): ReportItem {
  const map = object(value, place, ['id', 'events']);
  return { id: text(map.id, `${place}.id`, 64), events: list(map.events, `${place}.events`, REPORT_EVENTS_MAX, 1).map((e, i) => readEvent(e, `${place}.events[${i}]`)) };
}

export function readBlock(value: Json, place: string): ReportBlock {
  const map = object(value, place, ['header', 'commit']);
  return { header: readHeader(map.header, `${place}.header`), commit: readCommit(map.commit, `${place}.commit`) };
}

/** Parses and reads a report's text; throws ReportShapeError. */
export function readReport(textValue: string): ProvenanceReport {
  if (typeof textValue !== 'string' || textValue.length > REPORT_TEXT_MAX) throw new ReportShapeError('$', `expected JSON text of at most ${REPORT_TEXT_MAX} characters`);
  let parsed: Json;
  try {
    parsed = JSON.parse(textValue);
  } catch (error) {
    throw new ReportShapeError('$', `not JSON: ${(error as Error).message}`);
  }
  const map = object(parsed, '$', ['format', 'chainId', 'item', 'validatorSets', 'blocks', 'items', 'state']);
  if (map.format !== REPORT_FORMAT) fail('$.format', `"${REPORT_FORMAT}"`);
  const events = list(map.items, '$.items', REPORT_ITEMS_MAX, 1).map((item, i) => readItem(item, `$.items[${i}]`));
  if (events.reduce((sum, item) => sum + item.events.length, 0) > REPORT_EVENTS_MAX) fail('$.items', `at most ${REPORT_EVENTS_MAX} events in all`);
  return {
    format: REPORT_FORMAT,
    chainId: text(map.chainId, '$.chainId', 64),
    item: text(map.item, '$.item', 64),
    validatorSets: list(map.validatorSets, '$.validatorSets', 64, 1).map((set, i) => readValidatorSet(set, `$.validatorSets[${i}]`)),
    blocks: list(map.blocks, '$.blocks', REPORT_BLOCKS_MAX, 1).map((block, i) => readBlock(block, `$.blocks[${i}]`)),
    items: events,
    state: readState(map.state, '$.state'),
  };
}

function readState(value: Json, place: string): ReportState {
  const map = object(value, place, ['height', 'items']);
  return {
    height: integer(map.height, `${place}.height`),
    items: list(map.items, `${place}.items`, REPORT_ITEMS_MAX, 1).map((p, i) => {
      const proof = object(p, `${place}.items[${i}]`, ['key', 'value', 'path']);
      return {
        key: text(proof.key, `${place}.items[${i}].key`, 128),
        value: hex(proof.value, `${place}.items[${i}].value`),
        path: list(proof.path, `${place}.items[${i}].path`, STATE_PROOF_DEPTH_MAX).map((h, k) => hex(h, `${place}.items[${i}].path[${k}]`, 32)),
      };
    }),
  };
}
