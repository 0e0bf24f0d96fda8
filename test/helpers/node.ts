import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { parseGenesis, type Genesis } from '../../src/chain/genesis.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { genesisJson } from '../../src/node/home.ts';
import { AgoraNode } from '../../src/node/node.ts';
import { encodeTx, txSignBytes } from '../../src/ledger/tx.ts';
import type { Admission } from '../../src/node/ingress.ts';
import type { DecodedTx, TxBody, TxKind, TxPayloads } from '../../src/ledger/types.ts';

export interface TestChain {
  genesis: Genesis;
  validator: KeyPair;
  funded: KeyPair[];
  dir: string;
}

/** A one-validator genesis funding `fundedCount` deterministic keys with 10^12 AGR base units each. */
export function testChain(fundedCount = 3, chainId = 'agora-test'): TestChain {
  const validator = new KeyPair(new Uint8Array(32).fill(200));
  const funded = Array.from({ length: fundedCount }, (_, i) => new KeyPair(new Uint8Array(32).fill(i + 1)));
  const json = genesisJson(chainId, 1_700_000_000_000, [validator], funded.map((k) => ({ address: k.address, amount: 1_000_000_000_000n })));
  return { genesis: parseGenesis(json), validator, funded, dir: mkdtempSync(join(tmpdir(), 'agora-node-test-')) };
}

export async function openTestNode(chain: TestChain, options: { blockTimeMs?: number; idleBlockMs?: number } = {}): Promise<AgoraNode> {
  return AgoraNode.open({
    genesis: chain.genesis,
    dataDirectory: join(chain.dir, 'data'),
    validatorKey: chain.validator,
    blockTimeMs: options.blockTimeMs ?? 20,
    idleBlockMs: options.idleBlockMs ?? 100,
    log: pino({ level: 'silent' }),
    onFatal: (error) => {
      throw error;
    },
  });
}

export function removeTestChain(chain: TestChain): void {
  rmSync(chain.dir, { recursive: true, force: true });
}

/** Builds and signs a one-signer tx. */
export function signedTx<K extends TxKind>(key: KeyPair, chainId: string, kind: K, payload: TxPayloads[K], nonce: bigint, extra: { fee?: bigint; expiresAt?: number } = {}): Uint8Array {
  const body = { chainId, kind, payload, signers: [{ publicKey: key.publicKey, nonce }], fee: extra.fee ?? 0n, ...(extra.expiresAt === undefined ? {} : { expiresAt: extra.expiresAt }) } as TxBody;
  return encodeTx({ body, signatures: [key.sign(txSignBytes(body))] });
}

export async function waitFor(condition: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Admits one tx as a client would: its outcome, a refusal as a value. */
export async function admitOne(node: { admit: (list: readonly Uint8Array[]) => Promise<Admission[]> }, bytes: Uint8Array): Promise<Admission> {
  const [outcome] = await node.admit([bytes]);
  return outcome;
}

/** Admits one tx that must be admitted; fails the test with the refusal otherwise. */
export async function mustAdmit(node: { admit: (list: readonly Uint8Array[]) => Promise<Admission[]> }, bytes: Uint8Array): Promise<DecodedTx> {
  const outcome = await admitOne(node, bytes);
  if (!outcome.ok) throw new Error(`refused: ${outcome.code}: ${outcome.message}`);
  return outcome.tx;
}
