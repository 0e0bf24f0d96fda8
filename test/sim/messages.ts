// What travels on the simulated network: the node's own gossip messages (a tx, a proposal with its
// block, a vote with its relay counter) and block sync's requests and answers (spec/p2p.md), each
// subject to the seed's faults.
import type { SignedVote } from '../../src/consensus/index.ts';
import type { PeerStatus, ProposalMessage, SyncedBlock } from '../../src/node/net.ts';

export type Message =
  | { kind: 'txs'; txs: Uint8Array[] }
  | { kind: 'proposal'; message: ProposalMessage }
  | { kind: 'vote'; vote: SignedVote; relay?: number }
  | { kind: 'evidence'; bytes: Uint8Array }
  | { kind: 'statusRequest'; request: number }
  | { kind: 'statusReply'; request: number; status: PeerStatus }
  | { kind: 'blocksRequest'; request: number; fromHeight: number; toHeight: number }
  | { kind: 'blocksReply'; request: number; blocks: SyncedBlock[] };

/** Gossip's message id (spec/p2p.md §Gossip): a publisher's gossip refuses to publish an id twice. */
export function gossipId(message: Message): string | null {
  switch (message.kind) {
    case 'proposal':
      return `p|${Buffer.from(message.message.proposal.signature).toString('hex')}`;
    case 'vote':
      return `v|${Buffer.from(message.vote.signature).toString('hex')}|${message.relay ?? '-'}`;
    case 'evidence':
      return `e|${Buffer.from(message.bytes).toString('hex')}`;
    case 'txs':
      return null;
    default:
      return null;
  }
}

export function describe(message: Message): string {
  if (message.kind === 'proposal') {
    const p = message.message.proposal;
    return `proposal h=${p.height} r=${p.round} ${p.blockHash.slice(0, 8)} pol=${p.polRound}`;
  }
  if (message.kind === 'vote') {
    const v = message.vote;
    return `${v.type} h=${v.height} r=${v.round} ${v.blockHash === null ? 'nil' : v.blockHash.slice(0, 8)}${message.relay === undefined ? '' : ` relay=${message.relay}`}`;
  }
  return message.kind;
}
