/**
 * The seed chain of the proposer draw (spec/consensus.md §Proposer selection, decision 0004). The
 * consensus core only draws from a seed (src/consensus/proposer.ts); the chain makes and checks them.
 *
 *   seed(0) = SHA-512("agora/genesis-seed/v1" ‖ genesis hash)                      (64 bytes)
 *   alpha(h) = "agora/seed-alpha/v1" ‖ u64be(h) ‖ seed(h − 1)                       (RFC 9381 alpha)
 *   header(h).seedProof = ECVRF_prove(proposer's key, alpha(h))                      (pi, 80 bytes)
 *   seed(h) = ECVRF_proof_to_hash(header(h).seedProof)                               (beta, 64 bytes)
 *
 * and the proposer of (h, round) is `selectProposer(set, seed(h − 1), h, round)`. The seed is beta,
 * never pi: pi is malleable by its key holder (decision 0004 §Only beta is unique), beta is not.
 * Nothing the proposer chooses (time, txs, their order) enters alpha, so it cannot grind: its key
 * yields exactly one output per height (RFC 9381 §3.1 full uniqueness).
 */
import { concat, fromHex, sha512, utf8 } from '../crypto/hash.ts';
import { VRF_PROOF_BYTES, vrfProofToHash, vrfVerify } from '../crypto/vrf.ts';
import { invariant } from '../errors/base.ts';
import { HEIGHT_MAX } from '../ledger/limits.ts';
import type { Header } from './block.ts';

const GENESIS_SEED_DOMAIN = utf8('agora/genesis-seed/v1');
const ALPHA_DOMAIN = utf8('agora/seed-alpha/v1');
/** beta of RFC 9381 §5.2 for the edwards25519 suites (SHA-512). */
export const SEED_BYTES = 64;

/** seed(0): no proof exists before block 1; the genesis hash fixes it for every node. */
export function genesisSeed(genesisHash: string): Uint8Array {
  const hash = fromHex(genesisHash);
  invariant(hash.length === 32, 'the genesis hash is 32 bytes');
  return sha512(concat(GENESIS_SEED_DOMAIN, hash));
}

/** alpha(h): the bytes the proposer of height h proves over. The height makes every alpha distinct. */
export function seedAlpha(previousSeed: Uint8Array, height: number): Uint8Array {
  invariant(Number.isSafeInteger(height) && height >= 1 && height <= HEIGHT_MAX, 'alpha is of a block height');
  invariant(previousSeed instanceof Uint8Array && previousSeed.length === SEED_BYTES, `a seed is ${SEED_BYTES} bytes`);
  const numbers = new Uint8Array(8);
  new DataView(numbers.buffer).setBigUint64(0, BigInt(height), false);
  return concat(ALPHA_DOMAIN, numbers, previousSeed);
}

/**
 * The VRF as the shell uses it: checking a proof yields the next seed, or null. A port, so that the
 * simulator can run its fast-signature seeds with a stand-in (test/sim/signatures.ts); every node
 * and every real-signature seed uses `ECVRF_SEED`.
 */
export interface SeedVrf {
  /** beta when `proof` is the VRF proof of `publicKey` over `alpha`, else null. Never throws. */
  verify(publicKey: Uint8Array, alpha: Uint8Array, proof: Uint8Array): Uint8Array | null;
  /** beta of a proof already checked (a committed header's). */
  output(proof: Uint8Array): Uint8Array;
}

/** RFC 9381 ECVRF-EDWARDS25519-SHA512-TAI (src/crypto/vrf.ts). */
export const ECVRF_SEED: SeedVrf = Object.freeze({
  verify(publicKey: Uint8Array, alpha: Uint8Array, proof: Uint8Array): Uint8Array | null {
    const result = vrfVerify(publicKey, proof, alpha);
    return result.ok ? result.beta : null;
  },
  output(proof: Uint8Array): Uint8Array {
    return vrfProofToHash(proof);
  },
});

/** seed(0) for block 1: the genesis hash is block 1's previousHash. */
export function seedBeforeBlockOne(header: Header): Uint8Array {
  return genesisSeed(header.previousHash);
}

/**
 * The one check of a header's seed proof, shared by the node (proposals, synced blocks) and the
 * offline provenance verifier, so that both give the same verdict: seed(header.height) when
 * `header.seedProof` is the VRF proof of `proposerPublicKey` over alpha(height, previousSeed), else
 * null (a wrong key, a flipped bit, a proof over another seed). Browser-safe.
 */
export function checkSeedProof(header: Header, previousSeed: Uint8Array, proposerPublicKey: Uint8Array, vrf: SeedVrf): Uint8Array | null {
  if (header.seedProof.length !== 2 * VRF_PROOF_BYTES) return null;
  return vrf.verify(proposerPublicKey, seedAlpha(previousSeed, header.height), fromHex(header.seedProof));
}
