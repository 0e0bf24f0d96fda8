// Builds the web app into web/dist (or --out DIR): type checks web/ (--typecheck), then runs Vite.
// `npm ci` runs it (--postinstall) so that `npm start` serves the app. There a failure only warns:
// without Vite (npm ci --omit=dev) or with a broken build, the install still succeeds and the node
// serves a page that says to run `npm run build:web`; the browser tests build for themselves.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outDir = outIndex >= 0 ? resolve(args[outIndex + 1]) : resolve(WEB, 'dist');
const postinstall = args.includes('--postinstall');

let vite;
try {
  vite = await import('vite');
} catch {
  console.warn('web: vite is not installed (dev dependencies omitted?); the web app is not built. Run `npm run build:web` after `npm install`.');
  process.exit(postinstall ? 0 : 1);
}

if (args.includes('--typecheck')) {
  for (const project of ['tsconfig.json', 'tsconfig.config.json']) {
    const run = spawnSync('npx', ['tsc', '--noEmit', '-p', resolve(WEB, project)], { stdio: 'inherit' });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}

try {
  await vite.build({ configFile: resolve(WEB, 'vite.config.ts'), build: { outDir, emptyOutDir: true } });
} catch (error) {
  console.error(`web: the build failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(postinstall ? 0 : 1);
}
console.log(`web: built into ${outDir}`);
