import type { CborValue } from '../../codec/cbor.ts';
import { readArray, readMap, readString } from '../../codec/shape.ts';
import { RejectError } from '../errors.ts';
import { DOCUMENT_HASH_BYTES, DOCUMENTS_MAX, RECORD_NAME_PATTERN, REGISTRY_ROLES_PER_TX_MAX } from '../limits.ts';
import type { RegistryRole } from '../types.ts';
import { readAddress } from '../payload-fields.ts';
import { isItemId } from './ids.ts';

/** Payload fields of the records kinds (spec/ledger.md §7.2), each check with its own code. */

/** A registry name, item kind or event type: RECORD_NAME_PATTERN, else `bad_name`. */
export function readName(value: CborValue | undefined, path: string): string {
  if (typeof value !== 'string' || !RECORD_NAME_PATTERN.test(value)) {
    throw new RejectError('bad_name', `${path}: a name is 1-32 characters of a-z, 0-9, '.', '-', starting with a letter`);
  }
  return value;
}

export function readItemId(value: CborValue | undefined, path: string): string {
  if (typeof value !== 'string' || !isItemId(value)) throw new RejectError('bad_item_id', `${path}: expected an item1… id`);
  return value;
}

/** Text that is not text is `bad_shape`; text longer than `maxLength` characters is `bad_metadata`. */
export function readText(value: CborValue | undefined, path: string, maxLength: number): string {
  const text = readString(value, path, Number.MAX_SAFE_INTEGER);
  if (text.length > maxLength) throw new RejectError('bad_metadata', `${path}: at most ${maxLength} characters, got ${text.length}`);
  return text;
}

/** 1 to DOCUMENTS_MAX SHA-256 hashes of 32 bytes; anything else in the array is `bad_metadata`. */
export function readDocuments(value: CborValue | undefined, path: string): Uint8Array[] {
  if (!Array.isArray(value)) throw new RejectError('bad_shape', `${path}: expected an array of document hashes`);
  if (value.length === 0 || value.length > DOCUMENTS_MAX) throw new RejectError('bad_metadata', `${path}: 1 to ${DOCUMENTS_MAX} document hashes, got ${value.length}`);
  return value.map((hash, i) => {
    if (!(hash instanceof Uint8Array) || hash.length !== DOCUMENT_HASH_BYTES) {
      throw new RejectError('bad_metadata', `${path}[${i}]: a document hash is ${DOCUMENT_HASH_BYTES} bytes (SHA-256)`);
    }
    return hash;
  });
}

/** A list of 1 to REGISTRY_ROLES_PER_TX_MAX registry roles (spec/ledger.md §7.3). */
export function readRoles(value: CborValue | undefined, path: string): RegistryRole[] {
  return readArray(value, path, 1, REGISTRY_ROLES_PER_TX_MAX).map((entry, i) => readRole(entry, `${path}[${i}]`));
}

function readRole(value: CborValue, path: string): RegistryRole {
  const map = readMap(value, path, ['role', 'address', 'eventType']);
  const role = readString(map.role, `${path}.role`, 16);
  if (role === 'registrar') {
    if (map.eventType !== undefined) throw new RejectError('bad_shape', `${path}.eventType: a registrar role has no event type`);
    return { role, address: readAddress(map.address, `${path}.address`) };
  }
  if (role === 'attester') return { role, eventType: readName(map.eventType, `${path}.eventType`), address: readAddress(map.address, `${path}.address`) };
  throw new RejectError('bad_shape', `${path}.role: expected "registrar" or "attester"`);
}

export function roleKeyOf(role: RegistryRole): string {
  return role.role === 'registrar' ? `registrar ${role.address}` : `attester ${role.eventType} ${role.address}`;
}
