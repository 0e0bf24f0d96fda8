import { GENESIS_FORMAT_VERSION } from '../chain/versions.ts';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseGenesis, type Genesis, type GenesisJson } from '../chain/genesis.ts';
import { fromHex, toHex } from '../crypto/hash.ts';
import { KeyPair } from '../crypto/keys.ts';
import { keyExists, loadKeyPair, readKeyInfo, saveKeyPair } from '../crypto/keystore.ts';
import { NodeError } from './errors.ts';
import { RECOMMENDED_FEE_BASE } from '../ledger/fees.ts';

/**
 * A node's home directory (spec/node.md §Home):
 *   config.json     ports, block timing, peers
 *   genesis.json    the chain's genesis
 *   validator.json  the validator's key (mode 0600), if this node validates
 *   keys/           the encrypted keystore (src/crypto/keystore.ts)
 *   data/           the LMDB store
 */
export interface NodeConfig {
  /** host:port of the HTTP API. */
  api: string;
  /** host:port of libp2p, for networks of several validators. */
  p2p: string;
  blockTimeMs: number;
  /** With no txs, an empty block after this long keeps time and liveness visible. */
  idleBlockMs: number;
  peers: string[];
  /**
   * On a fresh data directory, start from a peer's state snapshot rather than replay from genesis
   * (spec/node.md §State sync); ignored once the store holds a block.
   */
  stateSync?: boolean;
}

export const DEFAULT_CONFIG: NodeConfig = { api: '127.0.0.1:8080', p2p: '127.0.0.1:26656', blockTimeMs: 250, idleBlockMs: 2_000, peers: [] };

const DEV_CHAIN_ID = 'agora-dev';
/** 1,000,000,000 AGR at 6 decimals. */
export const DEV_ALLOCATION = 1_000_000_000_000_000n;

export function dataDirectory(home: string): string {
  return join(home, 'data');
}

export async function loadConfig(home: string): Promise<NodeConfig> {
  const path = join(home, 'config.json');
  if (!existsSync(path)) return { ...DEFAULT_CONFIG };
  const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<NodeConfig>;
  return { ...DEFAULT_CONFIG, ...parsed };
}

export async function saveConfig(home: string, config: NodeConfig): Promise<void> {
  await writeFile(join(home, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
}

export async function loadGenesis(home: string): Promise<Genesis> {
  const path = join(home, 'genesis.json');
  if (!existsSync(path)) throw new NodeError('not_found', `no genesis.json in ${home}`);
  return parseGenesis(JSON.parse(await readFile(path, 'utf8')) as GenesisJson);
}

export async function saveGenesis(home: string, genesis: GenesisJson): Promise<void> {
  await writeFile(join(home, 'genesis.json'), `${JSON.stringify(genesis, null, 2)}\n`);
}

export async function loadValidatorKey(home: string): Promise<KeyPair | null> {
  const path = join(home, 'validator.json');
  if (!existsSync(path)) return null;
  const file = JSON.parse(await readFile(path, 'utf8')) as { secretKey: string };
  return new KeyPair(fromHex(file.secretKey));
}

export async function saveValidatorKey(home: string, key: KeyPair): Promise<void> {
  const body = { address: key.address, publicKey: toHex(key.publicKey), secretKey: toHex(key.secretKey) };
  await writeFile(join(home, 'validator.json'), `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
}

/** The `dev` key of a dev chain: unprotected, so the tour needs no passphrase. */
export async function ensureDevKey(home: string): Promise<KeyPair> {
  if (await keyExists(home, 'dev')) {
    const info = await readKeyInfo(home, 'dev');
    if (info.protected) throw new NodeError('bad_request', 'the dev key of this home is protected by a passphrase');
    return loadKeyPair(home, 'dev', '');
  }
  const key = KeyPair.generate();
  await saveKeyPair(home, 'dev', key, '');
  return key;
}

export function genesisJson(chainId: string, genesisTimeMs: number, validators: KeyPair[], allocations: { address: string; amount: bigint }[]): GenesisJson {
  return {
    version: GENESIS_FORMAT_VERSION,
    chainId,
    genesisTimeMs,
    nativeAsset: { symbol: 'AGR', name: 'Agora', decimals: 6 },
    allocations: allocations.map((a) => ({ address: a.address, amount: a.amount.toString() })),
    validators: validators.map((v) => ({ address: v.address, publicKey: toHex(v.publicKey), power: '1' })),
    // No per-byte fee on a dev chain, but the market's kinds carry their base fees (spec/market.md
    // "Fees"): listings, orders and credentials are not free spam on any chain.
    params: { fees: { perByte: '0', base: Object.fromEntries(Object.entries(RECOMMENDED_FEE_BASE).map(([kind, fee]) => [kind, fee.toString()])) } },
  };
}

/**
 * Lays out a single-validator dev chain in `home` unless it has a genesis already: a validator key,
 * the `dev` key funded in genesis, no fees but the market's, the reviews' and the organisations' (RECOMMENDED_FEE_BASE). Returns whether it created one.
 */
export async function initDevHome(home: string, nowMs: number, config: Partial<NodeConfig> = {}): Promise<boolean> {
  if (existsSync(join(home, 'genesis.json'))) return false;
  await mkdir(home, { recursive: true, mode: 0o700 });
  const validator = KeyPair.generate();
  const dev = await ensureDevKey(home);
  await saveValidatorKey(home, validator);
  await saveGenesis(home, genesisJson(DEV_CHAIN_ID, nowMs, [validator], [{ address: dev.address, amount: DEV_ALLOCATION }]));
  await saveConfig(home, { ...DEFAULT_CONFIG, ...config });
  return true;
}
