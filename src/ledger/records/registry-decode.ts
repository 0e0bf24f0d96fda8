import type { CborValue } from '../../codec/cbor.ts';
import { optional, readBool, readMap } from '../../codec/shape.ts';
import { RejectError } from '../errors.ts';
import type { RegistryAuthorizePayload, RegistryCreatePayload } from '../types.ts';
import { readName, readRoles, roleKeyOf } from './payload-fields.ts';

/** The payloads of `registry.create` and `registry.authorize`: the codec half (records/registry.ts applies them). */

export function decodeRegistryCreate(value: CborValue): RegistryCreatePayload {
  const map = readMap(value, 'payload', ['name', 'open', 'roles']);
  return {
    name: readName(map.name, 'payload.name'),
    open: readBool(map.open, 'payload.open'),
    roles: optional(map.roles, (v) => readRoles(v, 'payload.roles')),
  };
}

export function decodeRegistryAuthorize(value: CborValue): RegistryAuthorizePayload {
  const map = readMap(value, 'payload', ['registry', 'grant', 'revoke']);
  const payload: RegistryAuthorizePayload = {
    registry: readName(map.registry, 'payload.registry'),
    grant: optional(map.grant, (v) => readRoles(v, 'payload.grant')),
    revoke: optional(map.revoke, (v) => readRoles(v, 'payload.revoke')),
  };
  if (payload.grant === undefined && payload.revoke === undefined) throw new RejectError('bad_shape', 'payload: grant or revoke, or both');
  const granted = new Set((payload.grant ?? []).map(roleKeyOf));
  const both = (payload.revoke ?? []).find((role) => granted.has(roleKeyOf(role)));
  if (both !== undefined) throw new RejectError('bad_shape', `payload: ${roleKeyOf(both)} is both granted and revoked`);
  return payload;
}
