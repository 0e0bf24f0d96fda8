import type { CborValue } from '../../codec/cbor.ts';
import { optional, readBytes, readMap, readSmallUint, readString } from '../../codec/shape.ts';
import { reject, type Rejection } from '../errors.ts';
import { DOCUMENT_HASH_BYTES, TIME_MS_MAX } from '../limits.ts';
import { getRegistry, mayAttest } from '../records/registry-state.ts';
import { getStateValue, putStateValue, type Overlay, type StateReader } from '../state.ts';
import type { BlockContext, LedgerEvent } from '../types.ts';
import type { CredentialIssuePayload, CredentialName, CredentialRevokePayload } from './types.ts';

/**
 * Credentials (spec/market.md §1): `credential/<registry>/<type>/<address>` = { issuer, issuedAtMs,
 * expiresAtMs?, document?, revokedAtMs? }, issued and revoked by the registry's curator or an attester
 * of event type `type` in it. Listings and orders may require one (market/order.ts).
 */
export interface Credential {
  issuer: string;
  issuedAtMs: number;
  expiresAtMs?: number;
  document?: Uint8Array;
  revokedAtMs?: number;
}

export const credentialKey = (name: CredentialName, address: string): string => `credential/${name.registry}/${name.type}/${address}`;

function encodeCredential(credential: Credential): CborValue {
  const record: { [key: string]: CborValue } = { issuer: credential.issuer, issuedAtMs: credential.issuedAtMs };
  if (credential.expiresAtMs !== undefined) record.expiresAtMs = credential.expiresAtMs;
  if (credential.document !== undefined) record.document = credential.document;
  if (credential.revokedAtMs !== undefined) record.revokedAtMs = credential.revokedAtMs;
  return record;
}

function decodeCredential(value: CborValue): Credential {
  const map = readMap(value, 'credential', ['issuer', 'issuedAtMs', 'expiresAtMs', 'document', 'revokedAtMs']);
  const credential: Credential = { issuer: readString(map.issuer, 'credential.issuer', 90), issuedAtMs: readSmallUint(map.issuedAtMs, 'credential.issuedAtMs', TIME_MS_MAX) };
  const expiresAtMs = optional(map.expiresAtMs, (v) => readSmallUint(v, 'credential.expiresAtMs', TIME_MS_MAX));
  const document = optional(map.document, (v) => readBytes(v, 'credential.document', DOCUMENT_HASH_BYTES));
  const revokedAtMs = optional(map.revokedAtMs, (v) => readSmallUint(v, 'credential.revokedAtMs', TIME_MS_MAX));
  if (expiresAtMs !== undefined) credential.expiresAtMs = expiresAtMs;
  if (document !== undefined) credential.document = document;
  if (revokedAtMs !== undefined) credential.revokedAtMs = revokedAtMs;
  return credential;
}

export function getCredential(view: StateReader, name: CredentialName, address: string): Credential | undefined {
  const value = getStateValue(view, credentialKey(name, address));
  return value === undefined ? undefined : decodeCredential(value);
}

/** Valid at `timeMs`: issued, not revoked, not expired. */
export function holdsCredential(view: StateReader, name: CredentialName, address: string, timeMs: number): boolean {
  const credential = getCredential(view, name, address);
  return credential !== undefined && credential.revokedAtMs === undefined && (credential.expiresAtMs === undefined || timeMs < credential.expiresAtMs);
}

/** `unknown_registry`, then `not_authorised` unless the signer is the curator or an attester of the type. */
function checkIssuer(view: StateReader, name: CredentialName, signer: string): Rejection | undefined {
  const registry = getRegistry(view, name.registry);
  if (registry === undefined) return reject('unknown_registry', `no registry ${name.registry}`);
  if (registry.curator !== signer && !mayAttest(view, name.registry, name.type, signer)) return reject('not_authorised', `${signer} is neither the curator of ${name.registry} nor an attester of ${name.type} in it`);
  return undefined;
}

/** Checks in order: `unknown_registry`, `not_authorised`, `deadline_passed` (expiry not after the block time). */
export function applyCredentialIssue(view: Overlay, signer: string, payload: CredentialIssuePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const refused = checkIssuer(view, payload, signer);
  if (refused !== undefined) return refused;
  if (payload.expiresAtMs !== undefined && payload.expiresAtMs <= ctx.timeMs) return reject('deadline_passed', `the expiry ${payload.expiresAtMs} is not after the block time ${ctx.timeMs}`);
  const credential: Credential = { issuer: signer, issuedAtMs: ctx.timeMs };
  if (payload.expiresAtMs !== undefined) credential.expiresAtMs = payload.expiresAtMs;
  if (payload.document !== undefined) credential.document = payload.document;
  putStateValue(view, credentialKey(payload, payload.to), encodeCredential(credential));
  view.touch(payload.to);
  const attributes: { [key: string]: string } = { registry: payload.registry, type: payload.type, subject: payload.to, issuer: signer };
  if (payload.expiresAtMs !== undefined) attributes.expiresAtMs = String(payload.expiresAtMs);
  return [{ type: 'credential.issued', attributes }];
}

/** Checks in order: `unknown_registry`, `not_authorised`, `unknown_credential`, `credential_revoked`. */
export function applyCredentialRevoke(view: Overlay, signer: string, payload: CredentialRevokePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  const refused = checkIssuer(view, payload, signer);
  if (refused !== undefined) return refused;
  const credential = getCredential(view, payload, payload.to);
  if (credential === undefined) return reject('unknown_credential', `${payload.to} holds no ${payload.type} credential of ${payload.registry}`);
  if (credential.revokedAtMs !== undefined) return reject('credential_revoked', `the credential was revoked at ${credential.revokedAtMs}`);
  putStateValue(view, credentialKey(payload, payload.to), encodeCredential({ ...credential, revokedAtMs: ctx.timeMs }));
  view.touch(payload.to);
  return [{ type: 'credential.revoked', attributes: { registry: payload.registry, type: payload.type, subject: payload.to, by: signer } }];
}
