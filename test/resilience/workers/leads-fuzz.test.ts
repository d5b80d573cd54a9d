/**
 * Property-based fuzzing of `POST /v1/leads` through the worker's own fetch handler (workerd, real
 * D1, queue and rate limiter): thousands of generated bodies and headers. Properties: never a
 * 5xx; every refusal in the documented error shape with the documented code for its status; every
 * valid lead acknowledged and stored exactly once, also when submitted again; nothing pollutes
 * `Object.prototype`.
 */
import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { call, randomIp } from '../../helpers/api.ts';
import { answerChecker } from './documented-answer.ts';
import { hostileBody, ODD_CONTENT_TYPES, requestHeaders, validLead } from './lead-arbitraries.ts';

/** The documented refusals of the lead route: status → error codes. */
const DOCUMENTED_ERRORS: Record<number, string[]> = {
  404: ['unknown_tenant'],
  413: ['payload_too_large'],
  422: ['invalid_json', 'invalid_body', 'contact_required'],
  429: ['rate_limited'],
};

const acknowledged = new Set<string>();
const answers = answerChecker(DOCUMENTED_ERRORS);

function post(body: string | Uint8Array, headers: Record<string, string>) {
  return call('/v1/leads', { method: 'POST', headers, body });
}

async function expectDocumentedAnswer(res: Response): Promise<Record<string, unknown>> {
  const body = await answers.check(res);
  if (res.status === 202) {
    expect(Object.keys(body).sort()).toEqual(['duplicate', 'leadId', 'status']);
    expect(body.leadId).toMatch(/^ld_[0-9a-f]{24}$/);
    expect(['received', 'needs_review']).toContain(body.status);
    acknowledged.add(body.leadId as string);
  }
  if (res.status === 429) expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
  return body;
}

async function rowsWithId(leadId: string): Promise<number> {
  const row = await env.DB.prepare('SELECT count(*) AS n FROM leads WHERE id = ?')
    .bind(leadId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

async function rowsForSubmission(submissionId: string): Promise<number> {
  const row = await env.DB.prepare(
    "SELECT count(*) AS n FROM leads WHERE tenant = 'desert-peak' AND submission_id = ?",
  )
    .bind(submissionId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

describe('POST /v1/leads under fuzzing', () => {
  it('accepts every valid lead once: 202, one row, the same leadId when sent again', async () => {
    await fc.assert(
      fc.asyncProperty(
        validLead,
        requestHeaders,
        fc.boolean(),
        async (lead, headers, sendTwice) => {
          const body = JSON.stringify(lead);
          const ip = { 'cf-connecting-ip': randomIp() };
          const res = await post(body, { ...headers, ...ip });
          const first = await expectDocumentedAnswer(res);
          expect(res.status).toBe(202);
          expect(first.duplicate).toBe(false);
          if (sendTwice) {
            const again = await expectDocumentedAnswer(await post(body, { ...headers, ...ip }));
            expect(again).toEqual({ ...first, duplicate: true });
          }
          expect(await rowsForSubmission(lead.submissionId)).toBe(1);
        },
      ),
      { numRuns: 1_000 },
    );
  }, 120_000);

  it('answers hostile bodies and headers without a 5xx, in the documented error shape', async () => {
    await fc.assert(
      fc.asyncProperty(hostileBody, requestHeaders, async (body, headers) => {
        const res = await post(body, { ...headers, 'cf-connecting-ip': randomIp() });
        const answer = await expectDocumentedAnswer(res);
        // Acknowledged means stored (D1 is up here, so directly, not via the fallback queue).
        if (res.status === 202) expect(await rowsWithId(answer.leadId as string)).toBe(1);
      }),
      { numRuns: 2_000 },
    );
  }, 120_000);

  it('answers bodies sent with content types the widget never uses the same way', async () => {
    await fc.assert(
      fc.asyncProperty(hostileBody, fc.constantFrom(...ODD_CONTENT_TYPES), async (body, type) => {
        const res = await post(body, { 'content-type': type, 'cf-connecting-ip': randomIp() });
        await expectDocumentedAnswer(res);
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('keeps refusing an over-limit client with 429 and Retry-After, never a 5xx', async () => {
    const ip = randomIp();
    await fc.assert(
      fc.asyncProperty(validLead, async (lead) => {
        const headers = { 'content-type': 'application/json', 'cf-connecting-ip': ip };
        await expectDocumentedAnswer(await post(JSON.stringify(lead), headers));
      }),
      { numRuns: 200 },
    );
    expect(answers.seen).toContain('rate_limited');
  }, 60_000);

  afterAll(() => {
    // The generators reached every documented answer, so the properties above were not vacuous.
    expect(answers.unseen(202)).toEqual([]);
    expect(acknowledged.size).toBeGreaterThan(1_000);
    // Every key a body carried stayed an own property of that body.
    const probe = {} as Record<string, unknown>;
    expect(probe.polluted).toBeUndefined();
    expect(probe.isAdmin).toBeUndefined();
  });
});
