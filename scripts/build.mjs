// Compiles the `agora` command (src/cli/entry.ts and all it imports) ahead into dist/, so that
// bin/agora.js runs plain JavaScript instead of compiling TypeScript through tsx on every call.
//   node scripts/build.mjs               build now
//   node scripts/build.mjs --if-stale    build only when a source is newer than dist/ (npm test)
//   node scripts/build.mjs --postinstall as --if-stale, and a failure only warns (bin/agora.js then
//                                        builds on its first call, or runs the sources through tsx)
//
// Why a bundle with esbuild (measured with farm-bench, `agora --help`, 15 runs on 2 cores): one
// bundle of src/ with node_modules external and split chunks took 0.17 s of CPU, `tsc` emitting one
// file per source 0.22 s, tsx 0.71 s (with its cache warm); with the dependencies bundled as well
// (EXTERNAL below) 0.10 s. esbuild is a dependency (tsx's too), not a dev one, so the build also
// works where dev dependencies are omitted; it takes 0.5-1.5 s.
import { renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUILD_DIR, buildIsStale } from './build-freshness.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');

/**
 * Sources find files beside them with `new URL('…', import.meta.url)` (package.json, web/dist, the
 * verification worker, bin/agora.js). In a bundle import.meta.url is the chunk's, so each source's
 * own is put back: the URL of its .ts file, reached from dist/ where every chunk sits.
 */
const sourceUrlPlugin = {
  name: 'source-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const contents = await readFile(path, 'utf8');
      if (!path.startsWith(SRC + sep) || !contents.includes('import.meta')) return { contents, loader: 'ts' };
      if (/import\.meta\.(dirname|filename)/.test(contents)) throw new Error(`${path}: use import.meta.url (the build maps only that one)`);
      const fromBuild = relative(BUILD_DIR, path).split(sep).join('/');
      return { contents: contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBuild)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

/**
 * Dependencies are bundled too (fewer files to resolve and read at start-up: the node answered on its
 * API after 0.53 s instead of 0.81 s, `--help` took 23 % less CPU, measured), except those that must
 * stay files of their own: lmdb loads a native addon beside its files, and pino starts transports
 * (pino-pretty) in worker threads that load modules by name. Bundled CommonJS code calls `require`
 * for Node's built-ins and for these, hence a `require` in every chunk.
 */
const EXTERNAL = ['lmdb', 'pino'];
const REQUIRE_BANNER = "import { createRequire as __agoraCreateRequire } from 'node:module'; const require = __agoraCreateRequire(import.meta.url); const __agoraBuiltChunkUrl = import.meta.url;";

/** Builds into a fresh directory, then swaps it in, so that a concurrent `agora` never sees half a build. */
export async function build() {
  const { build: esbuild } = await import('esbuild');
  const startedAtMs = Date.now();
  const next = `${BUILD_DIR}.tmp-${process.pid}`;
  const old = `${BUILD_DIR}.old-${process.pid}`;
  rmSync(next, { recursive: true, force: true });
  try {
    await esbuild({
      // The provenance report thread is an entry of its own, so that it starts from compiled code
      // (through tsx it compiled its sources for ~1 s on first use); src/node/reports.ts finds it
      // beside its chunk by __agoraBuiltChunkUrl, which the banner defines in built chunks only.
      entryPoints: { agora: join(SRC, 'cli', 'entry.ts'), 'report-worker': join(SRC, 'node', 'report-worker.ts') },
      outdir: next,
      // Every chunk at the top of dist/: the plugin's relative paths assume it.
      entryNames: '[name]',
      chunkNames: '[name]-[hash]',
      bundle: true,
      // start.ts loads the node, libp2p and fastify with import(): split chunks keep them out of
      // every other command's start-up.
      splitting: true,
      external: EXTERNAL,
      banner: { js: REQUIRE_BANNER },
      platform: 'node',
      format: 'esm',
      target: 'node20',
      tsconfig: join(ROOT, 'tsconfig.json'),
      logLevel: 'warning',
      // Maps for NODE_OPTIONS=--enable-source-maps (README); stack traces need positions, not the
      // sources' text, which halves dist/.
      sourcemap: 'linked',
      sourcesContent: false,
      plugins: [sourceUrlPlugin],
    });
    writeFileSync(join(next, '.built'), '');
    utimesSync(join(next, '.built'), startedAtMs / 1000, startedAtMs / 1000);
    swapIn(next, old);
  } finally {
    rmSync(next, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  }
  return { ms: Date.now() - startedAtMs };
}

function swapIn(next, old) {
  try {
    renameSync(BUILD_DIR, old);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  try {
    renameSync(next, BUILD_DIR);
  } catch (error) {
    // Another build swapped its own in between the two renames: it is as fresh as this one.
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
  }
}

async function main(args) {
  const postinstall = args.includes('--postinstall');
  if ((postinstall || args.includes('--if-stale')) && !buildIsStale()) return;
  try {
    const { ms } = await build();
    console.log(`build: compiled src/ into ${relative(ROOT, BUILD_DIR)}/ in ${ms} ms`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`build: compiling src/ failed: ${message}`);
    if (!postinstall) process.exit(1);
    console.error('build: bin/agora.js will build on its first call, or run the sources through tsx');
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
