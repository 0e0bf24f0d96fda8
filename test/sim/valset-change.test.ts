// The consensus simulation across a validator set change (spec/ledger.md §10): in each seed, the
// scenario's faults (drops, partitions, crashes, a Byzantine member) run while a validators.update
// doubles the power of its strongest honest validator. The checker judges every commit by the set
// of its height as the ledger state holds it; the run must stay safe and live, and the new set must
// sign the last blocks.
//
//   node scripts/test.mjs test/sim/valset-change.test.ts                  100 seeds (the default)
//   SIM_VALSET_SEEDS=1000 node scripts/test.mjs test/sim/valset-change.test.ts
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validatorsHash } from '../../src/chain/validators.ts';
import { KeyPair } from '../../src/crypto/keys.ts';
import { encodeTx, txSignBytes } from '../../src/ledger/tx.ts';
import type { TxBody } from '../../src/ledger/types.ts';
import { readScheduledHashes } from '../../src/ledger/validators/schedule.ts';
import { approvalBytes } from '../../src/ledger/validators/update-decode.ts';
import { makeScenario } from './scenario.ts';
import { seedOf } from './signatures.ts';
import { World } from './world.ts';

const SEEDS = Number.parseInt(process.env.SIM_VALSET_SEEDS ?? '100', 10);

/** The update, approved by every validator with its real Ed25519 key (the ledger verifies approvals itself). */
function doubleStrongest(world: World): Uint8Array {
  const { scenario, genesis } = world;
  const honest = scenario.powers.map((power, index) => ({ power, index })).filter(({ index }) => !scenario.byzantine.some((member) => member.index === index));
  const strongest = honest.reduce((a, b) => (b.power > a.power ? b : a));
  const changes = [{ publicKey: new KeyPair(seedOf(strongest.index)).publicKey, power: strongest.power * 2n }];
  const message = approvalBytes(genesis.chainId, 0n, changes);
  const approvals = scenario.powers.map((_, index) => new KeyPair(seedOf(index))).map((key) => ({ validator: key.address, signature: key.sign(message) }));
  const payer = world.signatures.key(101);
  const body = { chainId: genesis.chainId, kind: 'validators.update', payload: { sequence: 0n, changes, approvals }, signers: [{ publicKey: payer.publicKey, nonce: 0n }], fee: 0n } as TxBody;
  return encodeTx({ body, signatures: [payer.sign(txSignBytes(body))] });
}

test(`simulation: ${SEEDS} seeds stay safe and live across a validator set change`, async () => {
  const failures: string[] = [];
  let changed = 0;
  const unchanged: number[] = [];
  for (let seed = 1; seed <= SEEDS; seed++) {
    const scenario = makeScenario(seed);
    scenario.targetHeight = Math.max(scenario.targetHeight, 10);
    const world = new World(scenario);
    world.submitToAll(world.rng.between(0, 100), [doubleStrongest(world)]);
    const result = await world.run();
    const problems = [...result.violations.map((v) => `${v.kind}: ${v.detail}`), ...(result.livenessFailure === null ? [] : [`liveness: ${result.livenessFailure}`])];
    if (problems.length > 0) failures.push(`seed ${seed} (validators ${scenario.powers.join('/')}, byzantine ${scenario.byzantine.map((member) => member.index).join(",") || "-"}): ${problems.join('; ')}`);
    const genesisHash = validatorsHash(world.genesis.validators);
    if (world.nodes.some((node) => node.isHonest && readScheduledHashes(node.store)?.current !== genesisHash)) changed++;
    else unchanged.push(seed);
  }
  console.log(`the validator set changed in ${changed} of ${SEEDS} seeds; not in ${unchanged.join(', ')}`);
  assert.deepEqual(failures, []);
  // The update lands in (nearly) every seed: otherwise this run tests nothing new.
  assert.ok(changed >= SEEDS * 0.9, `the set changed in ${changed} of ${SEEDS} seeds`);
});
