/**
 * @module
 * What a sync job run depends on besides D1, passed in so tests can give the live sender
 * credentials for a fake ServiceTitan (and that fake's address), a fixed jitter and a short
 * timeout. In the Worker they come from `handoffDeps(env)`.
 */
import { serviceTitanApiBase } from './environment.ts';
import type { ServiceTitanCredentials } from './sender.ts';

export interface HandoffDeps {
  /** How a live sender authenticates. PageToJob stores no ServiceTitan credentials: null. */
  credentials: ServiceTitanCredentials | null;
  /** Where a live sender posts: the configured environment's API host (null: none configured). */
  apiBaseUrl: string | null;
  /** Jitter source, in [0, 1). */
  random: () => number;
  sendTimeoutMs: number;
  /** How long a claim lasts; longer than a lookup plus a send can take. */
  leaseMs: number;
}

/** The Worker's dependencies: no credentials, the host `SERVICETITAN_ENVIRONMENT` names. */
export function handoffDeps(env: { SERVICETITAN_ENVIRONMENT?: string }): HandoffDeps {
  return {
    credentials: null,
    apiBaseUrl: serviceTitanApiBase(env),
    random: Math.random,
    sendTimeoutMs: 10_000,
    leaseMs: 60_000,
  };
}

/** For runs given no environment: nothing can send. */
export const defaultHandoffDeps: HandoffDeps = handoffDeps({});
