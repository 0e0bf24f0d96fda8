// Attack 7 of issue 12 ("forged provenance report"), as an attacker builds it: take a real report,
// change what it claims, and re-sign every block's commit with fresh keys — a validator set of the
// forger's own, carried in the report and consistent with itself. Against the report's own sets it
// checks out; only a trust anchor the user chose tells it apart (spec/provenance.md §1).
import { blockHash } from '../../src/chain/block.ts';
import { normalizeValidators, validatorsHash, validatorsToJson } from '../../src/chain/validators.ts';
import { voteSignBytes } from '../../src/chain/votes.ts';
import type { ProvenanceReport, ValidatorSetJson } from '../../src/client/provenance/report.ts';
import { genesisSeed, seedAlpha } from '../../src/chain/seed.ts';
import { toHex } from '../../src/crypto/hash.ts';
import { vrfProofToHash } from '../../src/crypto/vrf.ts';
import { KeyPair } from '../../src/crypto/keys.ts';

export interface Forgery {
  report: ProvenanceReport;
  /** The forger's validator keys (one a test can reuse for the forger's own genesis). */
  keys: KeyPair[];
  /** The hash of the forger's validator set. */
  validatorsHash: string;
}

export interface ForgeOptions {
  /** Moves every block and every event by this much: the lie (default: one year earlier). */
  shiftMs?: number;
  /** Keeps the real set as the report's first and adds the forger's after it, as if the set had changed. */
  keepRealSetFirst?: boolean;
  /** The forger's keys; default: four fresh ones, seeded so that failures replay. */
  keys?: KeyPair[];
}

const YEAR_MS = 365 * 24 * 3_600_000;

/** Four deterministic forger keys, far from any test chain's seeds. */
export function forgerKeys(): KeyPair[] {
  return [0, 1, 2, 3].map((i) => new KeyPair(new Uint8Array(32).fill(240 + i)));
}

/** The validator set of `keys` (power 1 each), as a report carries it: well formed and hashing to its hash. */
export function forgerSet(keys: KeyPair[] = forgerKeys()): ValidatorSetJson {
  const set = normalizeValidators(keys.map((k) => ({ address: k.address, publicKey: k.publicKey, power: 1n })));
  return { hash: validatorsHash(set), validators: validatorsToJson(set) };
}

/** `real`, backdated by `shiftMs`, its every commit re-signed by `keys`. */
export function forgeReport(real: ProvenanceReport, options: ForgeOptions = {}): Forgery {
  const keys = options.keys ?? forgerKeys();
  const shiftMs = options.shiftMs ?? -YEAR_MS;
  const forgedSet = forgerSet(keys);
  const hash = forgedSet.hash;
  const forged = structuredClone(real);
  forged.validatorSets = options.keepRealSetFirst === true ? [real.validatorSets[0], forgedSet] : [forgedSet];
  // The forger's key proposes every block and proves its seed as a node would (spec/consensus.md
  // §Proposer selection), over the seed of the block before whenever the report holds it.
  const seeds = new Map<number, Uint8Array>();
  for (const block of forged.blocks) {
    const { height, previousHash } = block.header;
    const previousSeed = height === 1 ? genesisSeed(previousHash) : seeds.get(height - 1) ?? new Uint8Array(64);
    const seedProof = keys[0].proveSeed(seedAlpha(previousSeed, height));
    seeds.set(height, vrfProofToHash(seedProof));
    const header = { ...block.header, timeMs: block.header.timeMs + shiftMs, validatorsHash: hash, nextValidatorsHash: hash, proposer: keys[0].address, seedProof: toHex(seedProof) };
    const bh = blockHash(header);
    const message = voteSignBytes(header.chainId, { type: 'precommit', height: header.height, round: 0, blockHash: bh });
    block.header = header;
    block.commit = { height: header.height, round: 0, blockHash: bh, signatures: keys.map((k) => ({ validator: k.address, signature: toHex(k.sign(message)) })) };
  }
  for (const item of forged.items) for (const event of item.events) event.entry.timeMs += shiftMs;
  return { report: forged, keys, validatorsHash: hash };
}
