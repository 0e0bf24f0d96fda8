import { validatorsHash, validatorsToJson, type ChainValidator } from '../chain/validators.ts';
import { decodeTrusted } from '../codec/cbor.ts';
import { toHex } from '../crypto/hash.ts';
import type { ValidatorSetJson } from '../client/provenance/report.ts';
import { SINCE_PREFIX, validatorSetByHash } from '../ledger/validators/schedule.ts';
import type { StateReader } from '../ledger/state.ts';
import { NodeError } from './errors.ts';

/**
 * What an offline report needs to follow the validator set from genesis to `upTo` (spec/provenance.md
 * §1.1): the sets, genesis first, each once, and the heights of the hand-over blocks — for a set that
 * starts at height s, block s − 1, signed by the set before, whose `nextValidatorsHash` names it. The
 * changes are read from the state's log (`validators/since/`, spec/ledger.md §10.1), at most
 * `changesMax`; a state without one (a chain made without a set in its state) keeps `genesis` for life.
 * Shared by provenance (provenance.ts) and reputation (reputation.ts) reports.
 */
export function validatorHandOvers(store: StateReader, genesis: ChainValidator[], upTo: number, changesMax: number): { sets: ValidatorSetJson[]; heights: number[] } {
  const sets: ValidatorSetJson[] = [{ hash: validatorsHash(genesis), validators: validatorsToJson(genesis) }];
  const heights: number[] = [];
  const changes = store.scanState(SINCE_PREFIX, changesMax + 2);
  if (changes.length > changesMax + 1) throw new NodeError('report_too_large', `the validator set changed more than ${changesMax} times`);
  for (const { key, value } of changes) {
    const height = Number(key.slice(SINCE_PREFIX.length));
    if (height <= 1 || height > upTo) continue;
    const hash = toHex(decodeTrusted(value) as Uint8Array);
    heights.push(height - 1);
    if (sets.some((set) => set.hash === hash)) continue;
    const set = validatorSetByHash(store, hash);
    if (set === undefined) throw new NodeError('internal', `validator set ${hash} is not in the state`);
    sets.push({ hash, validators: validatorsToJson(set) });
  }
  return { sets, heights };
}
