import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web app's build (README §Web app): web/src → web/dist, served by the node (src/api/routes/static.ts).
 * Preact through the automatic JSX runtime; the SDK (src/client) is bundled from the sources.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  publicDir: 'public',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // One small bundle: the app is ~100 KiB gzipped at most; no source maps shipped to the node.
    sourcemap: false,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    chunkSizeWarningLimit: 600,
  },
});
