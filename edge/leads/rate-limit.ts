/**
 * @module
 * The per (tenant, client address) limits on the public lead paths: `POST /v1/leads`, its
 * unfinished twin, and the form-token endpoint. Each path names its own limiter binding
 * (wrangler.toml) so a page asking for tokens never eats into its visitors' lead budget.
 */
import { ApiError } from '../http/errors.ts';
import { clientAddressKey } from '../lib/client-address.ts';

/** Matches the limiters' period (wrangler.toml): when a blocked client may try again. */
export const RATE_LIMIT_RETRY_AFTER_S = 60;

/** Throws 429 `rate_limited` with Retry-After when this client is over the limiter's budget. */
export async function limitClient(
  limiter: RateLimit,
  tenant: string,
  address: string | undefined,
): Promise<void> {
  const client = clientAddressKey(address ?? 'unknown');
  const { success } = await limiter.limit({ key: `${tenant}:${client}` });
  if (!success) {
    throw new ApiError(429, 'rate_limited', 'Too many requests; try again shortly.', {
      headers: { 'Retry-After': String(RATE_LIMIT_RETRY_AFTER_S) },
    });
  }
}
