import type { Genesis } from '../../chain/genesis.ts';
import { validatorsHash } from '../../chain/validators.ts';

/**
 * The trust anchor of a provenance report (spec/provenance.md §1): the validator set a verifier trusts
 * for a chain, from a source its user chose — their own home's genesis, a genesis file or set hash
 * they pass, or in the web app the genesis of the node serving the page. Never taken from the report:
 * the sets a report carries prove nothing by themselves, since anyone can sign one with fresh keys.
 * Browser-safe.
 */
export interface TrustAnchor {
  /** The hash (spec/encoding.md §8) of the chain's genesis validator set: the report's first set must be it. */
  validatorsHash: string;
  /** The chain the report must be for; absent when only a set hash was given. */
  chainId?: string;
}

const HASH = /^[0-9a-f]{64}$/;

/** True for a validator set hash as reports and headers write it: 32 bytes of lower-case hex. */
export function isValidatorsHash(value: unknown): value is string {
  return typeof value === 'string' && HASH.test(value);
}

/** The anchor a genesis gives: its validator set and its chain id. */
export function anchorFromGenesis(genesis: Pick<Genesis, 'chainId' | 'validators'>): TrustAnchor {
  return { validatorsHash: validatorsHash(genesis.validators), chainId: genesis.chainId };
}

/** Throws a TypeError naming the field when `anchor` is not an anchor (a caller's mistake, not a report's). */
export function checkAnchor(anchor: TrustAnchor): void {
  if (!isValidatorsHash(anchor.validatorsHash)) throw new TypeError('anchor.validatorsHash: expected 32 bytes of lower-case hex');
  if (anchor.chainId !== undefined && (typeof anchor.chainId !== 'string' || anchor.chainId.length === 0)) throw new TypeError('anchor.chainId: expected a chain id');
}
