/**
 * The validator set of given heights, proven offline from a trust anchor (spec/provenance.md §1.1):
 * the anchor's genesis set signs the first blocks; each block, signed by more than 2/3 of the power
 * of the set in effect at its height, names the set of the next height (`nextValidatorsHash`,
 * spec/chain.md §1). Walking a document's blocks by height from the genesis set — the hand-over
 * blocks, where the set changes, and the blocks of the heights asked about — proves the set of each.
 * A hand-over left out is caught at the next block, which names a set other than the one in effect;
 * a set that came back to an earlier one is then checked by the very set that signs the block asked
 * about (as state sync's `checkBase` does, src/chain/state-snapshot.ts). No node, no network.
 * Browser-safe. Used by evidence documents (evidence-document.ts); reputation reports walk the same
 * way in their own verifier (reputation/verify.ts `setInEffect`).
 */
import { blockHash } from '../chain/block.ts';
import { normalizeValidators, validatorsHash, type ChainValidator } from '../chain/validators.ts';
import { checkCommit, type Verify } from '../chain/votes.ts';
import { fromHex } from '../crypto/hash.ts';
import type { TrustAnchor } from './provenance/anchor.ts';
import type { ReportBlock, ValidatorSetJson } from './provenance/report.ts';

export type HandOverProblemCode =
  /** The first set is not the anchor's, or a block is signed by a set no proven block handed over to. */
  | 'not_trusted'
  /** A set's validators do not hash to its stated hash, or are not a set. */
  | 'bad_validator_set'
  /** A block of another chain, listed twice, or whose commit does not prove it. */
  | 'bad_block';

export interface HandOverProblem {
  /** A JSON path into the document, e.g. `$.handOvers[0].commit`. */
  place: string;
  message: string;
  code: HandOverProblemCode;
}

export interface ProvenSet {
  hash: string;
  validators: ChainValidator[];
}

export interface HandOverInput {
  chainId: string;
  anchor: TrustAnchor;
  /** The sets the blocks name, the anchor's first; at `$.validatorSets`. */
  validatorSets: readonly ValidatorSetJson[];
  /** Every block to walk, in any order, each with its place; walked by increasing height. */
  blocks: readonly { block: ReportBlock; place: string }[];
  verify: Verify;
}

export interface HandOverWalk {
  /** The set that signed each proven block, by the block's height. */
  setAt: Map<number, ProvenSet>;
  /** The first problem stops the walk: no later block can be trusted past it. */
  problem: HandOverProblem | null;
}

/** The document's well-formed sets by hash; a problem when one is malformed or the first is not the anchor's. */
function readSets(sets: readonly ValidatorSetJson[], anchor: TrustAnchor): Map<string, ChainValidator[]> | HandOverProblem {
  const byHash = new Map<string, ChainValidator[]>();
  for (const [i, set] of sets.entries()) {
    const place = `$.validatorSets[${i}]`;
    let validators: ChainValidator[];
    try {
      validators = normalizeValidators(set.validators.map((v) => ({ address: v.address, publicKey: fromHex(v.publicKey), power: BigInt(v.power) })));
    } catch (error) {
      return { place: `${place}.validators`, message: (error as Error).message, code: 'bad_validator_set' };
    }
    const hash = validatorsHash(validators);
    if (hash !== set.hash) return { place: `${place}.hash`, message: `the set hashes to ${hash}`, code: 'bad_validator_set' };
    if (i === 0 && hash !== anchor.validatorsHash) return { place: `${place}.hash`, message: `the first validator set ${hash} is not the trusted genesis set ${anchor.validatorsHash}`, code: 'not_trusted' };
    byHash.set(hash, validators);
  }
  if (sets.length === 0) return { place: '$.validatorSets', message: 'no validator set: the first must be the trusted genesis set', code: 'not_trusted' };
  return byHash;
}

/** Walks `input.blocks` from the anchor's set; see the file's comment. */
export function walkHandOvers(input: HandOverInput): HandOverWalk {
  const setAt = new Map<number, ProvenSet>();
  const sets = readSets(input.validatorSets, input.anchor);
  if (!(sets instanceof Map)) return { setAt, problem: sets };
  let inEffect = input.validatorSets[0].hash;
  const ordered = [...input.blocks].sort((a, b) => a.block.header.height - b.block.header.height);
  for (const { block, place } of ordered) {
    const { header, commit } = block;
    if (setAt.has(header.height)) return { setAt, problem: { place: `${place}.header.height`, message: `block ${header.height} is listed twice`, code: 'bad_block' } };
    if (header.chainId !== input.chainId) return { setAt, problem: { place: `${place}.header.chainId`, message: `the document is for chain "${input.chainId}"`, code: 'bad_block' } };
    const validators = sets.get(inEffect);
    if (header.validatorsHash !== inEffect || validators === undefined) {
      const why = validators === undefined ? `no validator set of the document has hash ${inEffect}` : sets.has(header.validatorsHash) ? 'the document holds that set, but no proven block before this one hands over to it (a hand-over block is missing?)' : 'the document does not hold that set';
      return { setAt, problem: { place: `${place}.header.validatorsHash`, message: `block ${header.height} is signed by validator set ${header.validatorsHash}, but the set in effect there, from the genesis by the document's blocks, is ${inEffect}: ${why}`, code: 'not_trusted' } };
    }
    const hash = blockHash(header);
    const decoded = { ...commit, signatures: commit.signatures.map((s) => ({ validator: s.validator, signature: fromHex(s.signature) })) };
    const reason = checkCommit(decoded, header.chainId, header.height, hash, validators, input.verify);
    if (reason !== null) return { setAt, problem: { place: `${place}.commit`, message: `the commit does not prove block ${header.height} (hash ${hash}): ${reason}`, code: 'bad_block' } };
    setAt.set(header.height, { hash: inEffect, validators });
    inEffect = header.nextValidatorsHash;
  }
  return { setAt, problem: null };
}
