/**
 * The JSON shapes of the HTTP API (spec/api.md). They are defined once, with the schemas that
 * validate them, in the wire contract (src/wire/types.ts); this file keeps the SDK's import path.
 */
export type * from '../wire/types.ts';
