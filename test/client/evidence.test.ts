// Evidence checked offline (spec/chain.md §6.2): the SDK's verifyEvidenceJson and the CLI's
// `agora evidence verify`, on the committed vectors and their genesis (test/codec/vectors).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parseGenesis, type GenesisJson } from '../../src/chain/genesis.ts';
import { verifyEvidenceJson, type EvidenceJson } from '../../src/client/index.ts';
import { runAgora } from '../helpers/testnet.ts';

const objects = (JSON.parse(readFileSync(new URL('../codec/vectors/encoding.json', import.meta.url), 'utf8')) as {
  objects: { evidence: { pieces: { json: EvidenceJson }[] }; genesis: { json: GenesisJson } };
}).objects;
const genesis = parseGenesis(objects.genesis.json);
const [vote, proposal] = objects.evidence.pieces.map((p) => p.json);

test('verifyEvidenceJson: the vectors prove their offenders against the vector genesis', () => {
  for (const piece of [vote, proposal]) {
    const verdict = verifyEvidenceJson(piece, genesis.chainId, genesis.validators);
    assert.ok(verdict.ok, JSON.stringify(verdict));
    assert.equal(verdict.id, piece.id);
    assert.equal(verdict.offender, piece.kind === 'duplicateVote' ? piece.validator : piece.proposer);
  }
});

test('verifyEvidenceJson: another chain, a swapped signature, a wrong id, not evidence', () => {
  assert.deepEqual(pick(verifyEvidenceJson(vote, 'another-chain', genesis.validators)), 'wrong_chain');
  const swapped = { ...vote, first: { ...vote.first, signature: vote.second.signature } } as EvidenceJson;
  // The id no longer matches the bytes: refused as a shape before any signature is checked.
  assert.equal(pick(verifyEvidenceJson(swapped, genesis.chainId, genesis.validators)), 'bad_shape');
  assert.equal(pick(verifyEvidenceJson({ ...vote, id: '00'.repeat(32) }, genesis.chainId, genesis.validators)), 'bad_shape');
  assert.equal(pick(verifyEvidenceJson('evidence', genesis.chainId, genesis.validators)), 'bad_shape');
  assert.equal(pick(verifyEvidenceJson({ ...vote, height: -1 }, genesis.chainId, genesis.validators)), 'bad_shape');
  assert.equal(pick(verifyEvidenceJson({ ...vote, first: null }, genesis.chainId, genesis.validators)), 'bad_shape');
  assert.equal(pick(verifyEvidenceJson({ ...vote, second: 'x' }, genesis.chainId, genesis.validators)), 'bad_shape');
  assert.equal(pick(verifyEvidenceJson({ ...vote, surplus: 1 }, genesis.chainId, genesis.validators)), 'bad_shape');
  assert.equal(pick(verifyEvidenceJson(vote, genesis.chainId, genesis.validators.filter((v) => v.address !== (vote as { validator: string }).validator))), 'not_a_validator');
});

function pick(verdict: ReturnType<typeof verifyEvidenceJson>): string {
  return verdict.ok ? 'ok' : verdict.code;
}

test('agora evidence verify FILE --genesis FILE: exit 0 when every piece is proven, not_proven otherwise', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'agora-evidence-cli-'));
  try {
    writeFileSync(join(dir, 'genesis.json'), JSON.stringify(objects.genesis.json));
    writeFileSync(join(dir, 'block.json'), JSON.stringify({ height: 9, evidence: [vote, proposal] }));
    writeFileSync(join(dir, 'forged.json'), JSON.stringify([vote, { ...vote, validator: (proposal as { proposer: string }).proposer }]));
    const ok = await runAgora(['evidence', 'verify', join(dir, 'block.json'), '--genesis', join(dir, 'genesis.json'), '--json']);
    assert.equal(ok.code, 0, ok.stderr);
    const out = JSON.parse(ok.stdout) as { results: { ok: boolean; offender: string }[] };
    assert.deepEqual(out.results.map((r) => r.ok), [true, true]);
    const forged = await runAgora(['evidence', 'verify', join(dir, 'forged.json'), '--genesis', join(dir, 'genesis.json'), '--json']);
    assert.notEqual(forged.code, 0);
    assert.match(forged.stderr, /not_proven/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
