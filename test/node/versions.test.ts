// Format versions (spec/chain.md §Versions): a node given a genesis, a home (store) or a chain
// (headers) of another version refuses with a typed error naming both versions and what to do.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { decodeBlock, encodeBlock } from '../../src/chain/block.ts';
import { decode, encode, type CborValue } from '../../src/codec/cbor.ts';
import { CodecError } from '../../src/codec/errors.ts';
import { parseGenesis, type GenesisJson } from '../../src/chain/genesis.ts';
import { GENESIS_FORMAT_VERSION, HEADER_FORMAT_VERSION, STORE_FORMAT_VERSION, VersionError } from '../../src/chain/versions.ts';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { genesisJson } from '../../src/node/home.ts';
import { LocalChain } from '../../src/node/local-chain.ts';
import { ChainStore } from '../../src/store/chain-store.ts';

const validator = new KeyPair(new Uint8Array(32).fill(21));
const json = genesisJson('agora-versions', 1_700_000_000_000, [validator], []);

function isVersionError(thing: string, found: number, supported: number): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof VersionError, String(error));
    assert.equal(error.code, 'unsupported_version');
    assert.deepEqual([error.thing, error.found, error.supported], [thing, found, supported]);
    assert.match(error.message, new RegExp(`${thing} format version ${found}\\b.*\\b${supported}:`));
    return true;
  };
}

test('genesis: another version, or none (version 0), is a VersionError naming both and what to do', () => {
  assert.equal(json.version, GENESIS_FORMAT_VERSION);
  assert.doesNotThrow(() => parseGenesis(json));
  assert.throws(() => parseGenesis({ ...json, version: 2 }), isVersionError('genesis', 2, GENESIS_FORMAT_VERSION));
  const { version: _dropped, ...unversioned } = json;
  assert.throws(() => parseGenesis(unversioned as GenesisJson), isVersionError('genesis', 0, GENESIS_FORMAT_VERSION));
  assert.throws(() => parseGenesis({ ...json, version: 2 }), /use the genesis\.json of the chain this release runs/);
});

test('store: a home written by another store version is refused at start, and the message says what to do', async () => {
  const home = mkdtempSync(join(tmpdir(), 'agora-versions-'));
  try {
    const genesis = parseGenesis(json);
    const first = new ChainStore(home);
    await new LocalChain(genesis, first, verifyEd25519).init();
    assert.equal(first.getMeta('formatVersion'), STORE_FORMAT_VERSION);
    await first.close();
    for (const [written, found] of [[undefined, 0], [STORE_FORMAT_VERSION + 1, STORE_FORMAT_VERSION + 1]] as const) {
      const raw = open({ path: home, compression: false });
      const meta = raw.openDB<string | number, string>({ name: 'meta' });
      await (written === undefined ? meta.remove('formatVersion') : meta.put('formatVersion', written));
      await raw.close();
      const again = new ChainStore(home);
      try {
        await assert.rejects(new LocalChain(genesis, again, verifyEd25519).init(), isVersionError('store', found, STORE_FORMAT_VERSION));
        await assert.rejects(new LocalChain(genesis, again, verifyEd25519).init(), /start this release with a new home and sync it from the network/);
      } finally {
        await again.close();
      }
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('chain: a block whose header is of another version, or has none, is refused on decode (unsupported_version)', () => {
  const zero = '00'.repeat(32);
  const header = { version: HEADER_FORMAT_VERSION, chainId: 'c', height: 1, timeMs: 1, previousHash: zero, txRoot: zero, resultsRoot: zero, stateRoot: zero, proposer: 'p', seedProof: '00'.repeat(80), validatorsHash: zero, nextValidatorsHash: zero, txCount: 0, evidenceRoot: zero };
  const bytes = encodeBlock({ header, txs: [], evidence: [] });
  assert.deepEqual(decodeBlock(bytes).header, header);
  const rewrite = (change: (h: { [key: string]: CborValue }) => void): Uint8Array => {
    const block = decode(bytes) as { header: { [key: string]: CborValue }; txs: CborValue };
    change(block.header);
    return encode(block as unknown as CborValue);
  };
  const cases: [string, Uint8Array, number][] = [
    ['version 1 (before evidenceRoot)', rewrite((h) => { h.version = 1; delete h.evidenceRoot; delete h.nextValidatorsHash; }), 1],
    ['version 2 (before nextValidatorsHash)', rewrite((h) => { h.version = 2; delete h.nextValidatorsHash; }), 2],
    ['version 4', rewrite((h) => (h.version = 4)), 4],
    ['no version, as before versions (and a field this release does not know)', rewrite((h) => { delete h.version; delete h.seedProof; h.futureField = 1; }), 0],
  ];
  for (const [what, changed, found] of cases) {
    assert.throws(() => decodeBlock(changed), (error: unknown) => {
      assert.ok(error instanceof CodecError, what);
      assert.equal(error.code, 'unsupported_version', what);
      assert.match(error.message, new RegExp(`header format version ${found}\\b.*\\b${HEADER_FORMAT_VERSION}:`), what);
      return true;
    });
  }
});
