// A block's evidence over HTTP (spec/api.md GET /v1/blocks/:height): a real node whose genesis holds
// a second validator of little power (the dev validator alone holds > 2/3, so the chain runs), that
// second validator's double vote handed to the node as a peer would gossip it, and the block that
// commits it, as the wire contract describes it (every answer is checked against its schema).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { duplicateVoteEvidence, encodeEvidence } from '../../src/chain/evidence.ts';
import { voteSignBytes } from '../../src/chain/votes.ts';
import { verifyEvidenceJson } from '../../src/client/index.ts';
import { sha256Hex, toHex, utf8 } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { startTestNode, type TestNode } from './helpers.ts';

const offender = KeyPair.generate();

describe('GET /v1/blocks/:height with evidence', { timeout: 60_000 }, () => {
  let t: TestNode;
  before(async () => {
    t = await startTestNode({
      editGenesis: (genesis) => ({
        ...genesis,
        validators: [...genesis.validators.map((v) => ({ ...v, power: '100' })), { address: offender.address, publicKey: toHex(offender.publicKey), power: '1' }],
      }),
    });
  });
  after(async () => {
    await t?.stop();
  });

  test('a double vote given to the node is committed in a block: evidence, offenders and root are served, and check offline', async () => {
    while (t.node.chain.height < 1) await new Promise((resolve) => setTimeout(resolve, 50));
    const vote = (blockHash: string | null) => ({ type: 'precommit' as const, height: 1, round: 0, blockHash, validator: offender.address, signature: offender.sign(voteSignBytes(t.chainId, { type: 'precommit', height: 1, round: 0, blockHash })) });
    const evidence = duplicateVoteEvidence(t.chainId, vote(sha256Hex(utf8('A'))), vote(null));
    const from = t.node.chain.height;
    assert.ok(t.node.shell.evidence.add(evidence) !== null);
    let found: Awaited<ReturnType<typeof t.client.block>> | undefined;
    for (let h = from + 1; found === undefined; h++) {
      while (t.node.chain.height < h) await new Promise((resolve) => setTimeout(resolve, 50));
      const block = await t.client.block(h);
      if (block.evidence.length > 0) found = block;
      assert.ok(h < from + 20, 'evidence committed within 20 blocks');
    }
    assert.deepEqual(found.offenders, [offender.address]);
    assert.equal(found.evidence.length, 1);
    const [piece] = found.evidence;
    assert.equal(piece.kind, 'duplicateVote');
    assert.equal(piece.id, sha256Hex(encodeEvidence(evidence)));
    assert.equal(t.node.shell.evidence.size, 0, 'committed evidence left the pool');
    const genesis = t.node.chain.genesis;
    assert.deepEqual(verifyEvidenceJson(piece, genesis.chainId, genesis.validators), { ok: true, id: piece.id, offender: offender.address, offence: `vote/${offender.address}/1/0/precommit` });
    // The next block does not commit it again.
    while (t.node.chain.height < found.height + 1) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual((await t.client.block(found.height + 1)).evidence, []);
  });
});
