// The committed vectors of signed txs, addresses, receipts and the state trie (encoding.json "objects"),
// checked both ways. Header, block, commit, votes and merkle roots are in test/chain/block.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { decode } from '../../src/codec/cbor.ts';
import { decodeReceipt, encodeReceipt } from '../../src/chain/receipts.ts';
import { resultBytes, resultsRoot } from '../../src/chain/results.ts';
import { TrieUpdate } from '../../src/chain/state-trie.ts';
import { addressFromPublicKey, decodeAddress } from '../../src/crypto/address.ts';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { sha256Hex, toHex, sha256 } from '../../src/crypto/hash.ts';
import { checkTxAuth, decodeTx, encodeTx, isRejection, txIdOf, txSignBytes } from '../../src/ledger/tx.ts';
import type { Receipt } from '../../src/ledger/types.ts';
import { bodyFromJson, bodyToJson, type TxBodyJson } from '../ledger/fixtures.ts';
import { stateRootFromScratch } from '../helpers/invariants.ts';
import { bytesToHex, hexToBytes, referenceEncode } from './data-model.ts';

interface Objects {
  chainId: string;
  keys: { name: string; seed: string; publicKey: string; address: string }[];
  /** `cosigners` and `cosignatures`: the signers after the first, for multi-party txs (a swap). */
  txs: { name: string; signer: string; body: TxBodyJson; signBytes: string; signature: string; hex: string; id: string; cosigners?: string[]; cosignatures?: string[] }[];
  receipts: { value: { txId: string; code: string; message?: string; fee: string; events: Receipt['events'] }; hex: string; result: string }[];
  header: { value: { resultsRoot: string } };
  trie: { entries: [string, string][]; nodes: [string, string][]; root: string };
}
const objects = (JSON.parse(readFileSync(new URL('./vectors/encoding.json', import.meta.url), 'utf8')) as { objects: Objects }).objects;
const keyByName = new Map(objects.keys.map((k) => [k.name, new KeyPair(hexToBytes(k.seed))]));

for (const vector of objects.keys) {
  test(`address vector ${vector.name}: bech32m("agora", first 20 bytes of SHA-256(public key))`, () => {
    const key = new KeyPair(hexToBytes(vector.seed));
    assert.equal(toHex(key.publicKey), vector.publicKey);
    assert.equal(addressFromPublicKey(key.publicKey), vector.address);
    assert.equal(key.address, vector.address);
    assert.ok(vector.address.startsWith('agora1'));
    assert.equal(toHex(decodeAddress(vector.address)), toHex(sha256(key.publicKey).subarray(0, 20)));
  });
}

for (const vector of objects.txs) {
  test(`tx vector ${vector.name}: body → sign bytes → signature → tx bytes → id`, () => {
    const key = keyByName.get(vector.signer)!;
    const body = bodyFromJson(vector.body);
    const signBytes = txSignBytes(body);
    assert.equal(toHex(signBytes), vector.signBytes);
    // The sign bytes are the canonical encoding of ["agora/tx/v1", chainId, body].
    const [domain, chainId, bodyMap] = decode(signBytes) as [string, string, unknown];
    assert.equal(domain, 'agora/tx/v1');
    assert.equal(chainId, vector.body.chainId);
    assert.ok(typeof bodyMap === 'object');
    assert.equal(toHex(key.sign(signBytes)), vector.signature, 'Ed25519 signatures are deterministic (RFC 8032 §5.1.6)');
    (vector.cosigners ?? []).forEach((name, i) => assert.equal(toHex(keyByName.get(name)!.sign(signBytes)), vector.cosignatures![i], `signature of ${name}`));
    const bytes = encodeTx({ body, signatures: [vector.signature, ...(vector.cosignatures ?? [])].map(hexToBytes) });
    assert.equal(toHex(bytes), vector.hex);
    assert.equal(txIdOf(bytes), vector.id);
    assert.equal(sha256Hex(bytes), vector.id, 'the tx id is the SHA-256 of the tx bytes');
  });

  test(`tx vector ${vector.name}: tx bytes → decoded tx → same bytes, valid signature`, () => {
    const bytes = hexToBytes(vector.hex);
    const decoded = decodeTx(bytes);
    if (isRejection(decoded)) assert.fail(`${decoded.code}: ${decoded.message}`);
    assert.deepEqual(bodyToJson(decoded.tx.body), vector.body);
    assert.equal(toHex(decoded.tx.signatures[0]), vector.signature);
    assert.equal(decoded.id, vector.id);
    assert.equal(toHex(decoded.signBytes), vector.signBytes, 'sign bytes taken from the tx bytes');
    assert.deepEqual(decoded.signerAddresses, [vector.signer, ...(vector.cosigners ?? [])].map((name) => keyByName.get(name)!.address));
    assert.equal(toHex(encodeTx(decoded.tx)), vector.hex);
    assert.equal(bytesToHex(referenceEncode(decode(bytes))), vector.hex, 'the reference encoder agrees');
    assert.equal(checkTxAuth(decoded, vector.body.chainId, verifyEd25519), null);
  });
}

test('tx envelope: exactly the keys body and signatures; body keys as documented', () => {
  for (const vector of objects.txs) {
    const envelope = decode(hexToBytes(vector.hex)) as { [key: string]: { [key: string]: unknown } };
    assert.deepEqual(Object.keys(envelope).sort(), ['body', 'signatures']);
    const expected = ['chainId', 'fee', 'kind', 'payload', 'signers', ...(vector.body.expiresAt === undefined ? [] : ['expiresAt'])].sort();
    assert.deepEqual(Object.keys(envelope.body).sort(), expected);
  }
});

for (const [i, vector] of objects.receipts.entries()) {
  test(`receipt vector ${i} (${vector.value.code}) both ways`, () => {
    const receipt: Receipt = { ...vector.value, code: vector.value.code as Receipt['code'], fee: BigInt(vector.value.fee) };
    if (receipt.message === undefined) delete receipt.message;
    assert.equal(toHex(encodeReceipt(receipt)), vector.hex);
    const decodedReceipt = decodeReceipt(hexToBytes(vector.hex));
    if (decodedReceipt.message === undefined) delete decodedReceipt.message;
    assert.deepEqual(decodedReceipt, receipt);
    assert.equal(toHex(resultBytes(receipt)), vector.result, 'the result is the receipt without its message');
    assert.equal(toHex(resultBytes({ ...receipt, message: 'reworded' })), vector.result, 'a message never changes the result');
  });
}

test('results root vector: the header commits to the results of its two txs, in block order', () => {
  const receipts = objects.receipts.map((v): Receipt => ({ ...v.value, code: v.value.code as Receipt['code'], fee: BigInt(v.value.fee) }));
  assert.equal(toHex(resultsRoot(receipts)), objects.header.value.resultsRoot);
  assert.notEqual(toHex(resultsRoot([...receipts].reverse())), objects.header.value.resultsRoot);
  assert.notEqual(toHex(resultsRoot([{ ...receipts[1], code: 'ok' }, receipts[0]])), objects.header.value.resultsRoot);
});

test('state trie vector: entries → node encodings and root, in any insertion order', () => {
  for (const order of [objects.trie.entries, [...objects.trie.entries].reverse()]) {
    const trie = new TrieUpdate({ getNode: () => undefined });
    for (const [key, value] of order) trie.put(key, hexToBytes(value));
    const { root, writes } = trie.finish();
    assert.equal(toHex(root), objects.trie.root);
    const nodes = [...writes].filter(([, bytes]) => bytes !== null).map(([path, bytes]) => [path, toHex(bytes!)]);
    nodes.sort(([a], [b]) => (a < b ? -1 : 1));
    assert.deepEqual(nodes, objects.trie.nodes);
  }
});

test('state trie vector: the root is SHA-256 of the root node, and equals an independent rebuild', () => {
  const nodes = new Map(objects.trie.nodes);
  assert.equal(sha256Hex(hexToBytes(nodes.get('')!)), objects.trie.root);
  // Every branch holds the hashes of its children (32 zero bytes for an empty side).
  for (const [path, hex] of nodes) {
    const bytes = hexToBytes(hex);
    assert.equal(bytes.length, 65);
    if (bytes[0] === 0) continue;
    assert.equal(bytes[0], 1);
    for (const [side, offset] of [['0', 1], ['1', 33]] as const) {
      const child = nodes.get(path + side);
      assert.equal(toHex(bytes.subarray(offset, offset + 32)), child === undefined ? '00'.repeat(32) : sha256Hex(hexToBytes(child)));
    }
  }
  const entries = new Map(objects.trie.entries.map(([key, value]) => [key, hexToBytes(value)]));
  assert.equal(stateRootFromScratch(entries), objects.trie.root);
});
