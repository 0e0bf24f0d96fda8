import type { CborValue } from '../../codec/cbor.ts';
import { readBool, readMap, readSmallUint, readString } from '../../codec/shape.ts';
import { HEIGHT_MAX } from '../limits.ts';
import { getStateValue, putStateValue, type Overlay, type StateReader } from '../state.ts';
import type { RegistryRole } from '../types.ts';

/**
 * Registries and their roles (spec/ledger.md §7.1):
 *   registry/<name>                          → Registry
 *   registrar/<name>/<address>               → true   (may register items in a curated registry)
 *   attester/<name>/<eventType>/<address>    → true   (may attest that event type on the registry's items)
 * A role is a key of its own, so that a registry has no bound on its registrars and attesters and a
 * check is one read.
 */
export interface Registry {
  name: string;
  /** The creator: the one account that may change the roles. */
  curator: string;
  open: boolean;
  createdAt: number;
}

export const registryKey = (name: string): string => `registry/${name}`;
export const registrarKey = (registry: string, address: string): string => `registrar/${registry}/${address}`;
export const attesterKey = (registry: string, eventType: string, address: string): string => `attester/${registry}/${eventType}/${address}`;

export function roleKey(registry: string, role: RegistryRole): string {
  return role.role === 'registrar' ? registrarKey(registry, role.address) : attesterKey(registry, role.eventType, role.address);
}

export function encodeRegistry(registry: Registry): CborValue {
  return { name: registry.name, curator: registry.curator, open: registry.open, createdAt: registry.createdAt };
}

export function decodeRegistry(value: CborValue): Registry {
  const map = readMap(value, 'registry', ['name', 'curator', 'open', 'createdAt']);
  return {
    name: readString(map.name, 'registry.name', 32),
    curator: readString(map.curator, 'registry.curator', 90),
    open: readBool(map.open, 'registry.open'),
    createdAt: readSmallUint(map.createdAt, 'registry.createdAt', HEIGHT_MAX),
  };
}

export function getRegistry(view: StateReader, name: string): Registry | undefined {
  const record = getStateValue(view, registryKey(name));
  return record === undefined ? undefined : decodeRegistry(record);
}

export function putRegistry(view: Overlay, registry: Registry): void {
  putStateValue(view, registryKey(registry.name), encodeRegistry(registry));
}

export function setRole(view: Overlay, registry: string, role: RegistryRole, granted: boolean): void {
  if (granted) putStateValue(view, roleKey(registry, role), true);
  else view.delete(roleKey(registry, role));
}

/** Open registries take items from anyone; curated ones from their curator and registrars. */
export function mayRegister(view: StateReader, registry: Registry, signer: string): boolean {
  return registry.open || registry.curator === signer || view.get(registrarKey(registry.name, signer)) !== undefined;
}

export function mayAttest(view: StateReader, registry: string, eventType: string, signer: string): boolean {
  return view.get(attesterKey(registry, eventType, signer)) !== undefined;
}
