import { reject, type Rejection } from '../errors.ts';
import type { Overlay } from '../state.ts';
import type { BlockContext, LedgerEvent, RegistryAuthorizePayload, RegistryCreatePayload, RegistryRole } from '../types.ts';
import { getRegistry, putRegistry, setRole } from './registry-state.ts';

function roleEvent(registry: string, role: RegistryRole, granted: boolean): LedgerEvent {
  const attributes: { [key: string]: string } = { registry, role: role.role, address: role.address, granted: String(granted) };
  if (role.role === 'attester') attributes.eventType = role.eventType;
  return { type: 'registry.authorized', attributes };
}

/**
 * Creates a registry curated by the signer, with its first roles. Checks: the name is free
 * (`registry_exists`). Names are first come, first served, like asset symbols.
 */
export function applyRegistryCreate(view: Overlay, signer: string, payload: RegistryCreatePayload, ctx: BlockContext): Rejection | LedgerEvent[] {
  if (getRegistry(view, payload.name) !== undefined) return reject('registry_exists', `registry ${payload.name} already exists`);
  putRegistry(view, { name: payload.name, curator: signer, open: payload.open, createdAt: ctx.height });
  const roles = payload.roles ?? [];
  for (const role of roles) setRole(view, payload.name, role, true);
  view.touch(...roles.map((role) => role.address));
  return [
    { type: 'registry.created', attributes: { registry: payload.name, curator: signer, open: String(payload.open) } },
    ...roles.map((role) => roleEvent(payload.name, role, true)),
  ];
}

/**
 * Changes the roles of a registry. Checks in order: the registry exists (`unknown_registry`); the
 * signer is its curator (`not_curator`). Revocations are applied first, then grants; granting a role
 * held, or revoking one not held, changes nothing but is still reported.
 */
export function applyRegistryAuthorize(view: Overlay, signer: string, payload: RegistryAuthorizePayload): Rejection | LedgerEvent[] {
  const registry = getRegistry(view, payload.registry);
  if (registry === undefined) return reject('unknown_registry', `no registry ${payload.registry}`);
  if (registry.curator !== signer) return reject('not_curator', `only ${registry.curator} may change the roles of ${payload.registry}`);
  const events: LedgerEvent[] = [];
  for (const role of payload.revoke ?? []) {
    setRole(view, registry.name, role, false);
    view.touch(role.address);
    events.push(roleEvent(registry.name, role, false));
  }
  for (const role of payload.grant ?? []) {
    setRole(view, registry.name, role, true);
    view.touch(role.address);
    events.push(roleEvent(registry.name, role, true));
  }
  return events;
}
