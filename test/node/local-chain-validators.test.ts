// The node follows the validator set of each height (spec/chain.md §1, §3; spec/ledger.md §10): with
// ten validators, an update in block 1 makes headers 2 name the new set as next and headers 3 as
// theirs; a header naming the wrong set, a proposer or a commit of the old set after the change is
// refused, on a proposed block and on a synced one alike.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockHash, type Block, type Commit } from '../../src/chain/block.ts';
import { parseGenesis } from '../../src/chain/genesis.ts';
import { validatorsHash } from '../../src/chain/validators.ts';
import { voteSignBytes } from '../../src/chain/votes.ts';
import { verifyEd25519 } from '../../src/crypto/ed25519.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { decodeTx, encodeTx, isRejection, txSignBytes } from '../../src/ledger/tx.ts';
import type { DecodedTx, TxBody } from '../../src/ledger/types.ts';
import { approvalBytes } from '../../src/ledger/validators/update-decode.ts';
import { genesisJson } from '../../src/node/home.ts';
import { LocalChain, type Candidate } from '../../src/node/local-chain.ts';
import { MemoryStore } from '../sim/memory-store.ts';

const KEYS = Array.from({ length: 11 }, (_, i) => new KeyPair(new Uint8Array(32).fill(60 + i)));
const TEN = KEYS.slice(0, 10);
const NEWCOMER = KEYS[10];
const payer = new KeyPair(new Uint8Array(32).fill(90));
const genesis = parseGenesis(genesisJson('agora-valset', 1_700_000_000_000, TEN, [{ address: payer.address, amount: 1_000n }]));
const byAddress = new Map(KEYS.map((k) => [k.address, k]));
const T0 = 1_700_000_000_000;

/** A refusal's message, for assertion messages. */
function why(result: object): string {
  return 'message' in result ? String(result.message) : 'accepted';
}

async function chain(): Promise<LocalChain> {
  const local = new LocalChain(genesis, new MemoryStore(() => {}), verifyEd25519);
  await local.init();
  return local;
}

/** validators.update: remove TEN[9], add NEWCOMER; approved by the first `approvers` of the ten. */
function updateTx(approvers: number): DecodedTx {
  const changes = [{ publicKey: TEN[9].publicKey, power: 0n }, { publicKey: NEWCOMER.publicKey, power: 1n }];
  const message = approvalBytes(genesis.chainId, 0n, changes);
  const approvals = TEN.slice(0, approvers).map((k) => ({ validator: k.address, signature: k.sign(message) }));
  const body = { chainId: genesis.chainId, kind: 'validators.update', payload: { sequence: 0n, changes, approvals }, signers: [{ publicKey: payer.publicKey, nonce: 0n }], fee: 0n } as TxBody;
  const decoded = decodeTx(encodeTx({ body, signatures: [payer.sign(txSignBytes(body))] }));
  assert.ok(!isRejection(decoded));
  return decoded;
}

function commitOf(block: Block, signers: KeyPair[]): Commit {
  const hash = blockHash(block.header);
  const message = voteSignBytes(genesis.chainId, { type: 'precommit', height: block.header.height, round: 0, blockHash: hash });
  return { height: block.header.height, round: 0, blockHash: hash, signatures: signers.map((k) => ({ validator: k.address, signature: k.sign(message) })) };
}

/** Builds the next block proposed by `proposer`, commits it on `local` with `signers`. */
async function next(local: LocalChain, proposer: KeyPair, signers: KeyPair[], txs: DecodedTx[] = []): Promise<{ candidate: Candidate; commit: Commit }> {
  const candidate = local.build(proposer.address, T0 + 1000 * (local.height + 1), txs, (alpha) => proposer.proveSeed(alpha));
  const commit = commitOf(candidate.block, signers);
  await local.commit(candidate, commit);
  return { candidate, commit };
}

test('an update in block 1 (7 of 10 approve) hands over at block 2 and signs from block 3; a follower checks every step', async () => {
  const oldHash = validatorsHash(genesis.validators);
  const leader = await chain();
  const follower = await chain();
  const one = await next(leader, byAddress.get(genesis.validators[0].address)!, TEN, [updateTx(7)]);
  assert.equal(one.candidate.execution.receipts[0].code, 'ok');
  const synced1 = follower.checkSynced(one.candidate.block, one.commit);
  assert.ok(!('code' in synced1), why(synced1));
  await follower.commit(synced1, one.commit);

  const newSet = leader.validatorSetAt(3);
  assert.notEqual(newSet.hash, oldHash);
  assert.ok(newSet.validators.some((v) => v.address === NEWCOMER.address));
  assert.ok(!newSet.validators.some((v) => v.address === TEN[9].address));
  assert.equal(leader.validatorSetAt(2).hash, oldHash);

  const two = await next(leader, TEN[0], TEN);
  assert.equal(two.candidate.block.header.validatorsHash, oldHash);
  assert.equal(two.candidate.block.header.nextValidatorsHash, newSet.hash);
  // A block 2 that does not hand over (next = the old set) is refused by the follower.
  const stale = { ...two.candidate.block, header: { ...two.candidate.block.header, nextValidatorsHash: oldHash } };
  assert.equal(follower.check(stale, TEN[0].address, T0 + 2000, () => false)?.code, 'wrong_validators');
  const synced2 = follower.checkSynced(two.candidate.block, two.commit);
  assert.ok(!('code' in synced2), why(synced2));
  await follower.commit(synced2, two.commit);

  // Block 3 is the new set's: a header naming the old set, a removed proposer, a commit of the old set are refused.
  const newKeys = newSet.validators.map((v) => byAddress.get(v.address)!);
  const three = leader.build(TEN[0].address, T0 + 3000, [], (alpha) => TEN[0].proveSeed(alpha));
  assert.equal(three.block.header.validatorsHash, newSet.hash);
  const namesOld = { ...three.block, header: { ...three.block.header, validatorsHash: oldHash } };
  assert.equal(follower.check(namesOld, TEN[0].address, T0 + 3000, () => false)?.code, 'wrong_validators');
  const byRemoved = { ...three.block, header: { ...three.block.header, proposer: TEN[9].address } };
  assert.equal(follower.check(byRemoved, TEN[9].address, T0 + 3000, () => false)?.code, 'wrong_proposer');
  const oldCommit = commitOf(three.block, TEN);
  const refused = follower.checkSynced(three.block, oldCommit);
  assert.ok('code' in refused && refused.code === 'bad_commit', why(refused));
  assert.match((refused as { message: string }).message, new RegExp(`${TEN[9].address} is not a validator`));
  // Seven of the new ten (more than 2/3) make a commit the follower takes.
  const good = commitOf(three.block, newKeys.slice(0, 7));
  const accepted = follower.checkSynced(three.block, good);
  assert.ok(!('code' in accepted), why(accepted));
  // Six of the new ten (6 × 3 = 18 ≤ 20) do not.
  const short = follower.checkSynced(three.block, commitOf(three.block, newKeys.slice(0, 6)));
  assert.ok('code' in short && short.code === 'bad_commit');
});

test('6 of 10 approvals: the update fails in its block and the set stays', async () => {
  const leader = await chain();
  const one = await next(leader, TEN[0], TEN, [updateTx(6)]);
  assert.equal(one.candidate.execution.receipts[0].code, 'insufficient_approval');
  assert.equal(one.candidate.block.header.nextValidatorsHash, validatorsHash(genesis.validators));
  await next(leader, TEN[0], TEN);
  assert.equal(leader.validatorSetAt(3).hash, validatorsHash(genesis.validators));
});
