// A coffee supply chain at the ledger level (issue 4 "Must show"; spec/ledger.md §7.5), block by block
// through src/chain/execute.ts with every invariant checked after each block: two farms register a lot
// each in the co-op's curated registry → the co-op certifies them → a carrier takes custody → the lots
// are sold to a roaster, who merges them into a blend and splits it into bags → a shop sells a bag. The
// bag's ancestry reaches both farms' lots with all their events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyPair } from '../../src/crypto/keys.ts';
import { historyPrefix, decodeHistoryEntry, type HistoryEntry } from '../../src/ledger/records/item-log.ts';
import { getItem } from '../../src/ledger/records/item-state.ts';
import type { DecodedTx, LedgerEvent, TxBody, TxKind, TxPayloads } from '../../src/ledger/types.ts';
import { getBalance, getNonce } from '../../src/ledger/accounts/balances.ts';
import { decode } from '../../src/codec/cbor.ts';
import { CHAIN_ID, NATIVE, keyFromByte, makeTx, signTx, decoded } from './fixtures.ts';
import { attributeOf, genesisChain, runBlock, type MemoryChainState } from './records-fixtures.ts';

const FARM_A = keyFromByte(0x41);
const FARM_B = keyFromByte(0x42);
const COOP = keyFromByte(0x43);
const CARRIER = keyFromByte(0x44);
const ROASTER = keyFromByte(0x45);
const SHOP = keyFromByte(0x46);
const CUSTOMER = keyFromByte(0x47);
const PHOTO = new Uint8Array(32).fill(0xaa);

/** Builds the txs of one block, each signer's nonces following on within the block. */
class Block {
  private readonly nonces = new Map<string, bigint>();
  readonly txs: DecodedTx[] = [];
  constructor(private readonly state: MemoryChainState) {}
  private nonce(key: KeyPair): bigint {
    const nonce = this.nonces.get(key.address) ?? getNonce(this.state, key.address);
    this.nonces.set(key.address, nonce + 1n);
    return nonce;
  }
  add<K extends TxKind>(key: KeyPair, kind: K, payload: TxPayloads[K]): this {
    this.txs.push(makeTx(kind, payload, key, { nonce: this.nonce(key) }));
    return this;
  }
  addSigned<K extends TxKind>(keys: KeyPair[], kind: K, payload: TxPayloads[K]): this {
    const body = { chainId: CHAIN_ID, kind, payload, signers: keys.map((key) => ({ publicKey: key.publicKey, nonce: this.nonce(key) })), fee: 1_000_000n } as TxBody;
    this.txs.push(decoded(signTx(body, keys)));
    return this;
  }
}

let height = 0;

/** Runs one block; every tx in it must succeed. Returns each tx's events. */
function commit(state: MemoryChainState, block: Block): LedgerEvent[][] {
  height += 1;
  const execution = runBlock(state, height, block.txs);
  assert.equal(execution.skipped.length, 0);
  for (const receipt of execution.receipts) assert.equal(receipt.code, 'ok', receipt.message);
  return execution.receipts.map((r) => r.events);
}

function history(state: MemoryChainState, id: string): HistoryEntry[] {
  return [...state.entries.keys()]
    .filter((key) => key.startsWith(historyPrefix(id)))
    .sort()
    .map((key) => decodeHistoryEntry(decode(state.entries.get(key)!)));
}

/** Every ancestor of `id`, breadth first, with the item it came from. */
function ancestors(state: MemoryChainState, id: string): string[] {
  const found: string[] = [];
  const queue = [id];
  while (queue.length > 0 && found.length < 100) {
    for (const parent of getItem(state, queue.shift()!)?.parents ?? []) {
      if (!found.includes(parent)) {
        found.push(parent);
        queue.push(parent);
      }
    }
  }
  return found;
}

test('supply chain: farm lots → certified → carried → merged into a blend → split into bags → a bag sold; its ancestry reaches both farms', () => {
  height = 0;
  const state = genesisChain([FARM_A, FARM_B, COOP, CARRIER, ROASTER, SHOP, CUSTOMER].map((key) => [key, 1_000_000n] as [KeyPair, bigint]));
  // The co-op's curated registry: the farms register, the co-op certifies, the carrier carries.
  commit(
    state,
    new Block(state).add(COOP, 'registry.create', {
      name: 'coffee-lots',
      open: false,
      roles: [
        { role: 'registrar', address: FARM_A.address },
        { role: 'registrar', address: FARM_B.address },
        { role: 'attester', eventType: 'certified-organic', address: COOP.address },
        { role: 'attester', eventType: 'custody', address: CARRIER.address },
        { role: 'attester', eventType: 'location', address: CARRIER.address },
      ],
    }),
  );
  const [registeredA, registeredB] = commit(
    state,
    new Block(state)
      .add(FARM_A, 'item.register', { kind: 'coffee-lot', registry: 'coffee-lots', metadata: '{"farm":"Finca A","kg":600}', documents: [PHOTO] })
      .add(FARM_B, 'item.register', { kind: 'coffee-lot', registry: 'coffee-lots', metadata: '{"farm":"Finca B","kg":400}' }),
  );
  const lotA = attributeOf(registeredA, 'item.registered');
  const lotB = attributeOf(registeredB, 'item.registered');
  // Certification and carriage, in one block.
  const carriage = new Block(state);
  for (const lot of [lotA, lotB]) {
    carriage.add(COOP, 'item.attest', { item: lot, type: 'certified-organic', data: '{"certificate":"EU-ORG-123"}', documents: [PHOTO] });
    carriage.add(CARRIER, 'item.attest', { item: lot, type: 'custody', custodian: CARRIER.address });
    carriage.add(CARRIER, 'item.attest', { item: lot, type: 'location', data: '{"port":"Santos"}' });
  }
  commit(state, carriage);
  assert.equal(getItem(state, lotA)?.custodian, CARRIER.address);
  // The farms sell their lots to the roaster, who pays in the same tx; the carrier delivers.
  commit(
    state,
    new Block(state)
      .addSigned([FARM_A, ROASTER], 'item.transfer', { item: lotA, to: ROASTER.address, payment: { asset: NATIVE, amount: 6000n } })
      .addSigned([FARM_B, ROASTER], 'item.transfer', { item: lotB, to: ROASTER.address, payment: { asset: NATIVE, amount: 4000n } })
      .add(CARRIER, 'item.attest', { item: lotA, type: 'custody', custodian: ROASTER.address })
      .add(CARRIER, 'item.attest', { item: lotB, type: 'custody', custodian: ROASTER.address }),
  );
  assert.equal(getBalance(state, FARM_A.address, NATIVE), 1_006_000n);
  assert.equal(getItem(state, lotB)?.custodian, undefined, 'delivered to its owner');
  // The roaster blends and bags.
  const [merged] = commit(state, new Block(state).add(ROASTER, 'item.merge', { items: [lotA, lotB], kind: 'coffee-blend', metadata: '{"roast":"medium"}' }));
  const blend = attributeOf(merged, 'item.created');
  const [split] = commit(state, new Block(state).add(ROASTER, 'item.split', { item: blend, children: Array.from({ length: 4 }, () => ({ kind: 'coffee-bag', metadata: '{"g":250}' })) }));
  const bags = split.filter((e) => e.type === 'item.created').map((e) => e.attributes.item);
  assert.equal(bags.length, 4);
  // The shop buys the bags, then sells one to a customer.
  const buying = new Block(state);
  for (const bag of bags) buying.addSigned([ROASTER, SHOP], 'item.transfer', { item: bag, to: SHOP.address, payment: { asset: NATIVE, amount: 9n } });
  commit(state, buying);
  const [sale] = commit(state, new Block(state).addSigned([SHOP, CUSTOMER], 'item.transfer', { item: bags[2], to: CUSTOMER.address, payment: { asset: NATIVE, amount: 15n } }));
  // A sale with a payment is a trade the two may review (spec/reputation.md §1).
  assert.deepEqual(sale.map((e) => e.type), ['transfer', 'item.transferred', 'trade.recorded']);
  assert.equal(getItem(state, bags[2])?.owner, CUSTOMER.address);

  // The bag's ancestry: the blend, then both farms' lots.
  assert.deepEqual(ancestors(state, bags[2]), [blend, lotA, lotB]);
  const steps = (id: string): string[] => history(state, id).map((e) => (e.action === 'attest' ? `${e.type} by ${e.signer}` : `${e.action} by ${e.signer}`));
  for (const [lot, farm] of [
    [lotA, FARM_A],
    [lotB, FARM_B],
  ] as const) {
    assert.deepEqual(steps(lot), [
      `register by ${farm.address}`,
      `certified-organic by ${COOP.address}`,
      `custody by ${CARRIER.address}`,
      `location by ${CARRIER.address}`,
      `transfer by ${farm.address}`,
      `custody by ${CARRIER.address}`,
      `merge by ${ROASTER.address}`,
    ]);
    assert.equal(getItem(state, lot)?.registry, 'coffee-lots');
  }
  assert.deepEqual(steps(blend), [`create by ${ROASTER.address}`, `split by ${ROASTER.address}`]);
  assert.deepEqual(steps(bags[2]), [`create by ${ROASTER.address}`, `transfer by ${ROASTER.address}`, `transfer by ${SHOP.address}`]);
  const sold = history(state, bags[2])[2];
  assert.deepEqual([sold.from, sold.to, sold.payment], [SHOP.address, CUSTOMER.address, { asset: NATIVE, amount: 15n }]);
  // Every entry names its tx: (signer, nonce) is one tx, found in the block of `height`.
  const certified = history(state, lotA)[1];
  assert.equal(certified.height, 3);
  assert.equal(certified.documents?.length, 1);
});
