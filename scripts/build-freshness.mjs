// Is the CLI compiled into dist/ (scripts/build.mjs) at least as new as what it is compiled from?
// bin/agora.js asks on every call, so this stays cheap: only node:fs, stats and no reads (about
// 230 paths under src/; ~5 ms in a fresh process, measured by bench/cli-startup.ts).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const BUILD_DIR = join(ROOT, 'dist');
export const BUILD_ENTRY = join(BUILD_DIR, 'agora.js');
/** Its mtime is the time the last successful build started reading the sources. */
export const BUILD_STAMP = join(BUILD_DIR, '.built');
/**
 * What the build reads besides src/: its own options, the compiler options esbuild takes from
 * tsconfig, and the installed dependencies it bundles (npm rewrites node_modules/.package-lock.json
 * on every install that changes node_modules).
 */
const BUILD_INPUTS = [join(ROOT, 'scripts', 'build.mjs'), join(ROOT, 'tsconfig.json'), join(ROOT, 'package-lock.json'), join(ROOT, 'node_modules', '.package-lock.json')];

/** The newest mtime under `dir`, directories included (a deleted file changes only its directory's). */
function newestMtimeMs(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function mtimeMsOrZero(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** The mtime of the last build's stamp, or null when there is no complete build. */
function builtAtMs() {
  try {
    statSync(BUILD_ENTRY);
    return statSync(BUILD_STAMP).mtimeMs;
  } catch {
    return null;
  }
}

/** True when dist/ is missing or older than a file under src/ or one of the build's other inputs. */
export function buildIsStale() {
  const builtAt = builtAtMs();
  if (builtAt === null) return true;
  const newestInput = Math.max(newestMtimeMs(join(ROOT, 'src')), ...BUILD_INPUTS.map(mtimeMsOrZero));
  return newestInput > builtAt;
}
