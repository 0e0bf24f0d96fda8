// The simulated world of one seed: a clock, timers, a network that delays, drops, duplicates and
// reorders messages and can be partitioned, scheduled crashes and restarts, client txs, and the run
// loop that stops when every honest node has reached the target height or the liveness budget is
// spent. The nodes are the node's own parts (sim-node.ts). Their work is asynchronous (the store's
// writes are promises), so after each event the loop lets every resulting promise settle before the
// next: all of it settles on microtasks, since nothing here waits on real I/O or real time.
import { GENESIS_FORMAT_VERSION } from '../../src/chain/versions.ts';
import { parseGenesis, type Genesis } from '../../src/chain/genesis.ts';
import { makeValidatorSet, type ValidatorSet } from '../../src/consensus/index.ts';
import { readValidatorSchedule, validatorSetByHash } from '../../src/ledger/validators/schedule.ts';
import { encodeTx, txSignBytes } from '../../src/ledger/tx.ts';
import type { TxBody } from '../../src/ledger/types.ts';
import type { Clock, TimerHandle, Timers } from '../../src/node/timing.ts';
import { SafetyChecker, type Violation } from './checker.ts';
import { EventHeap } from './heap.ts';
import { emptyStats, type Host, type SimStats } from './host.ts';
import { describe, type Message } from './messages.ts';
import { Prng } from './prng.ts';
import { attacksOf } from './byzantine.ts';
import type { ByzantineKind } from './coalitions.ts';
import { makeScenario, type Scenario } from './scenario.ts';
import { SimNode, type NodeRole, type SimNodeOptions } from './sim-node.ts';
import { signatureScheme, type SignatureScheme, type SimKey } from './signatures.ts';

type WorldEvent =
  | { kind: 'deliver'; from: number; to: number; sent: number; message: Message }
  | { kind: 'timer'; node: number; incarnation: number; timer: SimTimer }
  | { kind: 'crash'; node: number }
  | { kind: 'restart'; node: number }
  | { kind: 'submit'; node: number; txs: Uint8Array[] }
  | { kind: 'partition' }
  | { kind: 'gst' };

interface SimTimer extends TimerHandle {
  run: () => void;
  intervalMs: number | null;
  cancelled: boolean;
}

export interface SeedResult {
  seed: number;
  scenario: Scenario;
  stats: SimStats;
  violations: Violation[];
  /** Null when every honest node reached the target height; otherwise why not. */
  livenessFailure: string | null;
  heightsDecided: number;
  /** Height every honest node had to reach: the target, and at least 2 more than any had at GST. */
  requiredHeight: number;
  /** Simulated time from GST until the last honest node reached the required height. */
  msAfterGst: number;
  events: number;
  /** Per honest node (by index), the offenders named by the blocks it committed, sorted. */
  offendersByHonestNode: Map<number, string[]>;
  /** The kinds of evidence honest nodes committed, sorted. */
  evidenceKinds: string[];
  /** The Byzantine validators' addresses, sorted. */
  byzantineAddresses: string[];
  /** Per honest node, the addresses of the set of its tip + 2 (`validators/next`) when the run ended. */
  nextSetByHonestNode: Map<number, string[]>;
  realSignatures: boolean;
}

const MAX_EVENTS = 3_000_000;
const GENESIS_TIME_MS = 1_700_000_000_000;
const CHAIN_ID = 'agora-sim';
/** The key index of the first joiner (Scenario.joiners): outside every genesis set. */
const JOINER_KEYS_FROM = 64;

/** Lets every promise the last event started settle (they all settle on microtasks). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class World implements Host {
  now = 0;
  readonly rng: Prng;
  readonly scenario: Scenario;
  readonly genesis: Genesis;
  readonly signatures: SignatureScheme;
  readonly stats = emptyStats();
  readonly checker: SafetyChecker;
  readonly invalidBlocks = new Set<string>();
  readonly nodes: SimNode[];
  private readonly heap = new EventHeap<WorldEvent>();
  private readonly sentOnLink: number[];
  private readonly deliveredOnLink: number[];
  /** Unknown (infinite) until GST: the run must go past every fault. */
  private requiredHeight = Number.POSITIVE_INFINITY;
  private finishedAtMs = -1;
  readonly tracing = process.env.SIM_TRACE === '1';
  /**
   * The second process of each 'twins' member's key (nodes after the validators, in member order):
   * process index → the member's index.
   */
  readonly twinProcesses: Map<number, number>;
  /** The kind of each Byzantine member, by index. */
  private readonly memberKinds: Map<number, ByzantineKind>;

  constructor(scenario: Scenario, options: SimNodeOptions = {}) {
    this.scenario = scenario;
    this.rng = new Prng(scenario.seed ^ 0x5eed5eed);
    this.signatures = signatureScheme(scenario.seed);
    const keys = scenario.powers.map((_, i) => this.signatures.key(i));
    const client = this.signatures.key(100);
    this.genesis = parseGenesis({
      version: GENESIS_FORMAT_VERSION,
      chainId: CHAIN_ID,
      genesisTimeMs: GENESIS_TIME_MS,
      nativeAsset: { symbol: 'AGR', name: 'Agora', decimals: 6 },
      allocations: [{ address: client.address, amount: '1000000' }],
      validators: keys.map((key, i) => ({ address: key.address, publicKey: Buffer.from(key.publicKey).toString('hex'), power: String(scenario.powers[i]) })),
      params: { fees: { perByte: '0', base: {} } },
    });
    const validatorSet = makeValidatorSet(this.genesis.validators.map((v) => ({ address: v.address, power: v.power })));
    this.checker = new SafetyChecker(validatorSet, (hash) => !this.invalidBlocks.has(hash));
    this.checker.setAt = (address, height) => this.setOf(address, height);
    this.memberKinds = new Map(scenario.byzantine.map((member) => [member.index, member.kind]));
    const twins = scenario.byzantine.filter((member) => member.kind === 'twins');
    this.twinProcesses = new Map(twins.map((member, j) => [scenario.powers.length + j, member.index]));
    this.nodes = keys.map((key, i) => new SimNode(this, i, key, this.roleOf(i), options));
    for (const [process, member] of this.twinProcesses) this.nodes.push(new SimNode(this, process, keys[member], { kind: 'twin' }, options));
    for (let j = 0; j < (scenario.joiners ?? 0); j++) this.nodes.push(new SimNode(this, this.nodes.length, this.signatures.key(JOINER_KEYS_FROM + j), { kind: 'honest' }, options));
    const links = this.nodes.length * this.nodes.length;
    this.sentOnLink = new Array<number>(links).fill(0);
    this.deliveredOnLink = new Array<number>(links).fill(0);
    this.planTxs(client);
  }

  private roleOf(index: number): NodeRole {
    const member = this.scenario.byzantine.find((m) => m.index === index);
    if (member === undefined) return { kind: 'honest' };
    if (member.kind === 'twins') return { kind: 'twin' };
    if (member.kind === 'clock-off') return { kind: 'skewed' };
    return { kind: 'liar', attacks: attacksOf(member) };
  }

  /** What twin processes signed, by (validator, height, round, step): a difference is a real double sign. */
  private readonly twinSigned = new Map<string, string>();

  onTwinSignature(validator: string, height: number, round: number, step: number, signBytesHash: string): void {
    const key = `${validator}|${height}|${round}|${step}`;
    const before = this.twinSigned.get(key);
    if (before !== undefined && before !== signBytesHash) this.stats.twinDoubleSigns++;
    this.twinSigned.set(key, signBytesHash);
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  send(from: number, to: number, message: Message): void {
    const { scenario, rng, stats } = this;
    if (!this.connected(from, to)) {
      stats.partitionDrops++;
      return;
    }
    if (this.now < scenario.dropsEndMs && scenario.dropPercent > 0 && rng.chance(scenario.dropPercent)) {
      stats.drops++;
      return;
    }
    const sent = ++this.sentOnLink[from * this.nodes.length + to];
    this.heap.push(this.now + this.delayMs(), { kind: 'deliver', from, to, sent, message });
    if (scenario.duplicatePercent > 0 && rng.chance(scenario.duplicatePercent)) {
      stats.duplicates++;
      this.heap.push(this.now + this.delayMs(), { kind: 'deliver', from, to, sent, message });
    }
  }

  broadcast(from: number, message: Message): void {
    for (let to = 0; to < this.nodes.length; to++) if (to !== from) this.send(from, to, message);
  }

  clock(node: number): Clock {
    const offsetMs = this.scenario.clockOffsetsMs?.[node] ?? 0;
    return { nowMs: () => GENESIS_TIME_MS + this.now + offsetMs };
  }

  timers(node: number, incarnation: number): Timers {
    const schedule = (delayMs: number, run: () => void, intervalMs: number | null): TimerHandle => {
      const timer: SimTimer = { run, intervalMs, cancelled: false, cancel: () => (timer.cancelled = true) };
      this.heap.push(this.now + Math.max(0, delayMs), { kind: 'timer', node, incarnation, timer });
      return timer;
    };
    return { after: (delayMs, run) => schedule(delayMs, run, null), every: (intervalMs, run) => schedule(intervalMs, run, intervalMs) };
  }

  onCommitted(node: number, height: number): void {
    if (this.nodes[node].isHonest && height >= this.requiredHeight) this.checkFinished();
  }

  trace(node: number, text: string): void {
    if (this.tracing) console.log(`${String(this.now).padStart(6)} ms  node ${node}  ${text}`);
  }

  private checkFinished(): void {
    if (this.nodes.every((n) => !n.isHonest || n.committedHeight >= this.requiredHeight)) this.finishedAtMs = this.now;
  }

  async run(): Promise<SeedResult> {
    this.plan();
    await settle();
    const deadline = this.scenario.gstMs + this.scenario.livenessBudgetMs;
    let events = 0;
    let failure: string | null = null;
    while (this.finishedAtMs < 0 && this.checker.violations.length === 0) {
      const next = this.heap.pop();
      if (next === undefined) {
        failure = 'no events left';
        break;
      }
      if (next.at > deadline) {
        failure = `not every honest node reached height ${this.requiredHeight} by ${deadline} ms`;
        break;
      }
      if (++events > MAX_EVENTS) {
        failure = `more than ${MAX_EVENTS} events`;
        break;
      }
      this.now = next.at;
      if (this.dispatch(next.item)) await settle();
    }
    return this.result(failure, events);
  }

  private result(failure: string | null, events: number): SeedResult {
    const violations = this.checker.violations;
    const stuck = this.nodes.filter((n) => n.isHonest && n.committedHeight < this.requiredHeight);
    const why = failure === null || violations.length > 0 ? null : `${failure}; behind: ${stuck.map((n) => `${n.index}@${n.committedHeight}`).join(',')}`;
    this.stats.evidence = this.nodes.reduce((sum, n) => sum + (n.isHonest ? n.store.evidenceCount : 0), 0);
    this.stats.committedEvidence = this.nodes.reduce((sum, n) => sum + (n.isHonest ? n.store.committedEvidence : 0), 0);
    const honest = new Set(this.nodes.filter((n) => n.isHonest).map((n) => n.address));
    this.stats.honestAccused = this.nodes.reduce((sum, n) => sum + (n.isHonest ? [...n.store.offenders].filter((a) => honest.has(a)).length : 0), 0);
    return {
      seed: this.scenario.seed,
      scenario: this.scenario,
      stats: this.stats,
      violations,
      livenessFailure: why,
      heightsDecided: this.checker.heightsDecided,
      requiredHeight: this.requiredHeight,
      msAfterGst: Math.max(0, this.finishedAtMs - this.scenario.gstMs),
      events,
      offendersByHonestNode: new Map(this.nodes.filter((n) => n.isHonest).map((n) => [n.index, [...n.store.offenders].sort()])),
      evidenceKinds: [...new Set(this.nodes.filter((n) => n.isHonest).flatMap((n) => [...n.store.evidenceKinds]))].sort(),
      byzantineAddresses: this.scenario.byzantine.map((member) => this.nodes[member.index].address).sort(),
      nextSetByHonestNode: new Map(this.nodes.filter((n) => n.isHonest).map((n) => [n.index, (readValidatorSchedule(n.store)?.next.validators ?? []).map((v) => v.address)])),
      realSignatures: this.signatures.real,
    };
  }

  /**
   * Sends `txs` to every honest node at `atMs` (a node down then misses them; the others gossip
   * them), and has the checker judge each commit by the set of its height as the deciding node's
   * ledger state holds it (spec/ledger.md §10): for runs that change the validator set.
   */
  submitToAll(atMs: number, txs: Uint8Array[]): void {
    for (const node of this.nodes) if (node.isHonest) this.heap.push(atMs, { kind: 'submit', node: node.index, txs });
  }

  /**
   * The set that signs `height` as the ledger state of the honest node `address` holds it, by the
   * hash its header names (spec/ledger.md §10): sets change by validators.update and by evidence.
   */
  private setOf(address: string, height: number): ValidatorSet {
    const node = this.nodes.find((n) => n.address === address && n.isHonest)!;
    const hash = node.store.getBlock(height)!.block.header.validatorsHash;
    const set = validatorSetByHash(node.store, hash)!;
    return makeValidatorSet(set.map((v) => ({ address: v.address, power: v.power })));
  }

  private plan(): void {
    const { scenario } = this;
    for (const crash of scenario.crashes) {
      this.heap.push(crash.atMs, { kind: 'crash', node: crash.node });
      this.heap.push(crash.restartAtMs, { kind: 'restart', node: crash.node });
    }
    if (scenario.partition !== null) this.heap.push(scenario.partition.fromMs, { kind: 'partition' });
    this.heap.push(scenario.gstMs, { kind: 'gst' });
    for (const node of this.nodes) void node.start();
  }

  /** A few transfers from the funded client, to random honest nodes: blocks execute real txs. */
  private planTxs(client: SimKey): void {
    const count = this.rng.between(0, 4);
    const honest = this.nodes.filter((n) => n.isHonest);
    for (let nonce = 0; nonce < count; nonce++) {
      const body = { chainId: CHAIN_ID, kind: 'transfer', payload: { transfers: [{ to: this.nodes[0].address, asset: 'AGR', amount: 1n }] }, signers: [{ publicKey: client.publicKey, nonce: BigInt(nonce) }], fee: 0n } as TxBody;
      const bytes = encodeTx({ body, signatures: [client.sign(txSignBytes(body))] });
      this.heap.push(this.rng.between(0, 3000), { kind: 'submit', node: this.rng.pick(honest).index, txs: [bytes] });
    }
  }

  /** Carries out one event; returns whether it may have started asynchronous work. */
  private dispatch(event: WorldEvent): boolean {
    switch (event.kind) {
      case 'deliver': {
        const link = event.from * this.nodes.length + event.to;
        if (event.sent < this.deliveredOnLink[link]) this.stats.reorders++;
        else this.deliveredOnLink[link] = event.sent;
        this.stats.delivered++;
        if (this.tracing) this.trace(event.to, `from ${event.from}: ${describe(event.message)}`);
        this.nodes[event.to].receive(event.from, event.message);
        return true;
      }
      case 'timer': {
        const { timer } = event;
        if (timer.cancelled || this.nodes[event.node].incarnationNow !== event.incarnation) return false;
        if (timer.intervalMs !== null) this.heap.push(this.now + timer.intervalMs, event);
        timer.run();
        return true;
      }
      case 'crash':
        if (this.nodes[event.node].isUp) this.stats.crashes++;
        this.nodes[event.node].crash();
        return false;
      case 'restart':
        if (!this.nodes[event.node].isUp) void this.nodes[event.node].start();
        return true;
      case 'submit':
        void this.nodes[event.node].submit(event.txs);
        return true;
      case 'partition':
        this.stats.partitions++;
        return false;
      case 'gst': {
        let highest = 0;
        for (const node of this.nodes) if (node.isHonest) highest = Math.max(highest, node.committedHeight);
        this.requiredHeight = Math.max(this.scenario.targetHeight, highest + 2);
        this.checkFinished();
        return false;
      }
    }
  }

  /**
   * Partitioned links drop everything; a Byzantine member reaches both sides. Twins are split, as the
   * Twins method splits them: the twin process on side A, the first one on side B.
   */
  private connected(from: number, to: number): boolean {
    const partition = this.scenario.partition;
    if (partition === null || this.now < partition.fromMs || this.now >= partition.healAtMs) return true;
    const kinds = this.memberKinds;
    const reachesBoth = (node: number): boolean => kinds.has(node) && kinds.get(node) !== 'twins';
    if (reachesBoth(from) || reachesBoth(to)) return true;
    const onSideA = (node: number): boolean => this.twinProcesses.has(node) || (!kinds.has(node) && partition.sideA.has(node));
    return onSideA(from) === onSideA(to);
  }

  private delayMs(): number {
    const max = this.now < this.scenario.gstMs ? this.scenario.maxDelayFaultyMs : this.scenario.maxDelayTimelyMs;
    return this.rng.between(1, max);
  }
}

export function runSeed(seed: number, options: SimNodeOptions = {}): Promise<SeedResult> {
  return new World(makeScenario(seed), options).run();
}
