// Worker thread of the signature verification pool (src/node/verify-pool.ts). Plain JavaScript so it
// runs without the TypeScript loader. It computes only the cofactorless equation with OpenSSL; the
// documented pre-check (spec/decisions/0001-ed25519-verification.md) is made on the main thread
// before a job is sent, so the verdicts are those of verifyEd25519Node exactly.
import { parentPort } from 'node:worker_threads';
import { createPublicKey, verify } from 'node:crypto';

const CACHE_MAX = 10_000;
const cache = new Map();

function keyObject(publicKey) {
  const id = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.length).toString('latin1');
  let key = cache.get(id);
  if (key === undefined) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.length).toString('base64url') }, format: 'jwk' });
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value);
    cache.set(id, key);
  }
  return key;
}

// A job is packed by verify-pool.ts packJobs: u32le n, n u32le message lengths, n keys of 32 bytes,
// n signatures of 64 bytes, then the messages in order.
parentPort.on('message', ({ jobId, packed }) => {
  const bytes = new Uint8Array(packed);
  const view = new DataView(packed);
  const n = view.getUint32(0, true);
  const verdicts = new Uint8Array(n);
  let key = 4 + 4 * n;
  let signature = key + 32 * n;
  let message = signature + 64 * n;
  for (let i = 0; i < n; i++) {
    const length = view.getUint32(4 + 4 * i, true);
    try {
      verdicts[i] = verify(null, bytes.subarray(message, message + length), keyObject(bytes.subarray(key, key + 32)), bytes.subarray(signature, signature + 64)) ? 1 : 0;
    } catch {
      verdicts[i] = 0;
    }
    key += 32;
    signature += 64;
    message += length;
  }
  parentPort.postMessage({ jobId, verdicts }, [verdicts.buffer]);
});
