// The codec half and the apply half of the tx kinds (src/ledger/kinds-codec.ts, kinds-apply.ts;
// DESIGN.md: the SDK is browser-safe, "no apply code"). Two checks, one on the sources and one on
// what ships: the SDK and the web app import no handler module, and the built web bundle holds none
// of the rejection messages that only the apply half makes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CODEC_TABLE = 'src/ledger/kinds-codec.ts';
const APPLY_TABLE = 'src/ledger/kinds-apply.ts';
/** What the browser and the SDK start from (web/index.html loads /src/main.tsx). */
const BROWSER_ENTRIES = ['src/client/index.ts', 'web/src/main.tsx'];

/** Relative imports of one file (type-only ones too: stricter than the bundler, and simpler). */
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of source.matchAll(/(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\('([^']+)'\)/g)) {
    const specifier = match[1] ?? match[2];
    if (specifier.startsWith('.')) found.push(resolve(dirname(file), specifier));
  }
  return found;
}

/** Every file reachable from `entries`, as paths relative to the repository. */
function reach(...entries: string[]): Set<string> {
  const seen = new Set<string>();
  const queue = entries.map((entry) => resolve(ROOT, entry));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...importsOf(file));
  }
  return new Set([...seen].map((file) => relative(ROOT, file)));
}

/** The modules that hold the handlers: the table, apply.ts, and each module the table imports. */
function handlerModules(): Set<string> {
  const direct = importsOf(resolve(ROOT, APPLY_TABLE)).map((file) => relative(ROOT, file));
  return new Set([APPLY_TABLE, 'src/ledger/apply.ts', ...direct.filter((file) => !file.endsWith('/types.ts') && !file.endsWith('/errors.ts') && !file.endsWith('/state.ts'))]);
}

test('the SDK, the web app and tx.ts reach no handler module', () => {
  const handlers = handlerModules();
  assert.ok(handlers.size >= 12, `found only ${handlers.size} handler modules: is ${APPLY_TABLE} still the table?`);
  for (const entry of [...BROWSER_ENTRIES, 'src/ledger/tx.ts', CODEC_TABLE]) {
    const reached = [...reach(entry)].filter((file) => handlers.has(file));
    assert.deepEqual(reached, [], `${entry} reaches apply code`);
  }
});

/**
 * The static text of each `reject('code', message)` in `files`: the message's longest piece between
 * interpolations. Codes are no good as markers (web/src/errors.ts names them all, for people), but
 * the messages are written once, in the check that makes them, and minifiers keep string literals.
 * Kept: pieces of 20 ASCII characters or more, without quotes or backslashes that a minifier might
 * re-escape.
 */
function rejectionMessages(files: Iterable<string>): Set<string> {
  const pieces = new Set<string>();
  for (const file of files) {
    const source = readFileSync(resolve(ROOT, file), 'utf8');
    for (const match of source.matchAll(/\breject\(\s*'[a-z_]+',\s*(['`])((?:(?!\1)[^\\]|\\.)*)\1/g)) {
      const longest = match[2].split(/\$\{[^}]*\}/).sort((a, b) => b.length - a.length)[0];
      if (longest.length >= 20 && /^[\x20-\x7e]+$/.test(longest) && !/['"`\\]/.test(longest)) pieces.add(longest);
    }
  }
  return pieces;
}

/** The apply half's own files: reachable from APPLY, not from CODECS (which the browser needs). */
function applyOnlyFiles(): string[] {
  const codec = reach(CODEC_TABLE);
  return [...reach(APPLY_TABLE)].filter((file) => !codec.has(file));
}

/** Builds the web app into a temporary directory (Vite, no type check) and returns its JavaScript. */
function buildBundle(): string {
  const outDir = mkdtempSync(join(tmpdir(), 'agora-bundle-'));
  try {
    const run = spawnSync(process.execPath, [join(ROOT, 'web/build.mjs'), '--out', outDir], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(run.status, 0, `web build failed:\n${run.stdout}\n${run.stderr}`);
    const assets = join(outDir, 'assets');
    return readdirSync(assets)
      .filter((name) => name.endsWith('.js'))
      .map((name) => readFileSync(join(assets, name), 'utf8'))
      .join('\n');
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

test('the web bundle holds no rejection message of the apply half', () => {
  const shared = [...reach(CODEC_TABLE), ...[...reach(...BROWSER_ENTRIES)].filter((file) => file.startsWith('web/') || file.startsWith('src/client/'))];
  const sharedText = shared.map((file) => readFileSync(resolve(ROOT, file), 'utf8')).join('\n');
  // A marker must be the apply half's alone: drop any piece the codec half or the web app also writes.
  const markers = [...rejectionMessages(applyOnlyFiles())].filter((piece) => !sharedText.includes(piece));
  assert.ok(markers.length >= 40, `only ${markers.length} markers: has the way handlers reject changed?`);
  const bundle = buildBundle();
  // The markers are meaningful only if the bundle keeps such strings: the codec half's are there.
  const codecMessages = [...reach(CODEC_TABLE)].flatMap((file) => [...readFileSync(resolve(ROOT, file), 'utf8').matchAll(/RejectError\('[a-z_]+', '([^'\\]{20,})'\)/g)].map((m) => m[1]));
  assert.ok(codecMessages.length >= 5);
  assert.deepEqual(codecMessages.filter((message) => !bundle.includes(message)), [], 'the codec half’s messages should be in the bundle');
  assert.deepEqual(markers.filter((marker) => bundle.includes(marker)), [], 'apply code is in the web bundle');
});

test('the marker scan finds what it should (self-check)', () => {
  const found = rejectionMessages(['src/ledger/contracts/escrow.ts']);
  assert.ok(found.has('the payer, the payee and the arbiter must be three different addresses'));
  assert.ok([...found].some((piece) => piece.includes('is already disputed')));
});
