import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startApi } from '../../src/api/server.ts';
import type { GenesisJson } from '../../src/chain/genesis.ts';
import { AgoraClient } from '../../src/client/client.ts';
import { buildTx, signTx, type SignedTx } from '../../src/client/builders.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import { loadKeyPair } from '../../src/crypto/keystore.ts';
import type { TxKind, TxPayloads } from '../../src/ledger/types.ts';
import { dataDirectory, initDevHome, loadGenesis, loadValidatorKey, saveGenesis } from '../../src/node/home.ts';
import { AgoraNode } from '../../src/node/node.ts';
import type { ReportLimits } from '../../src/node/reports.ts';
import { ResponseCheck } from './response-check.ts';

/** A real single-validator node with its API on 127.0.0.1 (a free port), for tests. */
export interface TestNode {
  node: AgoraNode;
  url: string;
  home: string;
  client: AgoraClient;
  /** The funded `dev` key of the dev chain. */
  dev: KeyPair;
  validator: string;
  chainId: string;
  nativeAsset: string;
  /** Every answer of the node checked against the wire contract; stop() throws what broke it. */
  responses: ResponseCheck;
  stop(): Promise<void>;
}

export interface TestNodeOptions {
  /** genesis params.fees; the dev chain has none. */
  fees?: GenesisJson['params']['fees'];
  eventSubscribersMax?: number;
  /** An empty block after this long without txs; default 200 ms. */
  idleBlockMs?: number;
  /** Lowered bounds of provenance reports (spec/limits.md §3). */
  reportLimits?: Partial<ReportLimits>;
  /** Rewrites the dev chain's genesis before the node opens it (a validator set of several, say). */
  editGenesis?: (genesis: GenesisJson) => GenesisJson;
}

export async function startTestNode(options: TestNodeOptions = {}): Promise<TestNode> {
  const home = await mkdtemp(join(tmpdir(), 'agora-api-test-'));
  await initDevHome(home, Date.now());
  if (options.fees !== undefined) {
    const genesis = JSON.parse(await readFile(join(home, 'genesis.json'), 'utf8')) as GenesisJson;
    await saveGenesis(home, { ...genesis, params: { ...genesis.params, fees: options.fees } });
  }
  if (options.editGenesis !== undefined) {
    const genesis = JSON.parse(await readFile(join(home, 'genesis.json'), 'utf8')) as GenesisJson;
    await saveGenesis(home, options.editGenesis(genesis));
  }
  const log = pino({ level: 'silent' });
  const genesis = await loadGenesis(home);
  const validatorKey = await loadValidatorKey(home);
  const node = await AgoraNode.open({ genesis, dataDirectory: dataDirectory(home), validatorKey, blockTimeMs: 50, idleBlockMs: options.idleBlockMs ?? 200, log, reportLimits: options.reportLimits });
  const responses = new ResponseCheck();
  const api = await startApi(node, {
    listen: '127.0.0.1:0',
    log,
    validator: validatorKey?.address ?? null,
    eventSubscribersMax: options.eventSubscribersMax,
    observeResponse: responses.observe,
  });
  node.start();
  let stopped = false;
  return {
    node,
    url: api.url,
    home,
    client: new AgoraClient(api.url),
    dev: await loadKeyPair(home, 'dev', ''),
    validator: validatorKey?.address ?? '',
    chainId: genesis.chainId,
    nativeAsset: genesis.params.nativeAsset,
    responses,
    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      await api.close();
      await node.stop();
      await rm(home, { recursive: true, force: true });
      responses.assertNone();
    },
  };
}

/** Signs a `kind` tx from `key` with explicit fields (no node round trip), for building bad txs. */
export function signed<K extends TxKind>(
  key: KeyPair,
  kind: K,
  payload: TxPayloads[K],
  fields: { chainId: string; nonce: bigint; fee?: bigint; expiresAt?: number },
): SignedTx {
  const body = buildTx(kind, { chainId: fields.chainId, from: key.publicKey, nonce: fields.nonce, fee: fields.fee ?? 0n, expiresAt: fields.expiresAt }, payload);
  return signTx(body as Parameters<typeof signTx>[0], [key]);
}

export async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.json() };
}

export async function postJson(url: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

/** Polls `check` every 25 ms until it returns true, or fails after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
