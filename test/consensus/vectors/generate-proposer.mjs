// Regenerates proposer.json: node test/consensus/vectors/generate-proposer.mjs > test/consensus/vectors/proposer.json
// Independent reference: node:crypto SHA-256 and a plain BigInt walk.
import { createHash } from 'node:crypto';
const sha = (b) => createHash('sha256').update(b).digest();
const validators = [
  { address: 'agora1alice', power: '5' },
  { address: 'agora1bob', power: '1' },
  { address: 'agora1carol', power: '3' },
  { address: 'agora1dave', power: '7' },
  { address: 'agora1erin', power: '11' },
];
function build(validators, hr, prevs) {
const sorted = [...validators].sort((a, b) => (a.address < b.address ? -1 : 1));
const total = sorted.reduce((s, v) => s + BigInt(v.power), 0n);
const cases = [];
for (const prev of prevs) for (const [height, round] of hr) {
  const seed = seedOf(prev);
  const nums = Buffer.alloc(12); nums.writeBigUInt64BE(BigInt(height), 0); nums.writeUInt32BE(round, 8);
  const pre = Buffer.concat([Buffer.from('agora/proposer/v1'), seed, nums]);
  const digest = sha(pre);
  const x = BigInt('0x' + digest.toString('hex')) % total;
  let c = 0n, who = null;
  for (const v of sorted) { c += BigInt(v.power); if (x < c) { who = v.address; break; } }
  cases.push({ previousBlockHash: prev, seed: seed.toString('hex'), height, round, preimage: pre.toString('hex'), digest: digest.toString('hex'), x: x.toString(), proposer: who });
}
return { validators, totalPower: total.toString(), cases };
}
const genesis = 'ab'.repeat(32);
const seedOf = (prev) => sha(Buffer.concat([Buffer.from('agora/seed/v1'), Buffer.from(prev, 'hex')]));
const prevs = [genesis, '00'.repeat(32), 'ff'.repeat(32)];
const hr = [[1, 0], [1, 1], [2, 0], [7, 3], [1000000, 0], [2 ** 40 + 5, 12], [Number.MAX_SAFE_INTEGER, 2147483646]];

const equal = ['agora1a', 'agora1b', 'agora1c', 'agora1d'].map((a) => ({ address: a, power: '1' }));
const big = [
  { address: 'agora1zed', power: (2n ** 62n).toString() },
  { address: 'agora1yan', power: (3n * 2n ** 61n).toString() },
  { address: 'agora1xia', power: '12345678901234567' },
];
const hr6 = [1, 2, 3, 4, 5, 6].map((h) => [h, 0]);
const out = {
  description: 'Proposer draw vectors: x = SHA-256("agora/proposer/v1" || seed || u64be(height) || u32be(round)) mod totalPower, walk validators sorted by address. seed = SHA-256("agora/seed/v1" || previousBlockHash). Generated with node:crypto and BigInt, independently of src/consensus/proposer.ts.',
  sets: [build(validators, hr, prevs), build(equal, hr6, [genesis]), build(big, hr, [genesis])],
};
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
