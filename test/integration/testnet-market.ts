import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountResponse, OrderJson } from '../../src/client/types.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import { signedTx } from '../helpers/node.ts';
import { allAtHeight, getJson, postJson, runAgora, waitUntil } from '../helpers/testnet.ts';

/**
 * Issue 14's first "Must show" on the shared 4-validator testnet (test/integration/testnet.test.ts
 * calls it; it starts no network of its own): the five ways an order ends (spec/market.md §3, "Every
 * path ends settled") driven by the `agora` command against the real node processes, each party on
 * another node — seller on node0, buyer on node1, arbiter on node2, whoever settles on node3 — and
 * every party's balance asserted to the base unit on all four nodes, fees (read from the chain's
 * schedule) and the listing bonds included.
 *
 * Time: the three flows where someone vanishes run on a listing with WINDOW_MS windows; the confirmed
 * sale and the resolved dispute run on a listing with the default windows while those windows run out,
 * so the flows add about WINDOW_MS plus ~25 CLI runs.
 */
const WINDOW_MS = 10_000;

export interface MarketTestnet {
  dir: string;
  chainId: string;
  /** The dev key funded in genesis. */
  dev: KeyPair;
  urls: string[];
}

interface Params {
  nativeAsset: string;
  fees: { perByte: string; base: { [kind: string]: string } };
}
interface Sent {
  txId: string;
  height: number;
}

export async function marketFlowsOnTestnet(net: MarketTestnet): Promise<string> {
  const started = Date.now();
  const home = join(net.dir, 'market-keys');
  mkdirSync(home, { recursive: true });
  const [seller, buyer, arbiter, anyone] = net.urls;
  const params = await getJson<Params>(`${seller}/v1/params`);
  assert.equal(params.fees.perByte, '0', 'the fees below are the base fees only');
  const fee = (kind: string): bigint => BigInt(params.fees.base[kind] ?? '0');
  const unit = 1_000_000n; // base units of the native asset per AGR (its 6 decimals)

  async function agora<T>(node: string, args: string[]): Promise<T> {
    const run = await runAgora([...args, '--home', home, '--node', node, '--json'], 60_000, { AGORA_PASSPHRASE: '' });
    assert.equal(run.code, 0, `agora ${args.join(' ')} on ${node} failed: ${run.stderr}${run.stdout}`);
    return JSON.parse(run.stdout) as T;
  }
  /** A tx by the CLI on `node`; then every node holds its block, so the next step may go to any of them. */
  async function step<T>(node: string, args: string[]): Promise<T & Sent> {
    const sent = await agora<T & Sent>(node, args);
    await atHeight(sent.height);
    return sent;
  }
  const atHeight = (target: number): Promise<void> => allAtHeight(net.urls, target);
  async function balanceOn(node: string, address: string): Promise<bigint> {
    const account = await getJson<AccountResponse>(`${node}/v1/accounts/${address}`);
    return BigInt(account.balances.find((entry) => entry.asset === params.nativeAsset)?.amount ?? '0');
  }
  async function phase(order: string): Promise<string> {
    return (await agora<OrderJson>(anyone, ['market', 'show', order])).phase;
  }

  // Three keys in a home of their own, funded by the dev key in one transfer tx.
  const names = ['alice', 'bob', 'carol'] as const;
  const keys: { address: string }[] = [];
  for (const name of names) keys.push(await agora<{ address: string }>(seller, ['keys', 'new', name]));
  const [alice, bob, carol] = keys.map((k) => k.address);
  const nonce = BigInt((await getJson<{ pendingNonce: string }>(`${seller}/v1/accounts/${net.dev.address}`)).pendingNonce);
  const funding = signedTx(net.dev, net.chainId, 'transfer', { transfers: keys.map((k) => ({ to: k.address, asset: params.nativeAsset, amount: 2_000n * unit })) }, nonce);
  const funded = await postJson<{ height?: number; error?: unknown }>(`${seller}/v1/txs?wait=commit`, { tx: Buffer.from(funding).toString('hex') });
  assert.ok(funded.body.height !== undefined, JSON.stringify(funded.body));
  await atHeight(funded.body.height);
  const balances = async (node: string): Promise<bigint[]> => Promise.all([alice, bob, carol].map((a) => balanceOn(node, a)));
  const start = await balances(seller);
  assert.deepEqual(start, [2_000n * unit, 2_000n * unit, 2_000n * unit]);

  const window = `${WINDOW_MS}ms`;
  const short = (await step<{ listingId: string }>(seller, ['market', 'create', '--from', 'bob', '--title', 'Testnet walnut stool', '--price', '20', '--stock', '5', '--arbiter', 'carol', '--arbiter-fee', '1', '--handling', window, '--review-window', window, '--arbiter-window', window])).listingId;
  const long = (await step<{ listingId: string }>(seller, ['market', 'create', '--from', 'bob', '--title', 'Testnet oak chair', '--price', '250', '--stock', '5', '--arbiter', 'carol', '--arbiter-fee', '10'])).listingId;
  const buy = async (listing: string): Promise<string> => (await step<{ orderId: string }>(buyer, ['market', 'buy', '--from', 'alice', '--listing', listing, '--arbiter', 'carol'])).orderId;

  // The three where someone vanishes, first: their windows run while the other two go on.
  const buyerVanishes = await buy(short);
  await step(seller, ['market', 'deliver', '--from', 'bob', '--order', buyerVanishes]);
  const arbiterVanishes = await buy(short);
  await step(seller, ['market', 'deliver', '--from', 'bob', '--order', arbiterVanishes]);
  await step(buyer, ['market', 'dispute', '--from', 'alice', '--order', arbiterVanishes]);
  const sellerVanishes = await buy(short);

  // A sale confirmed.
  const confirmed = await buy(long);
  await step(seller, ['market', 'deliver', '--from', 'bob', '--order', confirmed]);
  await step(buyer, ['market', 'confirm', '--from', 'alice', '--order', confirmed]);
  // A dispute split by the arbiter with its fee: 150 to the seller, 10 to the arbiter, 90 back.
  const split = await buy(long);
  await step(seller, ['market', 'deliver', '--from', 'bob', '--order', split]);
  await step(buyer, ['market', 'dispute', '--from', 'alice', '--order', split]);
  await step(arbiter, ['market', 'resolve', '--from', 'carol', '--order', split, '--to-seller', '150']);

  // Nobody acts on the other three until their windows pass; then anyone (here the arbiter's key,
  // on node3) applies each default.
  const due: [string, string, string][] = [
    [buyerVanishes, 'release_due', 'completed'],
    [sellerVanishes, 'refund_due', 'refunded'],
    [arbiterVanishes, 'lapsed', 'refunded'],
  ];
  for (const [order, waitFor] of due) await waitUntil(async () => (await phase(order)) === waitFor, 3 * WINDOW_MS + 30_000, `order ${order} ${waitFor}`, () => '', 250);
  for (const [order] of due) await step(anyone, ['escrow', 'settle', '--from', 'carol', '--escrow', order]);
  for (const listing of [short, long]) await step(seller, ['market', 'close', '--from', 'bob', '--listing', listing]);

  const phases = await Promise.all([confirmed, split, ...due.map(([order]) => order)].map(phase));
  assert.deepEqual(phases, ['completed', 'resolved', ...due.map(([, , settled]) => settled)], 'every order ends settled');
  const expected = [
    // alice: five orders' fees; paid 20 (released), 250 (confirmed), 250 − 90 (split); two came back whole.
    start[0] - 5n * fee('market.buy') - fee('escrow.release') - 2n * fee('escrow.dispute') - (20n + 250n + 160n) * unit,
    // bob: two listings (their bonds back), four deliveries; got 20, 250 and 150.
    start[1] - 2n * (fee('market.list') + fee('market.close')) - 4n * fee('escrow.deliver') + (20n + 250n + 150n) * unit,
    // carol: her fee of the resolved dispute, none of the lapsed one; three settles and one resolve.
    start[2] - 3n * fee('escrow.settle') - fee('escrow.resolve') + 10n * unit,
  ];
  assert.ok(fee('market.buy') > 0n && fee('market.list') > 0n, 'the testnet charges the market fees');
  for (const node of net.urls) assert.deepEqual(await balances(node), expected, `balances on ${node}, exact to the base unit`);
  for (const node of net.urls) for (const listing of [short, long]) assert.equal(await balanceOn(node, listing), 0n, `closed listing ${listing} holds nothing: its bond went back`);
  return `5 market flows (sale, buyer/seller/arbiter vanish, dispute split) by the CLI on 4 nodes, balances exact (the flows alone ${((Date.now() - started) / 1000).toFixed(1)} s)`;
}
