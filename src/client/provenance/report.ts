import type { Header } from '../../chain/block.ts';
import type { HistoryEntryJson } from '../types.ts';

/**
 * The provenance report (spec/provenance.md): one self-contained JSON file with every event of an
 * item and of its ancestors, each with its tx, the tx's Merkle path to its block's tx root, its result
 * and the result's path to the block's results root; the headers and commits of those blocks; and the
 * validator sets that signed them. Browser-safe.
 *
 * The file has one canonical text (`serializeReport`): keys in the order of these types, two-space
 * indentation, a final newline. The verifier re-serialises what it read and refuses any other text,
 * so that no byte of the file can change without the verification failing.
 */
export const REPORT_FORMAT = 'agora-provenance/1';

/** Bounds a verifier holds a report to (spec/provenance.md §4); a node refuses to build past them. */
export const REPORT_ITEMS_MAX = 1000;
export const REPORT_EVENTS_MAX = 20_000;
export const REPORT_BLOCKS_MAX = 20_000;
/** A report's text, in UTF-16 code units (about its size in bytes). */
export const REPORT_TEXT_MAX = 64 * 1024 * 1024;

export interface ValidatorJson {
  address: string;
  /** 32 bytes, hex. */
  publicKey: string;
  /** Decimal text. */
  power: string;
}

export interface ValidatorSetJson {
  /** SHA-256 of the set's canonical encoding (spec/encoding.md §8): what headers name. */
  hash: string;
  validators: ValidatorJson[];
}

export interface CommitJson {
  height: number;
  round: number;
  blockHash: string;
  signatures: { validator: string; signature: string }[];
}

export interface ReportBlock {
  header: Header;
  commit: CommitJson;
}

/** An item history entry as the node serves it (spec/ledger.md §7.1), absent fields left out. */
export type EntryJson = HistoryEntryJson;

export interface EventProof {
  /** The block holding the tx. */
  height: number;
  /** The tx's position in its block. */
  index: number;
  /** The tx's canonical bytes, hex. */
  tx: string;
  /** Audit path of the tx id to the header's txRoot, leaf first. */
  txPath: string[];
  /** The tx's result (spec/chain.md §1: its receipt without the message), canonical CBOR, hex. */
  result: string;
  /** Audit path of the result to the header's resultsRoot. */
  resultPath: string[];
}

export interface ReportEvent {
  entry: EntryJson;
  proof: EventProof;
}

export interface ReportItem {
  id: string;
  events: ReportEvent[];
}

/** A state proof (spec/chain.md §4): `key` has `value` under the state root of the report's state block. */
export interface StateProofJson {
  key: string;
  /** The stored value, canonical CBOR, hex. */
  value: string;
  /** Sibling hashes from the root down to the key's leaf. */
  path: string[];
}

/**
 * The items' records at one committed height, proven against that block's state root: what makes the
 * report complete up to that height (each record's `events` counts the item's history entries).
 */
export interface ReportState {
  height: number;
  /** One proof of `item/<id>` per item of the report, in the order of `items`. */
  items: StateProofJson[];
}

export interface ProvenanceReport {
  format: typeof REPORT_FORMAT;
  chainId: string;
  /** The item the report is about; `items[0]` is its history, the others its ancestors'. */
  item: string;
  validatorSets: ValidatorSetJson[];
  /** Every block an event is in, by increasing height. */
  blocks: ReportBlock[];
  items: ReportItem[];
  state: ReportState;
}

const ENTRY_KEYS = ['seq', 'action', 'signer', 'nonce', 'height', 'timeMs', 'type', 'data', 'documents', 'custodian', 'from', 'to', 'payment', 'items', 'asset', 'shares', 'reason', 'contract', 'booking', 'user', 'startMs', 'endMs'] as const;
export const HEADER_KEYS = ['version', 'chainId', 'height', 'timeMs', 'previousHash', 'txRoot', 'resultsRoot', 'stateRoot', 'proposer', 'seedProof', 'validatorsHash', 'nextValidatorsHash', 'txCount', 'evidenceRoot'] as const;

/** An entry with its keys in the canonical order and absent fields left out. */
export function orderEntry(entry: EntryJson): EntryJson {
  const ordered: { [key: string]: unknown } = {};
  for (const key of ENTRY_KEYS) {
    const value = entry[key];
    if (value === undefined) continue;
    ordered[key] = key === 'payment' ? { asset: entry.payment!.asset, amount: entry.payment!.amount } : Array.isArray(value) ? [...value] : value;
  }
  return ordered as unknown as EntryJson;
}

export function orderHeader(header: Header): Header {
  return Object.fromEntries(HEADER_KEYS.map((key) => [key, header[key]])) as unknown as Header;
}

/** The one canonical text of a report. */
export function serializeReport(report: ProvenanceReport): string {
  const ordered: ProvenanceReport = {
    format: report.format,
    chainId: report.chainId,
    item: report.item,
    validatorSets: report.validatorSets.map((set) => ({ hash: set.hash, validators: set.validators.map((v) => ({ address: v.address, publicKey: v.publicKey, power: v.power })) })),
    blocks: report.blocks.map((block) => ({
      header: orderHeader(block.header),
      commit: {
        height: block.commit.height,
        round: block.commit.round,
        blockHash: block.commit.blockHash,
        signatures: block.commit.signatures.map((s) => ({ validator: s.validator, signature: s.signature })),
      },
    })),
    items: report.items.map((item) => ({
      id: item.id,
      events: item.events.map((event) => ({
        entry: orderEntry(event.entry),
        proof: {
          height: event.proof.height,
          index: event.proof.index,
          tx: event.proof.tx,
          txPath: [...event.proof.txPath],
          result: event.proof.result,
          resultPath: [...event.proof.resultPath],
        },
      })),
    })),
    state: { height: report.state.height, items: report.state.items.map((p) => ({ key: p.key, value: p.value, path: [...p.path] })) },
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}
