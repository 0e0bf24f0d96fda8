/**
 * A local testnet's layout (spec/node.md §Home, issue 3 "Local testnet"): DIR/node0 … DIR/node{N-1},
 * each a complete home that `agora start --home DIR/nodeI` runs as it is:
 *
 *   config.json     api = H:(P + 2i), p2p = H:(P + 2i + 1), peers = every other node's multiaddr
 *   genesis.json    the same bytes in every home: chain `agora-testnet`, N validators of power 1,
 *                   the `dev` key funded with DEV_ALLOCATION
 *   validator.json  this node's own validator key
 *   node-key.json   `{"seed": "<64 hex>"}`, this node's libp2p key seed (spec/p2p.md §Peer identity)
 *   keys/dev.json   the one unprotected `dev` keystore file, copied into every home so that
 *                   `--from dev` works against any node
 *
 * Peer ids are known before any node starts because they derive from the seeds alone.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { isIPv4, isIPv6 } from 'node:net';
import { join, resolve } from 'node:path';
import { BaseError } from '../errors/base.ts';
import { fromHex, toHex } from '../crypto/hash.ts';
import { KeyPair } from '../crypto/keys.ts';
import { keyFilePath, keysDirectory, saveKeyPair } from '../crypto/keystore.ts';
import { DEFAULT_CONFIG, DEV_ALLOCATION, genesisJson, loadConfig, saveConfig, saveGenesis, saveValidatorKey } from './home.ts';

const TESTNET_CHAIN_ID = 'agora-testnet';
/** Every validator dials every other one, so the peer count grows as N²; 64 is far above a laptop's need. */
export const TESTNET_VALIDATORS_MAX = 64;
export const TESTNET_BASE_PORT_DEFAULT = 26_600;
export const TESTNET_HOST_DEFAULT = '127.0.0.1';
const NODE_KEY_FILE = 'node-key.json';

export type TestnetErrorCode = 'dir_not_empty' | 'bad_validators' | 'bad_port' | 'bad_host' | 'not_a_testnet' | 'testnet_mismatch';

/**
 * Peer keys and multiaddrs come from libp2p's modules, which take ~75 ms to load (measured): loaded
 * here on use, not with the module, because every `agora` command imports this one.
 */
async function p2pIdentity(): Promise<typeof import('../p2p/peer-key.ts') & typeof import('../p2p/addresses.ts')> {
  const [peerKey, addresses] = await Promise.all([import('../p2p/peer-key.ts'), import('../p2p/addresses.ts')]);
  return { ...peerKey, ...addresses };
}

/** A refusal of `agora testnet`: a stable code for scripts, a message that says what to do. */
export class TestnetError extends BaseError<TestnetErrorCode> {
  override name = 'TestnetError';
  constructor(code: TestnetErrorCode, message: string) {
    super(code, message);
  }
}

export interface TestnetNode {
  index: number;
  /** Absolute path of the node's home. */
  home: string;
  /** host:port of the node's HTTP API. */
  api: string;
  /** host:port libp2p listens on. */
  p2p: string;
  peerId: string;
  /** The node's validator address. */
  validator: string;
}

export interface Testnet {
  chainId: string;
  nodes: TestnetNode[];
}

export interface InitTestnetParameters {
  dir: string;
  validators: number;
  /** P: node i gets API port P + 2i and p2p port P + 2i + 1. Default TESTNET_BASE_PORT_DEFAULT. */
  basePort?: number;
  /** One IP address for every node, or one per node (machine i's address). Default 127.0.0.1. */
  hosts?: readonly string[];
  /** Genesis time. */
  nowMs: number;
}

function nodeHome(dir: string, index: number): string {
  return join(resolve(dir), `node${index}`);
}

export function apiUrl(hostPort: string): string {
  return `http://${hostPort}`;
}

/**
 * Lays out a new testnet in `dir`, which must be absent or empty (`dir_not_empty`). On a failure
 * half-way the node directories made so far are removed.
 */
export async function initTestnet(parameters: InitTestnetParameters): Promise<Testnet> {
  const count = checkValidatorCount(parameters.validators);
  const basePort = checkBasePort(parameters.basePort ?? TESTNET_BASE_PORT_DEFAULT, count);
  const hosts = checkHosts(parameters.hosts ?? [TESTNET_HOST_DEFAULT], count);
  const dir = resolve(parameters.dir);
  if ((await inspectTestnetDir(dir)) !== 'empty') throw new TestnetError('dir_not_empty', `${dir} is not empty: give a new or empty directory`);
  await mkdir(dir, { recursive: true, mode: 0o700 });

  const { newPeerKeySeed, peerIdFromSeed, peerMultiaddr } = await p2pIdentity();
  const validators = Array.from({ length: count }, () => KeyPair.generate());
  const seeds = Array.from({ length: count }, () => newPeerKeySeed());
  const nodes: TestnetNode[] = [];
  for (let index = 0; index < count; index++) {
    const host = hosts.length === 1 ? hosts[0] : hosts[index];
    nodes.push({
      index,
      home: nodeHome(dir, index),
      api: hostPort(apiHost(host), basePort + 2 * index),
      p2p: hostPort(host, basePort + 2 * index + 1),
      peerId: await peerIdFromSeed(seeds[index]),
      validator: validators[index].address,
    });
  }
  const dev = KeyPair.generate();
  const genesis = genesisJson(TESTNET_CHAIN_ID, parameters.nowMs, validators, [{ address: dev.address, amount: DEV_ALLOCATION }]);
  try {
    for (const node of nodes) {
      await mkdir(node.home, { mode: 0o700 });
      await saveGenesis(node.home, genesis);
      await saveValidatorKey(node.home, validators[node.index]);
      await saveNodeKeySeed(node.home, seeds[node.index]);
      const peers = nodes.filter((other) => other.index !== node.index).map((other) => peerMultiaddr(other.p2p, other.peerId));
      await saveConfig(node.home, { ...DEFAULT_CONFIG, api: node.api, p2p: node.p2p, peers });
    }
    await saveKeyPair(nodes[0].home, 'dev', dev, '');
    const devFile = await readFile(keyFilePath(nodes[0].home, 'dev'));
    for (const node of nodes.slice(1)) {
      await mkdir(keysDirectory(node.home), { mode: 0o700 });
      await writeFile(keyFilePath(node.home, 'dev'), devFile, { mode: 0o600, flag: 'wx' });
    }
  } catch (error) {
    for (const node of nodes) await rm(node.home, { recursive: true, force: true });
    throw error;
  }
  return { chainId: TESTNET_CHAIN_ID, nodes };
}

/**
 * What `dir` holds: nothing (absent or an empty directory), a testnet (a `node0` directory), or
 * something else.
 */
export async function inspectTestnetDir(dir: string): Promise<'empty' | 'testnet' | 'occupied'> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') return 'empty';
    if (code === 'ENOTDIR') return 'occupied';
    throw error;
  }
  if (entries.length === 0) return 'empty';
  return entries.includes('node0') ? 'testnet' : 'occupied';
}

/**
 * Reads the testnet laid out in `dir` by initTestnet: node0 … node{N-1} with nothing missing and
 * one genesis. `not_a_testnet` says what is wrong otherwise.
 */
export async function loadTestnet(dir: string): Promise<Testnet> {
  const root = resolve(dir);
  const indexes = (await readdir(root)).flatMap((name) => {
    const match = /^node(0|[1-9][0-9]*)$/u.exec(name);
    return match === null ? [] : [Number(match[1])];
  });
  indexes.sort((a, b) => a - b);
  if (indexes.length === 0) throw new TestnetError('not_a_testnet', `${root} holds no node0 directory`);
  if (indexes.length > TESTNET_VALIDATORS_MAX) throw new TestnetError('not_a_testnet', `${root} holds more than ${TESTNET_VALIDATORS_MAX} nodes`);
  indexes.forEach((value, position) => {
    if (value !== position) throw new TestnetError('not_a_testnet', `${root} has no node${position} directory`);
  });
  const { peerIdFromSeed } = await p2pIdentity();
  let sharedGenesis: string | undefined;
  const nodes: TestnetNode[] = [];
  for (const index of indexes) {
    const home = nodeHome(root, index);
    const genesisText = await readRequired(home, 'genesis.json');
    if (sharedGenesis !== undefined && genesisText !== sharedGenesis) throw new TestnetError('not_a_testnet', `${home}/genesis.json differs from node0's`);
    sharedGenesis = genesisText;
    const validator = JSON.parse(await readRequired(home, 'validator.json')) as { address?: unknown };
    if (typeof validator.address !== 'string') throw new TestnetError('not_a_testnet', `${home}/validator.json has no address`);
    await readRequired(home, 'config.json');
    const config = await loadConfig(home);
    const peerId = await peerIdFromSeed(await loadNodeKeySeed(home));
    nodes.push({ index, home, api: config.api, p2p: config.p2p, peerId, validator: validator.address });
  }
  const chainId = (JSON.parse(sharedGenesis ?? '{}') as { chainId?: unknown }).chainId;
  if (typeof chainId !== 'string') throw new TestnetError('not_a_testnet', `${root}/node0/genesis.json has no chainId`);
  return { chainId, nodes };
}

/** Writes HOME/node-key.json (mode 0600): the seed of the node's libp2p key. */
async function saveNodeKeySeed(home: string, seed: Uint8Array): Promise<void> {
  const { PEER_KEY_SEED_BYTES } = await p2pIdentity();
  if (seed.length !== PEER_KEY_SEED_BYTES) throw new RangeError(`a node key seed is ${PEER_KEY_SEED_BYTES} bytes`);
  await writeFile(join(home, NODE_KEY_FILE), `${JSON.stringify({ seed: toHex(seed) })}\n`, { mode: 0o600, flag: 'wx' });
}

async function loadNodeKeySeed(home: string): Promise<Uint8Array> {
  const file = JSON.parse(await readRequired(home, NODE_KEY_FILE)) as { seed?: unknown };
  if (typeof file.seed !== 'string' || !/^[0-9a-f]{64}$/u.test(file.seed)) {
    throw new TestnetError('not_a_testnet', `${join(home, NODE_KEY_FILE)} does not hold {"seed": "<64 hex digits>"}`);
  }
  return fromHex(file.seed);
}

async function readRequired(home: string, name: string): Promise<string> {
  const path = join(home, name);
  if (!existsSync(path) || !(await stat(path)).isFile()) throw new TestnetError('not_a_testnet', `${path} is missing`);
  return readFile(path, 'utf8');
}

function checkValidatorCount(count: number): number {
  if (!Number.isSafeInteger(count) || count < 1 || count > TESTNET_VALIDATORS_MAX) {
    throw new TestnetError('bad_validators', `--validators must be an integer from 1 to ${TESTNET_VALIDATORS_MAX}`);
  }
  return count;
}

function checkBasePort(port: number, count: number): number {
  const last = port + 2 * count - 1;
  if (!Number.isSafeInteger(port) || port < 1 || last > 65_535) {
    throw new TestnetError('bad_port', `--base-port must leave room for ${2 * count} ports: from 1 to ${65_536 - 2 * count}`);
  }
  return port;
}

/**
 * Hosts must be IP addresses other nodes can dial: libp2p listens on them and every peer list
 * names them. The unspecified address (0.0.0.0, ::) listens everywhere but cannot be dialled.
 */
function checkHosts(hosts: readonly string[], count: number): string[] {
  if (hosts.length !== 1 && hosts.length !== count) {
    throw new TestnetError('bad_host', `--host takes one address for every node or ${count} comma-separated ones (one per node); got ${hosts.length}`);
  }
  for (const host of hosts) {
    if (!isIPv4(host) && !isIPv6(host)) throw new TestnetError('bad_host', `--host "${host}" is not an IPv4 or IPv6 address`);
    if (host === '0.0.0.0' || /^[0:]+$/u.test(host)) {
      throw new TestnetError('bad_host', `--host "${host}" cannot be dialled: give the machine's address (edit config.json's p2p to listen on every interface)`);
    }
  }
  return [...hosts];
}

/**
 * The API has no authentication, so it stays on the loopback interface unless the host asked for
 * is itself a loopback address; `agora start --api 0.0.0.0:PORT` exposes it deliberately.
 */
function apiHost(host: string): string {
  return host.startsWith('127.') || host === '::1' ? host : TESTNET_HOST_DEFAULT;
}

function hostPort(host: string, port: number): string {
  return isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}
