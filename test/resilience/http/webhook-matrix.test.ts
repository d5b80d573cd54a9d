/**
 * The webhook adversarial matrix, over HTTP against `wrangler dev`: one table, one row per way a
 * delivery can be right or wrong, each signed (or mis-signed) with the `standardwebhooks` npm
 * library as an independent sender, with a secret made through the admin API. Every row checks
 * the status and reason; accepted rows that the event is stored, refused rows with a well-formed
 * webhook-id that the rejection is recorded; the table as a whole that nothing else was stored.
 * Then: concurrent copies of one delivery, and secret rotation with and without a grace period.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudEvent, librarySignedHeaders, uniqueId } from '../cloud-event.ts';
import { listAll } from './lead-client.ts';
import {
  createSigningSecret,
  exampleData,
  WEBHOOK_TENANT,
  type SigningSecret,
} from './webhook-sender.ts';
import { startDevServer, type DevServer } from '../../servers/wrangler-dev.ts';

const CAP = 256 * 1024;

type HeaderMap = Record<string, string>;

interface Delivery {
  tenant?: string;
  body: string | AsyncIterable<Uint8Array>;
  headers: HeaderMap;
}

interface Row {
  name: string;
  delivery: () => Promise<Delivery> | Delivery;
  status: number;
  error?: string;
  /** The refusal is recorded under the delivery's webhook-id (it was well-formed). */
  recorded?: boolean;
}

let server: DevServer;
let secret: SigningSecret;
let expired: SigningSecret;
/** Events accepted while building rows (the originals that duplicates repeat). */
let acceptedOriginals = 0;

const booking = () => exampleData('tn.crm.booking-updated');
const bookingBody = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify(cloudEvent('tn.crm.booking-updated', booking(), overrides));
const signed = (body: string, options: { webhookId?: string; at?: Date } = {}) =>
  librarySignedHeaders(secret.secret, body, options);
const seconds = (offset: number) => new Date(Date.now() + offset * 1000);

/** A booking event (with `overrides` in its envelope), signed, then `change` applied to headers. */
const signedBooking =
  (change: (headers: HeaderMap, body: string) => HeaderMap = (h) => h, overrides = {}) =>
  (): Delivery => {
    const body = bookingBody(overrides);
    return { body, headers: change(signed(body), body) };
  };

/** `body` signed correctly: what arrives is right apart from the body itself. */
const signedBody = (body: string) => (): Delivery => ({ body, headers: signed(body) });

const without =
  (name: string) =>
  (headers: HeaderMap): HeaderMap =>
    Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name));
const setHeader = (name: string, value: string) => (headers: HeaderMap) => ({
  ...headers,
  [name]: value,
});

async function send({ tenant = WEBHOOK_TENANT, body, headers }: Delivery) {
  const res = await fetch(`${server.origin}/v1/webhooks/${tenant}`, {
    method: 'POST',
    headers,
    body,
    ...(typeof body !== 'string' && { duplex: 'half' }),
  } as RequestInit);
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

/** Delivers an original first, so the row's delivery repeats something already stored. */
async function afterOriginal(original: Delivery, repeat: Delivery): Promise<Delivery> {
  const first = await send(original);
  expect(first.status).toBe(202);
  acceptedOriginals += 1;
  return repeat;
}

/** `size` bytes in 16 KiB chunks from an iterator: fetch sends them without Content-Length. */
async function* streamed(size: number): AsyncIterable<Uint8Array> {
  for (let sent = 0; sent < size; sent += 16 * 1024) {
    yield new Uint8Array(Math.min(16 * 1024, size - sent)).fill(0x20);
  }
}

const ROWS: Row[] = [
  { name: 'a valid event signed by the library', delivery: signedBooking(), status: 202 },
  {
    name: 'svix-* header names',
    delivery: signedBooking((headers) =>
      Object.fromEntries(
        Object.entries(headers).map(([k, v]) => [k.replace('webhook-', 'svix-'), v]),
      ),
    ),
    status: 202,
  },
  {
    name: 'structured CloudEvents content type with charset',
    delivery: signedBooking(
      setHeader('content-type', 'application/cloudevents+json; charset=utf-8'),
    ),
    status: 202,
  },
  {
    name: 'several signatures (unknown version, forged, valid), as during a rotation',
    delivery: signedBooking((headers) => {
      const forged = `v1,${Buffer.alloc(32, 7).toString('base64')}`;
      const all = `v1a,c2lnbmF0dXJl ${forged} ${headers['webhook-signature']}`;
      return { ...headers, 'webhook-signature': all };
    }),
    status: 202,
  },
  {
    name: 'another event type of the registry (zone update)',
    delivery: signedBody(
      JSON.stringify(cloudEvent('tn.dis.zone-updated', exampleData('tn.dis.zone-updated'))),
    ),
    status: 202,
  },
  {
    name: 'prototype-pollution keys in data (kept as plain keys)',
    delivery: () => signedBody(bookingBody().replace('"data":{', '"data":{"__proto__":{"x":1},'))(),
    status: 202,
  },
  {
    name: 'body over 256 KiB with Content-Length',
    delivery: signedBooking(undefined, { pad: 'x'.repeat(CAP) }),
    status: 413,
    error: 'body_too_large',
  },
  {
    name: 'body over 256 KiB streamed without Content-Length',
    delivery: () => ({
      body: streamed(CAP + 1024),
      headers: { 'content-type': 'application/json', 'webhook-id': uniqueId('msg') },
    }),
    status: 413,
    error: 'body_too_large',
  },
  {
    name: 'text/plain content type',
    delivery: signedBooking(setHeader('content-type', 'text/plain')),
    status: 415,
    error: 'unsupported_content_type',
  },
  {
    name: 'no content type',
    delivery: signedBooking(without('content-type')),
    status: 415,
    error: 'unsupported_content_type',
  },
  {
    name: 'unknown tenant',
    delivery: () => ({ ...signedBooking()(), tenant: 'no-such-tenant' }),
    status: 404,
    error: 'unknown_tenant',
  },
  {
    name: 'unsigned (no webhook-signature)',
    delivery: signedBooking(without('webhook-signature')),
    status: 400,
    error: 'missing_signature_headers',
  },
  {
    name: 'empty webhook-id',
    delivery: signedBooking(setHeader('webhook-id', '')),
    status: 400,
    error: 'missing_signature_headers',
  },
  {
    name: 'malformed webhook-id (a dot)',
    delivery: signedBooking((_, body) => signed(body, { webhookId: 'msg.1' })),
    status: 400,
    error: 'malformed_webhook_id',
  },
  {
    name: 'timestamp not plain digits',
    delivery: signedBooking(setHeader('webhook-timestamp', '1.7e9')),
    status: 400,
    error: 'malformed_timestamp',
    recorded: true,
  },
  {
    name: 'signature not base64',
    delivery: signedBooking(setHeader('webhook-signature', 'v1,not base64!')),
    status: 400,
    error: 'malformed_signature',
    recorded: true,
  },
  {
    name: 'stale: signed 301 s ago (a replay)',
    delivery: signedBooking((_, body) => signed(body, { at: seconds(-301) })),
    status: 401,
    error: 'timestamp_too_old',
    recorded: true,
  },
  {
    name: 'from the future: signed 301 s ahead',
    delivery: signedBooking((_, body) => signed(body, { at: seconds(301) })),
    status: 401,
    error: 'timestamp_too_new',
    recorded: true,
  },
  {
    name: 'signed with another secret',
    delivery: signedBooking((_, body) =>
      librarySignedHeaders(`whsec_${Buffer.alloc(32, 9).toString('base64')}`, body),
    ),
    status: 401,
    error: 'signature_mismatch',
    recorded: true,
  },
  {
    name: 'signed with an expired secret',
    delivery: signedBooking((_, body) => librarySignedHeaders(expired.secret, body)),
    status: 401,
    error: 'signature_mismatch',
    recorded: true,
  },
  {
    name: 'HMAC keyed with the secret text instead of its decoded bytes',
    delivery: signedBooking((headers, body) => {
      const content = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`;
      const textKey = secret.secret.slice('whsec_'.length);
      const mac = createHmac('sha256', textKey).update(content).digest('base64');
      return { ...headers, 'webhook-signature': `v1,${mac}` };
    }),
    status: 401,
    error: 'signature_mismatch',
    recorded: true,
  },
  {
    name: 'tampered body (signature of the original)',
    delivery: () => {
      const { body, headers } = signedBooking()() as { body: string; headers: HeaderMap };
      return { body: body.replace('"Converted"', '"Dismissed"'), headers };
    },
    status: 401,
    error: 'signature_mismatch',
    recorded: true,
  },
  {
    name: 'signed, but not JSON',
    delivery: signedBody('booking=1'),
    status: 422,
    error: 'invalid_envelope',
    recorded: true,
  },
  {
    name: 'signed, but a JSON array',
    delivery: signedBody('[1,2]'),
    status: 422,
    error: 'invalid_envelope',
    recorded: true,
  },
  {
    name: 'signed envelope without userassignedid',
    delivery: signedBooking(undefined, { userassignedid: undefined }),
    status: 422,
    error: 'invalid_envelope',
    recorded: true,
  },
  {
    name: 'signed envelope of an unknown type',
    delivery: () => signedBody(JSON.stringify(cloudEvent('tn.crm.booking-deleted', booking())))(),
    status: 422,
    error: 'unknown_event_type',
    recorded: true,
  },
  {
    name: 'signed event whose data breaks its type (booking status): quarantined',
    delivery: () => {
      const data = booking() as { booking: Record<string, unknown> };
      data.booking.status = 'Teleported';
      return signedBody(JSON.stringify(cloudEvent('tn.crm.booking-updated', data)))();
    },
    // Stored quarantined (the sender's fact), not refused: see test/edge/webhooks/quarantine.
    status: 202,
  },
  {
    name: 'the same delivery again (redelivery)',
    delivery: () => {
      const original = signedBooking()();
      return afterOriginal(original, original);
    },
    status: 409,
    error: 'duplicate_webhook_id',
    recorded: true,
  },
  {
    name: 'a webhook-id reused with another body',
    delivery: () => {
      const original = signedBooking()();
      const other = bookingBody();
      const webhookId = original.headers['webhook-id'];
      return afterOriginal(original, { body: other, headers: signed(other, { webhookId }) });
    },
    status: 409,
    error: 'webhook_id_reused',
    recorded: true,
  },
  {
    name: 'the same occurrence (userassignedid) under a new webhook-id',
    delivery: () => {
      const original = signedBooking()();
      const body = original.body as string;
      return afterOriginal(original, { body, headers: signed(body) });
    },
    status: 409,
    error: 'duplicate_occurrence',
    recorded: true,
  },
];

async function tenantEvents(): Promise<{ id: string }[]> {
  return listAll<{ id: string }>(server, '/v1/admin/webhook-events', 'events', {
    tenant: WEBHOOK_TENANT,
  });
}

async function recordedReasons(webhookId: string): Promise<string[]> {
  const rejections = await listAll<{ reason: string }>(
    server,
    '/v1/admin/webhook-rejections',
    'rejections',
    { webhookId },
  );
  return rejections.map((r) => r.reason);
}

async function adminPost(path: string, body: unknown) {
  const res = await fetch(`${server.origin}${path}`, {
    method: 'POST',
    headers: { ...server.admin, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBeLessThan(300);
  return (await res.json()) as Record<string, string>;
}

beforeAll(async () => {
  server = await startDevServer();
  secret = await createSigningSecret(server);
  expired = await createSigningSecret(server);
  await adminPost(`/v1/admin/webhook-secrets/${WEBHOOK_TENANT}/${expired.id}/expire`, {});
});
afterAll(() => server?.dispose());

describe('webhook adversarial matrix over HTTP', () => {
  it('answers every row as the contract says, and stores exactly the accepted ones', async () => {
    const before = new Set((await tenantEvents()).map((e) => e.id));
    const acceptedIds: string[] = [];
    const results = [];
    for (const row of ROWS) {
      const delivery = await row.delivery();
      const answer = await send(delivery);
      results.push({ row: row.name, status: answer.status, error: answer.body.error });
      if (answer.status === 202) acceptedIds.push(answer.body.eventId!);
      if (row.recorded) {
        expect(await recordedReasons(delivery.headers['webhook-id']!), row.name).toContain(
          row.error,
        );
      }
    }
    expect(results).toEqual(
      ROWS.map((row) => ({ row: row.name, status: row.status, error: row.error })),
    );

    const added = (await tenantEvents()).filter((e) => !before.has(e.id));
    expect(added).toHaveLength(acceptedIds.length + acceptedOriginals);
    expect(added.map((e) => e.id)).toEqual(expect.arrayContaining(acceptedIds));
  });

  it('stores one of many concurrent copies of a delivery; the rest are duplicates', async () => {
    const body = bookingBody();
    const headers = signed(body);
    const answers = await Promise.all(Array.from({ length: 12 }, () => send({ body, headers })));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([202, ...Array<number>(11).fill(409)]);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.error)).toEqual(
      Array<string>(11).fill('duplicate_webhook_id'),
    );
  });

  it('verifies with the old secret during a rotation grace period, not once it is cut off', async () => {
    const answerTo = async (signer: string) => {
      const body = bookingBody();
      const answer = await send({ body, headers: librarySignedHeaders(signer, body) });
      return { status: answer.status, error: answer.body.error };
    };
    const rotate = (id: string, graceSeconds: number) =>
      adminPost(`/v1/admin/webhook-secrets/${WEBHOOK_TENANT}/${id}/rotate`, { graceSeconds });
    const accepted = { status: 202, error: undefined };
    const mismatch = { status: 401, error: 'signature_mismatch' };

    const graceful = await rotate(secret.id, 3_600);
    expect(await answerTo(secret.secret)).toEqual(accepted);
    expect(await answerTo(graceful.secret!)).toEqual(accepted);

    // An operator cuts the grace period short (a leaked secret): it stops verifying at once.
    await adminPost(`/v1/admin/webhook-secrets/${WEBHOOK_TENANT}/${secret.id}/expire`, {});
    expect(await answerTo(secret.secret)).toEqual(mismatch);

    // No grace: the secret rotated away stops verifying at once.
    const hard = await rotate(graceful.id!, 0);
    expect(await answerTo(graceful.secret!)).toEqual(mismatch);
    expect(await answerTo(hard.secret!)).toEqual(accepted);
  });
});
