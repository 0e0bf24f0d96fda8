// Property: random blocks of records txs (registries, register, transfer with and without payment,
// attest and custody, split, merge, retire, fractionalize, redeem) mixed with value transfers and burns
// of shares, built with src/chain/execute.ts, keep every invariant after every block
// (test/helpers/invariants.ts: value, records, the records' transitions, the state root), and the item
// owners and balances equal what the receipts' events say happened.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decode } from '../../src/codec/cbor.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import { getItem, type Item } from '../../src/ledger/records/item-state.ts';
import type { ChainParams, DecodedTx, Receipt, TxBody, TxKind, TxPayloads } from '../../src/ledger/types.ts';
import { encodeTx } from '../../src/ledger/tx.ts';
import { getBalance, getNonce } from '../../src/ledger/accounts/balances.ts';
import { CHAIN_ID, FEES, NATIVE, NO_FEES, decoded, keyFromByte } from './fixtures.ts';
import { genesisChain, runBlock, type MemoryChainState } from './records-fixtures.ts';

const ACCOUNTS: KeyPair[] = Array.from({ length: 6 }, (_, i) => keyFromByte(0x61 + i));
const SYMBOLS = ['SA', 'SB', 'SC', 'SD', 'SE', 'SF'];
const REGISTRIES = [undefined, 'open', 'curated', 'missing'] as const;
const EVENT_TYPES = ['inspect', 'custody', 'note'] as const;

const account = fc.nat(ACCOUNTS.length - 1);
const pick = fc.nat(1000);
const smart = fc.boolean();
const operation = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('item.register' as const), actor: account, smart, registry: fc.constantFrom(...REGISTRIES), custodian: fc.option(account, { nil: undefined }), owner: fc.option(account, { nil: undefined }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('item.transfer' as const), actor: account, smart, item: pick, to: account, price: fc.option(fc.bigInt(1n, 2000n), { nil: undefined }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('item.attest' as const), actor: account, smart, item: pick, type: fc.constantFrom(...EVENT_TYPES), custodian: account }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('item.split' as const), actor: account, smart, item: pick, children: fc.integer({ min: 2, max: 4 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('item.merge' as const), actor: account, smart, items: fc.uniqueArray(pick, { minLength: 2, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('item.retire' as const), actor: account, smart, item: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('item.fractionalize' as const), actor: account, smart, item: pick, symbol: fc.constantFrom(...SYMBOLS), shares: fc.bigInt(1n, 1000n) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('item.redeem' as const), actor: account, smart, item: pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('transfer' as const), actor: account, smart, to: account, asset: fc.constantFrom(NATIVE, ...SYMBOLS), amount: fc.bigInt(1n, 1000n) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('asset.burn' as const), actor: account, smart, asset: fc.constantFrom(NATIVE, ...SYMBOLS), amount: fc.bigInt(1n, 1000n) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('registry.authorize' as const), actor: account, smart, grant: fc.boolean(), who: account, type: fc.constantFrom(...EVENT_TYPES) }) },
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

/** The items of the committed state, in a fixed order, for the operations to pick from. */
function itemsOf(state: MemoryChainState): Item[] {
  return [...state.entries.keys()]
    .filter((key) => key.startsWith('item/'))
    .sort()
    .map((key) => getItem(state, key.slice(5))!);
}

/** The largest holder of `symbol`, as the committed state stands. */
function topHolder(state: MemoryChainState, symbol: string): number {
  let best = 0;
  ACCOUNTS.forEach((key, i) => {
    if (getBalance(state, key.address, symbol) > getBalance(state, ACCOUNTS[best].address, symbol)) best = i;
  });
  return best;
}

const indexOf = (address: string): number => Math.max(0, ACCOUNTS.findIndex((key) => key.address === address));

/** Signers and payload of `op`; `smart` picks the actor that can make it succeed. */
function planOf(state: MemoryChainState, items: Item[], op: Operation): { signers: number[]; kind: TxKind; payload: object } | undefined {
  // Smart: pick among the items in the status the kind needs (locked for redeem, else live).
  const wanted = op.smart ? items.filter((item) => item.status === (op.kind === 'item.redeem' ? 'locked' : 'live')) : items;
  const itemAt = (n: number): Item | undefined => (wanted.length === 0 ? undefined : wanted[n % wanted.length]);
  const addr = (i: number): string => ACCOUNTS[i].address;
  const ownerOr = (item: Item | undefined): number => (op.smart && item !== undefined ? indexOf(item.owner) : op.actor);
  switch (op.kind) {
    case 'item.register': {
      const actor = op.smart && op.registry === 'curated' ? 0 : op.actor;
      const payload = { kind: 'thing', registry: op.registry, custodian: op.custodian === undefined ? undefined : addr(op.custodian), owner: op.owner === undefined ? undefined : addr(op.owner) };
      return { signers: [actor], kind: op.kind, payload };
    }
    case 'item.transfer': {
      const item = itemAt(op.item);
      if (item === undefined) return undefined;
      const owner = ownerOr(item);
      const to = op.to === owner ? (op.to + 1) % ACCOUNTS.length : op.to;
      if (op.price === undefined) return { signers: [owner], kind: op.kind, payload: { item: item.id, to: addr(to) } };
      return { signers: [owner, to], kind: op.kind, payload: { item: item.id, to: addr(to), payment: { asset: NATIVE, amount: op.price } } };
    }
    case 'item.attest': {
      const item = itemAt(op.item);
      if (item === undefined) return undefined;
      const actor = op.smart ? (op.type === 'inspect' ? 2 : indexOf(item.custodian ?? item.owner)) : op.actor;
      return { signers: [actor], kind: op.kind, payload: { item: item.id, type: op.type, custodian: op.type === 'custody' ? addr(op.custodian) : undefined, data: `{"n":${op.item}}` } };
    }
    case 'item.split':
    case 'item.retire':
    case 'item.redeem': {
      const item = itemAt(op.item);
      if (item === undefined) return undefined;
      const actor = op.kind === 'item.redeem' && op.smart && item.lock !== undefined ? topHolder(state, item.lock.asset) : ownerOr(item);
      const payload = op.kind === 'item.split' ? { item: item.id, children: Array.from({ length: op.children }, () => ({ kind: 'part' })) } : { item: item.id };
      return { signers: [actor], kind: op.kind, payload };
    }
    case 'item.merge': {
      // Smart: the first item and others of the same owner that are live, so that most merges can pass.
      const first = itemAt(op.items[0]);
      const mates = first === undefined ? [] : wanted.filter((item) => item.owner === first.owner && item.status === 'live' && item.id !== first.id);
      const chosen = op.smart && first !== undefined && first.status === 'live' && mates.length >= 1 ? [first, ...op.items.slice(1).map((n) => mates[n % mates.length])] : op.items.map(itemAt);
      const parents = [...new Set(chosen.map((item) => item?.id).filter((id): id is string => id !== undefined))];
      if (parents.length < 2) return undefined;
      return { signers: [ownerOr(itemAt(op.items[0]))], kind: op.kind, payload: { items: parents, kind: 'blend' } };
    }
    case 'item.fractionalize': {
      const item = itemAt(op.item);
      if (item === undefined) return undefined;
      return { signers: [ownerOr(item)], kind: op.kind, payload: { item: item.id, symbol: op.symbol, shares: op.shares } };
    }
    case 'transfer':
    case 'asset.burn': {
      const actor = op.smart ? topHolder(state, op.asset) : op.actor;
      const payload = op.kind === 'transfer' ? { transfers: [{ to: addr(op.to), asset: op.asset, amount: op.amount }] } : { asset: op.asset, amount: op.amount };
      return { signers: [actor], kind: op.kind, payload };
    }
    case 'registry.authorize': {
      const role = { role: 'attester', eventType: op.type, address: addr(op.who) };
      return { signers: [op.smart ? 0 : op.actor], kind: op.kind, payload: { registry: 'curated', [op.grant ? 'grant' : 'revoke']: [role] } };
    }
  }
}

/** Candidate txs of one block, each signer's nonces following on; zero signatures (execute.ts takes checked candidates). */
function candidates(state: MemoryChainState, ops: Operation[]): DecodedTx[] {
  const items = itemsOf(state);
  const next = new Map<number, bigint>();
  const nonce = (i: number): bigint => {
    const value = next.get(i) ?? getNonce(state, ACCOUNTS[i].address);
    next.set(i, value + 1n);
    return value;
  };
  const txs: DecodedTx[] = [];
  for (const op of ops) {
    const plan = planOf(state, items, op);
    if (plan === undefined) continue;
    const body = { chainId: CHAIN_ID, kind: plan.kind, payload: plan.payload as TxPayloads[TxKind], signers: plan.signers.map((i) => ({ publicKey: ACCOUNTS[i].publicKey, nonce: nonce(i) })), fee: 10n ** 9n } as TxBody;
    txs.push(decoded(encodeTxUnsigned(body)));
  }
  return txs;
}

function encodeTxUnsigned(body: TxBody): Uint8Array {
  return encodeTx({ body, signatures: body.signers.map(() => new Uint8Array(64)) });
}

/** Owners and balances as the receipts' events describe them. */
class EventModel {
  readonly owners = new Map<string, string>();
  readonly balances = new Map<string, bigint>();
  private add(address: string, asset: string, delta: bigint): void {
    const key = `${address}/${asset}`;
    const value = (this.balances.get(key) ?? 0n) + delta;
    assert.ok(value >= 0n, `events drive ${key} negative`);
    if (value === 0n) this.balances.delete(key);
    else this.balances.set(key, value);
  }
  apply(receipts: Receipt[]): void {
    for (const receipt of receipts) {
      for (const { type, attributes: a } of receipt.events) {
        if (type === 'fee' || type === 'transfer') {
          this.add(a.from, type === 'fee' ? NATIVE : a.asset, -BigInt(a.amount));
          this.add(a.to, type === 'fee' ? NATIVE : a.asset, BigInt(a.amount));
        } else if (type === 'burn') this.add(a.from, a.asset, -BigInt(a.amount));
        else if (type === 'asset.created') this.add(a.creator, a.asset, BigInt(a.supply));
        else if (type === 'item.registered' || type === 'item.created') this.owners.set(a.item, a.owner);
        else if (type === 'item.transferred' || type === 'item.redeemed') {
          assert.equal(this.owners.get(a.item), a.from, `${type} from someone who does not own ${a.item}`);
          this.owners.set(a.item, a.to);
        }
      }
    }
  }
}

function balancesOf(state: MemoryChainState): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const [key, bytes] of state.entries) if (key.startsWith('bal/')) out.set(key.slice(4), BigInt(decode(bytes) as number | bigint));
  return out;
}

const scenario = fc.record({
  withFees: fc.boolean(),
  blocks: fc.array(fc.array(operation, { minLength: 1, maxLength: 16 }), { minLength: 1, maxLength: 8 }),
});

test('property: random blocks of records and value txs keep every invariant; owners and balances follow the events', () => {
  const seen = new Map<string, { ok: number; failed: number }>();
  fc.assert(
    fc.property(scenario, ({ withFees, blocks }) => {
      const params: ChainParams = withFees ? FEES : NO_FEES;
      const state = genesisChain(ACCOUNTS.map((key) => [key, 10n ** 12n] as [KeyPair, bigint]));
      const model = new EventModel();
      model.balances.clear();
      for (const [key, amount] of balancesOf(state)) model.balances.set(key, amount);
      const setup = decodedSetup(state);
      const first = runBlock(state, 1, setup, params);
      assert.ok(first.receipts.every((r) => r.code === 'ok'));
      model.apply(first.receipts);
      for (const [i, ops] of blocks.entries()) {
        const txs = candidates(state, ops);
        const execution = runBlock(state, i + 2, txs, params);
        for (const { rejection } of execution.skipped) assert.ok(['nonce_gap', 'nonce_too_low', 'insufficient_fee_balance'].includes(rejection.code), rejection.code);
        model.apply(execution.receipts);
        execution.receipts.forEach((receipt, j) => {
          const kind = execution.txs[j].tx.body.kind;
          const count = seen.get(kind) ?? { ok: 0, failed: 0 };
          if (receipt.code === 'ok') count.ok++;
          else count.failed++;
          seen.set(kind, count);
        });
        const owners = new Map(itemsOf(state).map((item) => [item.id, item.owner]));
        assert.deepEqual(owners, model.owners, 'owners differ from what the events say');
        assert.deepEqual(balancesOf(state), model.balances, 'balances differ from what the events say');
      }
    }),
    { numRuns: 80 },
  );
  // The generator must reach success and refusal of every records kind. The bound is low on purpose:
  // the seed is random, and a merge needs two live items of one owner (a run once saw 3 merges succeed
  // in 80 runs); what matters is that every path is reached, not how often.
  for (const kind of ['item.register', 'item.transfer', 'item.attest', 'item.split', 'item.merge', 'item.retire', 'item.fractionalize', 'item.redeem']) {
    const count = seen.get(kind);
    assert.ok(count !== undefined && count.ok >= 1 && count.failed >= 1, `${kind}: ${JSON.stringify(count)}`);
  }
});

/** Block 1: the registries every run starts with. `curated` is account 0's, with account 1 a registrar and account 2 an `inspect` attester. */
function decodedSetup(state: MemoryChainState): DecodedTx[] {
  const [zero, one, two] = ACCOUNTS;
  const body = (key: KeyPair, payload: TxPayloads['registry.create']): TxBody =>
    ({ chainId: CHAIN_ID, kind: 'registry.create', payload, signers: [{ publicKey: key.publicKey, nonce: getNonce(state, key.address) }], fee: 10n ** 9n }) as TxBody;
  return [
    decoded(encodeTxUnsigned(body(zero, { name: 'curated', open: false, roles: [{ role: 'registrar', address: one.address }, { role: 'attester', eventType: 'inspect', address: two.address }] }))),
    decoded(encodeTxUnsigned(body(one, { name: 'open', open: true }))),
  ];
}
