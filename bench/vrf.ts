// Time of the VRF's prove, verify and proof_to_hash, one core, for the ledger's suite (TAI) and the
// alternative (ELL2), with noble's Ed25519 sign/verify on the same machine as the yardstick.
// Run: node --import tsx bench/vrf.ts [runs-per-row]. Writes bench/results/vrf.json; the numbers feed
// spec/decisions/0004-vrf-suite.md.
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { ed25519 } from '@noble/curves/ed25519.js';
import { verifyEd25519 } from '../src/crypto/ed25519.ts';
import {
  ECVRF_EDWARDS25519_SHA512_ELL2,
  ECVRF_EDWARDS25519_SHA512_TAI,
  ecvrfProofToHash,
  ecvrfProve,
  ecvrfVerifyWith,
  vrfPublicKey,
  type EcvrfSuite,
} from '../src/crypto/vrf.ts';
import { machine } from './machine.ts';

const KEYS = 16;
/** alpha in consensus is the previous seed, a 64-byte beta. */
const ALPHA_BYTES = 64;
const runsPerRow = Number(process.argv[2] ?? '300');

interface Timing {
  runs: number;
  medianMs: number;
  p90Ms: number;
  opsPerSecond: number;
}

interface Input {
  secretKey: Uint8Array;
  publicKey: Uint8Array;
  alpha: Uint8Array;
}

function inputs(): Input[] {
  const list: Input[] = [];
  for (let i = 0; i < KEYS; i++) {
    const secretKey = new Uint8Array(32);
    new DataView(secretKey.buffer).setUint32(0, i + 1);
    const alpha = new Uint8Array(ALPHA_BYTES);
    new DataView(alpha.buffer).setUint32(0, 7 * i + 3);
    list.push({ secretKey, publicKey: vrfPublicKey(secretKey), alpha });
  }
  return list;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** One round: each op timed alone (they take milliseconds), sorted samples. */
function round1(op: (index: number) => void, runs: number): number[] {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    op(i);
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b);
}

/**
 * Median and p90 of the best of 3 rounds (lowest median), as bench/ed25519.ts takes the best round:
 * the 2 cores are shared, and the least disturbed round is the closest to the cost of the op.
 */
function time(op: (index: number) => void): Timing {
  for (let i = 0; i < 20; i++) op(i); // warm-up: JIT and noble's precomputed base-point tables
  const rounds = [0, 1, 2].map(() => round1(op, Math.ceil(runsPerRow / 3)));
  const median = (samples: number[]): number => samples[Math.floor(samples.length / 2)];
  const best = rounds.reduce((a, b) => (median(b) < median(a) ? b : a));
  return { runs: rounds.length * best.length, medianMs: round(median(best), 3), p90Ms: round(best[Math.floor(best.length * 0.9)], 3), opsPerSecond: Math.round(1000 / median(best)) };
}

function suiteTimings(suite: EcvrfSuite, list: readonly Input[]): { prove: Timing; verify: Timing; proofToHash: Timing } {
  const proofs = list.map((input) => ecvrfProve(suite, input.secretKey, input.alpha));
  return {
    prove: time((i) => void ecvrfProve(suite, list[i % KEYS].secretKey, list[i % KEYS].alpha)),
    verify: time((i) => {
      if (!ecvrfVerifyWith(suite, list[i % KEYS].publicKey, proofs[i % KEYS], list[i % KEYS].alpha).ok) throw new Error('a valid proof was refused');
    }),
    proofToHash: time((i) => void ecvrfProofToHash(suite, proofs[i % KEYS])),
  };
}

function main(): void {
  const list = inputs();
  const signatures = list.map((input) => ed25519.sign(input.alpha, input.secretKey));
  const timings = {
    tai: suiteTimings(ECVRF_EDWARDS25519_SHA512_TAI, list),
    ell2: suiteTimings(ECVRF_EDWARDS25519_SHA512_ELL2, list),
    ed25519Noble: {
      sign: time((i) => void ed25519.sign(list[i % KEYS].alpha, list[i % KEYS].secretKey)),
      verify: time((i) => void verifyEd25519(list[i % KEYS].publicKey, list[i % KEYS].alpha, signatures[i % KEYS])),
    },
  };
  const result = {
    name: 'vrf',
    date: new Date().toISOString(),
    machine: machine(),
    command: 'node --import tsx bench/vrf.ts',
    params: { keys: KEYS, alphaBytes: ALPHA_BYTES, runsPerRow, loadAverage1m: round(loadavg()[0], 2), note: 'one core, each op timed alone; the 2 cores are shared with other work' },
    timings,
  };
  writeFileSync('bench/results/vrf.json', `${JSON.stringify(result, null, 2)}\n`);
  for (const [name, rows] of Object.entries(timings)) {
    for (const [op, t] of Object.entries(rows)) console.log(`${`${name} ${op}`.padEnd(24)} median ${String(t.medianMs).padStart(7)} ms  p90 ${String(t.p90Ms).padStart(7)} ms  ${String(t.opsPerSecond).padStart(6)}/s`);
  }
}

main();
