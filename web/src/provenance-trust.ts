/**
 * What the web app trusts when it verifies a provenance report (spec/provenance.md §1), kept apart
 * from the page so that it is tested without a browser (test/web/provenance-trust-pure.test.ts).
 *
 * The anchor is never the report: it is a validator set hash the reader pinned in this browser, else
 * the genesis of the node serving the page (GET /v1/genesis). The second is no more trust than the
 * page itself asks for — its code comes from the same node — and it is named on the verdict, so that
 * a reader who does not trust this node pins the hash of the chain they do trust, or verifies the
 * downloaded file with `agora verify` against their own genesis.
 */
import { isValidatorsHash, verifyReport, type TrustAnchor, type VerifyResult } from '../../src/client/index.ts';
import type { GenesisResponse } from '../../src/client/types.ts';

/** Where the hash a reader pins is kept in this browser. */
export const PIN_STORAGE_KEY = 'agora.provenance.validatorsHash';

export type PageTrust =
  /** A genesis validator set hash the reader pinned; `nodeDiffers` when this node's genesis set is another. */
  | { source: 'pinned'; anchor: TrustAnchor; nodeDiffers: boolean }
  /** The genesis of the node serving the page. */
  | { source: 'node'; anchor: TrustAnchor }
  /** Nothing: no pin, and the node's genesis could not be read. */
  | null;

/** The anchor, in order: the reader's pin, else the node's genesis, else none. */
export function chooseTrust(nodeGenesis: GenesisResponse | undefined, pinned: string | null): PageTrust {
  if (pinned !== null) {
    const same = nodeGenesis !== undefined && nodeGenesis.validatorsHash === pinned;
    return { source: 'pinned', anchor: same ? { validatorsHash: pinned, chainId: nodeGenesis.chainId } : { validatorsHash: pinned }, nodeDiffers: nodeGenesis !== undefined && !same };
  }
  if (nodeGenesis === undefined) return null;
  return { source: 'node', anchor: { validatorsHash: nodeGenesis.validatorsHash, chainId: nodeGenesis.chainId } };
}

/** Verifies a report's text against the page's anchor; without one, never ok (`no_trust_anchor`). */
export function checkReport(text: string, trust: PageTrust): VerifyResult {
  return verifyReport(text, { anchor: trust?.anchor ?? null });
}

/** The pinned hash in `storage`, or null when there is none or it is not a hash. */
export function readPin(storage: Pick<Storage, 'getItem'> | undefined): string | null {
  const value = storage?.getItem(PIN_STORAGE_KEY) ?? null;
  return isValidatorsHash(value) ? value : null;
}

/** A hash as a reader may paste it (spaces, upper case, a 0x prefix): the hash, or null. */
export function parsePin(text: string): string | null {
  const value = text.trim().toLowerCase().replace(/^0x/, '');
  return isValidatorsHash(value) ? value : null;
}

/** The anchor in words, for the verdict. */
export function trustWords(trust: PageTrust): string {
  if (trust === null) return 'nothing: this node’s genesis could not be read and no validator set hash is pinned in this browser';
  if (trust.source === 'node') return `the genesis of the node serving this page (chain ${trust.anchor.chainId}, validator set ${trust.anchor.validatorsHash})`;
  const differs = trust.nodeDiffers ? '; this node’s genesis set is another' : '';
  return `the validator set hash pinned in this browser (${trust.anchor.validatorsHash}${differs})`;
}
