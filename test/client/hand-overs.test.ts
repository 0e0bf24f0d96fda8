// The one walk of validator-set hand-overs from a trust anchor (src/client/hand-overs.ts,
// spec/provenance.md §1.1), which the provenance, reputation and evidence-document verifiers share,
// checked on its own as a table over a small chain of three sets signed by real keys: what it proves,
// and the place and code of each thing it refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockHash, type Header } from '../../src/chain/block.ts';
import { HEADER_FORMAT_VERSION } from '../../src/chain/versions.ts';
import { voteSignBytes } from '../../src/chain/votes.ts';
import { walkHandOvers, type HandOverInput } from '../../src/client/hand-overs.ts';
import type { ReportBlock, ValidatorSetJson } from '../../src/client/provenance/report.ts';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { toHex } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { forgerSet } from '../helpers/forge-report.ts';

const CHAIN = 'agora-hand-overs';
const keysOf = (seed: number): KeyPair[] => [0, 1, 2, 3].map((i) => new KeyPair(new Uint8Array(32).fill(seed + i)));
const A = { keys: keysOf(10) };
const B = { keys: keysOf(20) };
const C = { keys: keysOf(30) };
const setA: ValidatorSetJson = forgerSet(A.keys);
const setB: ValidatorSetJson = forgerSet(B.keys);
const setC: ValidatorSetJson = forgerSet(C.keys);
const anchor = { validatorsHash: setA.hash, chainId: CHAIN };
const ZERO = '00'.repeat(32);

/** Block `height`, naming `named` as its signing set and `next` as the next, its commit signed by every key of `signers`. */
function block(height: number, named: ValidatorSetJson, next: ValidatorSetJson, signers: KeyPair[]): ReportBlock {
  const header: Header = {
    version: HEADER_FORMAT_VERSION, chainId: CHAIN, height, timeMs: 1_000 * height, previousHash: ZERO, txRoot: ZERO, resultsRoot: ZERO, stateRoot: ZERO,
    proposer: signers[0].address, seedProof: '00'.repeat(80), validatorsHash: named.hash, nextValidatorsHash: next.hash, txCount: 0, evidenceRoot: ZERO,
  };
  const hash = blockHash(header);
  const message = voteSignBytes(CHAIN, { type: 'precommit', height, round: 0, blockHash: hash });
  return { header, commit: { height, round: 0, blockHash: hash, signatures: signers.map((k) => ({ validator: k.address, signature: toHex(k.sign(message)) })) } };
}

function walk(blocks: ReportBlock[], validatorSets: ValidatorSetJson[] = [setA, setB], withAnchor: HandOverInput['anchor'] = anchor) {
  const result = walkHandOvers({ chainId: CHAIN, anchor: withAnchor, validatorSets, blocks: blocks.map((b, i) => ({ block: b, place: `$.blocks[${i}]` })), verify: verifyEd25519, noun: 'report' });
  return { proven: Object.fromEntries([...result.setAt].map(([h, s]) => [h, s.hash])), trusted: [...result.trusted], problems: result.problems.map((p) => [p.place, p.code]) };
}

// A signs 1 and 2; block 2 hands over to B, which signs 3.
const one = block(1, setA, setA, A.keys);
const handOver = block(2, setA, setB, A.keys);
const three = block(3, setB, setB, B.keys);

test('from the anchor by signed hand-overs: each proven block with the set that signed it, and the sets trusted', () => {
  assert.deepEqual(walk([one, handOver, three]), { proven: { 1: setA.hash, 2: setA.hash, 3: setB.hash }, trusted: [setA.hash, setB.hash], problems: [] });
});

test('refused, naming the place and code; the first block that fails stops the walk', () => {
  const table: [string, ReturnType<typeof walk>['problems'], ReturnType<typeof walk>['proven'], ReturnType<typeof walk>][] = [
    ['a hand-over left out: the next block names a set not in effect, and the set follows from nothing',
      [['$.blocks[1].header.validatorsHash', 'not_trusted'], ['$.validatorSets[1].hash', 'not_trusted']], { 1: setA.hash }, walk([one, three])],
    ['the retired set signs after its hand-over',
      [['$.blocks[1].header.validatorsHash', 'not_trusted']], { 2: setA.hash }, walk([handOver, block(3, setA, setA, A.keys)])],
    ['a hand-over not signed by more than 2/3 of the set before: nothing after it is proven either',
      [['$.blocks[0].commit', 'bad_block'], ['$.validatorSets[1].hash', 'not_trusted']], {}, walk([block(2, setA, setB, A.keys.slice(0, 2)), three])],
    ['a failed block stops the walk, even when a later block is signed by the set in effect',
      [['$.blocks[0].commit', 'bad_block'], ['$.validatorSets[1].hash', 'not_trusted']], {}, walk([block(1, setA, setA, B.keys), handOver, three])],
    ['the first set is not the anchor\'s', [['$.validatorSets[0].hash', 'not_trusted'], ['$.blocks[0].header.validatorsHash', 'not_trusted']], {}, walk([three], [setB])],
    ['a set whose members do not hash to its hash', [['$.validatorSets[1].hash', 'bad_validator_set'], ['$.blocks[2].header.validatorsHash', 'not_trusted']], { 1: setA.hash, 2: setA.hash },
      walk([one, handOver, three], [setA, { ...setC, hash: setB.hash }])],
    ['a set that no proven block hands over to rides along', [['$.validatorSets[2].hash', 'not_trusted']], { 1: setA.hash, 2: setA.hash, 3: setB.hash }, walk([one, handOver, three], [setA, setB, setC])],
    ['a height listed twice', [['$.blocks[1].header.height', 'bad_block'], ['$.validatorSets[1].hash', 'not_trusted']], { 1: setA.hash }, walk([one, one, handOver])],
    ['a block of another chain', [['$.blocks[0].header.chainId', 'bad_block'], ['$.validatorSets[1].hash', 'not_trusted']], {}, walk([{ ...one, header: { ...one.header, chainId: 'agora-other' } }])],
  ];
  for (const [what, problems, proven, result] of table) {
    assert.deepEqual(result.problems, problems, what);
    assert.deepEqual(result.proven, proven, what);
  }
});

test('without an anchor every well-formed set may sign (the verifiers then never say proven): what the file claims', () => {
  const claims = walk([three], [setB], null);
  assert.deepEqual(claims, { proven: { 3: setB.hash }, trusted: [setB.hash], problems: [] });
  assert.deepEqual(walk([block(3, setC, setC, C.keys)], [setB], null).problems, [['$.blocks[0].header.validatorsHash', 'bad_validator_set']]);
});
