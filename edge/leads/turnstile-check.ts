/**
 * @module
 * Where Turnstile meets intake: which leads need a challenge (their tenant turned it on, no
 * intake key, not already spam), and the check after the response that verifies the token and
 * applies the verdict (edge/leads/turnstile.ts, edge/leads/db/turnstile.ts).
 */
import type { LeadRecord } from '../../shared/lead-record.ts';
import type { TenantContext } from '../tenants/context.ts';
import { applyTurnstileVerdict } from './db/turnstile.ts';
import { originHostnames, verifyTurnstile } from './turnstile.ts';

/**
 * The lead's Turnstile token to verify, `'missing'` when the tenant requires one and none came,
 * or null when Turnstile does not apply (tenant off, or an integration with an intake key).
 */
export function turnstileTokenOf(
  body: Record<string, unknown>,
  context: TenantContext,
  intakeKey: boolean,
): string | 'missing' | null {
  if (!context.config.turnstile || intakeKey) return null;
  const token = body.turnstileToken;
  // Longer than Cloudflare's 2048-character maximum is no token of theirs.
  return typeof token === 'string' && token !== '' && token.length <= 2048 ? token : 'missing';
}

export async function checkTurnstileAfterResponse(
  env: Env,
  lead: Pick<LeadRecord, 'id' | 'classification'>,
  token: string,
  remoteIp: string | undefined,
  context: TenantContext,
  fetcher: typeof fetch = fetch,
): Promise<void> {
  // A lead already spam gains nothing from a call to Cloudflare.
  if (lead.classification === 'spam') return;
  const verdict = await verifyTurnstile(
    {
      secret: env.TURNSTILE_SECRET,
      token,
      remoteIp,
      hostnames: originHostnames(context.allowedOrigins),
    },
    fetcher,
  );
  if (verdict.kind !== 'pass') console.log('turnstile', verdict.kind, lead.id, verdict.why);
  await applyTurnstileVerdict(env.DB, lead.id, verdict);
}
