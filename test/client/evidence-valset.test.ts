// Evidence against a validator that joined by `validators.update`, checked offline against the
// genesis alone (spec/chain.md §6.5). Before, `agora evidence verify` and verifyEvidenceJson checked
// every piece against the genesis set, so such evidence failed `not_a_validator`. The node's
// evidence document of the block (GET /v1/blocks/:height/evidence) carries the hand-over block from
// the genesis set and the block of the offence's height; verifying it proves the set of that height
// from the genesis. Without the hand-over, with a tampered one, or without the offence's block, it
// fails with a code naming the place. A real node with its API on 127.0.0.1 (test/api/helpers.ts).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { duplicateVoteEvidence } from '../../src/chain/evidence.ts';
import { parseGenesis, type GenesisJson } from '../../src/chain/genesis.ts';
import { validatorsHash } from '../../src/chain/validators.ts';
import { voteSignBytes } from '../../src/chain/votes.ts';
import { verifyEvidenceDocument, verifyEvidenceJson, type EvidenceDocument, type EvidenceJson } from '../../src/client/index.ts';
import { anchorFromGenesis } from '../../src/client/provenance/anchor.ts';
import { approveValidatorsUpdate, proposeValidatorsUpdate, validatorsUpdatePayload } from '../../src/client/validators.ts';
import { sha256Hex, utf8 } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { loadValidatorKey } from '../../src/node/home.ts';
import { startTestNode, type TestNode } from '../api/helpers.ts';
import { forgerSet } from '../helpers/forge-report.ts';
import { runAgora } from '../helpers/testnet.ts';

const joiner = new KeyPair(new Uint8Array(32).fill(77));
const dir = mkdtempSync(join(tmpdir(), 'agora-evidence-valset-'));

async function untilHeight(t: TestNode, height: number): Promise<void> {
  for (let i = 0; t.node.chain.height < height; i++) {
    assert.ok(i < 600, `height ${height} within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('evidence against a validator added by validators.update', { timeout: 120_000 }, () => {
  let t: TestNode;
  let genesisPath: string;
  let genesisSetHash: string;
  /** The height from which the joiner is in the set. */
  let joined: number;
  let blockHeight: number;
  let piece: EvidenceJson;
  let document: EvidenceDocument;

  before(async () => {
    t = await startTestNode();
    genesisPath = join(t.home, 'genesis.json');
    const genesis = parseGenesis(JSON.parse(readFileSync(genesisPath, 'utf8')) as GenesisJson);
    genesisSetHash = validatorsHash(genesis.validators);
    const validator = (await loadValidatorKey(t.home))!;
    // The dev validator keeps > 2/3 of the power (100 of 101), so the chain runs without the joiner's node.
    const proposal = proposeValidatorsUpdate(t.chainId, 0n, [
      { publicKey: validator.publicKey, power: 100n },
      { publicKey: joiner.publicKey, power: 1n },
    ]);
    const update = await t.client.sendTx(t.dev, 'validators.update', validatorsUpdatePayload(approveValidatorsUpdate(proposal, validator)));
    joined = update.height + 2;
    await untilHeight(t, joined + 1);
    // The joiner signs two precommits at a height where it is a validator (and not in the genesis set).
    const vote = (blockHash: string | null) => ({ type: 'precommit' as const, height: joined, round: 0, blockHash, validator: joiner.address, signature: joiner.sign(voteSignBytes(t.chainId, { type: 'precommit', height: joined, round: 0, blockHash })) });
    assert.ok(t.node.shell.evidence.add(duplicateVoteEvidence(t.chainId, vote(sha256Hex(utf8('A'))), vote(null))) !== null, 'the node takes the evidence');
    const from = t.node.chain.height;
    for (let h = from + 1; ; h++) {
      assert.ok(h < from + 40, 'evidence committed within 40 blocks');
      await untilHeight(t, h);
      const block = await t.client.block(h);
      if (block.evidence.length === 0) continue;
      blockHeight = h;
      piece = block.evidence[0] as EvidenceJson;
      break;
    }
    document = (await t.client.getBlockEvidence(blockHeight)) as EvidenceDocument;
  });

  after(async () => {
    await t?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the failure replayed: the bare piece against the genesis set is not_a_validator', () => {
    const genesis = parseGenesis(JSON.parse(readFileSync(genesisPath, 'utf8')) as GenesisJson);
    const verdict = verifyEvidenceJson(piece, genesis.chainId, genesis.validators);
    assert.equal(verdict.ok ? 'ok' : verdict.code, 'not_a_validator');
  });

  test("the block's evidence document proves it against the genesis: the hand-over block, both sets, the offence's block", () => {
    assert.deepEqual(document.handOvers.map((b) => b.header.height), [joined - 1]);
    assert.deepEqual(document.blocks.map((b) => b.header.height), [joined]);
    assert.equal(document.validatorSets.length, 2);
    assert.equal(document.validatorSets[0].hash, genesisSetHash);
    const anchor = anchorFromGenesis(parseGenesis(JSON.parse(readFileSync(genesisPath, 'utf8')) as GenesisJson));
    const result = verifyEvidenceDocument(document, anchor);
    assert.deepEqual(result.problems, []);
    assert.equal(result.ok, true);
    assert.deepEqual(result.results, [{ ok: true, id: piece.id, offender: joiner.address, offence: `vote/${joiner.address}/${joined}/0/precommit`, validatorsHash: document.validatorSets[1].hash }]);
  });

  test('without the hand-over, with a tampered one or a tampered set, or without the offence block: not proven, naming the place', () => {
    const anchor = anchorFromGenesis(parseGenesis(JSON.parse(readFileSync(genesisPath, 'utf8')) as GenesisJson));
    const first = (changed: EvidenceDocument) => {
      const result = verifyEvidenceDocument(changed, anchor);
      assert.equal(result.ok, false);
      return [result.problems[0].place, result.problems[0].code];
    };
    assert.deepEqual(first({ ...document, handOvers: [] }), ['$.blocks[0].header.validatorsHash', 'not_trusted']);
    const tampered = structuredClone(document);
    tampered.handOvers[0].header.timeMs += 1;
    assert.deepEqual(first(tampered), ['$.handOvers[0].commit', 'bad_block']);
    const renamed = structuredClone(document);
    renamed.handOvers[0].header.nextValidatorsHash = genesisSetHash;
    assert.deepEqual(first(renamed), ['$.handOvers[0].commit', 'bad_block']);
    const altered = structuredClone(document);
    altered.validatorSets[1].validators[0].power = '1000';
    assert.deepEqual(first(altered), ['$.validatorSets[1].hash', 'bad_validator_set']);
    assert.deepEqual(first({ ...document, blocks: [] }), ['$.evidence[0].height', 'no_validator_set']);
    assert.deepEqual(first({ ...document, validatorSets: document.validatorSets.slice(1) }), ['$.validatorSets[0].hash', 'not_trusted']);
    // Replayed: a set no proven block hands over to rode along and the document was proven; the
    // provenance verifier refused it. One trust rule (src/client/hand-overs.ts) refuses it here too.
    assert.deepEqual(first({ ...document, validatorSets: [...document.validatorSets, forgerSet()] }), ['$.validatorSets[2].hash', 'not_trusted']);
  });

  test('agora evidence get HEIGHT, then agora evidence verify FILE: exit 0 offline; the bare block and a document without its hand-over exit 1', async () => {
    const file = join(dir, 'evidence.json');
    const got = await runAgora(['evidence', 'get', String(blockHeight), '--node', t.url, '--out', file]);
    assert.equal(got.code, 0, got.stderr);
    const ok = await runAgora(['evidence', 'verify', file, '--genesis', genesisPath, '--home', dir]);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, new RegExp(`evidence 0: proven: ${joiner.address} equivocated \\(vote/${joiner.address}/${joined}/0/precommit\\) against the validator set ${document.validatorSets[1].hash} of height ${joined}`));

    const bare = join(dir, 'block.json');
    writeFileSync(bare, JSON.stringify(await t.client.block(blockHeight)));
    const refused = await runAgora(['evidence', 'verify', bare, '--genesis', genesisPath, '--home', dir]);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /not_a_validator: .*agora evidence get HEIGHT/);

    const dropped = join(dir, 'dropped.json');
    writeFileSync(dropped, JSON.stringify({ ...document, handOvers: [] }));
    const notTrusted = await runAgora(['evidence', 'verify', dropped, '--genesis', genesisPath, '--home', dir]);
    assert.equal(notTrusted.code, 1);
    assert.match(notTrusted.stderr, /not_proven: .*not_trusted at \$\.blocks\[0\]\.header\.validatorsHash: /);
  });
});
