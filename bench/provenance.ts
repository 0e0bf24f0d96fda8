/**
 * Time to verify a provenance report of 100 events (issue "Recordation": goal under 200 ms).
 * Builds, purely in memory, a chain of 100 blocks signed by 4 validators, each block holding one event
 * of one item (a register, then 99 attests) among 49 other transfers, so that every event needs its
 * own block, commit (4 signatures) and paths of 6 hashes: the most work 100 events can take. Then
 * times `verifyReport` on the report's text with the node:crypto verifier (what `agora verify` uses)
 * and with the browser-safe one (what the web app uses).
 *   node --import tsx bench/provenance.ts        (also run by `npm run bench`, BENCH_ONLY=provenance)
 */
import { HEADER_FORMAT_VERSION } from '../src/chain/versions.ts';
import { genesisSeed, seedAlpha } from '../src/chain/seed.ts';
import { vrfProofToHash } from '../src/crypto/vrf.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { blockHash, type Block, type Commit, type Header } from '../src/chain/block.ts';
import { buildBlockBody, type ChainStateReader } from '../src/chain/execute.ts';
import { TrieUpdate, type TrieNodeWrites } from '../src/chain/state-trie.ts';
import { normalizeValidators, validatorsHash } from '../src/chain/validators.ts';
import { voteSignBytes } from '../src/chain/votes.ts';
import { serializeReport } from '../src/client/provenance/report.ts';
import { verifyReport } from '../src/client/provenance/verify.ts';
import { buildItemAttest, buildItemRegister, buildTransfer, signTx } from '../src/client/index.ts';
import { verifyEd25519 } from '../src/crypto/ed25519.ts';
import { verifyEd25519Node } from '../src/crypto/ed25519-node.ts';
import { sha256Hex, utf8, toHex } from '../src/crypto/hash.ts';
import { KeyPair } from '../src/crypto/keys.ts';
import { genesisWrites } from '../src/ledger/genesis.ts';
import { itemIdFor } from '../src/ledger/records/ids.ts';
import { EMPTY_STATE, MemoryState, type StateWrites } from '../src/ledger/state.ts';
import { decodeTx, isRejection } from '../src/ledger/tx.ts';
import type { ChainParams, DecodedTx, Receipt } from '../src/ledger/types.ts';
import { buildProvenanceReport, type ReportStore } from '../src/node/provenance.ts';
import { machine } from './machine.ts';
import { writeSummary } from './summary.ts';

const EVENTS = 100;
const TXS_PER_BLOCK = 50;
const CHAIN = 'agora-bench-provenance';
const PARAMS: ChainParams = { nativeAsset: 'AGR', fees: { perByte: 0n, base: {} } };

class BenchChain extends MemoryState implements ChainStateReader, ReportStore {
  readonly nodes = new Map<string, Uint8Array>();
  readonly blocks = new Map<number, { block: Block; commit: Commit }>();
  readonly receipts = new Map<string, Receipt>();
  getNode(path: string): Uint8Array | undefined {
    return this.nodes.get(path);
  }
  commitWrites(stateWrites: StateWrites, trieWrites: TrieNodeWrites): void {
    this.apply(stateWrites);
    for (const [path, bytes] of trieWrites) {
      if (bytes === null) this.nodes.delete(path);
      else this.nodes.set(path, bytes);
    }
  }
  getBlock(height: number): { block: Block; commit: Commit } | undefined {
    return this.blocks.get(height);
  }
  getReceipt(id: string): Receipt | undefined {
    return this.receipts.get(id);
  }
  height(): number {
    return this.blocks.size;
  }
}

function key(i: number): KeyPair {
  const seed = new Uint8Array(32);
  new DataView(seed.buffer).setUint32(0, i + 1);
  return new KeyPair(seed);
}

function decoded(bytes: Uint8Array): DecodedTx {
  const tx = decodeTx(bytes);
  if (isRejection(tx)) throw new Error(tx.message);
  return tx;
}

export function buildBenchChain(): { chain: BenchChain; item: string; validators: ReturnType<typeof normalizeValidators> } {
  const owner = key(0);
  const fillers = Array.from({ length: TXS_PER_BLOCK - 1 }, (_, i) => key(100 + i));
  const validatorKeys = [1, 2, 3, 4].map((i) => key(1000 + i));
  const validators = normalizeValidators(validatorKeys.map((k) => ({ address: k.address, publicKey: k.publicKey, power: 10n })));
  const chain = new BenchChain();
  const genesis = genesisWrites(EMPTY_STATE, { nativeAsset: { symbol: 'AGR', name: 'Agora', decimals: 6 }, allocations: [owner, ...fillers].map((k) => ({ address: k.address, amount: 10n ** 12n })) });
  const trie = new TrieUpdate(chain);
  trie.applyWrites(genesis.writes());
  chain.commitWrites(genesis.writes(), trie.finish().writes);
  const item = itemIdFor(CHAIN, owner.address, 0n, 0);
  let previousHash = sha256Hex(utf8('bench genesis'));
  let seed = genesisSeed(previousHash);
  for (let height = 1; height <= EVENTS; height++) {
    const common = { chainId: CHAIN, from: owner.publicKey, nonce: BigInt(height - 1), fee: 0n };
    const event = height === 1
      ? signTx(buildItemRegister({ ...common, kind: 'coffee-lot', metadata: JSON.stringify({ lot: 1, kg: 600 }) }), [owner])
      : signTx(buildItemAttest({ ...common, item, type: 'sensor', data: JSON.stringify({ celsius: 18 + (height % 5), humidity: 61 }) }), [owner]);
    const txs = fillers.map((k) => decoded(signTx(buildTransfer({ chainId: CHAIN, from: k.publicKey, nonce: BigInt(height - 1), fee: 0n, transfers: [{ to: owner.address, asset: 'AGR', amount: 1n }] }), [k]).bytes));
    txs.splice(height % TXS_PER_BLOCK, 0, decoded(event.bytes));
    const ctx = { chainId: CHAIN, height, timeMs: 1_800_000_000_000 + height * 1000, proposer: validators[height % 4].address, params: PARAMS };
    const execution = buildBlockBody(chain, ctx, txs);
    if (execution.txs.length !== TXS_PER_BLOCK || execution.receipts.some((r) => r.code !== 'ok')) throw new Error(`block ${height} did not take every tx`);
    chain.commitWrites(execution.stateWrites, execution.trieWrites);
    const proposerKey = validatorKeys.find((k) => k.address === ctx.proposer)!;
    const seedProof = proposerKey.proveSeed(seedAlpha(seed, height));
    seed = vrfProofToHash(seedProof);
    const header: Header = { version: HEADER_FORMAT_VERSION, chainId: CHAIN, height, timeMs: ctx.timeMs, previousHash, txRoot: execution.txRoot, resultsRoot: execution.resultsRoot, stateRoot: execution.stateRoot, proposer: ctx.proposer, seedProof: toHex(seedProof), validatorsHash: validatorsHash(validators), nextValidatorsHash: validatorsHash(validators), txCount: execution.txs.length, evidenceRoot: execution.evidenceRoot };
    const hash = blockHash(header);
    const precommit = voteSignBytes(CHAIN, { type: 'precommit', height, round: 0, blockHash: hash });
    const commit: Commit = { height, round: 0, blockHash: hash, signatures: validatorKeys.map((k) => ({ validator: k.address, signature: k.sign(precommit) })) };
    chain.blocks.set(height, { block: { header, txs: execution.txs.map((t) => t.bytes), evidence: [] }, commit });
    for (const receipt of execution.receipts) chain.receipts.set(receipt.txId, receipt);
    previousHash = hash;
  }
  return { chain, item, validators };
}

function time(runs: number, work: () => void): { medianMs: number; minMs: number; maxMs: number; runs: number } {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  return { medianMs: round(times[Math.floor(times.length / 2)]), minMs: round(times[0]), maxMs: round(times[times.length - 1]), runs };
}

export async function provenanceBench(): Promise<void> {
  console.log(`provenance: building ${EVENTS} blocks of ${TXS_PER_BLOCK} txs signed by 4 validators…`);
  const { chain, item, validators } = buildBenchChain();
  const text = serializeReport(buildProvenanceReport(chain, CHAIN, validators, item));
  // The bench chain's one validator set is the anchor, as a genesis would give it (spec/provenance.md §1).
  const anchor = { validatorsHash: validatorsHash(validators), chainId: CHAIN };
  const check = verifyReport(text, { verify: verifyEd25519Node, anchor });
  if (!check.ok || check.proven.length !== EVENTS) throw new Error(`the bench report does not verify: ${JSON.stringify(check.problems.slice(0, 3))}`);
  time(3, () => verifyReport(text, { verify: verifyEd25519Node, anchor }));
  const node = time(21, () => verifyReport(text, { verify: verifyEd25519Node, anchor }));
  const browser = time(5, () => verifyReport(text, { verify: verifyEd25519, anchor }));
  console.log(`verify a ${EVENTS}-event report (${text.length} bytes): node:crypto median ${node.medianMs} ms, browser-safe median ${browser.medianMs} ms`);
  const result = {
    name: 'provenance-verify',
    date: new Date().toISOString(),
    machine: machine(),
    command: 'npm run bench (BENCH_ONLY=provenance)',
    params: { events: EVENTS, blocks: EVENTS, txsPerBlock: TXS_PER_BLOCK, validators: 4, signaturesChecked: EVENTS * 5, reportBytes: text.length },
    goal: { verifyMs: 200 },
    verify: { nodeCrypto: node, browserSafe: browser },
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/provenance-verify.json', `${JSON.stringify(result, null, 2)}\n`);
  writeSummary();
}

if (process.argv[1]?.endsWith('provenance.ts')) await provenanceBench();
