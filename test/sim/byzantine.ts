// The Byzantine validator (< 1/3 of the power): it runs an ordinary core to stay in step, but signs
// without a guard and, for most messages, sends one version to some peers and a conflicting one to
// the others: two proposals with different blocks (some invalid), prevotes and precommits for two
// values. Now and then it also sends votes for far-future rounds to try to drag others ahead.
import type { SignedProposal, SignedVote } from '../../src/consensus/index.ts';
import { fakeSign, makeBlockHash, proposalSignBytes, voteSignBytes, type Message } from './messages.ts';
import type { Host } from './host.ts';

interface Self {
  readonly index: number;
  readonly address: string;
  currentRoundProposalHashes(round: number): string[];
}

export class Equivocator {
  private readonly host: Host;
  private readonly self: Self;
  /** round → the block of our second proposal, so our second votes can back it. */
  private readonly twinBlocks = new Map<string, string>();
  private counter = 0;

  constructor(host: Host, self: Self) {
    this.host = host;
    this.self = self;
  }

  broadcast(message: Message): void {
    const { host } = this;
    const twin = host.rng.chance(70) ? this.twinOf(message) : null;
    for (let to = 0; to < host.nodeCount; to++) {
      if (to === this.self.index) continue;
      host.send(this.self.index, to, twin !== null && host.rng.chance(50) ? twin : message);
    }
    if (twin !== null) host.stats.equivocations++;
    if (message.kind === 'vote' && host.rng.chance(10)) this.spamFutureRound(message.vote);
  }

  private twinOf(message: Message): Message | null {
    if (message.kind === 'proposal') return { kind: 'proposal', proposal: this.twinProposal(message.proposal) };
    if (message.kind === 'vote') return { kind: 'vote', vote: this.twinVote(message.vote) };
    return null;
  }

  private twinProposal(original: SignedProposal): SignedProposal {
    const label = `twin|${this.self.address}|${original.height}|${original.round}|${this.counter++}`;
    const blockHash = makeBlockHash(label, this.host.rng.chance(70));
    this.twinBlocks.set(`${original.height}|${original.round}`, blockHash);
    const proposal = { ...original, blockHash, polRound: this.host.rng.chance(50) ? -1 : original.polRound };
    return { ...proposal, signature: fakeSign(this.self.address, proposalSignBytes(proposal).signBytesHash) };
  }

  private twinVote(original: SignedVote): SignedVote {
    const candidates: Array<string | null> = [null, makeBlockHash(`junk|${this.counter++}`, true)];
    const twinBlock = this.twinBlocks.get(`${original.height}|${original.round}`);
    if (twinBlock !== undefined) candidates.push(twinBlock, twinBlock);
    candidates.push(...this.self.currentRoundProposalHashes(original.round));
    const others = candidates.filter((c) => c !== original.blockHash);
    const vote = { ...original, blockHash: this.host.rng.pick(others) };
    return { ...vote, signature: fakeSign(this.self.address, voteSignBytes(vote).signBytesHash) };
  }

  private spamFutureRound(original: SignedVote): void {
    const round = original.round + this.host.rng.between(1, 60);
    const vote = { ...original, round, blockHash: null };
    const signed = { ...vote, signature: fakeSign(this.self.address, voteSignBytes(vote).signBytesHash) };
    this.host.broadcast(this.self.index, { kind: 'vote', vote: signed });
    this.host.stats.futureRoundSpam++;
  }
}
