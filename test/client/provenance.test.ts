// Provenance reports (spec/provenance.md): the supply-chain scenario runs on an in-process validator;
// the report of the bag the shop bought holds every step back to both farms and verifies offline with
// the SDK alone; any edited byte fails, naming the place; so does a report missing an ancestor, one
// signed by another validator set, or one whose event points at a tx that failed.
import { HEADER_FORMAT_VERSION } from '../../src/chain/versions.ts';
import { seedAlpha } from '../../src/chain/seed.ts';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { blockHash } from '../../src/chain/block.ts';
import { buildBlockBody } from '../../src/chain/execute.ts';
import { voteSignBytes } from '../../src/chain/votes.ts';
import { resultBytes } from '../../src/chain/results.ts';
import { validatorsHash } from '../../src/chain/validators.ts';
import { buildEscrowCreate, buildEscrowRelease, buildItemAttest, contractAddress, signTx } from '../../src/client/index.ts';
import { serializeReport, type ProvenanceReport } from '../../src/client/provenance/report.ts';
import { anchorFromGenesis, type TrustAnchor } from '../../src/client/provenance/anchor.ts';
import { verifyReport, type VerifyOptions } from '../../src/client/provenance/verify.ts';
import { verifyEd25519Node } from '../../src/crypto/ed25519-node.ts';
import { toHex } from '../../src/crypto/hash.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { decodeTx, isRejection } from '../../src/ledger/tx.ts';
import { getNonce } from '../../src/ledger/accounts/balances.ts';
import type { AgoraNode } from '../../src/node/node.ts';
import { buildProvenanceReport } from '../../src/node/provenance.ts';
import { mustAdmit, openTestNode, removeTestChain, testChain, type TestChain } from '../helpers/node.ts';
import { forgeReport } from '../helpers/forge-report.ts';
import { runSupplyChain, type SupplyChain } from '../helpers/supply-chain.ts';

let chain: TestChain;
let node: AgoraNode;
let scenario: SupplyChain;
let report: ProvenanceReport;
let text: string;
/** The chain's genesis is the trust anchor (spec/provenance.md §1). */
let anchor: TrustAnchor;
/** The browser-safe verifier, anchored. */
let trusted: VerifyOptions;
/** The node:crypto verifier, anchored. */
let fast: VerifyOptions;

async function commit(bytes: Uint8Array, id: string): Promise<{ height: number; code: string; events: { type: string; attributes: { [key: string]: string } }[] }> {
  await mustAdmit(node, bytes);
  const status = await node.reader.waitForCommit(id, 15_000);
  if (status.status !== 'committed') throw new Error(`tx ${id} is ${status.status}`);
  return { height: status.height, code: status.receipt.code, events: status.receipt.events };
}

before(async () => {
  chain = testChain(6, 'agora-provenance');
  anchor = anchorFromGenesis(chain.genesis);
  trusted = { anchor };
  fast = { verify: verifyEd25519Node, anchor };
  node = await openTestNode(chain, { blockTimeMs: 10, idleBlockMs: 50 });
  node.start();
  const [farmA, farmB, coop, carrier, roaster, shop] = chain.funded;
  scenario = await runSupplyChain(chain.genesis.chainId, { farmA, farmB, coop, carrier, roaster, shop }, commit);
  report = buildProvenanceReport(node.store, chain.genesis.chainId, chain.genesis.validators, scenario.bag);
  text = serializeReport(report);
});

after(async () => {
  await node.stop();
  removeTestChain(chain);
});

test("the bag's report verifies offline and shows every step back to both farms", () => {
  const result = verifyReport(text, trusted);
  assert.deepEqual(result.problems, []);
  assert.equal(result.ok, true);
  assert.equal(result.item, scenario.bag);
  assert.deepEqual(report.items.map((i) => i.id), [scenario.bag, scenario.blend, scenario.lotA, scenario.lotB], 'the bag, then its ancestors breadth first');
  const proven = result.proven.map((e) => `${e.item}:${e.seq}:${e.action}`);
  for (const step of scenario.steps.filter((s) => [scenario.bag, scenario.blend, scenario.lotA, scenario.lotB].includes(s.item))) {
    assert.ok(result.proven.some((e) => e.item === step.item && e.action === step.action && e.signer === step.by), `step ${step.action} of ${step.item} by ${step.by} is proven (${proven.join(' ')})`);
  }
  const farmA = chain.funded[0].address;
  const farmB = chain.funded[1].address;
  assert.ok(result.proven.some((e) => e.item === scenario.lotA && e.action === 'register' && e.entry.to === farmA), 'lot A was registered by farm A');
  assert.ok(result.proven.some((e) => e.item === scenario.lotB && e.action === 'register' && e.entry.to === farmB), 'lot B was registered by farm B');
  assert.ok(result.proven.some((e) => e.item === scenario.lotA && e.entry.type === 'certified-organic'), 'the certification is proven');
  const bag = result.items.find((i) => i.id === scenario.bag)!;
  assert.equal(bag.owner, chain.funded[5].address, 'the shop owns the bag');
  assert.deepEqual(bag.parents, [scenario.blend]);
  assert.deepEqual(result.items.find((i) => i.id === scenario.blend)!.parents, [scenario.lotA, scenario.lotB]);
  assert.equal(result.proven.length, report.items.reduce((n, i) => n + i.events.length, 0), 'every event in the file is proven');
  assert.deepEqual(result.validatorSets, [{ hash: validatorsHash(chain.genesis.validators), validators: 1 }]);
});

test('the browser-safe verifier and the node:crypto one agree', () => {
  assert.deepEqual(verifyReport(text, fast), verifyReport(text, trusted));
});

/** The place and message of the first problem of `edited`. */
function firstProblem(edited: string): { place: string; message: string } {
  const result = verifyReport(edited, fast);
  assert.equal(result.ok, false, 'an edited report must fail');
  return result.problems[0];
}

/** The report text with `field` of event `j` of item `i` replaced through a JSON edit of that one value. */
function editEntry(i: number, j: number, edit: (entry: { [key: string]: unknown }) => void): string {
  const copy = structuredClone(report);
  edit(copy.items[i].events[j].entry as unknown as { [key: string]: unknown });
  return serializeReport(copy);
}

test('an edited event fails, naming the item, the event and the field', () => {
  const lotA = report.items.findIndex((i) => i.id === scenario.lotA);
  const certified = report.items[lotA].events.findIndex((e) => e.entry.type === 'certified-organic');
  const data = editEntry(lotA, certified, (entry) => (entry.data = String(entry.data).replace('ORG-', 'ORX-')));
  assert.deepEqual(firstProblem(data).place, `$.items[${lotA}].events[${certified}].entry.data`);
  assert.match(firstProblem(data).message, new RegExp(`item ${scenario.lotA} event ${certified}`));
  const type = editEntry(lotA, certified, (entry) => (entry.type = 'certified-fairtrade'));
  assert.equal(firstProblem(type).place, `$.items[${lotA}].events[${certified}].entry.type`);
  const to = editEntry(0, 0, (entry) => (entry.to = chain.funded[0].address));
  assert.equal(firstProblem(to).place, '$.items[0].events[0].entry.to');
  const time = editEntry(0, 0, (entry) => (entry.timeMs = Number(entry.timeMs) + 1));
  assert.equal(firstProblem(time).place, '$.items[0].events[0].entry.timeMs');
  const dropped = editEntry(lotA, certified, (entry) => delete entry.data);
  assert.equal(firstProblem(dropped).place, `$.items[${lotA}].events[${certified}].entry.data`);
});

test('an edited tx, header, commit or path fails at its place', () => {
  const copy = (): ProvenanceReport => structuredClone(report);
  const flip = (hex: string, at: number): string => hex.slice(0, at) + (hex[at] === '0' ? '1' : '0') + hex.slice(at + 1);

  const tx = copy();
  tx.items[0].events[0].proof.tx = flip(tx.items[0].events[0].proof.tx, 200);
  assert.equal(firstProblem(serializeReport(tx)).place, '$.items[0].events[0].proof.tx');

  const header = copy();
  header.blocks[0].header.stateRoot = flip(header.blocks[0].header.stateRoot, 5);
  assert.equal(firstProblem(serializeReport(header)).place, '$.blocks[0].commit');

  const signature = copy();
  signature.blocks[1].commit.signatures[0].signature = flip(signature.blocks[1].commit.signatures[0].signature, 10);
  assert.equal(firstProblem(serializeReport(signature)).place, '$.blocks[1].commit');

  const path = copy();
  const event = path.items[1].events.find((e) => e.proof.txPath.length > 0) ?? path.items[1].events[0];
  event.proof.index += 1;
  assert.match(firstProblem(serializeReport(path)).place, /^\$\.items\[1\]\.events\[\d+\]\.proof\.(tx|index)$/);
});

test('every byte matters: 400 single-byte edits across the file all fail', () => {
  let state = 0x2545f491;
  const random = (n: number): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state % n;
  };
  const alphabet = '0123456789abcdef"{}[],: xyzAZ';
  for (let k = 0; k < 400; k++) {
    const at = random(text.length);
    let replacement = alphabet[random(alphabet.length)];
    if (replacement === text[at]) replacement = text[at] === '0' ? '1' : '0';
    const edited = text.slice(0, at) + replacement + text.slice(at + 1);
    const result = verifyReport(edited, fast);
    assert.equal(result.ok, false, `editing character ${at} (${JSON.stringify(text[at])} → ${JSON.stringify(replacement)}) must fail`);
    assert.ok(result.problems[0].place.startsWith('$'), 'the problem names a place');
  }
});

test('layout edits fail too: the text must be the canonical form', () => {
  const result = verifyReport(text.replace('\n  "chainId"', '\n   "chainId"'), fast);
  assert.equal(result.ok, false);
  assert.match(result.problems[0].message, /canonical/);
  assert.equal(verifyReport(text.trimEnd(), fast).ok, false);
});

test('a report without an ancestor, with an extra item, or for another chain fails', () => {
  const missing = structuredClone(report);
  missing.items = missing.items.filter((i) => i.id !== scenario.lotB);
  const problem = firstProblem(serializeReport(missing));
  assert.match(problem.message, new RegExp(`does not hold item ${scenario.lotB}`));

  const extra = buildProvenanceReport(node.store, chain.genesis.chainId, chain.genesis.validators, scenario.bags[1]);
  const padded = structuredClone(report);
  padded.items.push(extra.items[0]);
  assert.match(firstProblem(serializeReport(padded)).message, /not an ancestor/);

  const other = verifyReport(text, { ...fast, anchor: { ...anchor, chainId: 'agora-other' } });
  assert.equal(other.ok, false);
  assert.deepEqual(other.problems[0], { place: '$.chainId', message: 'the report is for chain "agora-provenance", not the trusted chain "agora-other"', code: 'not_trusted' });
});

test('a pinned validator set hash: the right hash passes, another fails', () => {
  assert.equal(verifyReport(text, { ...fast, anchor: { validatorsHash: validatorsHash(chain.genesis.validators) } }).ok, true);
  const other = new KeyPair(new Uint8Array(32).fill(99));
  const otherHash = validatorsHash([{ address: other.address, publicKey: other.publicKey, power: 1n }]);
  const result = verifyReport(text, { ...fast, anchor: { validatorsHash: otherHash } });
  assert.equal(result.ok, false);
  assert.equal(result.problems[0].place, '$.validatorSets[0].hash');
});

test('without a trust anchor nothing is proven: the real report is consistent, yet not ok, and says what to pass', () => {
  const result = verifyReport(text, { ...fast, anchor: null });
  assert.equal(result.ok, false);
  assert.equal(result.anchor, null);
  assert.deepEqual(result.problems.map((p) => [p.place, p.code]), [['$.validatorSets', 'no_trust_anchor']], 'the missing anchor is the only problem');
  assert.match(result.problems[0].message, /prove nothing .*fresh keys.*genesis/);
  assert.equal(result.completeAt, null);
  const shape = verifyReport('{}', { anchor: null });
  assert.deepEqual(shape.problems.map((p) => p.code ?? p.place), ['no_trust_anchor', '$.format']);
  assert.throws(() => verifyReport(text, { anchor: { validatorsHash: 'XYZ' } }), /anchor\.validatorsHash/);
});

test('attack 7, forged report: re-signed with fresh keys it is NOT PROVEN, with or without an anchor', () => {
  // The forger backdates every event by a year and re-signs every commit with four fresh keys.
  const forgery = forgeReport(report);
  const forged = serializeReport(forgery.report);
  const claims = verifyReport(forged, { ...fast, anchor: null });
  assert.equal(claims.ok, false, 'without an anchor: not proven (the old verifier said PROVEN here)');
  assert.deepEqual(claims.problems.map((p) => p.code), ['no_trust_anchor'], 'consistent with itself: only the anchor is missing');
  assert.equal(claims.proven.length, report.items.reduce((n, i) => n + i.events.length, 0), 'every forged event checks out against the forged set');
  assert.deepEqual(claims.validatorSets, [{ hash: forgery.validatorsHash, validators: 4 }]);

  const real = verifyReport(forged, fast);
  assert.equal(real.ok, false, 'against the real genesis: not proven');
  assert.deepEqual(real.problems[0], {
    place: '$.validatorSets[0].hash',
    message: `the report's first validator set ${forgery.validatorsHash} is not the trusted genesis set ${anchor.validatorsHash}`,
    code: 'not_trusted',
  });
  assert.equal(real.problems[1].place, '$.blocks[0].header.validatorsHash');
  assert.deepEqual(real.proven, [], 'no event is proven');

  // The forger keeps the real set first and adds its own, as if the set had changed: no rule hands over.
  const handover = serializeReport(forgeReport(report, { keepRealSetFirst: true }).report);
  const refused = verifyReport(handover, fast);
  assert.equal(refused.ok, false);
  // Its blocks name a set no proven block hands over to (spec/provenance.md §1.1), and the set follows from nothing.
  assert.deepEqual(refused.problems[0].place, '$.blocks[0].header.validatorsHash');
  assert.equal(refused.problems[0].code, 'not_trusted');
  const setProblem = refused.problems.find((p) => p.place === '$.validatorSets[1].hash');
  assert.equal(setProblem?.code, 'not_trusted');
  assert.match(setProblem.message, /does not follow from the trusted genesis set/);

  // A user who chooses to trust the forger's genesis gets what they chose: the anchor decides, never the report.
  assert.equal(verifyReport(forged, { ...fast, anchor: { validatorsHash: forgery.validatorsHash, chainId: chain.genesis.chainId } }).ok, true);
});

test('an event that points at a tx which failed is refused, though its block is signed by the validators', () => {
  // An outsider's attest: admitted (it pays its fee) but refused by the payload with not_authorised.
  // The node's mempool turns such a tx away, so the block is built here and signed with the
  // validator's own key, as a block holding a tx that failed on chain is.
  const outsider = chain.funded[2];
  const signed = signTx(buildItemAttest({ chainId: chain.genesis.chainId, from: outsider.publicKey, nonce: getNonce(node.store, outsider.address), fee: 10_000_000n, item: scenario.bag, type: 'certified-organic' }), [outsider]);
  const tx = decodeTx(signed.bytes);
  if (isRejection(tx)) throw new Error(tx.message);
  const height = node.chain.height + 1;
  const tip = node.store.getBlock(node.chain.height)!.block.header;
  const ctx = { chainId: chain.genesis.chainId, height, timeMs: tip.timeMs + 1000, proposer: chain.validator.address, params: chain.genesis.params };
  const execution = buildBlockBody(node.store, ctx, [tx]);
  assert.equal(execution.receipts[0].code, 'not_authorised');
  const header = { version: HEADER_FORMAT_VERSION, chainId: ctx.chainId, height, timeMs: ctx.timeMs, previousHash: blockHash(tip), txRoot: execution.txRoot, resultsRoot: execution.resultsRoot, stateRoot: execution.stateRoot, proposer: ctx.proposer, seedProof: toHex(chain.validator.proveSeed(seedAlpha(node.chain.seed, height))), validatorsHash: tip.validatorsHash, nextValidatorsHash: tip.nextValidatorsHash, txCount: 1, evidenceRoot: execution.evidenceRoot };
  const hash = blockHash(header);
  const signature = chain.validator.sign(voteSignBytes(ctx.chainId, { type: 'precommit', height, round: 0, blockHash: hash }));
  const forged = structuredClone(report);
  forged.blocks.push({ header, commit: { height, round: 0, blockHash: hash, signatures: [{ validator: chain.validator.address, signature: toHex(signature) }] } });
  forged.items[0].events.push({
    entry: { seq: forged.items[0].events.length, action: 'attest', signer: outsider.address, nonce: tx.tx.body.signers[0].nonce.toString(), height, timeMs: ctx.timeMs, type: 'certified-organic' },
    proof: { height, index: 0, tx: toHex(signed.bytes), txPath: [], result: toHex(resultBytes(execution.receipts[0])), resultPath: [] },
  });
  const problem = firstProblem(serializeReport(forged));
  assert.equal(problem.place, `$.items[0].events[${forged.items[0].events.length - 1}].proof.result`);
  assert.match(problem.message, /failed with not_authorised/);
});

test('an item that went through an escrow: its moves into and out of the contract are proven by the results', async () => {
  const [, , , , roaster, shop] = chain.funded;
  const chainId = chain.genesis.chainId;
  const nonce = (key: KeyPair): bigint => getNonce(node.store, key.address);
  const fee = 10_000_000n;
  const send = async (body: Parameters<typeof signTx>[0], key: KeyPair): Promise<void> => {
    const signed = signTx(body, [key]);
    const committed = await commit(signed.bytes, signed.id);
    assert.equal(committed.code, 'ok', body.kind);
  };
  // The shop puts the bag in an escrow for the roaster, then releases it.
  const create = buildEscrowCreate({ chainId, from: shop.publicKey, nonce: nonce(shop), fee, payee: roaster.address, deadlineMs: Date.now() + 3_600_000, onExpiry: 'refund', tranches: [{ items: [scenario.bag] }] });
  const escrow = contractAddress(create);
  await send(create, shop);
  await send(buildEscrowRelease({ chainId, from: shop.publicKey, nonce: nonce(shop), fee, escrow, tranche: 0 }), shop);
  const text = serializeReport(buildProvenanceReport(node.store, chainId, chain.genesis.validators, scenario.bag));
  const result = verifyReport(text, fast);
  assert.deepEqual(result.problems, []);
  const moves = result.proven.filter((e) => e.item === scenario.bag && e.entry.type?.startsWith('escrow.'));
  assert.deepEqual(moves.map((e) => [e.entry.type, e.entry.from, e.entry.to]), [
    ['escrow.create', shop.address, escrow],
    ['escrow.release', escrow, roaster.address],
  ]);
  assert.equal(result.items[0].owner, roaster.address);
  const lastMove = result.proven.filter((e) => e.item === scenario.bag).length - 1;
  const forged = structuredClone(JSON.parse(text) as ProvenanceReport);
  forged.items[0].events[lastMove].entry.to = shop.address;
  assert.equal(firstProblem(serializeReport(forged)).place, `$.items[0].events[${lastMove}].entry.to`);
});

test('completeness: the items\' records at the last block prove the report holds every event; one left out is named', () => {
  const full = buildProvenanceReport(node.store, chain.genesis.chainId, chain.genesis.validators, scenario.bag);
  const result = verifyReport(serializeReport(full), fast);
  assert.deepEqual(result.problems, []);
  assert.equal(result.completeAt?.height, full.state.height);
  assert.ok(full.state.height >= Math.max(...full.items.flatMap((i) => i.events.map((e) => e.proof.height))));

  const shorter = structuredClone(full);
  const lot = shorter.items.findIndex((i) => i.id === scenario.lotA);
  shorter.items[lot].events = shorter.items[lot].events.slice(0, -1);
  const missing = firstProblem(serializeReport(shorter));
  assert.ok(missing.place === `$.items[${lot}].events` || missing.place.startsWith(`$.items[`), missing.place);

  // Leaving out the last event of the bag, whose earlier events are whole, is caught by the state alone.
  const bagShort = structuredClone(full);
  bagShort.items[0].events = bagShort.items[0].events.slice(0, -1);
  const caught = firstProblem(serializeReport(bagShort));
  assert.equal(caught.place, '$.items[0].events');
  assert.match(caught.message, /history entries at block \d+; the report holds/);

  const edited = structuredClone(full);
  const value = edited.state.items[0].value;
  edited.state.items[0].value = value.slice(0, -1) + (value.endsWith('0') ? '1' : '0');
  assert.equal(firstProblem(serializeReport(edited)).place, '$.state.items[0]');

  const stale = structuredClone(full);
  stale.state.height = full.blocks[0].header.height;
  assert.equal(firstProblem(serializeReport(stale)).place, '$.state.height');
});
