// Proposer selection: published vectors (generated independently with node:crypto) and fairness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { toHex, fromHex, sha256 } from '../../src/crypto/hash.ts';
import { makeValidatorSet, proposerPreimage, selectProposer } from '../../src/consensus/index.ts';

/**
 * The vectors' seeds were made as SHA-256("agora/seed/v1" ‖ previousBlockHash), the rule before the
 * VRF seed chain (test/consensus/seed.test.ts); the draw takes any seed bytes, so they still pin
 * the draw itself: preimage, digest, residue, validator.
 */
function vectorSeed(previousBlockHash: string): Uint8Array {
  return sha256(new Uint8Array([...new TextEncoder().encode('agora/seed/v1'), ...fromHex(previousBlockHash)]));
}

interface VectorCase {
  previousBlockHash: string;
  seed: string;
  height: number;
  round: number;
  preimage: string;
  digest: string;
  x: string;
  proposer: string;
}
interface VectorFile {
  sets: Array<{ validators: Array<{ address: string; power: string }>; totalPower: string; cases: VectorCase[] }>;
}

const vectors = JSON.parse(readFileSync(new URL('./vectors/proposer.json', import.meta.url), 'utf8')) as VectorFile;

test('proposer vectors: seed, preimage, digest and the drawn validator', () => {
  let checked = 0;
  for (const set of vectors.sets) {
    const validatorSet = makeValidatorSet(set.validators.map((v) => ({ address: v.address, power: BigInt(v.power) })));
    assert.equal(validatorSet.totalPower.toString(), set.totalPower);
    for (const c of set.cases) {
      const seed = vectorSeed(c.previousBlockHash);
      assert.equal(toHex(seed), c.seed);
      const preimage = proposerPreimage(seed, c.height, c.round);
      assert.equal(toHex(preimage), c.preimage);
      assert.equal(toHex(sha256(preimage)), c.digest);
      assert.equal((BigInt('0x' + c.digest) % validatorSet.totalPower).toString(), c.x);
      assert.equal(selectProposer(validatorSet, seed, c.height, c.round), c.proposer, `case h=${c.height} r=${c.round}`);
      checked++;
    }
  }
  assert.ok(checked >= 34, `${checked} vectors`);
});

test('the order validators are given in does not matter', () => {
  const forward = makeValidatorSet([{ address: 'b', power: 2n }, { address: 'a', power: 1n }, { address: 'c', power: 3n }]);
  const backward = makeValidatorSet([{ address: 'c', power: 3n }, { address: 'a', power: 1n }, { address: 'b', power: 2n }]);
  const seed = vectorSeed('00'.repeat(32));
  for (let h = 1; h < 50; h++) assert.equal(selectProposer(forward, seed, h, 0), selectProposer(backward, seed, h, 0));
});

test('over many heights the selection frequencies follow power (chi-squared, 4 degrees of freedom)', () => {
  const powers = [1n, 2n, 3n, 4n, 10n];
  const set = makeValidatorSet(powers.map((power, i) => ({ address: `agora1v${i}`, power })));
  const counts = new Map<string, number>();
  const draws = 20_000;
  let previous = 'ab'.repeat(32);
  for (let h = 1; h <= draws; h++) {
    const seed = vectorSeed(previous);
    const who = selectProposer(set, seed, h, h % 3);
    counts.set(who, (counts.get(who) ?? 0) + 1);
    previous = createHash('sha256').update(previous + who).digest('hex'); // a stand-in block hash chain
  }
  let chiSquared = 0;
  for (const v of set.validators) {
    const expected = (draws * Number(v.power)) / Number(set.totalPower);
    const observed = counts.get(v.address) ?? 0;
    chiSquared += (observed - expected) ** 2 / expected;
    assert.ok(Math.abs(observed - expected) / draws < 0.015, `${v.address}: ${observed} vs ${expected}`);
  }
  assert.ok(chiSquared < 18.47, `chi² = ${chiSquared.toFixed(2)} (p = 0.001 bound 18.47)`);
});

test('bad inputs throw precise errors', () => {
  const set = makeValidatorSet([{ address: 'a', power: 1n }]);
  assert.throws(() => selectProposer(set, new Uint8Array(32), -1, 0), /height/);
  assert.throws(() => selectProposer(set, new Uint8Array(32), 1, 2 ** 31), /round/);
  assert.throws(() => makeValidatorSet([{ address: 'a', power: 1n }, { address: 'a', power: 2n }]), /twice/);
  assert.throws(() => makeValidatorSet([{ address: 'a', power: 0n }]), /power > 0/);
  assert.throws(() => makeValidatorSet([]), /no validators/);
  assert.throws(() => makeValidatorSet([{ address: 'a', power: 1n << 64n }]), /2\^64/);
  assert.equal(fromHex('00').length, 1);
});
