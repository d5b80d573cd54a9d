/**
 * `POST /v1/webhooks/:tenant`, one test per row of the webhook contract's rejection table (in its
 * order), plus the order between rows where a request fails several checks. Every rejection must
 * come back with its status and machine-readable reason and be recorded, without the body.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { WEBHOOK_BODY_LIMIT } from '../../../edge/webhooks/receive/pipeline.ts';
import { failingD1 } from '../../helpers/d1.ts';
import {
  deliver,
  envelope,
  exampleData,
  nowSeconds,
  rejectionFor,
  signedHeaders,
  uniqueId,
} from '../../helpers/webhooks.ts';

const validBody = () =>
  JSON.stringify(envelope('tn.crm.booking-updated', exampleData('tn.crm.booking-updated')));

async function expectRejected(response: Response, status: number, reason: string) {
  const body = (await response.json()) as { error: string; message: string };
  expect({ status: response.status, error: body.error }).toEqual({ status, error: reason });
  expect(body.message).toBeTruthy();
  return body;
}

/** A body of `size` bytes streamed in chunks, with no Content-Length. */
function chunkedBody(size: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      const chunk = new Uint8Array(Math.min(16 * 1024, size - sent)).fill(0x20);
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

async function rejectionsOfTenant(tenant: string) {
  const { results } = await env.DB.prepare(
    'SELECT * FROM webhook_rejections WHERE tenant = ? ORDER BY id DESC',
  )
    .bind(tenant)
    .all<Record<string, unknown>>();
  return results;
}

describe('rejection table', () => {
  it('413: a body over 256 KiB declared by Content-Length', async () => {
    const body = `{"pad":"${' '.repeat(WEBHOOK_BODY_LIMIT)}"}`;
    const headers = await signedHeaders(body);
    // A tenant of its own (unknown, too: the size is checked before the tenant is looked up).
    const tenant = `oversize-${crypto.randomUUID().slice(0, 8)}`;
    await expectRejected(await deliver({ tenant, body, headers }), 413, 'body_too_large');
    const recorded = await rejectionsOfTenant(tenant);
    expect(recorded).toHaveLength(1);
    // Recorded without the webhook-id: no header is read before the size check.
    expect(recorded[0]).toMatchObject({ status: 413, reason: 'body_too_large', webhook_id: null });
  });

  it('413: an oversized chunked body without Content-Length, cut off while streaming', async () => {
    // A stream body gives the request no Content-Length: only the streaming count can stop it.
    const probe = new Request('https://x.test', {
      method: 'POST',
      body: chunkedBody(10),
      duplex: 'half',
    } as RequestInit);
    expect(probe.headers.get('content-length')).toBeNull();
    const headers = {
      'content-type': 'application/json',
      'webhook-id': uniqueId(),
      'webhook-timestamp': String(nowSeconds()),
      'webhook-signature': `v1,${btoa('z'.repeat(32))}`,
    };
    await expectRejected(
      await deliver({ body: chunkedBody(WEBHOOK_BODY_LIMIT + 1), headers }),
      413,
      'body_too_large',
    );
  });

  it('a chunked body at exactly the cap is read in full (and then judged on its signature)', async () => {
    const headers = {
      'content-type': 'application/json',
      'webhook-id': uniqueId(),
      'webhook-timestamp': String(nowSeconds()),
      'webhook-signature': `v1,${btoa('z'.repeat(32))}`,
    };
    await expectRejected(
      await deliver({ body: chunkedBody(WEBHOOK_BODY_LIMIT), headers }),
      401,
      'signature_mismatch',
    );
  });

  it('415: content type not JSON', async () => {
    const body = validBody();
    const headers = { ...(await signedHeaders(body)), 'content-type': 'text/plain' };
    await expectRejected(await deliver({ body, headers }), 415, 'unsupported_content_type');
  });

  it('404: unknown tenant', async () => {
    const body = validBody();
    const headers = await signedHeaders(body);
    await expectRejected(
      await deliver({ tenant: 'no-such-tenant', body, headers }),
      404,
      'unknown_tenant',
    );
    const [recorded] = await rejectionsOfTenant('no-such-tenant');
    expect(recorded).toMatchObject({ status: 404, reason: 'unknown_tenant' });
  });

  it('400: a signature header missing', async () => {
    const body = validBody();
    const { 'webhook-signature': _, ...headers } = await signedHeaders(body);
    await expectRejected(await deliver({ body, headers }), 400, 'missing_signature_headers');
  });

  it('400: a signature header empty', async () => {
    const body = validBody();
    const headers = { ...(await signedHeaders(body)), 'webhook-timestamp': '' };
    await expectRejected(await deliver({ body, headers }), 400, 'missing_signature_headers');
  });

  it('400: malformed webhook-id', async () => {
    const body = validBody();
    const headers = await signedHeaders(body, { id: 'msg id with spaces' });
    await expectRejected(await deliver({ body, headers }), 400, 'malformed_webhook_id');
  });

  it('400: malformed timestamp', async () => {
    const body = validBody();
    const id = uniqueId();
    const headers = await signedHeaders(body, { id, timestamp: `${nowSeconds()}ms` });
    await expectRejected(await deliver({ body, headers }), 400, 'malformed_timestamp');
    expect(await rejectionFor(id)).toMatchObject({
      status: 400,
      reason: 'malformed_timestamp',
      webhookId: id,
    });
  });

  it('401: timestamp more than 300 s in the past (stale or replayed)', async () => {
    const body = validBody();
    const headers = await signedHeaders(body, { timestamp: String(nowSeconds() - 301) });
    await expectRejected(await deliver({ body, headers }), 401, 'timestamp_too_old');
  });

  it('401: timestamp more than 300 s in the future', async () => {
    const body = validBody();
    const headers = await signedHeaders(body, { timestamp: String(nowSeconds() + 400) });
    await expectRejected(await deliver({ body, headers }), 401, 'timestamp_too_new');
  });

  it('401: no v1 signature matches an active secret (forged)', async () => {
    const body = validBody();
    const headers = await signedHeaders(body, {
      secret: 'whsec_Zm9yZ2VkLXNlY3JldC1ub3QtdGhlLXRlbmFudHMh',
    });
    await expectRejected(await deliver({ body, headers }), 401, 'signature_mismatch');
    expect(await rejectionFor(headers['webhook-id'] as string)).toMatchObject({
      detail: { v1Signatures: 1, activeSecrets: 1 },
    });
  });

  it('401: a tampered body', async () => {
    const body = validBody();
    const headers = await signedHeaders(body);
    await expectRejected(
      await deliver({ body: body.replace('Converted', 'Dismissed'), headers }),
      401,
      'signature_mismatch',
    );
  });

  it('422: signed but not JSON', async () => {
    const body = '{"specversion": "1.0",';
    await expectRejected(
      await deliver({ body, headers: await signedHeaders(body) }),
      422,
      'invalid_envelope',
    );
  });

  it('422: signed but not a valid envelope, with field paths', async () => {
    const { userassignedid: _, ...withoutOccurrence } = envelope(
      'tn.crm.booking-updated',
      exampleData('tn.crm.booking-updated'),
    );
    const body = JSON.stringify({ ...withoutOccurrence, specversion: '0.3' });
    const res = await deliver({ body, headers: await signedHeaders(body) });
    const error = (await expectRejected(res, 422, 'invalid_envelope')) as {
      issues?: { path: unknown[] }[];
    };
    expect(error.issues?.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([['specversion'], ['userassignedid']]),
    );
  });

  it('422: signed but type not in the registry', async () => {
    const body = JSON.stringify(envelope('tn.crm.customer-created', { customer: { id: 1 } }));
    const headers = await signedHeaders(body);
    await expectRejected(await deliver({ body, headers }), 422, 'unknown_event_type');
    expect(await rejectionFor(headers['webhook-id'] as string)).toMatchObject({
      eventType: 'tn.crm.customer-created',
    });
  });

  it('409: webhook-id already received', async () => {
    const body = validBody();
    const headers = await signedHeaders(body);
    expect((await deliver({ body, headers })).status).toBe(202);
    await expectRejected(await deliver({ body, headers }), 409, 'duplicate_webhook_id');
  });

  it('409: userassignedid already received under another webhook-id', async () => {
    const first = envelope('tn.crm.booking-updated', exampleData('tn.crm.booking-updated'));
    const body = JSON.stringify(first);
    expect((await deliver({ body, headers: await signedHeaders(body) })).status).toBe(202);
    const redelivery = JSON.stringify({ ...first, id: crypto.randomUUID() });
    await expectRejected(
      await deliver({ body: redelivery, headers: await signedHeaders(redelivery) }),
      409,
      'duplicate_occurrence',
    );
  });

  it('503 + Retry-After: D1 failing, nothing stored, rejection recorded when possible', async () => {
    const body = validBody();
    const headers = await signedHeaders(body);
    // Reads work (tenant, secrets), the event insert batch fails.
    const flaky = {
      prepare: (sql: string) => env.DB.prepare(sql),
      batch: failingD1().batch,
    } as unknown as D1Database;
    const res = await deliver({ body, headers }, { DB: flaky });
    expect(res.headers.get('retry-after')).toBe('30');
    await expectRejected(res, 503, 'storage_unavailable');
    const stored = await env.DB.prepare(
      'SELECT count(*) AS n FROM webhook_events WHERE webhook_id = ?',
    )
      .bind(headers['webhook-id'])
      .first<{ n: number }>();
    expect(stored?.n).toBe(0);
    expect(await rejectionFor(headers['webhook-id'] as string)).toMatchObject({
      status: 503,
      reason: 'storage_unavailable',
    });
  });

  it('503 even when recording the rejection fails too', async () => {
    const body = validBody();
    const res = await deliver({ body, headers: await signedHeaders(body) }, { DB: failingD1() });
    await expectRejected(res, 503, 'storage_unavailable');
  });

  it('202: accepted and stored as pending, then processed after the response', async () => {
    const body = validBody();
    const headers = await signedHeaders(body);
    const res = await deliver({ body, headers });
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as { eventId: string; state: string; webhookId: string };
    expect(accepted).toMatchObject({
      status: 'accepted',
      state: 'pending',
      webhookId: headers['webhook-id'],
      type: 'tn.crm.booking-updated',
    });
    const row = await env.DB.prepare('SELECT state, secret_id FROM webhook_events WHERE id = ?')
      .bind(accepted.eventId)
      .first<{ state: string; secret_id: string }>();
    // The example's externalId names no lead of ours: processed into `unmatched`, not guessed.
    expect(row).toEqual({ state: 'unmatched', secret_id: 'whs_desert_peak_sandbox' });
  });

  it('answers no CORS headers (server to server)', async () => {
    const body = validBody();
    const res = await deliver({
      body,
      headers: { ...(await signedHeaders(body)), origin: 'https://evil.example' },
    });
    expect(res.status).toBe(202);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('order of checks', () => {
  it('size comes before content type, tenant and signature', async () => {
    const body = 'x'.repeat(WEBHOOK_BODY_LIMIT + 1);
    await expectRejected(
      await deliver({ tenant: 'nobody', body, headers: { 'content-type': 'text/plain' } }),
      413,
      'body_too_large',
    );
  });

  it('content type comes before the tenant', async () => {
    await expectRejected(
      await deliver({ tenant: 'nobody', body: '{}', headers: { 'content-type': 'text/xml' } }),
      415,
      'unsupported_content_type',
    );
  });

  it('the tenant comes before the signature headers', async () => {
    await expectRejected(
      await deliver({
        tenant: 'nobody',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      }),
      404,
      'unknown_tenant',
    );
  });

  it('a stale timestamp is reported before a bad signature', async () => {
    const body = validBody();
    const headers = {
      ...(await signedHeaders(body, { timestamp: String(nowSeconds() - 3600) })),
      'webhook-signature': `v1,${btoa('q'.repeat(32))}`,
    };
    await expectRejected(await deliver({ body, headers }), 401, 'timestamp_too_old');
  });

  it('nothing is parsed before the signature holds: invalid JSON with a bad signature is a 401', async () => {
    const headers = {
      ...(await signedHeaders('{}')),
      'webhook-signature': `v1,${btoa('q'.repeat(32))}`,
    };
    await expectRejected(await deliver({ body: 'not json', headers }), 401, 'signature_mismatch');
  });

  it('application/cloudevents+json with a charset is JSON', async () => {
    const body = validBody();
    const headers = {
      ...(await signedHeaders(body)),
      'content-type': 'application/cloudevents+json; charset=utf-8',
    };
    expect((await deliver({ body, headers })).status).toBe(202);
  });
});
