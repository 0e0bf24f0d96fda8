// What a simulated node may use of the simulated world: its clock, timers, network and counters.
import type { Genesis } from '../../src/chain/genesis.ts';
import type { Clock, Timers } from '../../src/node/timing.ts';
import type { SafetyChecker } from './checker.ts';
import type { Message } from './messages.ts';
import type { Prng } from './prng.ts';
import type { Scenario } from './scenario.ts';
import type { SignatureScheme } from './signatures.ts';

export interface FaultCounts {
  drops: number;
  partitionDrops: number;
  partitions: number;
  duplicates: number;
  reorders: number;
  crashes: number;
  equivocations: number;
  futureRoundSpam: number;
  proposalFloods: number;
  voteReplays: number;
  /** Of equivocations: proposals (a second block for one round) and double votes (prevote/precommit). */
  proposalEquivocations: number;
  doubleVotes: number;
  /** Messages two twin processes of one key signed differently at one (height, round, step). */
  twinDoubleSigns: number;
  /** Proposals the grinder ground, the candidates it built, and grinds whose candidates drew different next proposers. */
  grinds: number;
  grindCandidates: number;
  grindChoices: number;
}

export interface SimStats extends FaultCounts {
  delivered: number;
  rebroadcasts: number;
  syncs: number;
  evidence: number;
  /** Pieces of evidence committed, summed over honest nodes' stores. */
  committedEvidence: number;
  /** Honest validators named offenders by a block an honest node committed: must stay 0. */
  honestAccused: number;
  guardRefusals: number;
  txsAdmitted: number;
}

export function emptyStats(): SimStats {
  return {
    drops: 0,
    partitionDrops: 0,
    partitions: 0,
    duplicates: 0,
    reorders: 0,
    crashes: 0,
    equivocations: 0,
    futureRoundSpam: 0,
    proposalFloods: 0,
    voteReplays: 0,
    proposalEquivocations: 0,
    doubleVotes: 0,
    twinDoubleSigns: 0,
    grinds: 0,
    grindCandidates: 0,
    grindChoices: 0,
    delivered: 0,
    rebroadcasts: 0,
    syncs: 0,
    evidence: 0,
    committedEvidence: 0,
    honestAccused: 0,
    guardRefusals: 0,
    txsAdmitted: 0,
  };
}

export interface Host {
  readonly now: number;
  readonly rng: Prng;
  readonly scenario: Scenario;
  readonly genesis: Genesis;
  readonly signatures: SignatureScheme;
  readonly stats: SimStats;
  readonly checker: SafetyChecker;
  readonly nodeCount: number;
  /** Block hashes Byzantine validators made invalid on purpose: deciding one is a violation. */
  readonly invalidBlocks: Set<string>;
  send(from: number, to: number, message: Message): void;
  broadcast(from: number, message: Message): void;
  /** The clock of a node: the simulated time, from the genesis time on. */
  clock(node: number): Clock;
  /** Timers of one incarnation of a node: a crash silences them. */
  timers(node: number, incarnation: number): Timers;
  onCommitted(node: number, height: number): void;
  /** A message one of a validator's twin processes signed (step 0 proposal, 1 prevote, 2 precommit). */
  onTwinSignature(validator: string, height: number, round: number, step: number, signBytesHash: string): void;
  /** SIM_TRACE=1: trace() prints (use with SIM_SEED). */
  readonly tracing: boolean;
  /** Prints a line when SIM_TRACE=1 (use with SIM_SEED). */
  trace(node: number, text: string): void;
}
