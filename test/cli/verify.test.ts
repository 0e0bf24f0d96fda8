// `agora verify FILE` on bad input (spec/provenance.md §3): a missing file, a file that is not a
// report, a bad --validators-hash and both pins at once each exit 1 with a typed code on stderr,
// offline, with no node anywhere. The happy path runs in test/integration/supply-chain.test.ts.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAgora } from '../helpers/testnet.ts';

const dir = mkdtempSync(join(tmpdir(), 'agora-verify-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a missing file: bad_file', async () => {
  const run = await runAgora(['verify', join(dir, 'nope.json')]);
  assert.equal(run.code, 1);
  assert.match(run.stderr, /error: bad_file: cannot read .*nope\.json: ENOENT/);
});

test('not a report: not_proven, naming the place; --json prints the problems on stdout', async () => {
  const file = join(dir, 'other.json');
  writeFileSync(file, JSON.stringify({ format: 'something-else' }));
  const run = await runAgora(['verify', file, '--json']);
  assert.equal(run.code, 1);
  const result = JSON.parse(run.stdout) as { ok: boolean; problems: { place: string; message: string }[] };
  assert.equal(result.ok, false);
  assert.equal(result.problems[0].place, '$.chainId');
  assert.match(run.stderr, /"code":"not_proven"/);
  writeFileSync(file, 'not json at all');
  const garbage = await runAgora(['verify', file]);
  assert.equal(garbage.code, 1);
  assert.match(garbage.stdout, /^  \$: not JSON/m);
});

test('pins: a malformed hash and both pins at once are refused before reading', async () => {
  const file = join(dir, 'x.json');
  writeFileSync(file, '{}');
  const bad = await runAgora(['verify', file, '--validators-hash', 'XYZ']);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /bad_request: --validators-hash is 32 bytes/);
  const both = await runAgora(['verify', file, '--validators-hash', '00'.repeat(32), '--genesis', file]);
  assert.equal(both.code, 1);
  assert.match(both.stderr, /bad_request: give --validators-hash or --genesis, not both/);
});
