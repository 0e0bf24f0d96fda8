/**
 * The one walk of validator-set hand-overs from a trust anchor (spec/provenance.md §1.1), shared by
 * every offline verifier: provenance reports (provenance/verify.ts), reputation reports
 * (reputation/verify.ts) and evidence documents (evidence-document.ts). The file's first set must be
 * the anchor's; each block, signed by more than 2/3 of the power of the set in effect at its height,
 * names the set of the next height (`nextValidatorsHash`, spec/chain.md §1), and only a set so named
 * by a proven block is trusted. Walking the file's blocks by height from the anchor's set — the
 * hand-over blocks, where the set changes, and the blocks asked about — proves the set of each.
 * A hand-over left out is caught at the next block, which names a set other than the one in effect;
 * a set that came back to an earlier one is then checked by the very set that signs the block asked
 * about (as state sync's `checkBase` does, src/chain/state-snapshot.ts). The first block that fails
 * stops the walk: the set in effect after it is unknown, so no later block is proven. A set that no
 * proven block hands over to is refused. No node, no network. Browser-safe.
 */
import { blockHash, type Header } from '../chain/block.ts';
import { normalizeValidators, validatorsHash, type ChainValidator } from '../chain/validators.ts';
import { checkCommit, type Verify } from '../chain/votes.ts';
import { fromHex } from '../crypto/hash.ts';
import type { TrustAnchor } from './provenance/anchor.ts';
import type { ReportBlock, ValidatorSetJson } from './provenance/report.ts';

export type HandOverProblemCode =
  /** The first set is not the anchor's, a block is signed by a set other than the one in effect, or a set follows from nothing. */
  | 'not_trusted'
  /** A set's validators do not hash to its stated hash, or are not a set; without an anchor, a block names no well-formed set. */
  | 'bad_validator_set'
  /** A block of another chain, out of height order or listed twice, or whose commit (or the caller's further check) does not prove it. */
  | 'bad_block';

export interface HandOverProblem {
  /** A JSON path into the file, e.g. `$.handOvers[0].commit`. */
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
  /**
   * The set the walk starts from. Null only to show what a file claims (its verifier then never says
   * proven): every well-formed set of the file may sign, and no set in effect is followed.
   */
  anchor: TrustAnchor | null;
  /** The sets the blocks name, the anchor's first; at `$.validatorSets`. */
  validatorSets: readonly ValidatorSetJson[];
  /** Every block to walk, each with its place, by strictly increasing height (a format that allows any order sorts first). */
  blocks: readonly { block: ReportBlock; place: string }[];
  verify: Verify;
  /** What the file is called in messages: "report" or "document". */
  noun: string;
  /**
   * A further check of a block whose commit holds, given the set that signed it and the blocks proven
   * before it (provenance reports check the seed proof); a problem stops the walk there.
   */
  checkBlock?: (header: Header, validators: ChainValidator[], place: string, proven: ReadonlyMap<number, ProvenSet>) => HandOverProblem | null;
}

export interface HandOverWalk {
  /** The file's well-formed sets by hash, in the file's order (with an anchor, the first only when it is the anchor's). */
  sets: Map<string, ChainValidator[]>;
  /** The sets trusted: with an anchor, the anchor's and each a proven block hands over to; without one, every well-formed set. */
  trusted: Set<string>;
  /** The set that signed each proven block, by the block's height. */
  setAt: Map<number, ProvenSet>;
  /** In order: the sets' problems, the first block's that fails (it stops the walk), then each set that follows from nothing. */
  problems: HandOverProblem[];
}

/** The file's well-formed sets by hash; a problem at the place of each that is not, or (with an anchor) of a first set that is not the anchor's. */
function readSets(input: HandOverInput, problems: HandOverProblem[]): Map<string, ChainValidator[]> {
  const { validatorSets, anchor, noun } = input;
  const byHash = new Map<string, ChainValidator[]>();
  if (validatorSets.length === 0 && anchor !== null) problems.push({ place: '$.validatorSets', message: 'no validator set: the first must be the trusted genesis set', code: 'not_trusted' });
  for (const [i, set] of validatorSets.entries()) {
    const place = `$.validatorSets[${i}]`;
    let validators: ChainValidator[];
    try {
      validators = normalizeValidators(set.validators.map((v) => ({ address: v.address, publicKey: fromHex(v.publicKey), power: BigInt(v.power) })));
    } catch (error) {
      problems.push({ place: `${place}.validators`, message: (error as Error).message, code: 'bad_validator_set' });
      continue;
    }
    const hash = validatorsHash(validators);
    if (hash !== set.hash) {
      problems.push({ place: `${place}.hash`, message: `the set hashes to ${hash}`, code: 'bad_validator_set' });
      continue;
    }
    if (anchor !== null && i === 0 && hash !== anchor.validatorsHash) {
      problems.push({ place: `${place}.hash`, message: `the ${noun}'s first validator set ${hash} is not the trusted genesis set ${anchor.validatorsHash}`, code: 'not_trusted' });
      continue;
    }
    byHash.set(hash, validators);
  }
  return byHash;
}

/** The set that signs `header` by the rule, or a problem at `place`: with an anchor the set in effect, without one any well-formed set. */
function signingSet(header: Header, place: string, inEffect: string | null, sets: Map<string, ChainValidator[]>, noun: string): ProvenSet | HandOverProblem {
  const named = header.validatorsHash;
  if (inEffect === null) {
    const validators = sets.get(named);
    if (validators === undefined) return { place: `${place}.header.validatorsHash`, message: `no well-formed validator set in the ${noun} has this hash`, code: 'bad_validator_set' };
    return { hash: named, validators };
  }
  const validators = sets.get(inEffect);
  if (named === inEffect && validators !== undefined) return { hash: inEffect, validators };
  const why =
    validators === undefined ? `no trusted validator set of the ${noun} has hash ${inEffect}`
    : sets.has(named) ? `the ${noun} holds that set, but no proven block before this one hands over to it (a hand-over block is missing?)`
    : `the ${noun} does not hold that set`;
  return { place: `${place}.header.validatorsHash`, message: `block ${header.height} is signed by validator set ${named}, but the set in effect there, from the trusted genesis set by the ${noun}'s proven blocks, is ${inEffect}: ${why}`, code: 'not_trusted' };
}

/** One block's check, in order: height order, chain, signing set, commit, the caller's check. */
function checkWalkedBlock(input: HandOverInput, walk: HandOverWalk, block: ReportBlock, place: string, inEffect: string | null, previousHeight: number): ProvenSet | HandOverProblem {
  const { header, commit } = block;
  if (header.height <= previousHeight) {
    const message = header.height === previousHeight ? `block ${header.height} is listed twice` : 'blocks must be listed once each, by increasing height';
    return { place: `${place}.header.height`, message, code: 'bad_block' };
  }
  if (header.chainId !== input.chainId) return { place: `${place}.header.chainId`, message: `the ${input.noun} is for chain "${input.chainId}"`, code: 'bad_block' };
  const set = signingSet(header, place, inEffect, walk.sets, input.noun);
  if (!('validators' in set)) return set;
  const hash = blockHash(header);
  const decoded = { ...commit, signatures: commit.signatures.map((s) => ({ validator: s.validator, signature: fromHex(s.signature) })) };
  const reason = checkCommit(decoded, header.chainId, header.height, hash, set.validators, input.verify);
  if (reason !== null) return { place: `${place}.commit`, message: `the commit does not prove block ${header.height} (hash ${hash}): ${reason}`, code: 'bad_block' };
  return input.checkBlock?.(header, set.validators, place, walk.setAt) ?? set;
}

/** Walks `input.blocks` from the anchor's set; see the file's comment. */
export function walkHandOvers(input: HandOverInput): HandOverWalk {
  const problems: HandOverProblem[] = [];
  const sets = readSets(input, problems);
  const anchored = input.anchor !== null;
  const trusted = new Set<string>(anchored ? [...sets.keys()].filter((hash) => hash === input.anchor!.validatorsHash) : sets.keys());
  const walk: HandOverWalk = { sets, trusted, setAt: new Map(), problems };
  let inEffect = anchored ? input.anchor!.validatorsHash : null;
  let previousHeight = -1;
  for (const { block, place } of input.blocks) {
    const set = checkWalkedBlock(input, walk, block, place, inEffect, previousHeight);
    if (!('validators' in set)) {
      problems.push(set);
      break;
    }
    previousHeight = block.header.height;
    walk.setAt.set(block.header.height, set);
    const next = block.header.nextValidatorsHash;
    if (sets.has(next)) trusted.add(next);
    if (anchored) inEffect = next;
  }
  if (anchored) refuseUnreached(input, walk);
  return walk;
}

/** With an anchor, after the walk: each well-formed set that no proven block handed over to follows from nothing. */
function refuseUnreached(input: HandOverInput, walk: HandOverWalk): void {
  input.validatorSets.forEach((set, i) => {
    if (i === 0 || walk.trusted.has(set.hash) || walk.sets.get(set.hash) === undefined) return;
    walk.problems.push({ place: `$.validatorSets[${i}].hash`, message: `validator set ${set.hash} does not follow from the trusted genesis set: no proven block of the ${input.noun} names it as its nextValidatorsHash`, code: 'not_trusted' });
  });
}
