/**
 * @module
 * What a sync job run depends on besides D1, passed in so tests can give the live sender
 * credentials for a fake ServiceTitan, a fixed jitter and a short timeout.
 */
import type { ServiceTitanCredentials } from './sender.ts';

export interface HandoffDeps {
  /** How a live sender authenticates. PageToJob stores no ServiceTitan credentials: null. */
  credentials: ServiceTitanCredentials | null;
  /** Jitter source, in [0, 1). */
  random: () => number;
  sendTimeoutMs: number;
  /** How long a claim lasts; longer than a lookup plus a send can take. */
  leaseMs: number;
}

export const defaultHandoffDeps: HandoffDeps = {
  credentials: null,
  random: Math.random,
  sendTimeoutMs: 10_000,
  leaseMs: 60_000,
};
