/**
 * @module
 * Cloudflare Turnstile, per tenant and optional: the widget renders the challenge (managed or
 * invisible, with action `lead`) and the lead carries its token as `turnstileToken`. The edge
 * checks it with siteverify AFTER the response (waitUntil), following Cloudflare's "Validate the
 * token" documentation: `secret` (the `TURNSTILE_SECRET` Worker secret), `response`, `remoteip`
 * (the visitor's address) and an `idempotency_key` reused by the one retry; then `success`, the
 * `hostname` against the tenant's origins and the `action`.
 *
 * A failed challenge makes the lead spam (`turnstile_failed`); a missing one is decided at intake
 * (`turnstile_missing`, edge/leads/review.ts). Cloudflare unreachable, or this deployment without
 * a usable secret, only flags the lead for review (`turnstile_unverified`): never spam, never a
 * refusal (docs/decisions/0074-turnstile-after-the-response.md).
 */
import { SiteverifyResponseSchema } from '../../shared/turnstile.ts';

export const SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';
/** The `action` the widget renders Turnstile with; a token for another action is not ours. */
export const TURNSTILE_ACTION = 'lead';
/** Cloudflare answers in well under a second; a hung call must not hold the isolate. */
const SITEVERIFY_TIMEOUT_MS = 5_000;

/** Error codes that mean this deployment's secret is wrong, not that the visitor failed. */
const SECRET_ERRORS = new Set(['missing-input-secret', 'invalid-input-secret']);

export type TurnstileVerdict =
  { kind: 'pass' } | { kind: 'fail'; why: string[] } | { kind: 'unverified'; why: string };

export interface SiteverifyInput {
  secret: string | undefined;
  token: string;
  remoteIp: string | undefined;
  /** Hostnames of the tenant's allowed origins; empty: the hostname is not checked. */
  hostnames: string[];
}

async function callSiteverify(
  fetcher: typeof fetch,
  input: SiteverifyInput & { secret: string },
  idempotencyKey: string,
): Promise<ReturnType<typeof SiteverifyResponseSchema.safeParse> | null> {
  try {
    const res = await fetcher(SITEVERIFY_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        secret: input.secret,
        response: input.token,
        ...(input.remoteIp && { remoteip: input.remoteIp }),
        idempotency_key: idempotencyKey,
      }),
      signal: AbortSignal.timeout(SITEVERIFY_TIMEOUT_MS),
    });
    if (!res.ok) return null;
    const parsed = SiteverifyResponseSchema.safeParse(await res.json());
    const internal = parsed.success && parsed.data['error-codes']?.includes('internal-error');
    return internal ? null : parsed;
  } catch {
    return null;
  }
}

/**
 * One siteverify check, retried once (same idempotency key, so Cloudflare answers the retry as
 * the first try rather than as a replayed token) when the call fails or Cloudflare reports an
 * internal error.
 */
export async function verifyTurnstile(
  input: SiteverifyInput,
  fetcher: typeof fetch = fetch,
): Promise<TurnstileVerdict> {
  const { secret } = input;
  if (!secret) return { kind: 'unverified', why: 'no_secret' };
  const key = crypto.randomUUID();
  const answer =
    (await callSiteverify(fetcher, { ...input, secret }, key)) ??
    (await callSiteverify(fetcher, { ...input, secret }, key));
  if (!answer) return { kind: 'unverified', why: 'unreachable' };
  if (!answer.success) return { kind: 'unverified', why: 'unreadable_answer' };
  const { success, hostname, action } = answer.data;
  const codes = answer.data['error-codes'] ?? [];
  if (codes.some((code) => SECRET_ERRORS.has(code))) {
    return { kind: 'unverified', why: 'secret_rejected' };
  }
  if (!success) return { kind: 'fail', why: codes.length ? codes : ['not_success'] };
  const why: string[] = [];
  if (input.hostnames.length > 0 && !(hostname && input.hostnames.includes(hostname))) {
    why.push('hostname_mismatch');
  }
  if (action !== TURNSTILE_ACTION) why.push('action_mismatch');
  return why.length ? { kind: 'fail', why } : { kind: 'pass' };
}

/** The hostnames a tenant's Turnstile tokens may be solved on: those of its allowed origins. */
export function originHostnames(origins: readonly string[]): string[] {
  return origins.flatMap((origin) => {
    try {
      return [new URL(origin).hostname];
    } catch {
      return [];
    }
  });
}
