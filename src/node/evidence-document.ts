import type { Block, Commit } from '../chain/block.ts';
import { decodeEvidence, evidenceToJson } from '../chain/evidence.ts';
import type { Genesis } from '../chain/genesis.ts';
import { EVIDENCE_DOCUMENT_FORMAT, type EvidenceDocument } from '../client/evidence-document.ts';
import type { ReportBlock } from '../client/provenance/report.ts';
import { REPORT_BLOCKS_MAX } from '../client/provenance/report.ts';
import { toHex } from '../crypto/hash.ts';
import { beforeBase, NodeError } from './errors.ts';
import { stateSyncBase } from './report-blocks.ts';
import type { StoreReader } from './store-port.ts';
import { validatorHandOvers } from './validator-handovers.ts';

function reportBlock({ block, commit }: { block: Block; commit: Commit }): ReportBlock {
  return {
    header: { ...block.header },
    commit: { height: commit.height, round: commit.round, blockHash: commit.blockHash, signatures: commit.signatures.map((s) => ({ validator: s.validator, signature: toHex(s.signature) })) },
  };
}

/**
 * The evidence document of block `height` (spec/chain.md §6.5): its evidence, with the validator sets
 * and the hand-over blocks from the genesis set to the set of its last piece's height (the same
 * hand-overs as provenance and reputation reports, validator-handovers.ts), and the block of each
 * piece's height. At most 32 pieces, so at most 32 such blocks, and REPORT_BLOCKS_MAX hand-overs.
 * `not_found` for a block not committed; `before_base` for blocks a state-synced store lacks.
 */
export function buildEvidenceDocument(store: StoreReader, genesis: Pick<Genesis, 'chainId' | 'validators'>, height: number): EvidenceDocument {
  const get = (at: number, what: string): { block: Block; commit: Commit } => {
    const stored = store.getBlock(at);
    if (stored === undefined && at <= stateSyncBase(store)) throw beforeBase(what, stateSyncBase(store));
    if (stored === undefined) throw new NodeError(at === height ? 'not_found' : 'internal', `no block at height ${at}`);
    return stored;
  };
  // Committed evidence was checked when its block was: decoding it again cannot fail.
  const evidence = get(height, `block ${height}`).block.evidence.map(decodeEvidence);
  const heights = [...new Set(evidence.map((e) => e.height))].sort((a, b) => a - b);
  const { sets, heights: handOverHeights } = validatorHandOvers(store, genesis.validators, heights.at(-1) ?? 0, REPORT_BLOCKS_MAX);
  const handOvers = new Set(handOverHeights);
  return {
    format: EVIDENCE_DOCUMENT_FORMAT,
    chainId: genesis.chainId,
    evidence: evidence.map(evidenceToJson),
    validatorSets: sets,
    handOvers: handOverHeights.map((at) => reportBlock(get(at, `hand-over block ${at}`))),
    blocks: heights.filter((at) => !handOvers.has(at)).map((at) => reportBlock(get(at, `block ${at}`))),
  };
}
