/**
 * @module
 * Signing secrets of `standard` webhook channels: a `whsec_` secret per endpoint, sealed at rest
 * with WEBHOOK_SECRET_KEY (edge/lib/crypto-box.ts) and bound to its channel. Signing reuses the
 * inbound verifier's Standard Webhooks code (`signWebhook`), so both directions sign the same
 * bytes the same way. During a rotation's grace period both secrets sign, and the
 * `webhook-signature` header carries both entries, as Standard Webhooks allows.
 */
import { open, seal } from '../lib/crypto-box.ts';
import {
  decodeSecret,
  generateSecret,
  importHmacKey,
  secretFingerprint,
} from '../webhooks/verify/secret-format.ts';
import { signWebhook } from '../webhooks/verify/standard-webhooks.ts';
import type { ChannelRow } from './db/channels.ts';

const context = (tenant: string, channelId: string) =>
  `pagetojob:notification-secret:${tenant}:${channelId}`;

/** A fresh secret for a channel: the value to show once and what the row stores. */
export async function newChannelSecret(masterKey: string, tenant: string, channelId: string) {
  const secret = generateSecret();
  const bytes = decodeSecret(secret)!;
  return {
    secret,
    ciphertext: await seal(masterKey, bytes, context(tenant, channelId)),
    fingerprint: await secretFingerprint(bytes),
  };
}

async function signingKey(masterKey: string, channel: ChannelRow, ciphertext: string) {
  return importHmacKey(
    await open(masterKey, ciphertext, context(channel.tenant, channel.id)),
    'sign',
  );
}

/** The `webhook-signature` value for a body: one `v1,` entry per secret that signs now. */
export async function signatureHeader(
  masterKey: string,
  channel: ChannelRow,
  webhookId: string,
  timestamp: string,
  body: Uint8Array,
  now: Date,
): Promise<string> {
  const ciphertexts = [channel.secret_ciphertext];
  if (
    channel.previous_secret_expires_at &&
    channel.previous_secret_expires_at > now.toISOString()
  ) {
    ciphertexts.push(channel.previous_secret_ciphertext);
  }
  const entries: string[] = [];
  for (const ciphertext of ciphertexts) {
    if (!ciphertext) continue;
    const key = await signingKey(masterKey, channel, ciphertext);
    entries.push(await signWebhook(key, webhookId, timestamp, body));
  }
  if (entries.length === 0) throw new Error(`channel ${channel.id} has no signing secret`);
  return entries.join(' ');
}
