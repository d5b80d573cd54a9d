/**
 * The Standard Webhooks verify function on its own: the spec's known-answer vector, signatures
 * made by the official `standardwebhooks` package, and each way a signature can fail to hold.
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import type { Bytes } from '../../../edge/lib/encoding.ts';
import { decodeSecret, importHmacKey } from '../../../edge/webhooks/verify/secret-format.ts';
import {
  MAX_SIGNATURE_ENTRIES,
  signWebhook,
  verifyWebhook,
  type VerifyKey,
} from '../../../edge/webhooks/verify/standard-webhooks.ts';

// Known-answer vector from the Standard Webhooks specification.
const KAT = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: '1614265330',
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const OTHER_SECRET = 'whsec_c2Vjb25kLXNlY3JldC1mb3ItdGVzdHMtMTIzNDU=';

const encode = (text: string) => new TextEncoder().encode(text);

async function keyOf(secret: string, id = 'whs_test'): Promise<VerifyKey> {
  const bytes = decodeSecret(secret);
  if (!bytes) throw new Error('bad secret');
  return { id, key: await importHmacKey(bytes, 'verify') };
}

function headers(entries: Record<string, string>): Headers {
  return new Headers(entries);
}

async function verify(
  h: Headers,
  body: string,
  options: { keys?: VerifyKey[]; now?: number } = {},
) {
  return verifyWebhook({
    headers: h,
    body: encode(body),
    nowSeconds: options.now ?? Number(KAT.timestamp),
    loadKeys: async () => options.keys ?? [await keyOf(KAT.secret)],
  });
}

const katHeaders = (signature = KAT.signature) =>
  headers({
    'webhook-id': KAT.id,
    'webhook-timestamp': KAT.timestamp,
    'webhook-signature': signature,
  });

describe('signing', () => {
  it('reproduces the Standard Webhooks known-answer vector', async () => {
    const bytes = decodeSecret(KAT.secret);
    expect(bytes).not.toBeNull();
    const key = await importHmacKey(bytes as Bytes, 'sign');
    expect(await signWebhook(key, KAT.id, KAT.timestamp, encode(KAT.body))).toBe(KAT.signature);
  });

  it('agrees with the standardwebhooks package on random messages', async () => {
    const lib = new Webhook(OTHER_SECRET);
    const key = await importHmacKey(decodeSecret(OTHER_SECRET) as Bytes, 'sign');
    for (const body of ['{}', '{"a":"ü ☃ 🏠"}', JSON.stringify({ n: Math.random() })]) {
      const id = `msg_${crypto.randomUUID().replaceAll('-', '')}`;
      const at = new Date(1_700_000_000_000);
      expect(await signWebhook(key, id, '1700000000', encode(body))).toBe(lib.sign(id, at, body));
    }
  });
});

describe('verifyWebhook', () => {
  it('accepts the known-answer vector and names the secret that matched', async () => {
    const result = await verify(katHeaders(), KAT.body);
    expect(result).toEqual({
      ok: true,
      webhookId: KAT.id,
      timestamp: Number(KAT.timestamp),
      secretId: 'whs_test',
    });
  });

  it('accepts a signature made by the standardwebhooks package', async () => {
    const now = Math.floor(Date.now() / 1000);
    const body = '{"specversion":"1.0","data":{"x":1}}';
    const signature = new Webhook(KAT.secret).sign('msg_lib', new Date(now * 1000), body);
    const h = headers({
      'webhook-id': 'msg_lib',
      'webhook-timestamp': String(now),
      'webhook-signature': signature,
    });
    expect((await verify(h, body, { now })).ok).toBe(true);
  });

  it('refuses a tampered body', async () => {
    const result = await verify(katHeaders(), '{"test": 2432232315}');
    expect(result).toMatchObject({ ok: false, status: 401, reason: 'signature_mismatch' });
  });

  it('refuses a signature made with another secret', async () => {
    const signature = new Webhook(OTHER_SECRET).sign(
      KAT.id,
      new Date(Number(KAT.timestamp) * 1000),
      KAT.body,
    );
    expect(await verify(katHeaders(signature), KAT.body)).toMatchObject({
      ok: false,
      reason: 'signature_mismatch',
    });
  });

  it('refuses a signature keyed with the secret text instead of its base64-decoded bytes', async () => {
    // A common client bug: HMAC keyed with the UTF-8 of "MfKQ9r…" rather than the decoded bytes.
    const text = KAT.secret.slice('whsec_'.length);
    const rawKey = await crypto.subtle.importKey(
      'raw',
      encode(text),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const signature = await signWebhook(rawKey, KAT.id, KAT.timestamp, encode(KAT.body));
    expect(signature).not.toBe(KAT.signature);
    expect(await verify(katHeaders(signature), KAT.body)).toMatchObject({
      ok: false,
      reason: 'signature_mismatch',
    });
  });

  it('accepts when any of several space-separated signatures matches, unknown versions ignored', async () => {
    const forged = `v1,${btoa('x'.repeat(32))}`;
    const result = await verify(
      katHeaders(`v1a,${btoa('ed25519')} ${forged} ${KAT.signature}`),
      KAT.body,
    );
    expect(result.ok).toBe(true);
  });

  it('accepts a signature header sent as two lines (joined by ", ")', async () => {
    const h = katHeaders(`v1,${btoa('y'.repeat(32))}`);
    h.append('webhook-signature', KAT.signature);
    expect(h.get('webhook-signature')).toContain(', ');
    expect((await verify(h, KAT.body)).ok).toBe(true);
  });

  it('accepts svix-* header names', async () => {
    const h = headers({
      'svix-id': KAT.id,
      'svix-timestamp': KAT.timestamp,
      'svix-signature': KAT.signature,
    });
    expect((await verify(h, KAT.body)).ok).toBe(true);
  });

  it('tries every active key (rotation)', async () => {
    const keys = [await keyOf(OTHER_SECRET, 'whs_new'), await keyOf(KAT.secret, 'whs_old')];
    expect(await verify(katHeaders(), KAT.body, { keys })).toMatchObject({
      ok: true,
      secretId: 'whs_old',
    });
    expect(await verify(katHeaders(), KAT.body, { keys: [keys[0] as VerifyKey] })).toMatchObject({
      ok: false,
      reason: 'signature_mismatch',
    });
  });

  it('accepts timestamps up to 300 s away in either direction and refuses 301 s', async () => {
    const at = Number(KAT.timestamp);
    expect((await verify(katHeaders(), KAT.body, { now: at + 300 })).ok).toBe(true);
    expect((await verify(katHeaders(), KAT.body, { now: at - 300 })).ok).toBe(true);
    expect(await verify(katHeaders(), KAT.body, { now: at + 301 })).toMatchObject({
      status: 401,
      reason: 'timestamp_too_old',
      detail: { skewSeconds: 301 },
    });
    expect(await verify(katHeaders(), KAT.body, { now: at - 301 })).toMatchObject({
      status: 401,
      reason: 'timestamp_too_new',
    });
  });

  it.each([
    [
      'no webhook-id',
      { 'webhook-timestamp': KAT.timestamp, 'webhook-signature': KAT.signature },
      'missing_signature_headers',
    ],
    [
      'an empty signature',
      { 'webhook-id': KAT.id, 'webhook-timestamp': KAT.timestamp, 'webhook-signature': '  ' },
      'missing_signature_headers',
    ],
    [
      'an id with a dot',
      {
        'webhook-id': 'msg.1',
        'webhook-timestamp': KAT.timestamp,
        'webhook-signature': KAT.signature,
      },
      'malformed_webhook_id',
    ],
    [
      'an id of 129 characters',
      {
        'webhook-id': 'a'.repeat(129),
        'webhook-timestamp': KAT.timestamp,
        'webhook-signature': KAT.signature,
      },
      'malformed_webhook_id',
    ],
    [
      'a timestamp with decimals',
      {
        'webhook-id': KAT.id,
        'webhook-timestamp': `${KAT.timestamp}.0`,
        'webhook-signature': KAT.signature,
      },
      'malformed_timestamp',
    ],
    [
      'a negative timestamp',
      {
        'webhook-id': KAT.id,
        'webhook-timestamp': `-${KAT.timestamp}`,
        'webhook-signature': KAT.signature,
      },
      'malformed_timestamp',
    ],
    [
      'a timestamp in an exponent',
      { 'webhook-id': KAT.id, 'webhook-timestamp': '1.6e9', 'webhook-signature': KAT.signature },
      'malformed_timestamp',
    ],
    [
      'a signature without version',
      {
        'webhook-id': KAT.id,
        'webhook-timestamp': KAT.timestamp,
        'webhook-signature': KAT.signature.slice(3),
      },
      'malformed_signature',
    ],
    [
      'a v1 signature that is not base64',
      { 'webhook-id': KAT.id, 'webhook-timestamp': KAT.timestamp, 'webhook-signature': 'v1,abc' },
      'malformed_signature',
    ],
    [
      'too many signatures',
      {
        'webhook-id': KAT.id,
        'webhook-timestamp': KAT.timestamp,
        'webhook-signature': Array(MAX_SIGNATURE_ENTRIES + 1)
          .fill(KAT.signature)
          .join(' '),
      },
      'malformed_signature',
    ],
  ])('refuses %s with 400 before loading any key', async (_, entries, reason) => {
    const loadKeys = vi.fn(async () => [await keyOf(KAT.secret)]);
    const result = await verifyWebhook({
      headers: headers(entries),
      body: encode(KAT.body),
      nowSeconds: Number(KAT.timestamp),
      loadKeys,
    });
    expect(result).toMatchObject({ ok: false, status: 400, reason });
    expect(loadKeys).not.toHaveBeenCalled();
  });

  it('does not load keys for a stale request either', async () => {
    const loadKeys = vi.fn(async () => [await keyOf(KAT.secret)]);
    const result = await verifyWebhook({
      headers: katHeaders(),
      body: encode(KAT.body),
      nowSeconds: Number(KAT.timestamp) + 3600,
      loadKeys,
    });
    expect(result).toMatchObject({ ok: false, status: 401, reason: 'timestamp_too_old' });
    expect(loadKeys).not.toHaveBeenCalled();
  });

  it('refuses everything when the tenant has no active secret', async () => {
    expect(await verify(katHeaders(), KAT.body, { keys: [] })).toMatchObject({
      ok: false,
      reason: 'signature_mismatch',
      detail: { activeSecrets: 0 },
    });
  });
});
