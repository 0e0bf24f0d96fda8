import { PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX } from './limits.ts';
import { hex, object, string, type JsonSchema, type Schema, type Static } from './schema.ts';

/** Schemas that several areas of the API share. */

/** Every error body of the API: `{ error: { code, message } }` with a 4xx/5xx status (spec/api.md §9). */
export const ERROR = object({ error: object({ code: string('stable, machine-readable'), message: string('short, for people') }) });
export type ErrorResponse = Static<typeof ERROR>;
export type ErrorBody = ErrorResponse['error'];

/** SHA-256 of the canonical tx bytes. */
export const TX_ID = hex('tx id: SHA-256 of the canonical tx bytes', 32);

/**
 * An address as a path or query parameter: only bounded here, so that a malformed one gets
 * `bad_address` from the query rather than fastify's `bad_request`.
 */
export const ADDRESS = string('bech32m agora1… address', { minLength: 1, maxLength: 90 });

/** `limit` of a paginated route. */
export function pageLimit(description = 'page size'): Schema<number> {
  const schema: JsonSchema = { type: 'integer', minimum: 1, maximum: PAGE_LIMIT_MAX, default: PAGE_LIMIT_DEFAULT, description };
  return schema;
}

/** A `HEIGHT.INDEX` cursor (a tx's place in the chain). */
export function heightIndexCursor(description: string): Schema<string> {
  return string(description, { pattern: '^[0-9]{1,15}\\.[0-9]{1,9}$' });
}
