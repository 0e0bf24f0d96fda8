// What the replay and state-sync benches share: a genesis of 4 validators and funded senders, signed
// transfers, a commit of all 4 validators for a block, and a chain opened on a real LMDB store with
// the node's indexers, as a node opens it.
import { blockHash, type Block, type Commit } from '../src/chain/block.ts';
import { parseGenesis, type Genesis } from '../src/chain/genesis.ts';
import { voteSignBytes } from '../src/chain/votes.ts';
import { verifyEd25519Node } from '../src/crypto/ed25519-node.ts';
import { KeyPair } from '../src/crypto/keys.ts';
import { decodeTx, encodeTx, isRejection, txSignBytes } from '../src/ledger/tx.ts';
import type { DecodedTx, TxBody } from '../src/ledger/types.ts';
import { genesisJson } from '../src/node/home.ts';
import { LocalChain } from '../src/node/local-chain.ts';
import { MARKET_INDEXERS } from '../src/node/market-index.ts';
import { WORK_INDEXERS } from '../src/node/work-index.ts';
import { ChainStore } from '../src/store/chain-store.ts';

export const GENESIS_TIME_MS = 1_700_000_000_000;

export interface BenchChain {
  genesis: Genesis;
  validators: KeyPair[];
  senders: KeyPair[];
  /** A signed transfer of 1 AGR, fee 0, decoded as ingress decodes it. */
  transfer(from: KeyPair, to: string, nonce: bigint): DecodedTx;
  /** The precommits of all 4 validators for `block` at round 0. */
  commitFor(block: Block): Commit;
  openChain(dir: string): Promise<{ chain: LocalChain; store: ChainStore }>;
}

export function benchChain(chainId: string, senderCount: number): BenchChain {
  const validators = Array.from({ length: 4 }, (_, i) => new KeyPair(new Uint8Array(32).fill(100 + i)));
  const senders = Array.from({ length: senderCount }, (_, i) => {
    const seed = new Uint8Array(32);
    new DataView(seed.buffer).setUint32(0, i + 1);
    return new KeyPair(seed);
  });
  const genesis = parseGenesis(genesisJson(chainId, GENESIS_TIME_MS, validators, senders.map((key) => ({ address: key.address, amount: 10n ** 12n }))));
  return {
    genesis,
    validators,
    senders,
    transfer(from, to, nonce) {
      const body = { chainId: genesis.chainId, kind: 'transfer', payload: { transfers: [{ to, asset: 'AGR', amount: 1n }] }, signers: [{ publicKey: from.publicKey, nonce }], fee: 0n } as TxBody;
      const decoded = decodeTx(encodeTx({ body, signatures: [from.sign(txSignBytes(body))] }));
      if (isRejection(decoded)) throw new Error(decoded.message);
      return decoded;
    },
    commitFor(block) {
      const hash = blockHash(block.header);
      const message = voteSignBytes(genesis.chainId, { type: 'precommit', height: block.header.height, round: 0, blockHash: hash });
      return { height: block.header.height, round: 0, blockHash: hash, signatures: validators.map((key) => ({ validator: key.address, signature: key.sign(message) })) };
    },
    async openChain(dir) {
      const store = new ChainStore(dir, { indexers: [...MARKET_INDEXERS, ...WORK_INDEXERS] }); // as a node opens it
      const chain = new LocalChain(genesis, store, verifyEd25519Node);
      await chain.init();
      return { chain, store };
    },
  };
}
