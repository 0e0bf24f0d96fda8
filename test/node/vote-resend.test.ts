// How the node answers a vote (spec/p2p.md §3.1; issue 12, attack 3): a vote it lacks is checked
// once and taken, however it came (a first send, a re-send of a current or a stale relay epoch); a
// copy of a vote it holds is never checked again and never passed on (ignore: gossip does not forward
// it), whatever its relay or signature. The node's own parts (assemble.ts) over a memory store.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { parseGenesis } from '../../src/chain/genesis.ts';
import { voteSignBytes } from '../../src/chain/votes.ts';
import type { SignedVote } from '../../src/consensus/index.ts';
import { verifyEd25519Node } from '../../src/crypto/ed25519-node.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { assembleNode } from '../../src/node/assemble.ts';
import { genesisJson } from '../../src/node/home.ts';
import { MemoryStore } from '../sim/memory-store.ts';
import { silentNet, stillTimers } from '../helpers/still-node.ts';

const CHAIN_ID = 'agora-resend';
const [a, b] = [new KeyPair(new Uint8Array(32).fill(230)), new KeyPair(new Uint8Array(32).fill(231))];
// Two validators, neither running here: consensus stays at height 1, where the votes below are current.
const genesis = parseGenesis(genesisJson(CHAIN_ID, 1_700_000_000_000, [a, b], []));

function signed(key: KeyPair, round: number): SignedVote {
  const vote: SignedVote = { type: 'prevote', height: 1, round, blockHash: null, validator: key.address, signature: new Uint8Array(0) };
  return { ...vote, signature: key.sign(voteSignBytes(CHAIN_ID, vote)) };
}

test('a vote is checked once however it came; a held copy is dropped unchecked and not passed on, however it came', async () => {
  let verifies = 0;
  const parts = await assembleNode({
    genesis,
    store: new MemoryStore(() => {}),
    net: silentNet(),
    clock: { nowMs: () => genesis.genesisTimeMs + 1_000 },
    timers: stillTimers,
    verify: (publicKey, message, signature) => {
      verifies++;
      return verifyEd25519Node(publicKey, message, signature);
    },
    signingKey: null,
    log: pino({ level: 'silent' }),
    blockTimeMs: 10,
    idleBlockMs: 1_000_000,
    onFatal: (error) => {
      throw error;
    },
  });
  parts.shell.start();
  const fromA = signed(a, 0);
  const fromB = signed(b, 0);
  const forged = { ...fromA, signature: new Uint8Array(64).fill(7) };
  const badUnheld = { ...signed(a, 1), signature: new Uint8Array(64).fill(9) };
  // The relay epochs as gossip lets them through: a current one, a stale one (a clock 10 s off).
  const [current, stale] = [1_700_000_001, 1_700_000_011];
  // [what, message, verdict, signature checks it costs]
  const cases: [string, { vote: SignedVote; relay?: number }, string, number][] = [
    ['a first send of a vote lacked: checked, taken', { vote: fromA }, 'accept', 1],
    ['the first send again: held, dropped unchecked', { vote: fromA }, 'ignore', 0],
    ['a re-send of now, byte-identical: held, dropped unchecked, not passed on', { vote: fromA, relay: current }, 'ignore', 0],
    ['a stale re-send of it: dropped unchecked', { vote: fromA, relay: stale }, 'ignore', 0],
    ['a re-send of now with another signature: dropped unchecked', { vote: forged, relay: current }, 'ignore', 0],
    ['a stale re-send of a vote lacked: checked, taken', { vote: fromB, relay: stale }, 'accept', 1],
    ['that stale re-send again: dropped unchecked', { vote: fromB, relay: stale }, 'ignore', 0],
    ['a re-send of now of it: dropped unchecked', { vote: fromB, relay: current }, 'ignore', 0],
    ['a re-send of now of a vote lacked, badly signed: checked, rejected', { vote: badUnheld, relay: current }, 'reject', 1],
  ];
  for (const [what, message, verdict, checks] of cases) {
    const before = verifies;
    assert.equal(parts.shell.onVote(message), verdict, what);
    assert.equal(verifies - before, checks, `${what}: signature checks`);
  }
  await parts.shell.stop();
});
