import { decode } from '../codec/cbor.ts';
import type { CborMap } from '../codec/shape.ts';
import { decodeJob } from '../ledger/work/state.ts';
import type { StateIndexer } from '../store/state-index.ts';
import { heightKey } from './market-index.ts';

/**
 * The work module's secondary indexes (spec/store.md `state-index`, spec/work.md, spec/api.md §4
 * "Work"), computed from each state write at commit like the market's (market-index.ts), each record
 * read by its module's own decoder:
 * - `j/o/all/<job>`, `j/o/m/<mode>/<job>`, `j/o/a/<asset>/<job>`: the open jobs (a job leaves them
 *   when assigned or closed; its apply deadline is checked at query time);
 * - `j/c/<poster>/<height>/<job>`: every job of a client, by the height that posted it;
 * - `j/w/<applicant>/<job>`: every job an address applied to (its application record exists);
 * - `j/a/<arbiter>/<job>`: every job that names the address among its arbiters (at most
 *   JOB_ARBITERS_MAX keys a job), whichever arbiter an assignment chose.
 */

const CONTRACT_PREFIX = 'contract/';
const APPLICATION_PREFIX = 'jobapp/';

const jobIndexer: StateIndexer = {
  prefix: CONTRACT_PREFIX,
  keysOf(stateKey, value) {
    const record = decode(value) as CborMap;
    if (record.type !== 'job') return [];
    const job = decodeJob(stateKey.slice(CONTRACT_PREFIX.length), record);
    const keys = [`j/c/${job.poster}/${heightKey(job.createdAt)}/${job.address}`];
    for (const arbiter of job.arbiters) keys.push(`j/a/${arbiter.address}/${job.address}`);
    if (job.state === 'open') keys.push(`j/o/all/${job.address}`, `j/o/m/${job.mode}/${job.address}`, `j/o/a/${job.asset}/${job.address}`);
    return keys;
  },
};

const applicationIndexer: StateIndexer = {
  prefix: APPLICATION_PREFIX,
  keysOf(stateKey) {
    // jobapp/<job>/<applicant>: addresses hold no `/` (bech32m).
    const [job, applicant] = stateKey.slice(APPLICATION_PREFIX.length).split('/');
    return [`j/w/${applicant}/${job}`];
  },
};

/** Names the keys above: change it with them (the store re-indexes at open, ChainStore.ensureIndex). */
export const WORK_INDEX_VERSION = 'work-2';

export const WORK_INDEXERS: readonly StateIndexer[] = [jobIndexer, applicationIndexer];
