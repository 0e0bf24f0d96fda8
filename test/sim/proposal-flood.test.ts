// Issue 12, attack 2 ("Proposal flood"), replayed against the node's own parts (src/node/assemble.ts)
// on a silent network: the proposer of (1, 0) signs 40 different valid blocks for that round and
// every honest validator gets all 40, then it signs junk proposals of 1 MiB for the next height.
// Each honest node executes one block, keeps the equivocation as evidence, and buffers no more of the
// junk than its bounds allow (spec/node.md §Proposals and evidence, spec/limits.md §Node).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { blockHash, type Block } from '../../src/chain/block.ts';
import { parseGenesis } from '../../src/chain/genesis.ts';
import { proposalSignBytes, voteSignBytes } from '../../src/chain/votes.ts';
import type { Proposal, SignedProposal, SignedVote, Vote } from '../../src/consensus/index.ts';
import { assembleNode, type NodeParts } from '../../src/node/assemble.ts';
import { FUTURE_BYTES_MAX, FUTURE_PROPOSALS_PER_VALIDATOR_MAX } from '../../src/node/limits.ts';
import { MemoryStore } from './memory-store.ts';
import { signatureScheme, type SimKey } from './signatures.ts';
import { GENESIS_FORMAT_VERSION } from '../../src/chain/versions.ts';
import { silentNet, stillTimers } from '../helpers/still-node.ts';

const CHAIN_ID = 'agora-flood';
const GENESIS_TIME_MS = 1_700_000_000_000;
const NOW_MS = GENESIS_TIME_MS + 60_000;
/** Seed 0 of the simulator's scheme signs with real Ed25519. */
const SCHEME = signatureScheme(0);


async function validators(count: number): Promise<{ keys: SimKey[]; nodes: NodeParts[]; verifies: number[] }> {
  const verifies = new Array<number>(count).fill(0);
  const keys = Array.from({ length: count }, (_, i) => SCHEME.key(i));
  const genesis = parseGenesis({
    version: GENESIS_FORMAT_VERSION,
    chainId: CHAIN_ID,
    genesisTimeMs: GENESIS_TIME_MS,
    nativeAsset: { symbol: 'AGR', name: 'Agora', decimals: 6 },
    allocations: [],
    validators: keys.map((key) => ({ address: key.address, publicKey: Buffer.from(key.publicKey).toString('hex'), power: '1' })),
    params: { fees: { perByte: '0', base: {} } },
  });
  const nodes: NodeParts[] = [];
  for (const [i, key] of keys.entries()) {
    nodes.push(
      await assembleNode({
        genesis,
        store: new MemoryStore(() => {}),
        net: silentNet(),
        clock: { nowMs: () => NOW_MS },
        timers: stillTimers,
        verify: (publicKey, message, signature) => {
          verifies[i]++;
          return SCHEME.verify(publicKey, message, signature);
        },
        signingKey: key,
        log: pino({ level: 'silent' }),
        blockTimeMs: 10,
        idleBlockMs: 1_000_000,
        onFatal: (error) => {
          throw error;
        },
      }),
    );
  }
  return { keys, nodes, verifies };
}

function sign(key: SimKey, proposal: Proposal): SignedProposal {
  return { ...proposal, signature: key.sign(proposalSignBytes(CHAIN_ID, proposal)) };
}

function signVote(key: SimKey, vote: Vote): SignedVote {
  return { ...vote, signature: key.sign(voteSignBytes(CHAIN_ID, vote)) };
}

test('attack 2: 40 proposals for one round cause one execution, bounded buffers and evidence on every honest node', { timeout: 60_000 }, async () => {
  const { keys, nodes, verifies } = await validators(4);
  for (const node of nodes) node.shell.start();
  await new Promise((resolve) => setImmediate(resolve));
  const proposerAddress = nodes[0].shell.driver.proposerOf(1, 0);
  const byzantine = keys.findIndex((key) => key.address === proposerAddress);
  const honest = nodes.filter((_, i) => i !== byzantine);
  const builder = nodes[byzantine];
  // 40 valid blocks: the same empty body at 40 different times.
  const flood = Array.from({ length: 40 }, (_, i) => {
    const { block, hash } = builder.chain.build(proposerAddress, NOW_MS - 1_000 + i, [], (alpha) => keys[byzantine].proveSeed(alpha));
    return { block, proposal: sign(keys[byzantine], { height: 1, round: 0, blockHash: hash, polRound: -1, proposer: proposerAddress }) };
  });
  for (const node of honest) for (const message of flood) node.handlers.onProposal(message);
  await new Promise((resolve) => setImmediate(resolve));
  for (const [i, node] of nodes.entries()) {
    if (i === byzantine) continue;
    assert.equal(verifies[i], 2, 'two signatures checked: the first proposal and the evidence; 38 dropped unverified');
    assert.equal(node.chain.blocksChecked, 1, 'one block executed of the 40');
    const evidence = node.shell.evidence.proposals();
    assert.equal(evidence.length, 1, 'one evidence record for the round');
    assert.equal(evidence[0].proposer, proposerAddress);
    assert.deepEqual([evidence[0].height, evidence[0].round], [1, 0]);
    assert.notEqual(evidence[0].first.blockHash, evidence[0].second.blockHash);
  }

  // The conflicting block is executed only once more than 1/3 of the power votes for it: then the
  // core may need it (to lock on it or decide it).
  const alternative = flood[1].proposal.blockHash;
  for (const [i, node] of nodes.entries()) {
    if (i === byzantine) continue;
    const voters = keys.filter((_, j) => j !== i && j !== byzantine);
    node.handlers.onVote({ vote: signVote(voters[0], { type: 'prevote', height: 1, round: 0, blockHash: alternative, validator: voters[0].address }) });
    assert.equal(node.chain.blocksChecked, 1, 'one vote of four is not enough');
    node.handlers.onVote({ vote: signVote(voters[1], { type: 'prevote', height: 1, round: 0, blockHash: alternative, validator: voters[1].address }) });
    assert.equal(node.chain.blocksChecked, 2, 'two of four (> 1/3) bring the conflicting block in');
    assert.ok(node.chain.candidate(alternative) !== undefined);
  }

  // Junk for the next height: 1 MiB of bytes as "txs", signed by the same validator, 10 rounds.
  const junkTx = new Uint8Array(1024 * 1024).fill(0x5a);
  for (let round = 0; round < 10; round++) {
    const header = { ...flood[0].block.header, height: 2, previousHash: flood[0].proposal.blockHash, txCount: 1 };
    const block: Block = { header, txs: [junkTx], evidence: [] };
    const proposal = sign(keys[byzantine], { height: 2, round, blockHash: blockHash(header), polRound: -1, proposer: proposerAddress });
    for (const node of honest) node.handlers.onProposal({ proposal, block });
  }
  for (const node of honest) {
    const { messages, bytes } = node.shell.buffered;
    assert.ok(messages <= FUTURE_PROPOSALS_PER_VALIDATOR_MAX, `${messages} junk proposals kept`);
    assert.ok(bytes <= FUTURE_BYTES_MAX && bytes <= FUTURE_PROPOSALS_PER_VALIDATOR_MAX * (junkTx.length + 1024), `${bytes} bytes kept`);
    assert.equal(node.chain.blocksChecked, 2, 'junk is not executed');
  }
  await Promise.all(nodes.map((node) => node.shell.stop()));
});
