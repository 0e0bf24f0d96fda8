import { genesisJson } from '../src/node/home.ts';
import type { GenesisJson } from '../src/chain/genesis.ts';
import { sha256, utf8 } from '../src/crypto/hash.ts';
import { KeyPair } from '../src/crypto/keys.ts';
import { createEd25519NodeSigner } from '../src/crypto/ed25519-node.ts';
import { encodeTx, txIdOf, txSignBytes } from '../src/ledger/tx.ts';
import type { TxBody } from '../src/ledger/types.ts';

/** Deterministic accounts for benchmarks: key i is SHA-256("agora/bench/" ‖ i). */
export function benchAccounts(count: number): KeyPair[] {
  return Array.from({ length: count }, (_, i) => new KeyPair(sha256(utf8(`agora/bench/${i}`))));
}

export function benchGenesis(chainId: string, validators: KeyPair[], accounts: KeyPair[], extra: { address: string; amount: bigint }[] = []): GenesisJson {
  const allocations = [...extra, ...accounts.map((a) => ({ address: a.address, amount: 1_000_000_000n }))];
  return genesisJson(chainId, Date.now(), validators, allocations);
}

export interface SignedTx {
  id: string;
  bytes: Uint8Array;
  hex: string;
}

/**
 * `count` native transfers: account i sends to account i+1, round-robin, nonces in order, each
 * signed with node:crypto (the deterministic signature noble would give, 10x faster). Submit them in
 * order: a tx reaching the node before its sender's previous nonce is refused (`nonce_gap`).
 */
export function presignTransfers(chainId: string, accounts: KeyPair[], count: number, asset = 'AGR'): SignedTx[] {
  const signers = accounts.map((a) => createEd25519NodeSigner(a.secretKey));
  const nonces = new Array<bigint>(accounts.length).fill(0n);
  const txs: SignedTx[] = [];
  for (let i = 0; i < count; i++) {
    const from = i % accounts.length;
    const to = (from + 1) % accounts.length;
    const body: TxBody = {
      chainId,
      kind: 'transfer',
      payload: { transfers: [{ to: accounts[to].address, asset, amount: 1n }] },
      signers: [{ publicKey: accounts[from].publicKey, nonce: nonces[from]++ }],
      fee: 0n,
    };
    const bytes = encodeTx({ body, signatures: [signers[from](txSignBytes(body))] });
    txs.push({ id: txIdOf(bytes), bytes, hex: Buffer.from(bytes).toString('hex') });
  }
  return txs;
}

/**
 * Splits `accounts` into `lanes` disjoint groups and pre-signs `count` transfers per lane, so that
 * lanes can be submitted concurrently while each lane keeps its senders' nonces in order.
 */
export function presignLanes(chainId: string, accounts: KeyPair[], lanes: number, countPerLane: number): SignedTx[][] {
  return Array.from({ length: lanes }, (_, lane) => presignTransfers(chainId, accounts.filter((_, i) => i % lanes === lane), countPerLane));
}
