/**
 * The unlocked key, in this page's memory only: it is dropped on Lock, on reload, and after
 * LOCK_AFTER_MS without activity on the page.
 */
import { useEffect, useState } from 'preact/hooks';
import type { KeyPair } from '../../../src/client/index.ts';
import type { VaultEntry } from './vault.ts';

export const LOCK_AFTER_MS = 15 * 60_000;

export interface Session {
  entry: VaultEntry;
  key: KeyPair;
}

let current: Session | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<(session: Session | undefined) => void>();

function notify(): void {
  for (const listener of listeners) listener(current);
}

function armTimer(): void {
  clearTimeout(timer);
  if (current !== undefined) timer = setTimeout(lock, LOCK_AFTER_MS);
}

export function unlock(session: Session): void {
  current = session;
  armTimer();
  notify();
}

export function lock(): void {
  // KeyPair keeps its secret in a non-enumerable copy; zero it so it does not linger in memory.
  current?.key.secretKey.fill(0);
  current = undefined;
  clearTimeout(timer);
  notify();
}

for (const type of ['pointerdown', 'keydown']) window.addEventListener(type, armTimer, { passive: true });

export function useSession(): Session | undefined {
  const [session, setSession] = useState(current);
  useEffect(() => {
    listeners.add(setSession);
    return () => {
      listeners.delete(setSession);
    };
  }, []);
  return session;
}
