/**
 * @module
 * The signed-in operator: token, who the API says they are, and the tenant they are looking at.
 * The token lives in sessionStorage, so it is gone when the tab closes and never sent anywhere
 * but this origin's API. Components subscribe with `useSession`.
 */
import { useEffect, useState } from 'preact/hooks';

export type Principal =
  { kind: 'admin' } | { kind: 'operator'; tenant: string; tokenId: string; label: string };

export interface Session {
  token: string;
  principal: Principal;
  tenants: { slug: string; name: string }[];
  tenant: string;
}

const TOKEN_KEY = 'ptj-ops-token';
const TENANT_KEY = 'ptj-ops-tenant';

let session: Session | null = null;
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

export function currentToken(): string | null {
  return session?.token ?? sessionStorage.getItem(TOKEN_KEY);
}

export function startSession(next: Omit<Session, 'tenant'>): void {
  const remembered = sessionStorage.getItem(TENANT_KEY);
  const tenant =
    next.tenants.find((t) => t.slug === remembered)?.slug ?? next.tenants[0]?.slug ?? '';
  session = { ...next, tenant };
  sessionStorage.setItem(TOKEN_KEY, next.token);
  notify();
}

export function chooseTenant(slug: string): void {
  if (!session) return;
  session = { ...session, tenant: slug };
  sessionStorage.setItem(TENANT_KEY, slug);
  notify();
}

export function signOut(): void {
  session = null;
  sessionStorage.removeItem(TOKEN_KEY);
  notify();
}

export function useSession(): Session | null {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const listener = () => setVersion((v) => v + 1);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return session;
}
