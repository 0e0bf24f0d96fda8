// Types of scripts/build-freshness.mjs for the TypeScript that imports it (bench/cli-startup.ts).
export const BUILD_DIR: string;
export const BUILD_ENTRY: string;
export const BUILD_STAMP: string;
/** True when dist/ is missing or older than a file under src/ or one of the build's inputs. */
export function buildIsStale(): boolean;
