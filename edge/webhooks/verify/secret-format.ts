/**
 * @module
 * Standard Webhooks signing secrets: `whsec_` followed by the base64 of the key bytes. The HMAC
 * key is the *decoded* bytes, not the text after the prefix; signing with the text is a classic
 * client mistake and does not verify. Shared by the edge, the seed and the CLI (plain WebCrypto).
 */
import { base64ToBytes, bytesToBase64, sha256Hex, type Bytes } from '../../lib/encoding.ts';

const SECRET_PREFIX = 'whsec_';
/** Standard Webhooks recommends 24 to 64 random bytes; we generate 32. */
const MIN_SECRET_BYTES = 24;
const MAX_SECRET_BYTES = 64;
const GENERATED_SECRET_BYTES = 32;

/** The key bytes of a `whsec_…` secret, or null when it is not one. */
export function decodeSecret(secret: string): Bytes | null {
  if (!secret.startsWith(SECRET_PREFIX)) return null;
  const bytes = base64ToBytes(secret.slice(SECRET_PREFIX.length));
  if (!bytes || bytes.length < MIN_SECRET_BYTES || bytes.length > MAX_SECRET_BYTES) return null;
  return bytes;
}

export function generateSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(GENERATED_SECRET_BYTES));
  return `${SECRET_PREFIX}${bytesToBase64(bytes)}`;
}

/** First 16 hex digits of SHA-256 of the key bytes: names a secret without revealing it. */
export async function secretFingerprint(bytes: Bytes): Promise<string> {
  return sha256Hex(bytes, 8);
}

/** An HMAC-SHA256 key for the secret's bytes; not extractable, so it cannot leak back out. */
export function importHmacKey(bytes: Bytes, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

/** Additional data of a secret's encryption: the ciphertext opens only for this tenant and id. */
export function secretContext(tenant: string, id: string): string {
  return `pagetojob:webhook-secret:${tenant}:${id}`;
}
