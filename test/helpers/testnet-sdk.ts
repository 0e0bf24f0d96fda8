import assert from 'node:assert/strict';
import { AgoraClient, expectCommittedOk } from '../../src/client/client.ts';
import { isAgoraError } from '../../src/client/errors.ts';
import { buildTransfer, feeScheduleFromJson, settleFee, signTx, type TxCommon } from '../../src/client/builders.ts';
import type { AccountResponse, CommittedResult, ContractResponse, LedgerEventJson, ParamsResponse, StatusResponse } from '../../src/client/types.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import type { FeeSchedule, TxBody } from '../../src/ledger/types.ts';
import { allAtHeight, getJson, waitUntil } from './testnet.ts';

/**
 * A driver of the shared 4-validator testnet by the SDK (test/integration/testnet-*.ts): fresh keys,
 * each bound to one node (round robin) where its txs go; every tx built by an SDK builder, signed with
 * the exact fee of the chain's schedule, submitted with `?wait=commit`, and its block awaited on all
 * four nodes before the caller goes on; the fees each key paid, kept so that a flow can assert every
 * balance to the base unit (what it was given, less its fees, plus what the flow moved).
 * TESTNET_TRACE=1 prints each tx's kind, height and wait.
 */
export interface SdkTestnet {
  chainId: string;
  /** The dev key funded in genesis. */
  dev: KeyPair;
  urls: string[];
}

export type Build = (common: TxCommon) => TxBody;

export class TestnetDriver {
  readonly clients: AgoraClient[];
  /** The native asset (AGR) and its base units per whole unit (6 decimals). */
  readonly agr: string;
  readonly unit = 1_000_000n;
  /** Txs committed through the driver. */
  txs = 0;
  private readonly schedule: FeeSchedule;
  private readonly paid = new Map<string, bigint>();
  private readonly nodeOf = new Map<string, number>();
  private nextNode = 0;

  private constructor(readonly net: SdkTestnet, params: ParamsResponse) {
    this.clients = net.urls.map((u) => new AgoraClient(u));
    this.schedule = feeScheduleFromJson(params.fees);
    this.agr = params.nativeAsset;
    this.nodeOf.set(net.dev.address, 0);
  }

  static async open(net: SdkTestnet): Promise<TestnetDriver> {
    return new TestnetDriver(net, await new AgoraClient(net.urls[0]).params());
  }

  /** A fresh key, bound to the next node in turn. */
  key(): KeyPair {
    const key = KeyPair.generate();
    this.nodeOf.set(key.address, this.nextNode);
    this.nextNode = (this.nextNode + 1) % this.clients.length;
    return key;
  }

  /** The client of the node `key` sends to. */
  clientOf(key: KeyPair): AgoraClient {
    return this.clients[this.nodeOf.get(key.address) ?? 0];
  }

  /** The fees `address` paid through the driver so far. */
  feesOf(address: string): bigint {
    return this.paid.get(address) ?? 0n;
  }

  /** Gives each key `amount` whole AGR from the dev key, in one transfer. */
  async fund(keys: readonly KeyPair[], amount: bigint): Promise<void> {
    await this.send(this.net.dev, (c) => buildTransfer({ ...c, transfers: keys.map((k) => ({ to: k.address, asset: this.agr, amount: amount * this.unit })) }));
  }

  /** One tx of `key`; returns its committed result once its block is on every node. */
  async send(key: KeyPair, build: Build): Promise<CommittedResult> {
    return (await this.sendAll(key, [build]))[0];
  }

  /** Consecutive txs of `key` in one batch (consecutive nonces); each must commit and succeed. */
  async sendAll(key: KeyPair, builds: readonly Build[]): Promise<CommittedResult[]> {
    const t0 = Date.now();
    const client = this.clientOf(key);
    const nonce = BigInt((await client.account(key.address)).pendingNonce);
    const signed = builds.map((build, i) => this.sign(key, build, nonce + BigInt(i)));
    const answers = builds.length === 1 ? [await client.submit(signed[0].bytes, { wait: 'commit' })] : await client.submitBatch(signed.map((s) => s.bytes), { wait: 'commit' });
    const results = answers.map((answer, i) => {
      assert.ok(!('error' in answer), `${signed[i].kind} by ${key.address} refused: ${JSON.stringify(answer)}`);
      const result = expectCommittedOk(answer);
      assert.equal(BigInt(result.receipt.fee), signed[i].fee, `the fee charged for ${signed[i].kind} is the schedule's`);
      this.paid.set(key.address, this.feesOf(key.address) + signed[i].fee);
      this.txs += 1;
      return result;
    });
    const t1 = Date.now();
    await allAtHeight(this.net.urls, Math.max(...results.map((r) => r.height)));
    if (process.env.TESTNET_TRACE) console.log(`# ${new Date().toISOString()} ${signed.map((s) => s.kind).join(',')} h${results[0].height} commit ${t1 - t0} ms, all ${Date.now() - t1} ms`);
    return results;
  }

  /** Submits one tx of `key` and asserts the node refuses it at admission with `code`: nothing changes, no fee. */
  async refused(key: KeyPair, build: Build, code: string): Promise<void> {
    const client = this.clientOf(key);
    const nonce = BigInt((await client.account(key.address)).pendingNonce);
    const signed = this.sign(key, build, nonce);
    const error = await client.submit(signed.bytes).then(
      (answer) => assert.fail(`${signed.kind} was admitted (${JSON.stringify(answer)}); expected ${code}`),
      (e: unknown) => e,
    );
    assert.ok(isAgoraError(error), String(error));
    assert.equal(error.code, code, `${signed.kind}: ${error.message}`);
    assert.equal(BigInt((await client.account(key.address)).pendingNonce), nonce, 'a refused tx takes no nonce');
  }

  private sign(key: KeyPair, build: Build, nonce: bigint): { kind: string; bytes: Uint8Array; fee: bigint } {
    const draft = build({ chainId: this.net.chainId, from: key.publicKey, nonce, fee: 0n });
    const fee = settleFee(this.schedule, draft);
    return { kind: draft.kind, bytes: signTx({ ...draft, fee }, [key]).bytes, fee };
  }

  /** The latest block time on node 0: what "now" means for a deadline set next. */
  async timeMs(): Promise<number> {
    return (await this.clients[0].status()).lastBlockTimeMs;
  }

  /** Waits until every node's latest block time has reached `timeMs` (a window closed), `what` on failure. */
  async atTime(timeMs: number, what: string): Promise<void> {
    let seen: number[] = [];
    await waitUntil(
      async () => {
        seen = await Promise.all(this.net.urls.map(async (u) => (await getJson<StatusResponse>(`${u}/v1/status`)).lastBlockTimeMs));
        return seen.every((t) => t >= timeMs);
      },
      90_000,
      `block time ${timeMs} on every node (${what})`,
      () => `block times ${seen.join(',')}`,
      100,
    );
  }

  async balance(node: number, address: string, asset = this.agr): Promise<bigint> {
    const account = await getJson<AccountResponse>(`${this.net.urls[node]}/v1/accounts/${address}`);
    return BigInt(account.balances.find((b) => b.asset === asset)?.amount ?? '0');
  }

  /**
   * Asserts on every node that each `[name, address, amount]` holds exactly `amount` base units of
   * `asset` (AGR by default).
   */
  async balancesEverywhere(rows: readonly (readonly [string, string, bigint])[], asset = this.agr): Promise<void> {
    const expected = Object.fromEntries(rows.map(([name, , amount]) => [name, String(amount)]));
    for (let node = 0; node < this.clients.length; node += 1) {
      const seen = Object.fromEntries(await Promise.all(rows.map(async ([name, address]) => [name, String(await this.balance(node, address, asset))] as const)));
      assert.deepEqual(seen, expected, `${asset} balances on node${node}, exact to the base unit`);
    }
  }

  /** A contract on node `node`, narrowed to `type`. */
  async contract<T extends ContractResponse['type']>(address: string, type: T, node = 0): Promise<Extract<ContractResponse, { type: T }>> {
    const found = await this.clients[node].getContract(address);
    assert.equal(found.type, type, `${address} is a ${type}`);
    return found as Extract<ContractResponse, { type: T }>;
  }
}

/** The attributes of the first event of `type` in `results`' receipts. */
export function eventOf(results: CommittedResult | readonly CommittedResult[], type: string): { [key: string]: string } {
  const found = eventsOf(results, type)[0];
  assert.ok(found !== undefined, `no ${type} event`);
  return found;
}

/** The attributes of every event of `type` in `results`' receipts, in order. */
export function eventsOf(results: CommittedResult | readonly CommittedResult[], type: string): { [key: string]: string }[] {
  const list = Array.isArray(results) ? results : [results as CommittedResult];
  return list.flatMap((r) => r.receipt.events.filter((e: LedgerEventJson) => e.type === type).map((e: LedgerEventJson) => e.attributes));
}
