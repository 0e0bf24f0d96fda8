// The top functions by self time of a V8 .cpuprofile (node --cpu-prof, or bench/replay.ts with
// AGORA_REPLAY_PROF=DIR), with the share of all samples and the file:line, then a few inclusive
// totals if asked for by name.
// Run: node bench/profile-top.mjs FILE.cpuprofile [top=25] [name,name,... for inclusive time]
import { readFileSync } from 'node:fs';

const [file, topArg, inclusiveArg] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: node bench/profile-top.mjs FILE.cpuprofile [top] [names]');
const profile = JSON.parse(readFileSync(file, 'utf8'));
const top = Number(topArg ?? '25');
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const intervals = profile.timeDeltas;
const selfUs = new Map();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (intervals[i + 1] ?? intervals[i] ?? 0)));
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);
const label = (n) => {
  const f = n.callFrame;
  const where = f.url === '' ? '' : `${f.url.replace(/^.*?\/(src|bench|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
  return `${f.functionName || '(anonymous)'}  ${where}`;
};
const byFunction = new Map();
for (const [id, us] of selfUs) {
  const key = label(byId.get(id));
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}
console.log(`sampled ${(totalUs / 1000).toFixed(0)} ms`);
for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${(us / 1000).toFixed(0).padStart(6)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)} %  ${key}`);
}
if (inclusiveArg !== undefined) {
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  for (const name of inclusiveArg.split(',')) {
    let us = 0;
    for (const [id, self] of selfUs) {
      for (let at = id; at !== undefined; at = parent.get(at)) {
        if (byId.get(at).callFrame.functionName === name) {
          us += self;
          break;
        }
      }
    }
    console.log(`inclusive ${name}: ${(us / 1000).toFixed(0)} ms ${((100 * us) / totalUs).toFixed(1)} %`);
  }
}
