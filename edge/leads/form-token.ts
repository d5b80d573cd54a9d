/**
 * @module
 * Form tokens: a stateless proof that a lead came through a form this edge served. The widget asks
 * `POST /v1/tenants/:tenant/form-token` on the visitor's first interaction; the lead carries the
 * token as `formToken`. A token is `v1.<tenant>.<issued ms>.<nonce>.<mac>` with an HMAC-SHA256 over
 * the first four parts, keyed by the `FORM_TOKEN_KEY` secret: checking it needs no D1, and its issue
 * time is the server's clock, which the time trap uses instead of the client's `elapsedMs`.
 */
import { base64url, fromBase64url } from '../lib/encoding.ts';

/** How long a token is accepted; an older one reads as missing (flagged, never spam). */
export const FORM_TOKEN_TTL_MS = 2 * 60 * 60 * 1000;
/** A key shorter than this is treated as unset: tokens are neither issued nor trusted. */
export const MIN_FORM_TOKEN_KEY_LENGTH = 32;

const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
    keys.set(secret, key);
  }
  return key;
}

export const usableKey = (secret: string | undefined): secret is string =>
  typeof secret === 'string' && secret.length >= MIN_FORM_TOKEN_KEY_LENGTH;

export async function issueFormToken(secret: string, tenant: string, now: Date): Promise<string> {
  const nonce = base64url(crypto.getRandomValues(new Uint8Array(16)));
  const signed = `v1.${tenant}.${now.getTime()}.${nonce}`;
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(signed));
  return `${signed}.${base64url(new Uint8Array(mac))}`;
}

/**
 * What a lead's token proves. `missing` covers absent, expired and "this deployment has no key"
 * (nothing to hold against the visitor); `forged` is a token this edge did not sign for this
 * tenant (bad MAC, another tenant's, malformed): only a bot sends that.
 */
export type FormTokenCheck =
  | { kind: 'valid'; issuedAt: number; nonce: string }
  | { kind: 'missing'; expired: boolean }
  | { kind: 'forged' };

const TOKEN = /^v1\.([a-z0-9-]{2,64})\.(\d{1,15})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

export async function checkFormToken(
  secret: string | undefined,
  token: unknown,
  tenant: string,
  now: Date,
): Promise<FormTokenCheck> {
  if (typeof token !== 'string' || token === '' || !usableKey(secret)) {
    return { kind: 'missing', expired: false };
  }
  const match = TOKEN.exec(token);
  const mac = match && fromBase64url(match[4]!);
  if (!match || !mac || match[1] !== tenant) return { kind: 'forged' };
  const signed = token.slice(0, token.lastIndexOf('.'));
  const ok = await crypto.subtle.verify('HMAC', await hmacKey(secret), mac, encoder.encode(signed));
  if (!ok) return { kind: 'forged' };
  const issuedAt = Number(match[2]);
  if (now.getTime() - issuedAt > FORM_TOKEN_TTL_MS) return { kind: 'missing', expired: true };
  return { kind: 'valid', issuedAt, nonce: match[3]! };
}
