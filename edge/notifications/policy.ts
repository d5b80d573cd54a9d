/**
 * @module
 * Delivery policy: Svix's retry schedule, the timeout, the lease and the disable rule. Passed in
 * (`NotifyDeps`) so tests can shorten the schedule and the timeout; production uses the defaults,
 * which are the documented ones (docs/notifications.md).
 */

export interface NotifyDeps {
  /** Seconds before each attempt: the first is immediate, the last ends the schedule. */
  scheduleSeconds: readonly number[];
  /** A receiver that has not answered after this long failed the attempt. */
  timeoutMs: number;
  /** A claim outlasts one attempt (the timeout) with room for the D1 writes. */
  leaseMs: number;
  /** A webhook endpoint whose every attempt failed for this long is disabled. */
  disableAfterMs: number;
  /** The HTTP client; tests keep the real one (miniflare's outbound service routes it). */
  fetch: typeof fetch;
}

/** Svix: now, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (8 attempts over about 27.6 hours). */
export const SVIX_SCHEDULE_SECONDS = [0, 5, 300, 1800, 7200, 18_000, 36_000, 36_000] as const;

export const defaultNotifyDeps: NotifyDeps = {
  scheduleSeconds: SVIX_SCHEDULE_SECONDS,
  timeoutMs: 15_000,
  leaseMs: 60_000,
  disableAfterMs: 5 * 86_400_000,
  fetch: (input, init) => fetch(input, init),
};

/** Queue delays cannot exceed 12 hours; a longer Retry-After waits for the sweep instead. */
export const MAX_QUEUE_DELAY_SECONDS = 43_200;

/**
 * When the next attempt is due after `attempts` attempts, or null when the schedule is used up.
 * A `Retry-After` from a 429/503 replaces the schedule's delay for that attempt.
 */
export function nextAttemptDelaySeconds(
  deps: Pick<NotifyDeps, 'scheduleSeconds'>,
  attempts: number,
  budget: number,
  retryAfterSeconds: number | null,
): number | null {
  if (attempts >= budget || attempts >= deps.scheduleSeconds.length) return null;
  return retryAfterSeconds ?? deps.scheduleSeconds[attempts] ?? null;
}

/** Seconds of a `Retry-After` header (delta-seconds or an HTTP date), or null. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (!value) return null;
  if (/^\d{1,9}$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
