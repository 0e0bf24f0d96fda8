import type { CborValue } from '../../codec/cbor.ts';
import { optional, readBytes, readMap } from '../../codec/shape.ts';
import { DOCUMENT_HASH_BYTES } from '../limits.ts';
import { readAddress } from '../payload-fields.ts';
import { readName } from '../records/payload-fields.ts';
import { readTimeMs } from '../contracts/payload-fields.ts';
import type { CredentialIssuePayload, CredentialName, CredentialRevokePayload } from './types.ts';

/** The payloads of credential.issue and credential.revoke (spec/market.md §1): the codec half. */

export function readCredentialName(value: CborValue | undefined, path: string): CredentialName {
  const map = readMap(value, path, ['registry', 'type']);
  return { registry: readName(map.registry, `${path}.registry`), type: readName(map.type, `${path}.type`) };
}

export function decodeCredentialIssue(value: CborValue): CredentialIssuePayload {
  const map = readMap(value, 'payload', ['registry', 'type', 'to', 'expiresAtMs', 'document']);
  const payload: CredentialIssuePayload = { registry: readName(map.registry, 'payload.registry'), type: readName(map.type, 'payload.type'), to: readAddress(map.to, 'payload.to') };
  const expiresAtMs = optional(map.expiresAtMs, (v) => readTimeMs(v, 'payload.expiresAtMs'));
  const document = optional(map.document, (v) => readBytes(v, 'payload.document', DOCUMENT_HASH_BYTES));
  if (expiresAtMs !== undefined) payload.expiresAtMs = expiresAtMs;
  if (document !== undefined) payload.document = document;
  return payload;
}

export function decodeCredentialRevoke(value: CborValue): CredentialRevokePayload {
  const map = readMap(value, 'payload', ['registry', 'type', 'to']);
  return { registry: readName(map.registry, 'payload.registry'), type: readName(map.type, 'payload.type'), to: readAddress(map.to, 'payload.to') };
}
