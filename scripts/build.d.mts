// Types of scripts/build.mjs for the TypeScript that imports it (bench/cli-startup.ts).
/** Compiles src/cli/entry.ts and what it imports into dist/; resolves with the time it took. */
export function build(): Promise<{ ms: number }>;
