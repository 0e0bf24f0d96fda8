/**
 * A typed JSON Schema builder: each function returns a plain JSON Schema object (what fastify, Ajv and
 * the OpenAPI document read) that also carries, for the type checker only, the TypeScript type of the
 * values it accepts. Every JSON type of the API is derived from its schema with `Static`, so the
 * schema that validates a response and the type the SDK returns are one definition and cannot drift.
 *
 * Why not @sinclair/typebox: it does the same with ~40 builders and its own `Kind` symbols on every
 * schema; the API needs a dozen builders (this file), and the schemas stay the exact objects the
 * OpenAPI document printed before (compared key by key when this module replaced src/api/schemas.ts).
 * Browser-safe: no imports.
 */

/** A JSON value: what a schema keyword or a payload may hold. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** An untyped JSON Schema object. */
export type JsonSchema = { [keyword: string]: JsonValue };

/** Never set at run time: only a key for the phantom type below. */
declare const STATIC: unique symbol;

/** A JSON Schema of values of type T (T exists for the type checker only). */
export type Schema<T> = JsonSchema & { readonly [STATIC]?: T };

/** The TypeScript type of the values a schema accepts. */
export type Static<S> = S extends Schema<infer T> ? T : never;

/** Flattens an intersection so that editors show one object type. */
type Flatten<T> = { [K in keyof T]: T[K] } & {};

type Properties = { readonly [name: string]: Schema<unknown> };

/** Required properties as required keys, the `optional` ones as optional keys. */
export type ObjectOf<P extends Properties, O extends keyof P> = Flatten<{ -readonly [K in Exclude<keyof P, O>]: Static<P[K]> } & { -readonly [K in O]?: Static<P[K]> }>;

/** A decimal string of an unsigned integer (amounts up to 2^128 − 1, nonces up to 2^64 − 1). */
export type DecimalString = string;

const described = (description: string | undefined): JsonSchema => (description === undefined || description === '' ? {} : { description });

export function string(description?: string, extra: JsonSchema = {}): Schema<string> {
  return { type: 'string', ...described(description), ...extra };
}

/** One of the listed strings: the type is their union. */
export function enumOf<const V extends string>(values: readonly V[], description?: string, extra: JsonSchema = {}): Schema<V> {
  return { type: 'string', ...described(description), enum: [...values], ...extra };
}

/** An unsigned integer that fits a JS number (heights, indexes, milliseconds). */
export function integer(description?: string): Schema<number> {
  return { type: 'integer', minimum: 0, ...described(description) };
}

export function decimal(description = 'decimal string of an unsigned integer'): Schema<DecimalString> {
  return string(description, { pattern: '^(0|[1-9][0-9]*)$' });
}

/** Lower-case hex: exactly `bytes` bytes when given, else any whole number of bytes. */
export function hex(description: string, bytes?: number): Schema<string> {
  return string(description, { pattern: bytes === undefined ? '^(?:[0-9a-f]{2})*$' : `^[0-9a-f]{${bytes * 2}}$` });
}

export function boolean(description?: string): Schema<boolean> {
  return { type: 'boolean', ...described(description) };
}

export function nullable<T>(schema: Schema<T>): Schema<T | null> {
  return { oneOf: [schema, { type: 'null' }] };
}

export function array<T>(items: Schema<T>, extra: JsonSchema = {}): Schema<T[]> {
  return { type: 'array', items, ...extra };
}

/** An object of any keys whose values all match `values`. */
export function record<T>(values: Schema<T>, description?: string): Schema<{ [key: string]: T }> {
  return { type: 'object', additionalProperties: values, ...described(description) };
}

/** Any JSON object (a tx payload, whose shape is its kind's). */
export function jsonObject(description?: string): Schema<{ [key: string]: JsonValue }> {
  return { type: 'object', ...described(description) };
}

/** An object schema: every listed property required unless named in `optional`; no others allowed. */
export function object<const P extends Properties, const O extends keyof P & string = never>(properties: P, optional: readonly O[] = []): Schema<ObjectOf<P, O>> {
  const required = Object.keys(properties).filter((name) => !(optional as readonly string[]).includes(name));
  return { type: 'object', additionalProperties: false, required, properties: properties as { [name: string]: JsonSchema } };
}

/** Exactly one of `schemas` matches: the type is the union of theirs. */
export function oneOf<const S extends readonly Schema<unknown>[]>(schemas: S, description?: string): Schema<Static<S[number]>> {
  return { oneOf: [...schemas], ...described(description) };
}

/** The same schema with another description (a parameter that reuses a shared field). */
export function describe<T>(schema: Schema<T>, description: string): Schema<T> {
  return { ...schema, description };
}

/** A schema whose TypeScript type is wider than what it accepts (a documented enum typed as string). */
export function widen<T>(schema: Schema<T>): Schema<T extends string ? string : T> {
  return schema as Schema<T extends string ? string : T>;
}
