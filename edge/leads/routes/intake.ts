/**
 * @module
 * `POST /v1/leads`: the public intake. Always accepts a real visitor's lead (flagging instead of
 * refusing), idempotent by (tenant, submissionId), durable before the 2xx: the lead is in D1 (one
 * batch, one round trip) or, when D1 fails, on the fallback queue that drains into D1.
 */
import { LeadSubmissionSchema } from '../../../shared/lead.ts';
import { LeadAcceptedSchema } from '../../../shared/api.ts';
import { Hono } from 'hono';
import type { LeadAccepted } from '../../../shared/api.ts';
import { storeLead } from '../db/leads.ts';
import { insertSyncJobStatement } from '../../handoff/db/jobs.ts';
import { enqueueLeadHandoff } from '../../handoff/queue.ts';
import { limitBody } from '../../http/body-limit.ts';
import { parseJsonObject } from '../../http/body.ts';
import { ApiError } from '../../http/errors.ts';
import { clientAddressKey } from '../../lib/client-address.ts';
import type { FallbackMessage } from '../fallback.ts';
import { buildLeadRecord } from '../intake.ts';
import type { LeadRecord } from '../../../shared/lead-record.ts';
import { getTenantContext, type TenantContext } from '../../tenants/context.ts';
import { windowFullStatement } from '../capacity.ts';
import type { AppEnv } from '../../http/app-env.ts';
import { hashToken } from '../../http/admin-auth.ts';
import { checkFormToken } from '../form-token.ts';
import { formTokenReuseStatements } from '../db/form-token-reuse.ts';
import { doc } from '../../http/openapi.ts';

export const LEAD_BODY_LIMIT = 64 * 1024;
/** Matches the rate limiter's period (wrangler.toml): when a blocked client may try again. */
const RATE_LIMIT_RETRY_AFTER_S = 60;
/** Every intake key starts with this (secret scanners can spot it). */
export const INTAKE_KEY_PREFIX = 'ptj_in_';

/**
 * Whether the request carries a valid intake key of this tenant, checked against the hashes loaded
 * with the context (no round trip). Browsers send no Authorization header here (CORS does not
 * allow it), so one that is present and wrong is an integration's mistake: 401, said clearly.
 */
async function intakeKeyValid(header: string | undefined, context: TenantContext) {
  if (header === undefined) return false;
  const key = /^Bearer (\S+)$/i.exec(header)?.[1];
  if (key?.startsWith(INTAKE_KEY_PREFIX) && context.intakeKeyHashes.has(await hashToken(key))) {
    return true;
  }
  throw new ApiError(
    401,
    'invalid_intake_key',
    `This is not a live intake key of "${context.slug}".`,
    {
      headers: { 'WWW-Authenticate': 'Bearer realm="pagetojob-intake"' },
    },
  );
}

async function storeOrQueue(
  env: Env,
  context: TenantContext,
  lead: LeadRecord,
  afterResponse: (work: Promise<void>) => void,
): Promise<LeadAccepted> {
  try {
    // The handoff job and the form-token reuse check ride in the lead's batch (still one round
    // trip); the job's queue message, which
    // also carries the office's announcement (decision 0088), goes out after the response. A
    // duplicate re-sends it: the consumer ignores a job already run, the notify queue an event
    // already stored.
    const now = new Date().toISOString();
    const job = insertSyncJobStatement(env.DB, lead, now);
    const full = windowFullStatement(env.DB, lead, context);
    const reuse = formTokenReuseStatements(env.DB, lead, now);
    const stored = await storeLead(env.DB, lead, 'direct', [
      ...(full ? [full] : []),
      job,
      ...reuse,
    ]);
    afterResponse(enqueueLeadHandoff(env, lead));
    return stored;
  } catch (err) {
    console.error('lead insert failed; using fallback queue', (err as Error).message);
  }
  try {
    await env.LEAD_FALLBACK.send({ kind: 'lead', lead } satisfies FallbackMessage);
  } catch {
    // Neither D1 nor the queue took it: say so, so the widget's outbox keeps it and retries.
    throw new ApiError(503, 'storage_unavailable', 'The request could not be stored; retry.', {
      headers: { 'Retry-After': '30' },
    });
  }
  return { leadId: lead.id, status: lead.status, duplicate: false };
}

export const leadRoutes = new Hono<AppEnv>().post(
  '/',
  doc('Leads', 'Submit a lead', {
    description:
      'Always stored (flagged instead of refused), idempotent by (tenant, submissionId), durable before the 202.',
    body: LeadSubmissionSchema,
    status: 202,
    ok: LeadAcceptedSchema,
    errors: [401, 404, 429, 503],
    security: [{}, { intakeKey: [] }],
  }),
  limitBody(LEAD_BODY_LIMIT),
  async (c) => {
    // text/plain is accepted too: navigator.sendBeacon cannot send application/json cross-origin
    // without a preflight.
    const body = parseJsonObject(await c.req.text());
    if (typeof body.tenant !== 'string' || body.tenant === '') {
      throw new ApiError(422, 'invalid_body', 'The lead must name its tenant.', {
        issues: [{ path: ['tenant'], code: 'required', message: 'tenant is required' }],
      });
    }
    const context = await getTenantContext(c.env.DB, body.tenant);
    if (!context) throw new ApiError(404, 'unknown_tenant', `No tenant "${body.tenant}".`);

    const client = clientAddressKey(c.req.header('cf-connecting-ip') ?? 'unknown');
    const { success } = await c.env.LEAD_RATE_LIMITER.limit({ key: `${context.slug}:${client}` });
    if (!success) {
      throw new ApiError(429, 'rate_limited', 'Too many requests; try again shortly.', {
        headers: { 'Retry-After': String(RATE_LIMIT_RETRY_AFTER_S) },
      });
    }

    const intakeKey = await intakeKeyValid(c.req.header('authorization'), context);
    const now = new Date();
    const formToken = await checkFormToken(c.env.FORM_TOKEN_KEY, body.formToken, context.slug, now);
    const lead = await buildLeadRecord(body, context, {
      origin: c.req.header('origin') ?? null,
      now,
      signals: { formToken, intakeKey },
    });
    const afterResponse = (work: Promise<void>) => c.executionCtx.waitUntil(work);
    return c.json(await storeOrQueue(c.env, context, lead, afterResponse), 202);
  },
);
