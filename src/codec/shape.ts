import type { CborValue } from './cbor.ts';
import { CodecError } from './errors.ts';

/**
 * Small readers that turn a decoded CBOR value into typed fields, throwing CodecError('bad_shape')
 * with the field's path on the first mismatch. Callers turn that into a typed rejection.
 */
export type CborMap = { [key: string]: CborValue };

function fail(path: string, expected: string): never {
  throw new CodecError('bad_shape', `${path}: expected ${expected}`);
}

export function readMap(value: CborValue | undefined, path: string, allowedKeys: readonly string[]): CborMap {
  if (value === null || value === undefined || typeof value !== 'object' || value instanceof Uint8Array || Array.isArray(value)) {
    fail(path, 'a map');
  }
  for (const key of Object.keys(value)) {
    if (!allowedKeys.includes(key)) fail(`${path}.${key}`, 'no such field');
  }
  return value;
}

export function readString(value: CborValue | undefined, path: string, maxLength: number): string {
  if (typeof value !== 'string' || value.length > maxLength) fail(path, `a string of at most ${maxLength} characters`);
  return value;
}

export function readBytes(value: CborValue | undefined, path: string, length: number): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length !== length) fail(path, `${length} bytes`);
  return value;
}

/** Unsigned integer in [0, max]; CBOR gives small integers as number and big ones as bigint. */
export function readUint(value: CborValue | undefined, path: string, max: bigint): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) value = BigInt(value);
  if (typeof value !== 'bigint' || value < 0n || value > max) fail(path, `an unsigned integer at most ${max}`);
  return value;
}

export function readSmallUint(value: CborValue | undefined, path: string, max: number): number {
  return Number(readUint(value, path, BigInt(max)));
}

export function readBool(value: CborValue | undefined, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'a boolean');
  return value;
}

export function readArray(value: CborValue | undefined, path: string, minLength: number, maxLength: number): CborValue[] {
  if (!Array.isArray(value) || value.length < minLength || value.length > maxLength) {
    fail(path, `an array of ${minLength} to ${maxLength} items`);
  }
  return value;
}

export function optional<T>(value: CborValue | undefined, read: (value: CborValue) => T): T | undefined {
  return value === undefined ? undefined : read(value);
}
