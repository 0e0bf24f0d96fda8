// Worker thread of the signature verification pool (src/node/verify-pool.ts). Plain JavaScript so it
// runs without the TypeScript loader. It computes only the cofactorless equation with OpenSSL; the
// documented pre-check (spec/decisions/0001-ed25519-verification.md) is made on the main thread
// before a job is sent, so the verdicts are those of verifyEd25519Node exactly.
import { parentPort } from 'node:worker_threads';
import { createPublicKey, verify } from 'node:crypto';

const CACHE_MAX = 10_000;
const cache = new Map();

function keyObject(publicKey) {
  const id = Buffer.from(publicKey).toString('hex');
  let key = cache.get(id);
  if (key === undefined) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') }, format: 'jwk' });
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value);
    cache.set(id, key);
  }
  return key;
}

parentPort.on('message', ({ jobId, publicKeys, messages, signatures }) => {
  const verdicts = new Uint8Array(publicKeys.length);
  for (let i = 0; i < publicKeys.length; i++) {
    try {
      verdicts[i] = verify(null, messages[i], keyObject(publicKeys[i]), signatures[i]) ? 1 : 0;
    } catch {
      verdicts[i] = 0;
    }
  }
  parentPort.postMessage({ jobId, verdicts }, [verdicts.buffer]);
});
