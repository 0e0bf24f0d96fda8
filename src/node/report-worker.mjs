// Entry of the provenance report thread (src/node/reports.ts). The builder is TypeScript, so the
// thread loads it through tsx's loader as bin/agora.js does for the main thread; under
// `node --import tsx` (the tests) the loader is inherited and registering it again is harmless.
import { register } from 'tsx/esm/api';

register();
await import('./report-worker.ts');
