/**
 * Property-based fuzzing of `POST /v1/webhooks/:tenant` through the worker's fetch handler
 * (workerd, real D1): thousands of generated deliveries. Properties: never a 5xx; every refusal
 * in the documented error shape with a reason the contract lists for its status; nothing stored
 * unless accepted; every accepted event stored exactly once, and its redelivery refused as a
 * duplicate; `Object.prototype` untouched.
 */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WEBHOOK_SECRET } from '../../../edge/seed/demo-webhook-secret.ts';
import { deliver, signedHeaders, uniqueId } from '../../helpers/webhooks.ts';
import { librarySignedHeaders } from '../cloud-event.ts';
import { answerChecker } from './documented-answer.ts';
import {
  hostileSignatureHeaders,
  signedMalformedBody,
  tenantSegment,
  validEnvelope,
} from './webhook-arbitraries.ts';

/** The webhook contract's rejection table: status → reasons. */
const DOCUMENTED: Record<number, string[]> = {
  400: [
    'missing_signature_headers',
    'malformed_webhook_id',
    'malformed_timestamp',
    'malformed_signature',
  ],
  401: ['timestamp_too_old', 'timestamp_too_new', 'signature_mismatch'],
  404: ['unknown_tenant'],
  409: ['duplicate_webhook_id', 'webhook_id_reused', 'duplicate_occurrence'],
  413: ['body_too_large'],
  415: ['unsupported_content_type'],
  // Data off its schema is not refused: it is stored quarantined (202).
  422: ['invalid_envelope', 'unknown_event_type'],
};

const answers = answerChecker(DOCUMENTED);
let accepted = 0;
let storedBefore = 0;

async function storedEvents(): Promise<number> {
  const row = await env.DB.prepare('SELECT count(*) AS n FROM webhook_events').first<{
    n: number;
  }>();
  return row?.n ?? 0;
}

async function eventsWithWebhookId(webhookId: string): Promise<number> {
  const row = await env.DB.prepare('SELECT count(*) AS n FROM webhook_events WHERE webhook_id = ?')
    .bind(webhookId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

/** Checks the answer against the contract; returns the status and the error reason, if any. */
async function expectDocumented(res: Response): Promise<{ status: number; error?: string }> {
  const body = await answers.check(res);
  if (res.status !== 202) return { status: res.status, error: body.error as string };
  expect(body).toMatchObject({ status: 'accepted', eventId: expect.stringMatching(/^whe_/) });
  accepted += 1;
  return { status: 202 };
}

beforeAll(async () => {
  storedBefore = await storedEvents();
});

describe('POST /v1/webhooks/:tenant under fuzzing', () => {
  it('refuses every unsigned, malformed, stale or forged delivery, storing nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        tenantSegment,
        signedMalformedBody,
        hostileSignatureHeaders,
        fc.boolean(),
        async (tenant, body, headers, svixNames) => {
          const sent = svixNames
            ? Object.fromEntries(
                Object.entries(headers).map(([k, v]) => [k.replace(/^webhook-/, 'svix-'), v]),
              )
            : headers;
          const answer = await expectDocumented(await deliver({ tenant, body, headers: sent }));
          expect(answer.status).not.toBe(202);
        },
      ),
      { numRuns: 1_500 },
    );
  }, 120_000);

  it('refuses signed bodies that are not a valid event with 413 or 422, storing nothing', async () => {
    // A mutation inside `data` of a valid envelope is stored once, quarantined (or applied).
    await fc.assert(
      fc.asyncProperty(signedMalformedBody, async (body) => {
        const headers = await signedHeaders(body);
        const answer = await expectDocumented(await deliver({ body, headers }));
        expect([202, 413, 422]).toContain(answer.status);
        // A mutation that happens to leave the event valid is accepted: then stored once.
        const stored = await eventsWithWebhookId(headers['webhook-id']!);
        expect(stored).toBe(answer.status === 202 ? 1 : 0);
      }),
      { numRuns: 1_500 },
    );
  }, 120_000);

  it('accepts events signed by the standardwebhooks library once; redeliveries are duplicates', async () => {
    await fc.assert(
      fc.asyncProperty(
        validEnvelope,
        fc.constantFrom('same-delivery', 'same-occurrence', 'reused-id'),
        async (event, replay) => {
          const body = JSON.stringify(event);
          const headers = librarySignedHeaders(DEMO_WEBHOOK_SECRET, body);
          expect((await expectDocumented(await deliver({ body, headers }))).status).toBe(202);

          const again =
            replay === 'same-delivery'
              ? { body, headers }
              : replay === 'same-occurrence'
                ? { body, headers: librarySignedHeaders(DEMO_WEBHOOK_SECRET, body) }
                : (() => {
                    const other = JSON.stringify({ ...event, id: uniqueId('evt') });
                    const id = headers['webhook-id'];
                    return {
                      body: other,
                      headers: librarySignedHeaders(DEMO_WEBHOOK_SECRET, other, { webhookId: id }),
                    };
                  })();
          const second = await expectDocumented(await deliver(again));
          expect(second.status).toBe(409);
          expect(await eventsWithWebhookId(headers['webhook-id']!)).toBe(1);
        },
      ),
      { numRuns: 300 },
    );
  }, 120_000);

  afterAll(async () => {
    expect(await storedEvents()).toBe(storedBefore + accepted);
    // The generators reached every answer the contract can give without a D1 outage.
    expect(answers.unseen(202)).toEqual([]);
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).toBeUndefined();
  });
});
