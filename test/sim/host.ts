// What a simulated node may use of the simulated world: its clock, network, timers and counters.
import type { ConsensusEvent, ValidatorSet } from '../../src/consensus/index.ts';
import type { SafetyChecker } from './checker.ts';
import type { Message } from './messages.ts';
import type { Prng } from './prng.ts';
import type { Scenario } from './scenario.ts';

export interface FaultCounts {
  drops: number;
  partitionDrops: number;
  partitions: number;
  duplicates: number;
  reorders: number;
  crashes: number;
  equivocations: number;
  futureRoundSpam: number;
}

export interface SimStats extends FaultCounts {
  delivered: number;
  rebroadcasts: number;
  syncs: number;
  evidence: number;
  guardRefusals: number;
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
    delivered: 0,
    rebroadcasts: 0,
    syncs: 0,
    evidence: 0,
    guardRefusals: 0,
  };
}

export interface Host {
  readonly now: number;
  readonly rng: Prng;
  readonly scenario: Scenario;
  readonly validatorSet: ValidatorSet;
  readonly genesisHash: string;
  readonly stats: SimStats;
  readonly checker: SafetyChecker;
  readonly nodeCount: number;
  send(from: number, to: number, message: Message): void;
  broadcast(from: number, message: Message): void;
  scheduleLocal(atMs: number, node: number, incarnation: number, event: ConsensusEvent): void;
  onCommitted(node: number, height: number): void;
  /** Prints a line when SIM_TRACE=1 (use with SIM_SEED). */
  trace(node: number, text: string): void;
}
