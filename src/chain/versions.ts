/**
 * Format versions (spec/chain.md §Versions). Each names the layout of one thing a node reads from
 * outside its process: a header (in blocks, proposals, provenance reports), the store of a home, a
 * genesis.json. A node reads exactly its own versions and refuses any other with `VersionError`,
 * naming both and what to do: a silent best-effort read of another layout is how two nodes come to
 * disagree on a hash. Changing a version is a hard fork (headers, genesis) or a migration (store).
 *
 * Version 1 of each is the first versioned layout; a store written before versions existed has none
 * and reads as version 0.
 */
import { BaseError } from '../errors/base.ts';

/**
 * Header layout 3: the fields of spec/chain.md §Header; 2 added `evidenceRoot` (and blocks their
 * `evidence`), 3 `nextValidatorsHash` (validator set changes).
 */
export const HEADER_FORMAT_VERSION = 3;
/** Store layout 2: spec/store.md, with `formatVersion` in its meta; 2's genesis state holds the validator set (spec/ledger.md §10.1). */
export const STORE_FORMAT_VERSION = 2;
/** genesis.json layout 1: spec/chain.md §Genesis, with `version`. */
export const GENESIS_FORMAT_VERSION = 1;

export type VersionedThing = 'header' | 'store' | 'genesis';

const REMEDY: { [K in VersionedThing]: string } = {
  header: 'the peer or report runs another protocol version: upgrade or downgrade this node to match the chain',
  store: 'run the Agora release that wrote this home, or start this release with a new home and sync it from the network',
  genesis: 'use the genesis.json of the chain this release runs, or the Agora release made for that genesis',
};

/** Something of another format version: its code names what, its details carry both versions. */
export class VersionError extends BaseError<'unsupported_version'> {
  override name = 'VersionError';
  readonly thing: VersionedThing;
  readonly found: number;
  readonly supported: number;
  constructor(thing: VersionedThing, found: number, supported: number, where = '') {
    const place = where === '' ? '' : ` (${where})`;
    super('unsupported_version', `${thing} format version ${found}${place} is not the version this node reads, ${supported}: ${REMEDY[thing]}`, { details: { thing, found, supported } });
    this.thing = thing;
    this.found = found;
    this.supported = supported;
  }
}

/** Throws VersionError unless `found` is `supported`. */
export function requireVersion(thing: VersionedThing, found: unknown, supported: number, where?: string): void {
  const version = typeof found === 'number' && Number.isSafeInteger(found) ? found : 0;
  if (version !== supported) throw new VersionError(thing, version, supported, where);
}
