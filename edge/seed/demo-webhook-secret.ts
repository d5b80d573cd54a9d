/**
 * @module
 * The demo tenant's sandbox webhook signing secret, fixed so docs/webhooks.md and the CLI can sign
 * events for the local worker out of the box. It is public: for local testing only, never for a
 * deployed tenant (create a random one with the admin API there).
 *
 * Secrets are stored encrypted with WEBHOOK_SECRET_KEY, which differs per machine (.dev.vars is
 * generated), so the seed is a function of that key. It re-encrypts on every run: after .dev.vars
 * is regenerated the stored value still opens, and an expiry an operator set is kept.
 */
import { seal } from '../lib/crypto-box.ts';
import {
  decodeSecret,
  secretContext,
  secretFingerprint,
} from '../webhooks/verify/secret-format.ts';
import { DEMO_TENANT } from './desert-peak.ts';

/** `whsec_` + base64 of the 32 ASCII bytes "desert-peak-sandbox-signing-key!". */
export const DEMO_WEBHOOK_SECRET = 'whsec_ZGVzZXJ0LXBlYWstc2FuZGJveC1zaWduaW5nLWtleSE=';
export const DEMO_WEBHOOK_SECRET_ID = 'whs_desert_peak_sandbox';

/** The upsert of the demo secret, sealed with `webhookSecretKey` (base64 of 32 bytes). */
export async function demoWebhookSecretStatements(
  webhookSecretKey: string,
): Promise<{ sql: string; params: unknown[] }[]> {
  const bytes = decodeSecret(DEMO_WEBHOOK_SECRET);
  if (!bytes) throw new Error('DEMO_WEBHOOK_SECRET is not a valid whsec_ secret');
  const ciphertext = await seal(
    webhookSecretKey,
    bytes,
    secretContext(DEMO_TENANT, DEMO_WEBHOOK_SECRET_ID),
  );
  return [
    {
      sql: `INSERT INTO webhook_secrets (id, tenant, label, ciphertext, fingerprint, created_by)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET ciphertext = excluded.ciphertext`,
      params: [
        DEMO_WEBHOOK_SECRET_ID,
        DEMO_TENANT,
        'Sandbox (local testing only)',
        ciphertext,
        await secretFingerprint(bytes),
        'seed',
      ],
    },
  ];
}
