// Catch-up replay throughput (spec/node.md §Catch-up replay; issue 13 asks ≥ 20,000 tx/s): blocks of
// signed transfers with the commits of four validators are replayed by LocalChain as block sync does
// (checkSynced, then commit to a real LMDB store), and compared with the signature checks the replay
// no longer makes.
// Run: node --import tsx bench/replay.ts [blocks] [txs-per-block]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blockHash, type Block, type Commit } from '../src/chain/block.ts';
import { parseGenesis } from '../src/chain/genesis.ts';
import { voteSignBytes } from '../src/chain/votes.ts';
import { verifyEd25519Node } from '../src/crypto/ed25519-node.ts';
import { KeyPair } from '../src/crypto/keys.ts';
import { decodeTx, encodeTx, isRejection, txSignBytes } from '../src/ledger/tx.ts';
import type { DecodedTx, TxBody } from '../src/ledger/types.ts';
import { genesisJson } from '../src/node/home.ts';
import { LocalChain } from '../src/node/local-chain.ts';
import { ChainStore } from '../src/store/chain-store.ts';

const BLOCKS = Number(process.argv[2] ?? '20');
const TXS_PER_BLOCK = Number(process.argv[3] ?? '1000');
const SENDERS = 1_000;
const GENESIS_TIME_MS = 1_700_000_000_000;

const validators = Array.from({ length: 4 }, (_, i) => new KeyPair(new Uint8Array(32).fill(100 + i)));
const senders = Array.from({ length: SENDERS }, (_, i) => {
  const seed = new Uint8Array(32);
  new DataView(seed.buffer).setUint32(0, i + 1);
  return new KeyPair(seed);
});
const genesis = parseGenesis(genesisJson('agora-replay-bench', GENESIS_TIME_MS, validators, senders.map((key) => ({ address: key.address, amount: 10n ** 12n }))));

function transfer(from: KeyPair, to: KeyPair, nonce: bigint): DecodedTx {
  const body = { chainId: genesis.chainId, kind: 'transfer', payload: { transfers: [{ to: to.address, asset: 'AGR', amount: 1n }] }, signers: [{ publicKey: from.publicKey, nonce }], fee: 0n } as TxBody;
  const decoded = decodeTx(encodeTx({ body, signatures: [from.sign(txSignBytes(body))] }));
  if (isRejection(decoded)) throw new Error(decoded.message);
  return decoded;
}

function commitFor(block: Block): Commit {
  const hash = blockHash(block.header);
  const message = voteSignBytes(genesis.chainId, { type: 'precommit', height: block.header.height, round: 0, blockHash: hash });
  return { height: block.header.height, round: 0, blockHash: hash, signatures: validators.map((key) => ({ validator: key.address, signature: key.sign(message) })) };
}

async function openChain(dir: string): Promise<{ chain: LocalChain; store: ChainStore }> {
  const store = new ChainStore(dir);
  const chain = new LocalChain(genesis, store, verifyEd25519Node);
  await chain.init();
  return { chain, store };
}

const root = mkdtempSync(join(tmpdir(), 'agora-replay-bench-'));
try {
  // The chain to replay, built and committed by a proposer (not measured).
  const built = await openChain(join(root, 'builder'));
  const synced: { block: Block; commit: Commit }[] = [];
  let nonce = 0n;
  for (let height = 1; height <= BLOCKS; height++) {
    const txs: DecodedTx[] = [];
    for (let i = 0; i < TXS_PER_BLOCK; i++) {
      const index = ((height - 1) * TXS_PER_BLOCK + i) % SENDERS;
      if (index === 0 && txs.length + (height - 1) * TXS_PER_BLOCK > 0) nonce++;
      txs.push(transfer(senders[index], senders[(index + 1) % SENDERS], nonce));
    }
    const proposer = validators[height % validators.length];
    const candidate = built.chain.build(proposer.address, GENESIS_TIME_MS + height * 1_000, txs, (alpha) => proposer.proveSeed(alpha));
    if (candidate.block.txs.length !== TXS_PER_BLOCK) throw new Error(`block ${height} holds ${candidate.block.txs.length} txs`);
    const commit = commitFor(candidate.block);
    await built.chain.commit(candidate, commit);
    synced.push({ block: candidate.block, commit });
  }
  await built.store.close();

  // The replay: what block sync does with each answer (shell/block-sync.ts apply), into a fresh store.
  const replayer = await openChain(join(root, 'replayer'));
  const started = performance.now();
  let checkMs = 0;
  for (const { block, commit } of synced) {
    const checkStarted = performance.now();
    const checked = replayer.chain.checkSynced(block, commit);
    checkMs += performance.now() - checkStarted;
    if ('code' in checked) throw new Error(`block ${block.header.height}: ${checked.code}: ${checked.message}`);
    await replayer.chain.commit(checked, commit);
  }
  const seconds = (performance.now() - started) / 1000;
  await replayer.store.close();

  // What re-verifying every tx would add, on this thread.
  const all = synced.flatMap(({ block }) => block.txs.map((bytes) => decodeTx(bytes) as DecodedTx));
  const verifyStarted = performance.now();
  for (const tx of all) verifyEd25519Node(tx.tx.body.signers[0].publicKey, tx.signBytes, tx.tx.signatures[0]);
  const verifySeconds = (performance.now() - verifyStarted) / 1000;

  const txs = BLOCKS * TXS_PER_BLOCK;
  console.log(`replayed ${BLOCKS} blocks of ${TXS_PER_BLOCK} transfers (${txs} txs) in ${seconds.toFixed(2)} s: ${Math.round(txs / seconds)} tx/s, ${Math.round((seconds * 1e6) / txs)} µs/tx`);
  console.log(`of which checking (commit, execution, roots) ${Math.round((checkMs * 1000) / txs)} µs/tx, committing to LMDB ${Math.round(((seconds * 1000 - checkMs) * 1000) / txs)} µs/tx`);
  console.log(`re-verifying their signatures would add ${verifySeconds.toFixed(2)} s (${Math.round((verifySeconds * 1e6) / txs)} µs/tx): ${Math.round(txs / (seconds + verifySeconds))} tx/s`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
