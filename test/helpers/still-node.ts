// Ports for a node's parts (src/node/assemble.ts) driven by hand in a test: a network that sends
// nothing and answers nothing, and timers that never fire (consensus stays where the test puts it).
import type { Net } from '../../src/node/net.ts';
import type { Timers } from '../../src/node/timing.ts';

/** A Net that drops what the node sends (`publishTxs` may be given to see the batches). */
export function silentNet(publishTxs: Net['publishTxs'] = () => {}): Net {
  return {
    publishTxs,
    broadcastProposal: () => {},
    broadcastVote: () => {},
    publishEvidence: () => {},
    peerStatuses: async () => [],
    requestBlocks: async () => null,
    reportBadBlocks: () => {},
  };
}

/** Timers that never fire. */
export const stillTimers: Timers = { after: () => ({ cancel: () => {} }), every: () => ({ cancel: () => {} }) };
