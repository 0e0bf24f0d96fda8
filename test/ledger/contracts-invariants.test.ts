// Property: random interleavings of contract actions (escrow create/release/refund/dispute/resolve/
// settle, swaps, offers, splits) with transfers, item moves and time steps, in blocks built by
// src/chain/execute.ts, keep every invariant after every block: contract accounts hold exactly what
// their open contracts owe and supply equals the sum of balances (checkContractInvariants), the value
// and records invariants and the state root (runBlock), and owners and balances follow the events.
// Some actions pay value (AGR or TOK) or give a new item ahead to an account's future contract address
// (issue 12, attack 6): a contract later created there first hands it to its creator (spec/ledger.md §8.1).
// CONTRACTS_COVERAGE=1 prints how often each kind succeeded and failed, and with which code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decode } from '../../src/codec/cbor.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import { CONTRACT_PREFIX, contractAddressFor, getContractRecord } from '../../src/ledger/accounts/contract-account.ts';
import { toHex } from '../../src/crypto/hash.ts';
import { decodeEscrow, type Escrow } from '../../src/ledger/contracts/escrow-state.ts';
import { decodeOffer, type Offer } from '../../src/ledger/contracts/offer-state.ts';
import { getItem, type Item } from '../../src/ledger/records/item-state.ts';
import { encodeTx } from '../../src/ledger/tx.ts';
import type { ChainParams, DecodedTx, Receipt, TxBody, TxKind, TxPayloads } from '../../src/ledger/types.ts';
import { getNonce } from '../../src/ledger/accounts/balances.ts';
import { checkContractInvariants } from '../helpers/invariants.ts';
import { CHAIN_ID, FEES, NATIVE, NO_FEES, context, decoded, keyFromByte } from './fixtures.ts';
import { genesisChain, runBlock, type MemoryChainState } from './records-fixtures.ts';

const ACCOUNTS: KeyPair[] = Array.from({ length: 5 }, (_, i) => keyFromByte(0x71 + i));
const ASSETS = [NATIVE, 'TOK'];
const SECOND_MS = 1000;

const account = fc.nat(ACCOUNTS.length - 1);
const pick = fc.nat(1000);
const amount = fc.bigInt(1n, 3000n);
const smart = fc.boolean();
const asset = fc.constantFrom(...ASSETS);
const operation = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('escrow.create' as const), actor: account, smart, payee: account, arbiter: fc.option(account, { nil: undefined, freq: 4 }), deadline: fc.integer({ min: -2, max: 40 }), release: fc.boolean(), tranches: fc.array(fc.record({ asset, amount, item: fc.option(pick, { nil: undefined }) }), { minLength: 1, maxLength: 3 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('escrow.release' as const), actor: account, smart, contract: pick, tranche: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('escrow.refund' as const), actor: account, smart, contract: pick }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('escrow.dispute' as const), actor: account, smart, contract: pick, payee: fc.boolean() }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('escrow.resolve' as const), actor: account, smart, contract: pick, part: fc.nat(100), items: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('escrow.settle' as const), actor: account, smart, contract: pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('swap' as const), actor: account, smart, parties: fc.uniqueArray(account, { minLength: 2, maxLength: 3 }), legs: fc.array(fc.record({ asset, amount, item: fc.option(pick, { nil: undefined }), toContract: fc.boolean() }), { minLength: 2, maxLength: 4 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('offer.create' as const), actor: account, smart, counterparty: fc.option(account, { nil: undefined }), give: fc.record({ asset, amount, item: fc.option(pick, { nil: undefined }) }), ask: fc.record({ asset, amount }), deadline: fc.integer({ min: -1, max: 40 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('offer.accept' as const), actor: account, smart, contract: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('offer.cancel' as const), actor: account, smart, contract: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('split.create' as const), actor: account, smart, members: fc.uniqueArray(fc.record({ who: account, weight: fc.integer({ min: 1, max: 100 }) }), { minLength: 2, maxLength: 4, selector: (m) => m.who }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('transfer' as const), actor: account, smart, to: account, toContract: fc.boolean(), contract: pick, asset, amount }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('item.register' as const), actor: account, smart }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('item.transfer' as const), actor: account, smart, item: pick, to: account, toContract: fc.boolean(), contract: pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('prefund' as const), actor: account, smart, target: account, ahead: fc.nat(2), asset, amount, item: fc.boolean() }) },
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

interface World {
  items: Item[];
  escrows: Escrow[];
  offers: Offer[];
  contracts: string[];
  splits: string[];
  timeMs: number;
}

function worldOf(state: MemoryChainState, timeMs: number): World {
  const items = [...state.entries.keys()].filter((k) => k.startsWith('item/')).sort().map((k) => getItem(state, k.slice(5))!);
  const contracts = [...state.entries.keys()].filter((k) => k.startsWith(CONTRACT_PREFIX)).sort().map((k) => k.slice(CONTRACT_PREFIX.length));
  const escrows: Escrow[] = [];
  const offers: Offer[] = [];
  const splits: string[] = [];
  for (const address of contracts) {
    const contract = getContractRecord(state, address)!;
    if (contract.type === 'escrow') escrows.push(decodeEscrow(address, contract.record));
    else if (contract.type === 'offer') offers.push(decodeOffer(address, contract.record));
    else if (contract.type === 'split') splits.push(address);
  }
  return { items, escrows, offers, contracts, splits, timeMs };
}

const addr = (i: number): string => ACCOUNTS[i].address;
const indexOf = (address: string | undefined): number => Math.max(0, ACCOUNTS.findIndex((key) => key.address === address));
const at = <T>(list: T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);

/** An item of `owner` (smart), or any item. */
function itemOf(world: World, n: number | undefined, owner: number, isSmart: boolean): string | undefined {
  if (n === undefined) return undefined;
  const mine = world.items.filter((item) => item.owner === addr(owner) && item.status === 'live');
  return at(isSmart ? mine : world.items, n)?.id;
}

type Plan = { signers: number[]; kind: TxKind; payload: object };

function escrowPlan(world: World, op: Extract<Operation, { contract: number; kind: `escrow.${string}` }>): Plan | undefined {
  // Smart: an escrow in the state the kind needs (disputed to resolve, open with an arbiter to dispute).
  const wanted = world.escrows.filter((e) =>
    op.kind === 'escrow.resolve'
      ? e.state === 'disputed'
      : op.kind === 'escrow.dispute'
        ? e.state === 'open' && e.arbiter !== undefined && e.deadlineMs > world.timeMs
        : op.kind === 'escrow.settle'
          ? e.state === 'open' && e.deadlineMs <= world.timeMs
          : e.state !== 'closed',
  );
  const escrow = at(op.smart && wanted.length > 0 ? wanted : world.escrows, op.contract);
  if (escrow === undefined) return undefined;
  const base = { escrow: escrow.address };
  switch (op.kind) {
    case 'escrow.release':
      return { signers: [op.smart ? indexOf(escrow.payer) : op.actor], kind: op.kind, payload: { ...base, tranche: op.tranche % (op.smart ? escrow.tranches.length : 4) } };
    case 'escrow.refund':
      return { signers: [op.smart ? indexOf(escrow.payee) : op.actor], kind: op.kind, payload: base };
    case 'escrow.dispute':
      return { signers: [op.smart ? indexOf(op.payee ? escrow.payee : escrow.payer) : op.actor], kind: op.kind, payload: base };
    case 'escrow.settle':
      return { signers: [op.actor], kind: op.kind, payload: base };
    case 'escrow.resolve': {
      const held = escrow.tranches.filter((t) => t.status === 'held');
      const assets = new Map<string, bigint>();
      for (const t of held) for (const a of t.assets ?? []) assets.set(a.asset, (assets.get(a.asset) ?? 0n) + a.amount);
      const toPayee = [...assets].map(([asset, total]) => ({ asset, amount: (total * BigInt(op.part)) / 100n + (op.smart ? 0n : 1n) })).filter((a) => a.amount > 0n);
      const items = op.items ? held.flatMap((t) => t.items ?? []) : [];
      const resolution = { ...(toPayee.length > 0 ? { assets: toPayee } : {}), ...(items.length > 0 ? { items } : {}) };
      return { signers: [op.smart ? indexOf(escrow.arbiter) : op.actor], kind: op.kind, payload: Object.keys(resolution).length > 0 ? { ...base, toPayee: resolution } : base };
    }
  }
}

function createPlan(world: World, op: Extract<Operation, { kind: 'escrow.create' | 'offer.create' | 'split.create' }>): Plan {
  switch (op.kind) {
    case 'escrow.create': {
      const payee = op.payee === op.actor && op.smart ? (op.actor + 1) % ACCOUNTS.length : op.payee;
      // Smart: an arbiter that is neither party, so that most escrows can be disputed.
      const third = [0, 1, 2, 3, 4].find((i) => i !== op.actor && i !== payee && i >= (op.arbiter ?? 0)) ?? [0, 1, 2].find((i) => i !== op.actor && i !== payee)!;
      const arbiter = op.smart ? addr(third) : op.arbiter === undefined ? undefined : addr(op.arbiter);
      const used = new Set<string>();
      const tranches = op.tranches.map((t) => {
        const item = itemOf(world, t.item, op.actor, op.smart);
        if (item === undefined || used.has(item)) return { assets: [{ asset: t.asset, amount: t.amount }] };
        used.add(item);
        return { assets: [{ asset: t.asset, amount: t.amount }], items: [item] };
      });
      const payload = { payee: addr(payee), arbiter, deadlineMs: world.timeMs + op.deadline * SECOND_MS * 4, onExpiry: op.release ? 'release' : 'refund', tranches };
      return { signers: [op.actor], kind: op.kind, payload: arbiter === undefined ? { ...payload, arbiter: undefined } : payload };
    }
    case 'offer.create': {
      const item = itemOf(world, op.give.item, op.actor, op.smart);
      const give = { assets: [{ asset: op.give.asset, amount: op.give.amount }], ...(item === undefined ? {} : { items: [item] }) };
      const counterparty = op.counterparty === undefined || (op.smart && op.counterparty === op.actor) ? undefined : addr(op.counterparty);
      return { signers: [op.actor], kind: op.kind, payload: { counterparty, give, ask: { assets: [{ asset: op.ask.asset, amount: op.ask.amount }] }, deadlineMs: world.timeMs + op.deadline * SECOND_MS * 4 } };
    }
    case 'split.create':
      // Not smart: the first member is a contract account when there is one (refused: contract_recipient).
      return { signers: [op.actor], kind: op.kind, payload: { members: op.members.map((m, i) => ({ address: i === 0 && !op.smart ? (at(world.contracts, m.weight) ?? addr(m.who)) : addr(m.who), weight: m.weight })) } };
  }
}

function planOf(world: World, op: Operation): Plan | undefined {
  switch (op.kind) {
    case 'escrow.create':
    case 'offer.create':
    case 'split.create':
      return createPlan(world, op);
    case 'escrow.release':
    case 'escrow.refund':
    case 'escrow.dispute':
    case 'escrow.resolve':
    case 'escrow.settle':
      return escrowPlan(world, op);
    case 'offer.accept':
    case 'offer.cancel': {
      const open = world.offers.filter((o) => o.state === 'open');
      const offer = at(op.smart && open.length > 0 ? open : world.offers, op.contract);
      if (offer === undefined) return undefined;
      const accepter = offer.counterparty !== undefined ? indexOf(offer.counterparty) : (indexOf(offer.maker) + 1 + (op.actor % (ACCOUNTS.length - 1))) % ACCOUNTS.length;
      const signer = !op.smart ? op.actor : op.kind === 'offer.cancel' ? indexOf(offer.maker) : accepter;
      return { signers: [signer], kind: op.kind, payload: { offer: offer.address } };
    }
    case 'swap': {
      const parties = op.parties;
      const legs = op.legs.map((leg, i) => {
        const from = parties[i % parties.length];
        const to = parties[(i + 1) % parties.length];
        const toAddress = leg.toContract && !op.smart ? (at(world.contracts, leg.asset.length + i) ?? addr(to)) : addr(to);
        const item = itemOf(world, leg.item, from, op.smart);
        return { from: addr(from), to: toAddress, assets: [{ asset: leg.asset, amount: leg.amount }], ...(item === undefined ? {} : { items: [item] }) };
      });
      const seen = new Set<string>();
      for (const leg of legs) {
        if (leg.items !== undefined && seen.has(leg.items[0])) delete (leg as { items?: string[] }).items;
        else if (leg.items !== undefined) seen.add(leg.items[0]);
      }
      const givers = op.smart ? parties.slice(0, Math.min(parties.length, legs.length)) : parties;
      return { signers: givers, kind: op.kind, payload: { legs } };
    }
    case 'transfer': {
      const target = op.toContract ? (at(op.smart ? world.splits : world.contracts, op.contract) ?? addr(op.to)) : addr(op.to);
      return { signers: [op.actor], kind: op.kind, payload: { transfers: [{ to: target, asset: op.asset, amount: op.amount }] } };
    }
    case 'item.register':
      return { signers: [op.actor], kind: op.kind, payload: { kind: 'tool' } };
    case 'item.transfer': {
      const item = at(op.smart ? world.items.filter((i) => i.status === 'live' && ACCOUNTS.some((k) => k.address === i.owner)) : world.items, op.item);
      if (item === undefined) return undefined;
      const to = op.toContract ? (at(world.contracts, op.contract) ?? addr(op.to)) : addr(op.to === indexOf(item.owner) ? (op.to + 1) % ACCOUNTS.length : op.to);
      return { signers: [op.smart ? indexOf(item.owner) : op.actor], kind: op.kind, payload: { item: item.id, to } };
    }
    case 'prefund':
      return undefined;
  }
}

/** Payloads as a node decodes them: undefined fields dropped (the encoder refuses them in nested maps). */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(clean);
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, clean(v)]));
  }
  return value;
}

/**
 * Pays `op.amount` of `op.asset`, or registers a new item owned by, the address of the contract that
 * `target`'s tx `ahead` nonces after `nextNonce` would create (the very next one, when smart).
 */
function prefundPlan(op: Extract<Operation, { kind: 'prefund' }>, nextNonce: bigint): Plan {
  const nonce = nextNonce + (op.actor === op.target ? 1n : 0n) + BigInt(op.smart ? 0 : op.ahead);
  const to = contractAddressFor(CHAIN_ID, addr(op.target), nonce, 0);
  if (op.item) return { signers: [op.actor], kind: 'item.register', payload: { kind: 'gift', owner: to } };
  return { signers: [op.actor], kind: 'transfer', payload: { transfers: [{ to, asset: op.asset, amount: op.amount }] } };
}

/** Whether `receipt` created a contract and handed back something its address held before. */
function handedBack(receipt: Receipt): boolean {
  const created = receipt.events.find((e) => ['escrow.created', 'offer.created', 'split.created'].includes(e.type));
  const address = created?.attributes.escrow ?? created?.attributes.offer ?? created?.attributes.split;
  const index = created === undefined ? -1 : receipt.events.indexOf(created);
  return address !== undefined && receipt.events.some((e, i) => i < index && (e.type === 'transfer' || e.type === 'item.transferred') && e.attributes.from === address);
}

function candidates(state: MemoryChainState, world: World, ops: Operation[]): DecodedTx[] {
  const next = new Map<number, bigint>();
  const nonce = (i: number): bigint => {
    const value = next.get(i) ?? getNonce(state, addr(i));
    next.set(i, value + 1n);
    return value;
  };
  const txs: DecodedTx[] = [];
  for (const op of ops) {
    const plan = op.kind === 'prefund' ? prefundPlan(op, next.get(op.target) ?? getNonce(state, addr(op.target))) : planOf(world, op);
    if (plan === undefined) continue;
    const signers = [...new Set(plan.signers)];
    if (plan.kind === 'swap' ? signers.length < 2 : signers.length !== 1) continue;
    const body = { chainId: CHAIN_ID, kind: plan.kind, payload: clean(plan.payload) as TxPayloads[TxKind], signers: signers.map((i) => ({ publicKey: ACCOUNTS[i].publicKey, nonce: nonce(i) })), fee: 10n ** 9n } as TxBody;
    txs.push(decoded(encodeTx({ body, signatures: signers.map(() => new Uint8Array(64)) })));
    expect(world, body);
  }
  return txs;
}

/**
 * What the planner expects a tx to do to the escrows, so that later operations of the same block can
 * target them (a dispute after a create, a resolve after a dispute). Only a guess: the tx may be
 * refused, and then the later ones are refused too, which the property also wants.
 */
function expect(world: World, body: TxBody): void {
  const find = (address: string): Escrow | undefined => world.escrows.find((e) => e.address === address);
  if (body.kind === 'escrow.create') {
    const payer = ACCOUNTS.find((key) => toHex(key.publicKey) === toHex(body.signers[0].publicKey))!.address;
    const address = contractAddressFor(CHAIN_ID, payer, body.signers[0].nonce, 0);
    world.escrows.push({ address, payer, ...body.payload, state: 'open', tranches: body.payload.tranches.map((t) => ({ ...t, status: 'held' })), createdAt: 0 });
  } else if (body.kind === 'escrow.dispute') {
    const escrow = find(body.payload.escrow);
    if (escrow !== undefined && escrow.state === 'open') escrow.state = 'disputed';
  } else if (body.kind === 'escrow.resolve' || body.kind === 'escrow.refund' || body.kind === 'escrow.settle') {
    const escrow = find(body.payload.escrow);
    if (escrow !== undefined) escrow.state = 'closed';
  }
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
    for (const { events } of receipts) {
      for (const { type, attributes: a } of events) {
        if (type === 'fee' || type === 'transfer') {
          this.add(a.from, type === 'fee' ? NATIVE : a.asset, -BigInt(a.amount));
          this.add(a.to, type === 'fee' ? NATIVE : a.asset, BigInt(a.amount));
        } else if (type === 'asset.created') this.add(a.creator, a.asset, BigInt(a.supply));
        else if (type === 'item.registered') this.owners.set(a.item, a.owner);
        else if (type === 'item.transferred') {
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

/** Block 1: TOK created by account 0 and spread, two items per account. */
function setup(state: MemoryChainState): DecodedTx[] {
  const txs: DecodedTx[] = [];
  const next = new Map<number, bigint>();
  const tx = (i: number, kind: TxKind, payload: object): void => {
    const nonce = next.get(i) ?? getNonce(state, addr(i));
    next.set(i, nonce + 1n);
    const body = { chainId: CHAIN_ID, kind, payload, signers: [{ publicKey: ACCOUNTS[i].publicKey, nonce }], fee: 10n ** 9n } as TxBody;
    txs.push(decoded(encodeTx({ body, signatures: [new Uint8Array(64)] })));
  };
  tx(0, 'asset.create', { symbol: 'TOK', name: 'Token', decimals: 0, supply: 100_000n });
  tx(0, 'transfer', { transfers: ACCOUNTS.slice(1).map((key) => ({ to: key.address, asset: 'TOK', amount: 20_000n })) });
  for (let i = 0; i < ACCOUNTS.length; i++) for (let n = 0; n < 2; n++) tx(i, 'item.register', { kind: 'tool' });
  return txs;
}

const scenario = fc.record({
  withFees: fc.boolean(),
  blocks: fc.array(fc.record({ ops: fc.array(operation, { minLength: 1, maxLength: 12 }), step: fc.integer({ min: 1, max: 120 }) }), { minLength: 1, maxLength: 10 }),
});

const KINDS = ['escrow.create', 'escrow.release', 'escrow.refund', 'escrow.dispute', 'escrow.resolve', 'escrow.settle', 'swap', 'offer.create', 'offer.accept', 'offer.cancel', 'split.create'];

test('property: random interleavings of contract actions and time steps keep every invariant after every block', () => {
  const seen = new Map<string, { ok: number; failed: number }>();
  let handedBackCount = 0;
  fc.assert(
    fc.property(scenario, ({ withFees, blocks }) => {
      const params: ChainParams = withFees ? FEES : NO_FEES;
      const state = genesisChain(ACCOUNTS.map((key) => [key, 10n ** 12n] as [KeyPair, bigint]));
      const model = new EventModel();
      for (const [key, value] of balancesOf(state)) model.balances.set(key, value);
      const first = runBlock(state, 1, setup(state), params);
      assert.ok(first.receipts.every((r) => r.code === 'ok'));
      model.apply(first.receipts);
      let height = 1;
      for (const { ops, step } of blocks) {
        height += step;
        const world = worldOf(state, context(params, height).timeMs);
        const execution = runBlock(state, height, candidates(state, world, ops), params);
        checkContractInvariants(state.entries);
        for (const { rejection } of execution.skipped) assert.ok(['nonce_gap', 'nonce_too_low', 'insufficient_fee_balance'].includes(rejection.code), rejection.code);
        model.apply(execution.receipts);
        execution.receipts.forEach((receipt, j) => {
          const kind = execution.txs[j].tx.body.kind;
          const count = seen.get(kind) ?? { ok: 0, failed: 0 };
          if (handedBack(receipt)) handedBackCount++;
          if (receipt.code === "ok") count.ok++;
          else if (process.env.CONTRACTS_COVERAGE !== undefined) seen.set(`${kind}:${receipt.code}`, { ok: 0, failed: (seen.get(`${kind}:${receipt.code}`)?.failed ?? 0) + 1 });
          else count.failed++;
          seen.set(kind, count);
        });
        const owners = new Map([...state.entries.keys()].filter((k) => k.startsWith('item/')).map((k) => [k.slice(5), getItem(state, k.slice(5))!.owner]));
        assert.deepEqual(owners, model.owners, 'owners differ from what the events say');
        assert.deepEqual(balancesOf(state), model.balances, 'balances differ from what the events say');
      }
    }),
    { numRuns: 100 },
  );
  // The generator must reach success and refusal of every contract kind.
  if (process.env.CONTRACTS_COVERAGE !== undefined) console.log(JSON.stringify(Object.fromEntries(seen)));
  for (const kind of KINDS) {
    const count = seen.get(kind);
    assert.ok(count !== undefined && count.ok >= 1 && count.failed >= 1, `${kind}: ${JSON.stringify(count)}`);
  }
  assert.ok(handedBackCount >= 1, `a contract is created at an address paid ahead (${handedBackCount} times)`);
});

