/**
 * @module
 * When a failed send is tried again: exponential backoff with jitter (so jobs that failed together
 * do not retry together), within a fixed budget after which the job is `blocked` for an operator.
 * The cron runs every 5 minutes, so a retry happens at the first tick after its due time.
 */

/** Send attempts before a job is blocked (the first try included). */
export const SEND_ATTEMPT_BUDGET = 6;
/** Delay after the first failure; doubled after each further one. */
export const BACKOFF_BASE_MS = 2 * 60_000;
export const BACKOFF_MAX_MS = 60 * 60_000;
/** ±20 % around the exponential delay. */
export const BACKOFF_JITTER = 0.2;

/** The delay after failed attempt number `attempt` (1-based); `random` is in [0, 1). */
export function backoffDelayMs(attempt: number, random: number): number {
  const exponential = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential * (1 + BACKOFF_JITTER * (2 * random - 1)));
}

export function retryBudgetLeft(attempt: number): boolean {
  return attempt < SEND_ATTEMPT_BUDGET;
}
