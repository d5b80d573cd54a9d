/**
 * @module
 * Standard Webhooks v1 (https://www.standardwebhooks.com): HMAC-SHA256 over
 * `webhook-id + "." + webhook-timestamp + "." + rawBody`, sent as space-separated `v1,<base64>`
 * entries in `webhook-signature` (`svix-*` header names are accepted too).
 *
 * `verifyWebhook` is pure apart from WebCrypto and knows nothing of Hono or D1: it gets the
 * headers, the raw bytes, the clock and a loader of the tenant's keys. The loader runs only once
 * the cheap header and timestamp checks have passed, so an unsigned or stale request never costs a
 * key lookup, and the checks fail in the order the webhook contract lists them. Signatures are
 * checked with `crypto.subtle.verify`, which compares in constant time.
 */
import { base64ToBytes, bytesToBase64, type Bytes } from '../../lib/encoding.ts';

const TIMESTAMP_TOLERANCE_SECONDS = 300;
/** More entries than any sender needs during a rotation; bounds the HMACs one request can cost. */
export const MAX_SIGNATURE_ENTRIES = 8;

const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
// Plain digits only: no sign, decimals, exponent or whitespace. 12 digits reach year 33658.
const TIMESTAMP_PATTERN = /^[0-9]{1,12}$/;
const ENTRY_PATTERN = /^(v[0-9a-z]{1,8}),([A-Za-z0-9+/]{1,512}={0,2})$/;

const encoder = new TextEncoder();

export interface VerifyKey {
  /** The secret's id, reported back when its signature matched. */
  id: string;
  key: CryptoKey;
}

export type VerifyFailureReason =
  | 'missing_signature_headers'
  | 'malformed_webhook_id'
  | 'malformed_timestamp'
  | 'malformed_signature'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'signature_mismatch';

export type VerifyResult =
  | { ok: true; webhookId: string; timestamp: number; secretId: string }
  | {
      ok: false;
      status: 400 | 401;
      reason: VerifyFailureReason;
      message: string;
      /** The webhook-id when it was well-formed: safe to record. */
      webhookId?: string;
      detail?: Record<string, unknown>;
    };

/** The three signature headers, `webhook-*` first, each falling back to its `svix-*` alias. */
export function signatureHeaders(headers: Headers) {
  const read = (name: string) => headers.get(`webhook-${name}`) ?? headers.get(`svix-${name}`);
  return { id: read('id'), timestamp: read('timestamp'), signature: read('signature') };
}

/**
 * The `v1` signatures of a `webhook-signature` value, or null if it is malformed. Entries are
 * separated by spaces; a sender that sends the header twice gets the lines joined with ", " by
 * the Fetch API, so a trailing comma on an entry is a line separator, not part of it.
 * Entries of other versions (e.g. `v1a` asymmetric) are well-formed but ignored.
 */
function parseSignatureEntries(value: string): Bytes[] | null {
  const entries = value.split(/\s+/).filter((entry) => entry !== '');
  if (entries.length === 0 || entries.length > MAX_SIGNATURE_ENTRIES) return null;
  const signatures: Bytes[] = [];
  for (const entry of entries) {
    const match = ENTRY_PATTERN.exec(entry.replace(/,$/, ''));
    if (!match) return null;
    if (match[1] !== 'v1') continue;
    const bytes = base64ToBytes(match[2] ?? '');
    if (!bytes) return null;
    signatures.push(bytes);
  }
  return signatures;
}

/** The exact bytes that are signed: `id.timestamp.` followed by the raw body, byte for byte. */
function signedContent(webhookId: string, timestamp: string, body: Uint8Array): Bytes {
  const prefix = encoder.encode(`${webhookId}.${timestamp}.`);
  const content = new Uint8Array(prefix.length + body.length);
  content.set(prefix);
  content.set(body, prefix.length);
  return content;
}

export interface VerifyInput {
  headers: Headers;
  body: Uint8Array;
  nowSeconds: number;
  /** The tenant's active keys; called only when the headers and the timestamp are acceptable. */
  loadKeys: () => Promise<readonly VerifyKey[]>;
}

export async function verifyWebhook(input: VerifyInput): Promise<VerifyResult> {
  const header = signatureHeaders(input.headers);
  if (!header.id || !header.timestamp || !header.signature?.trim()) {
    return {
      ok: false,
      status: 400,
      reason: 'missing_signature_headers',
      message: 'webhook-id, webhook-timestamp and webhook-signature are all required.',
    };
  }
  if (!ID_PATTERN.test(header.id)) {
    return {
      ok: false,
      status: 400,
      reason: 'malformed_webhook_id',
      message: 'webhook-id must be 1 to 128 characters of A-Z, a-z, 0-9, "_" or "-".',
    };
  }
  const webhookId = header.id;
  if (!TIMESTAMP_PATTERN.test(header.timestamp)) {
    return {
      ok: false,
      status: 400,
      reason: 'malformed_timestamp',
      message: 'webhook-timestamp must be Unix seconds as plain digits.',
      webhookId,
    };
  }
  const signatures = parseSignatureEntries(header.signature);
  if (!signatures) {
    return {
      ok: false,
      status: 400,
      reason: 'malformed_signature',
      message: `webhook-signature must hold 1 to ${MAX_SIGNATURE_ENTRIES} space-separated "v1,<base64>" entries.`,
      webhookId,
    };
  }

  const timestamp = Number(header.timestamp);
  const skew = input.nowSeconds - timestamp;
  if (Math.abs(skew) > TIMESTAMP_TOLERANCE_SECONDS) {
    const old = skew > 0;
    return {
      ok: false,
      status: 401,
      reason: old ? 'timestamp_too_old' : 'timestamp_too_new',
      message: `webhook-timestamp is ${Math.abs(skew)} s ${old ? 'in the past' : 'in the future'}; at most ${TIMESTAMP_TOLERANCE_SECONDS} s is accepted.`,
      webhookId,
      detail: { skewSeconds: skew },
    };
  }

  const keys = await input.loadKeys();
  const content = signedContent(webhookId, header.timestamp, input.body);
  for (const { id, key } of keys) {
    for (const signature of signatures) {
      if (await crypto.subtle.verify('HMAC', key, signature, content)) {
        return { ok: true, webhookId, timestamp, secretId: id };
      }
    }
  }
  return {
    ok: false,
    status: 401,
    reason: 'signature_mismatch',
    message: 'No v1 signature matches an active signing secret of this tenant.',
    webhookId,
    detail: { v1Signatures: signatures.length, activeSecrets: keys.length },
  };
}

/** `v1,<base64 HMAC-SHA256>` of the signed content under `key` (a key imported for 'sign'). */
export async function signWebhook(
  key: CryptoKey,
  webhookId: string,
  timestamp: string,
  body: Uint8Array,
): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', key, signedContent(webhookId, timestamp, body));
  return `v1,${bytesToBase64(new Uint8Array(mac))}`;
}
