// Writes the "objects" section of encoding.json: signed txs, a header, a block, a commit, vote and
// proposal sign bytes, a validator set, a state trie and merkle roots, all from fixed seeds.
//
//   node --import tsx test/codec/vectors/generate.ts
//
// Run it only when an encoding changes on purpose, then review the diff: the committed vectors are
// the contract (spec/encoding.md), and the tests check the code against them in both directions.
import { GENESIS_FORMAT_VERSION, HEADER_FORMAT_VERSION } from '../../../src/chain/versions.ts';
import { genesisSeed, seedAlpha } from '../../../src/chain/seed.ts';
import { readFileSync, writeFileSync } from 'node:fs';
import { encode } from '../../../src/codec/cbor.ts';
import { blockHash, encodeBlock, encodeCommit, encodeHeader, type Commit, type Header } from '../../../src/chain/block.ts';
import { duplicateVoteEvidence, encodeEvidence, evidenceToJson, offenceKey, proposalEvidence } from '../../../src/chain/evidence.ts';
import { merkleRoot, merkleRootOf } from '../../../src/chain/merkle.ts';
import { encodeReceipt } from '../../../src/chain/receipts.ts';
import { resultBytes, resultsRoot } from '../../../src/chain/results.ts';
import type { Receipt } from '../../../src/ledger/types.ts';
import { TrieUpdate } from '../../../src/chain/state-trie.ts';
import { validatorsHash, normalizeValidators, validatorsToJson } from '../../../src/chain/validators.ts';
import { parseGenesis, type GenesisJson } from '../../../src/chain/genesis.ts';
import { genesisWrites } from '../../../src/ledger/genesis.ts';
import { EMPTY_STATE } from '../../../src/ledger/state.ts';
import { proposalSignBytes, voteSignBytes } from '../../../src/chain/votes.ts';
import { sha256Hex, toHex, utf8 } from '../../../src/crypto/hash.ts';
import { txIdOf, txSignBytes } from '../../../src/ledger/tx.ts';
import { itemIdFor } from '../../../src/ledger/records/ids.ts';
import type { TxBody } from '../../../src/ledger/types.ts';
import { approvalBytes } from '../../../src/ledger/validators/update-decode.ts';
import { contractAddressFor } from '../../../src/ledger/accounts/contract-account.ts';
import { bodyToJson, keyFromByte, signTx } from '../../ledger/fixtures.ts';

const CHAIN = 'agora-vectors';
const alice = keyFromByte(1);
const bob = keyFromByte(2);
const carol = keyFromByte(3);
const validatorKeys = [0x11, 0x12, 0x13, 0x14].map(keyFromByte);

const keys = [
  ['alice', 1, alice],
  ['bob', 2, bob],
  ['carol', 3, carol],
  ...validatorKeys.map((key, i) => [`validator${i}`, 0x11 + i, key] as const),
].map(([name, byte, key]) => ({
  name,
  seed: toHex(new Uint8Array(32).fill(byte as number)),
  publicKey: toHex((key as typeof alice).publicKey),
  address: (key as typeof alice).address,
}));

function body(kind: string, payload: object, nonce: bigint, fee: bigint, expiresAt?: number): TxBody {
  const b = { chainId: CHAIN, kind, payload, signers: [{ publicKey: alice.publicKey, nonce }], fee } as TxBody;
  if (expiresAt !== undefined) b.expiresAt = expiresAt;
  return b;
}

const bodies: [string, TxBody][] = [
  ['transfer', body('transfer', { transfers: [{ to: bob.address, asset: 'AGR', amount: 1_000_000n }] }, 0n, 1000n)],
  [
    'transfer of two assets to two recipients, with expiry',
    body(
      'transfer',
      {
        transfers: [
          { to: bob.address, asset: 'AGR', amount: 5n },
          { to: carol.address, asset: 'GOLD', amount: 2n ** 64n },
        ],
      },
      1n,
      2000n,
      100,
    ),
  ],
  [
    'asset.create with every field',
    body('asset.create', { symbol: 'GOLD', name: 'Gold grams', decimals: 3, supply: 2n ** 70n, maxSupply: 2n ** 128n - 1n, mintAuthority: alice.address }, 2n, 20_000n),
  ],
  ['asset.create with a fixed supply', body('asset.create', { symbol: 'PTS', name: 'Points', decimals: 0, supply: 0n }, 3n, 20_000n)],
  ['asset.mint', body('asset.mint', { asset: 'GOLD', to: carol.address, amount: 7n }, 4n, 1000n)],
  ['asset.burn', body('asset.burn', { asset: 'GOLD', amount: 1n }, 5n, 1000n)],
  // Records (spec/ledger.md §7.2).
  [
    'registry.create, curated, with a registrar and an attester',
    body('registry.create', { name: 'coffee', open: false, roles: [{ role: 'registrar', address: bob.address }, { role: 'attester', eventType: 'certified-organic', address: carol.address }] }, 6n, 1000n),
  ],
  ['item.register with metadata and a custodian', body('item.register', { kind: 'coffee-lot', registry: 'coffee', custodian: carol.address, metadata: '{"kg":600}' }, 7n, 1000n)],
  ['item.attest: custody', body('item.attest', { item: itemIdFor(CHAIN, alice.address, 7n, 0), type: 'custody', custodian: bob.address, data: '{"container":"MSCU-1"}' }, 8n, 1000n)],
  ['item.split into two', body('item.split', { item: itemIdFor(CHAIN, alice.address, 7n, 0), children: [{ kind: 'coffee-bag', metadata: '{"bag":1}' }, { kind: 'coffee-bag' }] }, 9n, 1000n)],
  ['item.merge of two', body('item.merge', { items: [itemIdFor(CHAIN, alice.address, 9n, 0), itemIdFor(CHAIN, alice.address, 9n, 1)], kind: 'coffee-blend' }, 10n, 1000n)],
  ['item.fractionalize', body('item.fractionalize', { item: itemIdFor(CHAIN, alice.address, 10n, 0), symbol: 'BLEND', shares: 1000n }, 11n, 1000n)],
  ['item.transfer', body('item.transfer', { item: itemIdFor(CHAIN, alice.address, 7n, 0), to: bob.address }, 12n, 1000n)],
  // Contracts (spec/ledger.md §8.2–§8.4). Contract addresses are derived as §8.1 says, from alice's address and nonces 13, 19 and 22.
  [
    'escrow.create with an arbiter and two tranches, one with an item',
    body('escrow.create', { payee: bob.address, arbiter: carol.address, deadlineMs: 1_767_225_600_000, onExpiry: 'refund', tranches: [{ assets: [{ asset: 'AGR', amount: 300n }] }, { assets: [{ asset: 'GOLD', amount: 2n ** 64n }], items: [itemIdFor(CHAIN, alice.address, 10n, 0)] }] }, 13n, 1000n),
  ],
  ['escrow.release of tranche 1', body('escrow.release', { escrow: contractAddressFor(CHAIN, alice.address, 13n, 0), tranche: 1 }, 14n, 1000n)],
  ['escrow.refund', body('escrow.refund', { escrow: contractAddressFor(CHAIN, alice.address, 13n, 0) }, 15n, 1000n)],
  ['escrow.dispute', body('escrow.dispute', { escrow: contractAddressFor(CHAIN, alice.address, 13n, 0) }, 16n, 1000n)],
  ['escrow.resolve giving the payee part of an asset', body('escrow.resolve', { escrow: contractAddressFor(CHAIN, alice.address, 13n, 0), toPayee: { assets: [{ asset: 'AGR', amount: 120n }] } }, 17n, 1000n)],
  ['escrow.settle', body('escrow.settle', { escrow: contractAddressFor(CHAIN, alice.address, 13n, 0) }, 18n, 1000n)],
  [
    'offer.create to a named counterparty',
    body('offer.create', { counterparty: bob.address, give: { items: [itemIdFor(CHAIN, alice.address, 7n, 0)] }, ask: { assets: [{ asset: 'AGR', amount: 5000n }] }, deadlineMs: 1_767_225_600_000 }, 19n, 1000n),
  ],
  ['offer.accept', body('offer.accept', { offer: contractAddressFor(CHAIN, alice.address, 19n, 0) }, 20n, 1000n)],
  ['offer.cancel', body('offer.cancel', { offer: contractAddressFor(CHAIN, alice.address, 19n, 0) }, 21n, 1000n)],
  ['split.create of three members', body('split.create', { members: [{ address: alice.address, weight: 50 }, { address: bob.address, weight: 30 }, { address: carol.address, weight: 20 }] }, 22n, 1000n)],
  [
    'swap between alice and bob, signed by both',
    withCosigners(body('swap', { legs: [{ from: alice.address, to: bob.address, items: [itemIdFor(CHAIN, alice.address, 7n, 0)] }, { from: bob.address, to: alice.address, assets: [{ asset: 'AGR', amount: 900n }] }] }, 23n, 1000n), [[bob, 0n]]),
  ],
  // Rentals and streams (spec/ledger.md §8.5, §8.6). The rental is the contract of alice's nonce 24, the stream of nonce 31 (§8.1).
  [
    'rental.offer by the day with a deposit and an arbiter',
    body('rental.offer', { item: itemIdFor(CHAIN, alice.address, 7n, 0), asset: 'AGR', pricePerPeriod: 4000n, periodMs: 86_400_000, minPeriods: 1, maxPeriods: 14, deposit: 20_000n, arbiter: carol.address, claimWindowMs: 259_200_000 }, 24n, 1000n),
  ],
  ['rental.book of 3 periods from a start', body('rental.book', { rental: contractAddressFor(CHAIN, alice.address, 24n, 0), periods: 3, startMs: 1_767_225_600_000 }, 25n, 1000n)],
  ['rental.return', body('rental.return', { rental: contractAddressFor(CHAIN, alice.address, 24n, 0), booking: 0 }, 26n, 1000n)],
  ['rental.claim with a reason', body('rental.claim', { rental: contractAddressFor(CHAIN, alice.address, 24n, 0), booking: 0, reason: 'scratch on the rear bumper' }, 27n, 1000n)],
  ['rental.resolve', body('rental.resolve', { rental: contractAddressFor(CHAIN, alice.address, 24n, 0), booking: 0, toOwner: 6500n }, 28n, 1000n)],
  ['rental.settle', body('rental.settle', { rental: contractAddressFor(CHAIN, alice.address, 24n, 0) }, 29n, 1000n)],
  ['rental.close', body('rental.close', { rental: contractAddressFor(CHAIN, alice.address, 24n, 0) }, 30n, 1000n)],
  ['stream.open with a deposit of 2^64', body('stream.open', { payee: bob.address, asset: 'AGR', ratePerSecond: 5n, deposit: 2n ** 64n }, 31n, 1000n)],
  ['stream.withdraw of an amount', body('stream.withdraw', { stream: contractAddressFor(CHAIN, alice.address, 31n, 0), amount: 3000n }, 32n, 1000n)],
  ['stream.stop', body('stream.stop', { stream: contractAddressFor(CHAIN, alice.address, 31n, 0) }, 33n, 1000n)],
  // reputation (spec/reputation.md §2): a trade id is 32 bytes; the commitment hashes the review and a salt
  ['review.commit', body('review.commit', { trade: new Uint8Array(32).fill(0xab), subject: bob.address, commitment: new Uint8Array(32).fill(0xcd) }, 34n, 1000n)],
  [
    'review.reveal with dimensions and a text hash',
    body('review.reveal', { trade: new Uint8Array(32).fill(0xab), subject: bob.address, rating: 4, dimensions: { shipping: 3, 'as-described': 5 }, textHash: new Uint8Array(32).fill(0x01), salt: new Uint8Array(32).fill(0x07) }, 35n, 1000n),
  ],
  ['review.reply', body('review.reply', { trade: new Uint8Array(32).fill(0xab), reviewer: bob.address, textHash: new Uint8Array(32).fill(0x02) }, 36n, 1000n)],
  // Approvals sign approvalBytes (spec/ledger.md §10.2): validator 0 and 1 approve removing validator 3 and adding bob.
  ['validators.update removing one validator and adding one', body('validators.update', validatorsUpdatePayload(), 37n, 1000n)],
];

function validatorsUpdatePayload(): object {
  const changes = [{ publicKey: validatorKeys[3].publicKey, power: 0n }, { publicKey: bob.publicKey, power: 5n }];
  const message = approvalBytes(CHAIN, 2n, changes);
  return { sequence: 2n, changes, approvals: validatorKeys.slice(0, 2).map((k) => ({ validator: k.address, signature: k.sign(message) })) };
}

/** The body with more signers after alice (a multi-party tx); their names go in the vector's `cosigners`. */
function withCosigners(b: TxBody, cosigners: [typeof alice, bigint][]): TxBody {
  return { ...b, signers: [...b.signers, ...cosigners.map(([key, nonce]) => ({ publicKey: key.publicKey, nonce }))] } as TxBody;
}

const nameOf = (publicKey: Uint8Array): string => String(keys.find((k) => k.publicKey === toHex(publicKey))!.name);

const txs = bodies.map(([name, b]) => {
  const cosigners = b.signers.slice(1).map((s) => nameOf(s.publicKey));
  const cosignerKeys = b.signers.slice(1).map((s) => [bob, carol].find((key) => toHex(key.publicKey) === toHex(s.publicKey))!);
  const bytes = signTx(b, [alice, ...cosignerKeys]);
  const signBytes = txSignBytes(b);
  const vector = { name, signer: 'alice', body: bodyToJson(b), signBytes: toHex(signBytes), signature: toHex(alice.sign(signBytes)), hex: toHex(bytes), id: txIdOf(bytes) };
  return cosigners.length === 0 ? vector : { ...vector, cosigners, cosignatures: cosignerKeys.map((key) => toHex(key.sign(signBytes))) };
});

const validators = normalizeValidators(validatorKeys.map((key, i) => ({ address: key.address, publicKey: key.publicKey, power: BigInt(10 * (i + 1)) })));

const blockTxs = txs.slice(0, 2);
const blockReceipts: Receipt[] = [
  { txId: txs[0].id, code: 'ok', fee: 1000n, events: [{ type: 'transfer', attributes: { asset: 'AGR', from: alice.address, to: bob.address, amount: '1000000' } }] },
  { txId: txs[1].id, code: 'insufficient_balance', message: 'balance of GOLD is 0, transfer needs 18446744073709551616', fee: 1000n, events: [] },
];
// The seed proof is validator 0's real ECVRF proof over alpha(1, seed(0)) (src/chain/seed.ts).
const header: Header = {
  version: HEADER_FORMAT_VERSION,
  chainId: CHAIN,
  height: 1,
  timeMs: 1_700_000_000_000,
  previousHash: sha256Hex(utf8('genesis')),
  txRoot: toHex(merkleRoot(blockTxs.map((t) => t.id))),
  resultsRoot: toHex(resultsRoot(blockReceipts)),
  stateRoot: sha256Hex(utf8('state')),
  proposer: validators[0].address,
  seedProof: toHex(validatorKeys.find((k) => k.address === validators[0].address)!.proveSeed(seedAlpha(genesisSeed(sha256Hex(utf8('genesis'))), 1))),
  validatorsHash: validatorsHash(validators),
  nextValidatorsHash: validatorsHash(validators),
  txCount: blockTxs.length,
  evidenceRoot: toHex(merkleRootOf([])),
};
const hash = blockHash(header);
const precommit = voteSignBytes(CHAIN, { type: 'precommit', height: 1, round: 0, blockHash: hash });
const signing = validators.slice(0, 3).map((v) => validatorKeys.find((k) => k.address === v.address)!);
const commit: Commit = { height: 1, round: 0, blockHash: hash, signatures: signing.map((key) => ({ validator: key.address, signature: key.sign(precommit) })) };

const trieEntries: [string, string][] = [
  ['acct/' + alice.address, toHex(encode({ nonce: 1n }))],
  ['asset/AGR', toHex(encode({ symbol: 'AGR', name: 'Agora', decimals: 6, supply: 1000n, creator: 'genesis' }))],
  ['bal/' + alice.address + '/AGR', toHex(encode(600n))],
  ['bal/' + bob.address + '/AGR', toHex(encode(400n))],
];
const trie = new TrieUpdate({ getNode: () => undefined });
for (const [key, value] of trieEntries) trie.put(key, Uint8Array.from(Buffer.from(value, 'hex')));
const trieResult = trie.finish();

const genesisJson: GenesisJson = {
  version: GENESIS_FORMAT_VERSION,
  chainId: CHAIN,
  genesisTimeMs: 1_699_999_999_000,
  nativeAsset: { symbol: 'AGR', name: 'Agora', decimals: 6 },
  allocations: [
    { address: alice.address, amount: '1000000000000000' },
    { address: bob.address, amount: '5000' },
  ],
  validators: validatorsToJson(validators),
  params: { fees: { perByte: '1', base: { transfer: '100', 'asset.create': '1000000' } } },
};
const genesis = parseGenesis(genesisJson);
const genesisTrie = new TrieUpdate({ getNode: () => undefined });
genesisTrie.applyWrites(genesisWrites(EMPTY_STATE, genesis.ledger).writes());

// Evidence (spec/chain.md §6): validator 1 prevoted block A and nil in (5, 1); validator 2 proposed
// blocks A and B for (6, 0). Built with the halves in reverse order: the encoding sorts them.
const blockA = sha256Hex(utf8('block A'));
const blockB = sha256Hex(utf8('block B'));
const v1 = validatorKeys[1];
const v2 = validatorKeys[2];
const voteOf = (blockHash: string | null) => ({ type: 'prevote' as const, height: 5, round: 1, blockHash, validator: v1.address, signature: v1.sign(voteSignBytes(CHAIN, { type: 'prevote', height: 5, round: 1, blockHash })) });
const proposalOf = (blockHash: string) => ({ height: 6, round: 0, blockHash, polRound: -1, proposer: v2.address, signature: v2.sign(proposalSignBytes(CHAIN, { height: 6, round: 0, blockHash, polRound: -1 })) });
const evidencePieces = [duplicateVoteEvidence(CHAIN, voteOf(blockA), voteOf(null)), proposalEvidence(CHAIN, proposalOf(blockB), proposalOf(blockA))];

const merkleIds = [0, 1, 2, 3, 4].map((i) => sha256Hex(utf8(`tx${i}`)));

const objects = {
  chainId: CHAIN,
  keys,
  txs,
  validators: { value: validatorsToJson(validators), hex: toHex(encode(validators.map((v) => ({ address: v.address, publicKey: v.publicKey, power: v.power })))), hash: validatorsHash(validators) },
  header: { value: header, hex: toHex(encode(encodeHeader(header))), hash },
  block: { value: { header, txs: blockTxs.map((t) => t.hex) }, hex: toHex(encodeBlock({ header, txs: blockTxs.map((t) => Uint8Array.from(Buffer.from(t.hex, 'hex'))), evidence: [] })) },
  commit: {
    value: { ...commit, signatures: commit.signatures.map((s) => ({ validator: s.validator, signature: toHex(s.signature) })) },
    hex: toHex(encode(encodeCommit(commit))),
    precommitSignBytes: toHex(precommit),
  },
  votes: [
    { value: { type: 'prevote', height: 1, round: 0, blockHash: hash }, signBytes: toHex(voteSignBytes(CHAIN, { type: 'prevote', height: 1, round: 0, blockHash: hash })) },
    { value: { type: 'precommit', height: 7, round: 2, blockHash: null }, signBytes: toHex(voteSignBytes(CHAIN, { type: 'precommit', height: 7, round: 2, blockHash: null })) },
  ],
  proposals: [
    { value: { height: 1, round: 0, blockHash: hash, polRound: -1 }, signBytes: toHex(proposalSignBytes(CHAIN, { height: 1, round: 0, blockHash: hash, polRound: -1 })) },
    { value: { height: 9, round: 3, blockHash: hash, polRound: 1 }, signBytes: toHex(proposalSignBytes(CHAIN, { height: 9, round: 3, blockHash: hash, polRound: 1 })) },
  ],
  receipts: blockReceipts.map((receipt) => ({
    value: { ...receipt, fee: receipt.fee.toString() },
    hex: toHex(encodeReceipt(receipt)),
    result: toHex(resultBytes(receipt)),
  })),
  trie: {
    entries: trieEntries,
    nodes: [...trieResult.writes].filter(([, bytes]) => bytes !== null).map(([path, bytes]) => [path, toHex(bytes!)]).sort(([a], [b]) => (a < b ? -1 : 1)),
    root: toHex(trieResult.root),
  },
  genesis: { json: genesisJson, hex: toHex(encode(genesisJson as unknown as Parameters<typeof encode>[0])), hash: genesis.hash, stateRoot: toHex(genesisTrie.finish().root) },
  evidence: {
    pieces: evidencePieces.map((piece) => ({ json: evidenceToJson(piece), hex: toHex(encodeEvidence(piece)), offence: offenceKey(piece) })),
    root: toHex(merkleRootOf(evidencePieces.map(encodeEvidence))),
  },
  merkle: [0, 1, 2, 3, 5].map((n) => ({ ids: merkleIds.slice(0, n), root: toHex(merkleRoot(merkleIds.slice(0, n))) })),
};

const path = new URL('./encoding.json', import.meta.url);
const file = JSON.parse(readFileSync(path, 'utf8')) as { [key: string]: unknown };
file.objects = objects;
writeFileSync(path, JSON.stringify(file, null, 1) + '\n');
console.log(`wrote ${txs.length} txs, header, block, commit, ${objects.votes.length} votes, ${objects.proposals.length} proposals, trie of ${trieEntries.length}, ${objects.merkle.length} merkle roots`);
