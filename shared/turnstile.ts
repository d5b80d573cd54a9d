/**
 * @module
 * Cloudflare Turnstile's siteverify answer, as the edge reads it (edge/leads/turnstile.ts): only
 * the fields it checks, unknown ones ignored. Per Cloudflare's "Validate the token" documentation
 * (POST https://challenges.cloudflare.com/turnstile/v0/siteverify).
 */
import * as z from 'zod/mini';

export const SiteverifyResponseSchema = z.object({
  success: z.boolean(),
  'error-codes': z.optional(z.array(z.string())),
  challenge_ts: z.optional(z.string()),
  hostname: z.optional(z.string()),
  action: z.optional(z.string()),
});

export type SiteverifyResponse = z.infer<typeof SiteverifyResponseSchema>;
