// Trades and reviews on an in-process validator, for the reputation report tests (client and CLI):
// each tx is signed, admitted and waited for, and must succeed.
import assert from 'node:assert/strict';
import { fromHex } from '../../src/crypto/hash.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import { reviewCommitment } from '../../src/ledger/market/reviews-state.ts';
import { encodeTx, txSignBytes } from '../../src/ledger/tx.ts';
import type { TxBody, TxKind, TxPayloads } from '../../src/ledger/types.ts';
import type { AgoraNode } from '../../src/node/node.ts';
import { mustAdmit } from './node.ts';

type Events = { type: string; attributes: { [key: string]: string } }[];

export class Market {
  private readonly nonces = new Map<string, bigint>();
  constructor(
    private readonly node: AgoraNode,
    private readonly chainId: string,
  ) {}

  async send<K extends TxKind>(keys: KeyPair[], kind: K, payload: TxPayloads[K]): Promise<Events> {
    const body = { chainId: this.chainId, kind, payload, signers: keys.map((k) => ({ publicKey: k.publicKey, nonce: this.nextNonce(k) })), fee: 0n } as TxBody;
    const message = txSignBytes(body);
    const tx = await mustAdmit(this.node, encodeTx({ body, signatures: keys.map((k) => k.sign(message)) }));
    const status = await this.node.reader.waitForCommit(tx.id, 15_000);
    if (status.status !== 'committed') throw new Error(`tx ${tx.id} is ${status.status}`);
    assert.equal(status.receipt.code, 'ok', status.receipt.message);
    return status.receipt.events;
  }

  /** `seller` registers a lamp and sells it to `buyer` for `amount` AGR; the trade id. */
  async sale(seller: KeyPair, buyer: KeyPair, amount: bigint): Promise<string> {
    const registered = await this.send([seller], 'item.register', { kind: 'lamp' });
    const item = registered.find((e) => e.type === 'item.registered')!.attributes.item;
    const sold = await this.send([seller, buyer], 'item.transfer', { item, to: buyer.address, payment: { asset: 'AGR', amount } });
    return sold.find((e) => e.type === 'trade.recorded')!.attributes.trade;
  }

  async commit(trade: string, reviewer: KeyPair, subject: KeyPair, rating: number): Promise<void> {
    const commitment = reviewCommitment(this.chainId, fromHex(trade), reviewer.address, subject.address, { rating, salt: saltOf(rating) });
    await this.send([reviewer], 'review.commit', { trade: fromHex(trade), subject: subject.address, commitment });
  }

  async reveal(trade: string, reviewer: KeyPair, subject: KeyPair, rating: number): Promise<void> {
    await this.send([reviewer], 'review.reveal', { trade: fromHex(trade), subject: subject.address, rating, salt: saltOf(rating) });
  }

  private nextNonce(key: KeyPair): bigint {
    const nonce = this.nonces.get(key.address) ?? 0n;
    this.nonces.set(key.address, nonce + 1n);
    return nonce;
  }
}

const saltOf = (rating: number): Uint8Array => new Uint8Array(32).fill(rating + 16);

/**
 * The scenario both tests prove: alice sells to bob (300 AGR) and to carol (100 AGR); bob rates her 5
 * and she him 4, both revealed; carol rates her 2 (revealed) and she carol 5 (committed only). Alice's
 * aggregates are those of spec/reputation.md §3.1 without the TOK trade: score 812 500 ppm.
 */
export async function runReputationScenario(market: Market, alice: KeyPair, bob: KeyPair, carol: KeyPair): Promise<void> {
  const first = await market.sale(alice, bob, 300n);
  await market.commit(first, bob, alice, 5);
  await market.commit(first, alice, bob, 4);
  await market.reveal(first, bob, alice, 5);
  await market.reveal(first, alice, bob, 4);
  const second = await market.sale(alice, carol, 100n);
  await market.commit(second, carol, alice, 2);
  await market.commit(second, alice, carol, 5);
  await market.reveal(second, carol, alice, 2);
}
