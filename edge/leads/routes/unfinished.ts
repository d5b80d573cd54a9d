/**
 * @module
 * `POST /v1/leads/unfinished`: what a visitor typed before leaving the form, sent once by the
 * widget (`sendBeacon`, the same `submissionId` the full submission will use) when the tenant
 * captures unfinished requests. Same body limit, parsing and validation as `POST /v1/leads`
 * (text/plain JSON too), stored as a lead classified `unfinished`: no handoff job, no report, one
 * D1 round trip. A later full submission supersedes the row (edge/leads/db/leads.ts).
 *
 * Never a 5xx: a beacon cannot retry, so a tenant that did not opt in, or storage that failed,
 * answers 202 with `{"ignored": true, "reason"}` (docs/decisions/0073-unfinished-leads.md).
 * Refusals of the request itself (bad JSON, no tenant, no phone or email, rate limit) are the
 * 4xx `POST /v1/leads` gives.
 */
import { Hono } from 'hono';
import type { LeadAccepted, UnfinishedIgnored } from '../../../shared/api.ts';
import type { LeadRecord } from '../../../shared/lead-record.ts';
import { limitBody } from '../../http/body-limit.ts';
import { parseJsonObject } from '../../http/body.ts';
import { ApiError } from '../../http/errors.ts';
import { doc } from '../../http/openapi.ts';
import type { AppEnv } from '../../http/app-env.ts';
import { announce } from '../../notifications/queue.ts';
import { getTenantContext } from '../../tenants/context.ts';
import { storeLead } from '../db/leads.ts';
import type { FallbackMessage } from '../fallback.ts';
import { checkFormToken, formTokenKeys } from '../form-token.ts';
import { buildLeadRecord } from '../intake.ts';
import { limitClient } from '../rate-limit.ts';
import { LEAD_BODY_LIMIT } from './intake.ts';

const ignored = (reason: UnfinishedIgnored['reason']): UnfinishedIgnored => ({
  ignored: true,
  reason,
});

async function store(
  env: Env,
  lead: LeadRecord,
  afterResponse: (work: Promise<void>) => void,
): Promise<LeadAccepted | UnfinishedIgnored> {
  try {
    const stored = await storeLead(env.DB, lead, 'direct');
    // A row that already held the full lead (or this beacon, resent) is left as it was.
    if (!stored.duplicate) afterResponse(announce('lead', stored.leadId));
    return stored;
  } catch (err) {
    console.error('unfinished insert failed; using fallback queue', (err as Error).message);
  }
  try {
    await env.LEAD_FALLBACK.send({ kind: 'lead', lead } satisfies FallbackMessage);
    return { leadId: lead.id, status: lead.status, duplicate: false };
  } catch {
    return ignored('storage_unavailable');
  }
}

export const unfinishedRoutes = new Hono<AppEnv>().post(
  '/',
  doc('Leads', 'Send an unfinished request', {
    description:
      'What a visitor typed before leaving the form (tenant opted in); `{"ignored": true, "reason"}` when nothing was stored. Never a 5xx.',
    body: {
      media: 'text/plain',
      description: 'The lead body as JSON (sendBeacon sends text/plain).',
    },
    status: 202,
    errors: [404, 413, 422, 429],
  }),
  limitBody(LEAD_BODY_LIMIT),
  async (c) => {
    const body = parseJsonObject(await c.req.text());
    if (typeof body.tenant !== 'string' || body.tenant === '') {
      throw new ApiError(422, 'invalid_body', 'The request must name its tenant.', {
        issues: [{ path: ['tenant'], code: 'required', message: 'tenant is required' }],
      });
    }
    let context;
    try {
      context = await getTenantContext(c.env.DB, body.tenant);
    } catch {
      return c.json(ignored('storage_unavailable'), 202);
    }
    if (!context) throw new ApiError(404, 'unknown_tenant', `No tenant "${body.tenant}".`);
    await limitClient(c.env.LEAD_RATE_LIMITER, context.slug, c.req.header('cf-connecting-ip'));
    // Checked before the body: nothing of a visitor who was not shown the disclosure is kept.
    if (context.config.captureUnfinished !== true) return c.json(ignored('capture_off'), 202);

    const now = new Date();
    const formToken = await checkFormToken(formTokenKeys(c.env), body.formToken, context.slug, now);
    const built = await buildLeadRecord(body, context, {
      origin: c.req.header('origin') ?? null,
      now,
      signals: { formToken, intakeKey: false },
    });
    // Its spam reasons are kept for the console; the row is `unfinished` whatever they say, so
    // that the visitor's full submission can still supersede it.
    const lead: LeadRecord = { ...built, classification: 'unfinished' };
    const afterResponse = (work: Promise<void>) => c.executionCtx.waitUntil(work);
    return c.json(await store(c.env, lead, afterResponse), 202);
  },
);
