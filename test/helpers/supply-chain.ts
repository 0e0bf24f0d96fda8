// The supply-chain scenario of issue 4, written once over a `submit` function so that it runs on an
// in-process validator (test/client/provenance.test.ts) and on a 4-validator testnet of real
// processes (test/integration/supply-chain.test.ts): two farms register a lot each in a curated
// `coffee` registry → the co-op certifies both → a carrier takes custody → the roaster buys both,
// merges them into a blend and splits it into bags → a shop buys a bag.
import { buildItemAttest, buildItemMerge, buildItemRegister, buildItemSale, buildItemSplit, buildRegistryCreate, documentHash, newItemIds, signTx } from '../../src/client/index.ts';
import type { KeyPair } from '../../src/crypto/keys.ts';
import { utf8 } from '../../src/crypto/hash.ts';
import type { TxBody } from '../../src/ledger/types.ts';

export interface Committed {
  height: number;
  code: string;
  events: { type: string; attributes: { [key: string]: string } }[];
}

/** Sends a signed tx and resolves when it is committed (whatever its code). */
export type Submit = (bytes: Uint8Array, id: string) => Promise<Committed>;

export interface Cast {
  farmA: KeyPair;
  farmB: KeyPair;
  coop: KeyPair;
  carrier: KeyPair;
  roaster: KeyPair;
  shop: KeyPair;
}

export interface SupplyChain {
  registry: string;
  lotA: string;
  lotB: string;
  blend: string;
  bags: string[];
  /** The bag the shop bought. */
  bag: string;
  /** Every step, in order, for the assertions: what happened to which item. */
  steps: { item: string; action: string; by: string }[];
}

export const REGISTRY = 'coffee';
/** A fee cap: the fee charged is the schedule's (spec/ledger.md §3). */
const FEE = 10_000_000n;

export async function runSupplyChain(chainId: string, cast: Cast, submit: Submit, nativeAsset = 'AGR'): Promise<SupplyChain> {
  const nonces = new Map<string, bigint>();
  const next = (key: KeyPair): bigint => {
    const nonce = nonces.get(key.address) ?? 0n;
    nonces.set(key.address, nonce + 1n);
    return nonce;
  };
  const common = (key: KeyPair) => ({ chainId, from: key.publicKey, nonce: next(key), fee: FEE });
  const send = async (body: TxBody, keys: KeyPair[]): Promise<Committed> => {
    const signed = signTx(body, keys);
    const committed = await submit(signed.bytes, signed.id);
    if (committed.code !== 'ok') throw new Error(`${body.kind} by ${keys[0].address} failed: ${committed.code}`);
    return committed;
  };
  const steps: SupplyChain['steps'] = [];

  await send(
    buildRegistryCreate({
      ...common(cast.coop),
      name: REGISTRY,
      roles: [
        { role: 'registrar', address: cast.farmA.address },
        { role: 'registrar', address: cast.farmB.address },
        { role: 'attester', eventType: 'certified-organic', address: cast.coop.address },
        { role: 'attester', eventType: 'custody', address: cast.carrier.address },
      ],
    }),
    [cast.coop],
  );

  const register = async (farm: KeyPair, name: string): Promise<string> => {
    const committed = await send(
      buildItemRegister({ ...common(farm), kind: 'coffee-lot', registry: REGISTRY, metadata: JSON.stringify({ farm: name, kg: 600, harvest: '2026-10' }), documents: [documentHash(utf8(`${name} harvest photo`))] }),
      [farm],
    );
    const [id] = newItemIds(committed.events);
    steps.push({ item: id, action: 'register', by: farm.address });
    return id;
  };
  const lotA = await register(cast.farmA, 'Finca A');
  const lotB = await register(cast.farmB, 'Finca B');

  const attest = async (key: KeyPair, item: string, type: string, extra: { data?: string; custodian?: string } = {}): Promise<void> => {
    await send(buildItemAttest({ ...common(key), item, type, ...extra }), [key]);
    steps.push({ item, action: 'attest', by: key.address });
  };
  for (const lot of [lotA, lotB]) await attest(cast.coop, lot, 'certified-organic', { data: JSON.stringify({ certificate: `ORG-${lot.slice(-6)}`, standard: 'EU 2018/848' }) });
  for (const lot of [lotA, lotB]) await attest(cast.carrier, lot, 'custody', { custodian: cast.carrier.address, data: JSON.stringify({ container: 'MSCU-1234567' }) });

  const sell = async (owner: KeyPair, buyer: KeyPair, item: string, amount: bigint): Promise<void> => {
    const body = buildItemSale({ ...common(owner), item, buyer: { publicKey: buyer.publicKey, nonce: next(buyer) }, price: { asset: nativeAsset, amount } });
    await send(body, [owner, buyer]);
    steps.push({ item, action: 'transfer', by: owner.address });
  };
  await sell(cast.farmA, cast.roaster, lotA, 3_000_000n);
  await sell(cast.farmB, cast.roaster, lotB, 2_500_000n);
  // The carrier delivers: the roaster, now the owner, takes custody back.
  for (const lot of [lotA, lotB]) await attest(cast.roaster, lot, 'custody', { custodian: cast.roaster.address, data: JSON.stringify({ delivered: 'roastery' }) });

  const merged = await send(buildItemMerge({ ...common(cast.roaster), items: [lotA, lotB], kind: 'coffee-blend', metadata: JSON.stringify({ blend: 'House', roast: 'medium' }) }), [cast.roaster]);
  const [blend] = newItemIds(merged.events);
  steps.push({ item: lotA, action: 'merge', by: cast.roaster.address }, { item: lotB, action: 'merge', by: cast.roaster.address }, { item: blend, action: 'create', by: cast.roaster.address });

  const split = await send(buildItemSplit({ ...common(cast.roaster), item: blend, children: [1, 2, 3].map((n) => ({ kind: 'coffee-bag', metadata: JSON.stringify({ bag: n, grams: 250 }) })) }), [cast.roaster]);
  const bags = newItemIds(split.events);
  steps.push({ item: blend, action: 'split', by: cast.roaster.address }, ...bags.map((bag) => ({ item: bag, action: 'create', by: cast.roaster.address })));

  await sell(cast.roaster, cast.shop, bags[0], 12_000n);
  await attest(cast.shop, bags[0], 'shelved', { data: JSON.stringify({ shop: 'Corner Coffee', shelf: 3 }) });
  return { registry: REGISTRY, lotA, lotB, blend, bags, bag: bags[0], steps };
}
