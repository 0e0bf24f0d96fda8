// The browser-safe VRF verifier gives the node's verdicts (issue 12, last must-show): src/crypto/vrf.ts
// is bundled by Vite for the browser, as the web app bundles the SDK, and the bundle is run (1) in a
// fresh JavaScript realm holding only what a browser page offers (no require, process, Buffer) and
// (2) in Chromium when it is installed. Its verdicts on the RFC vectors, on every kind of refusal and on
// random inputs must equal those of the module the node imports. There is no separate Node-only path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runInContext, createContext } from 'node:vm';
import fc from 'fast-check';
import { build } from 'vite';
import { numberToBytesLE } from '@noble/curves/utils.js';
import { ED25519_GROUP_ORDER, ED25519_SMALL_ORDER_ENCODINGS } from '../../src/crypto/ed25519.ts';
import { concat, fromHex, toHex } from '../../src/crypto/hash.ts';
import { ECVRF_EDWARDS25519_SHA512_ELL2, ECVRF_EDWARDS25519_SHA512_TAI, ecvrfVerifyWith, vrfProve, vrfPublicKey } from '../../src/crypto/vrf.ts';
import { ROOT, browserSkipReason, launchBrowser } from '../web/browser.ts';

interface VrfVector {
  SK: string;
  PK: string;
  alpha: string;
  pi: string;
}
interface Case {
  suite: 'tai' | 'ell2';
  publicKey: string;
  pi: string;
  alpha: string;
}

const VECTORS: { tai: VrfVector[]; ell2: VrfVector[] } = JSON.parse(readFileSync(new URL('./vectors/vrf-rfc9381.json', import.meta.url), 'utf8'));

/** Runs in the bundle's realm: hex in, a verdict string out ("beta:<hex>", a refusal reason, or "threw: …"). */
const DRIVER = `(function (cases) {
  const fromHex = (hex) => Uint8Array.from(hex.match(/../g) || [], (byte) => parseInt(byte, 16));
  const toHex = (bytes) => Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return cases.map((c) => {
    const suite = c.suite === 'tai' ? AgoraVrf.ECVRF_EDWARDS25519_SHA512_TAI : AgoraVrf.ECVRF_EDWARDS25519_SHA512_ELL2;
    try {
      const verdict = AgoraVrf.ecvrfVerifyWith(suite, fromHex(c.publicKey), fromHex(c.pi), fromHex(c.alpha));
      return verdict.ok ? 'beta:' + toHex(verdict.beta) : verdict.reason;
    } catch (error) {
      return 'threw: ' + String(error);
    }
  });
})`;

function nodeVerdicts(cases: readonly Case[]): string[] {
  return cases.map((c) => {
    const suite = c.suite === 'tai' ? ECVRF_EDWARDS25519_SHA512_TAI : ECVRF_EDWARDS25519_SHA512_ELL2;
    try {
      const verdict = ecvrfVerifyWith(suite, fromHex(c.publicKey), fromHex(c.pi), fromHex(c.alpha));
      return verdict.ok ? `beta:${toHex(verdict.beta)}` : verdict.reason;
    } catch (error) {
      return `threw: ${String(error)}`;
    }
  });
}

/** The vectors, one case per kind of refusal, flipped bits, fresh proofs and random bytes (seeded). */
function buildCases(): Case[] {
  const cases: Case[] = [];
  for (const suite of ['tai', 'ell2'] as const) {
    for (const v of VECTORS[suite]) cases.push({ suite, publicKey: v.PK, pi: v.pi, alpha: v.alpha });
  }
  const [v, other] = [VECTORS.tai[1], VECTORS.tai[2]];
  const pi = fromHex(v.pi);
  const tai = (publicKey: string, proof: string, alpha: string): Case => ({ suite: 'tai', publicKey, pi: proof, alpha });
  cases.push(tai(other.PK, v.pi, v.alpha), tai(v.PK, v.pi, other.alpha), tai(v.PK, other.pi, v.alpha));
  cases.push(tai(v.PK.slice(2), v.pi, v.alpha), tai(v.PK, v.pi.slice(2), v.alpha), tai(v.PK, `${v.pi}00`, v.alpha));
  for (const encoding of [...ED25519_SMALL_ORDER_ENCODINGS, 'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', '0100000000000000000000000000000000000000000000000000000000000080']) {
    cases.push(tai(encoding, v.pi, v.alpha), tai(v.PK, encoding + v.pi.slice(64), v.alpha));
  }
  cases.push(tai(v.PK, toHex(concat(pi.subarray(0, 48), numberToBytesLE(ED25519_GROUP_ORDER, 32))), v.alpha));
  for (let bit = 0; bit < 640; bit += 7) {
    const flipped = Uint8Array.from(pi);
    flipped[bit >> 3] ^= 1 << (bit & 7);
    cases.push(tai(v.PK, toHex(flipped), v.alpha));
  }
  const seeds = fc.sample(fc.uint8Array({ minLength: 32, maxLength: 32 }), { numRuns: 8, seed: 9381 });
  for (const [i, seed] of seeds.entries()) {
    const alpha = Uint8Array.of(i, 0x72);
    cases.push(tai(toHex(vrfPublicKey(seed)), toHex(vrfProve(seed, alpha)), toHex(alpha)));
  }
  const randomInputs = fc.tuple(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 80, maxLength: 80 }), fc.uint8Array({ maxLength: 8 }));
  for (const [publicKey, proof, alpha] of fc.sample(randomInputs, { numRuns: 40, seed: 9381 })) cases.push(tai(toHex(publicKey), toHex(proof), toHex(alpha)));
  for (const proof of fc.sample(fc.uint8Array({ minLength: 80, maxLength: 80 }), { numRuns: 40, seed: 9382 })) cases.push(tai(v.PK, toHex(proof), v.alpha));
  return cases;
}

/** src/crypto/vrf.ts as the browser gets it: bundled by Vite (the web app's bundler), one IIFE defining `AgoraVrf`. */
async function browserBundle(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    build: { write: false, target: 'es2022', minify: false, lib: { entry: 'src/crypto/vrf.ts', formats: ['iife'], name: 'AgoraVrf' } },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const first = outputs[0];
  assert.ok('output' in first, 'vite returned bundles, not a watcher');
  const chunk = first.output[0];
  assert.equal(chunk.type, 'chunk');
  return chunk.code;
}

const cases = buildCases();
const expected = nodeVerdicts(cases);
const bundle = await browserBundle();

test('the node verdicts cover acceptance and every refusal reason', () => {
  const kinds = new Set(expected.map((verdict) => (verdict.startsWith('beta:') ? 'accepted' : verdict)));
  for (const kind of ['accepted', 'bad_public_key_length', 'non_canonical_public_key', 'small_order_public_key', 'bad_proof_length', 'non_canonical_gamma', 'gamma_not_on_curve', 's_not_reduced', 'challenge_mismatch']) {
    assert.ok(kinds.has(kind), kind);
  }
  assert.ok(!expected.some((verdict) => verdict.startsWith('threw')));
  assert.equal(expected.filter((verdict) => verdict.startsWith('beta:')).length, 6 + 8);
});

test('the browser bundle, in a realm with only browser globals, gives the same verdicts', () => {
  // What a page has and Node adds nothing to: TextEncoder/TextDecoder and Web Crypto. No require,
  // module, process or Buffer: a bundle reaching for them throws and its verdicts differ.
  const realm = createContext({ TextEncoder, TextDecoder, crypto: globalThis.crypto });
  runInContext(bundle, realm, { filename: 'agora-vrf.iife.js' });
  const verdicts: unknown = runInContext(DRIVER, realm)(cases);
  assert.deepEqual(verdicts, expected);
});

test('the browser bundle in Chromium gives the same verdicts', { skip: browserSkipReason() }, async () => {
  const browser = await launchBrowser();
  try {
    const verdicts = await browser.page.evaluate(
      ([code, driver, input]) => {
        (0, eval)(code);
        return (0, eval)(driver)(input) as string[];
      },
      [bundle, DRIVER, cases] as const,
    );
    assert.deepEqual(verdicts, expected);
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser.close();
  }
});
