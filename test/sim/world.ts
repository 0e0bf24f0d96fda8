// The simulated world of one seed: a clock, a network that delays, drops, duplicates and reorders
// messages and can be partitioned, scheduled crashes and restarts, and the run loop that stops
// when every honest node has reached the target height or the liveness budget is spent.
import { makeValidatorSet, type ConsensusEvent, type ValidatorSet } from '../../src/consensus/index.ts';
import { sha256Hex, utf8 } from '../../src/crypto/hash.ts';
import { SafetyChecker, type Violation } from './checker.ts';
import { EventHeap } from './heap.ts';
import { emptyStats, type Host, type SimStats } from './host.ts';
import { isValidBlock, type Message } from './messages.ts';
import { SimNode } from './node.ts';
import { Prng } from './prng.ts';
import { makeScenario, type Scenario } from './scenario.ts';

type WorldEvent =
  | { kind: 'deliver'; from: number; to: number; sent: number; message: Message }
  | { kind: 'local'; node: number; incarnation: number; event: ConsensusEvent }
  | { kind: 'tick'; node: number }
  | { kind: 'crash'; node: number }
  | { kind: 'restart'; node: number }
  | { kind: 'partition' }
  | { kind: 'gst' };

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
}

const MAX_EVENTS = 3_000_000;

export class World implements Host {
  now = 0;
  readonly rng: Prng;
  readonly scenario: Scenario;
  readonly validatorSet: ValidatorSet;
  readonly genesisHash: string;
  readonly stats = emptyStats();
  readonly checker: SafetyChecker;
  readonly nodes: SimNode[];
  private readonly heap = new EventHeap<WorldEvent>();
  private readonly sentOnLink: number[];
  private readonly deliveredOnLink: number[];
  /** Unknown (infinite) until GST: the run must go past every fault. */
  private requiredHeight = Number.POSITIVE_INFINITY;
  private finishedAtMs = -1;
  private readonly tracing = process.env.SIM_TRACE === '1';

  constructor(scenario: Scenario) {
    this.scenario = scenario;
    this.rng = new Prng(scenario.seed ^ 0x5eed5eed);
    const addresses = scenario.powers.map((_, i) => `agora1sim${i}`);
    this.validatorSet = makeValidatorSet(addresses.map((address, i) => ({ address, power: scenario.powers[i] })));
    this.genesisHash = sha256Hex(utf8(`genesis|${scenario.seed}`));
    this.checker = new SafetyChecker(this.validatorSet, isValidBlock);
    this.nodes = addresses.map((address, i) => new SimNode(this, i, address, i === scenario.byzantine));
    const links = addresses.length * addresses.length;
    this.sentOnLink = new Array<number>(links).fill(0);
    this.deliveredOnLink = new Array<number>(links).fill(0);
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

  scheduleLocal(atMs: number, node: number, incarnation: number, event: ConsensusEvent): void {
    this.heap.push(atMs, { kind: 'local', node, incarnation, event });
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

  run(): SeedResult {
    this.plan();
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
      this.dispatch(next.item);
    }
    return this.result(failure, events);
  }

  private result(failure: string | null, events: number): SeedResult {
    const violations = this.checker.violations;
    const stuck = this.nodes.filter((n) => n.isHonest && n.committedHeight < this.requiredHeight);
    const why = failure === null || violations.length > 0 ? null : `${failure}; behind: ${stuck.map((n) => `${n.index}@${n.committedHeight}`).join(',')}`;
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
    };
  }

  private plan(): void {
    const { scenario } = this;
    for (const crash of scenario.crashes) {
      this.heap.push(crash.atMs, { kind: 'crash', node: crash.node });
      this.heap.push(crash.restartAtMs, { kind: 'restart', node: crash.node });
    }
    if (scenario.partition !== null) this.heap.push(scenario.partition.fromMs, { kind: 'partition' });
    this.heap.push(scenario.gstMs, { kind: 'gst' });
    for (const node of this.nodes) {
      this.heap.push(scenario.gossipTickMs + node.index * 13, { kind: 'tick', node: node.index });
      node.start();
    }
  }

  private dispatch(event: WorldEvent): void {
    switch (event.kind) {
      case 'deliver': {
        const link = event.from * this.nodes.length + event.to;
        if (event.sent < this.deliveredOnLink[link]) this.stats.reorders++;
        else this.deliveredOnLink[link] = event.sent;
        this.stats.delivered++;
        this.nodes[event.to].receive(event.from, event.message);
        return;
      }
      case 'local':
        this.nodes[event.node].onLocal(event.incarnation, event.event);
        return;
      case 'tick':
        this.nodes[event.node].tick();
        this.heap.push(this.now + this.scenario.gossipTickMs, event);
        return;
      case 'crash':
        if (this.nodes[event.node].isUp) this.stats.crashes++;
        this.nodes[event.node].crash();
        return;
      case 'restart':
        if (!this.nodes[event.node].isUp) this.nodes[event.node].start();
        return;
      case 'partition':
        this.stats.partitions++;
        return;
      case 'gst': {
        let highest = 0;
        for (const node of this.nodes) if (node.isHonest) highest = Math.max(highest, node.committedHeight);
        this.requiredHeight = Math.max(this.scenario.targetHeight, highest + 2);
        this.checkFinished();
        return;
      }
    }
  }

  /** Partitioned links drop everything; the Byzantine validator reaches both sides. */
  private connected(from: number, to: number): boolean {
    const partition = this.scenario.partition;
    if (partition === null || this.now < partition.fromMs || this.now >= partition.healAtMs) return true;
    if (from === this.scenario.byzantine || to === this.scenario.byzantine) return true;
    return partition.sideA.has(from) === partition.sideA.has(to);
  }

  private delayMs(): number {
    const max = this.now < this.scenario.gstMs ? this.scenario.maxDelayFaultyMs : this.scenario.maxDelayTimelyMs;
    return this.rng.between(1, max);
  }

  private honestCount(): number {
    return this.nodes.filter((n) => n.isHonest).length;
  }
}

export function runSeed(seed: number): SeedResult {
  return new World(makeScenario(seed)).run();
}
