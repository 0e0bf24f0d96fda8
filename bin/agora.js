#!/usr/bin/env node
// Entry point of the `agora` command. It runs the CLI compiled ahead into dist/ (scripts/build.mjs,
// run by `npm ci`): compiling the TypeScript through tsx on each call took 0.4 to 1 s for `--help`
// here (2 to 7 s reported on a busy machine), the build answers in about 0.1 s (BENCHMARKS.md,
// "cli-startup").
//
// When a source is newer than the build it rebuilds first (0.5-1.5 s), so that nobody runs stale code;
// the check stats every path under src/ (~5 ms, bench/cli-startup.ts). If the build cannot be
// made, or with AGORA_FROM_SOURCE=1, it runs the TypeScript sources through tsx as before.
import { pathToFileURL } from 'node:url';
import { BUILD_ENTRY, buildIsStale } from '../scripts/build-freshness.mjs';

async function compiledEntry() {
  if (process.env.AGORA_FROM_SOURCE === '1') return null;
  if (!buildIsStale()) return BUILD_ENTRY;
  try {
    await (await import('../scripts/build.mjs')).build();
    return BUILD_ENTRY;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    process.stderr.write(`agora: could not compile src/ into dist/ (${message}); running the sources through tsx\n`);
    return null;
  }
}

const entry = await compiledEntry();
if (entry !== null) {
  await import(pathToFileURL(entry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/entry.ts');
}
