/**
 * @module
 * Operator view and actions on handoff sync jobs, under `/v1/admin/sync-jobs`: list (by tenant,
 * state, lead), show one with its payload, attempts and audit trail, resend, mark manual-complete,
 * and correct the binding then rebuild the draft. Every action is audited; none touches the lead.
 */
import { Hono, type Context } from 'hono';
import {
  BindingCorrectionSchema,
  ManualCompleteSchema,
  SyncJobListQuerySchema,
} from '../../../shared/handoff.ts';
import { audit, auditStatement, auditTrail } from '../../audit/db/audit-log.ts';
import type { BindingOverride } from '../binding.ts';
import { insertAttemptStatement, listAttempts } from '../db/attempts.ts';
import { readConnection } from '../db/connections.ts';
import {
  CLOSED_STATES,
  getSyncJob,
  listSyncJobs,
  manualCompleteStatement,
  resendStatement,
  storeDraftStatement,
  syncJobToJson,
  type SyncJobRow,
} from '../db/jobs.ts';
import { draftForJob } from '../drafting.ts';
import { enqueueSyncJob } from '../queue.ts';
import { serviceTitanApiBase } from '../environment.ts';
import { bookingsEndpoint } from '../sender.ts';
import { assertTenantAccess, tenantScope } from '../../http/admin-auth.ts';
import { ADMIN_ACTION_BODY_LIMIT, limitBody } from '../../http/body-limit.ts';
import { parseJsonObject } from '../../http/body.ts';
import { decodeCursor, page } from '../../http/cursor.ts';
import { ApiError } from '../../http/errors.ts';
import { parseBody, parseQuery } from '../../http/validate.ts';
import type { AppEnv } from '../../http/app-env.ts';
import { doc } from '../../http/openapi.ts';

async function jobFor(c: Context<AppEnv>): Promise<SyncJobRow> {
  const id = c.req.param('id') ?? '';
  const job = await getSyncJob(c.env.DB, id);
  if (!job) throw new ApiError(404, 'sync_job_not_found', `No sync job "${id}".`);
  assertTenantAccess(c, job.tenant);
  return job;
}

/** Operators act on open jobs that no worker is drafting or sending at this moment. */
function assertActionable(job: SyncJobRow, now: string): void {
  if (CLOSED_STATES.includes(job.state)) {
    throw new ApiError(409, 'job_closed', `The job is ${job.state}; there is nothing left to do.`);
  }
  if (job.lease_until && job.lease_until > now) {
    throw new ApiError(
      409,
      'job_busy',
      'The job is being drafted or sent right now; retry shortly.',
      {
        headers: { 'Retry-After': '60' },
      },
    );
  }
}

function assertChanged(result: D1Result): void {
  if (result.meta.changes === 0) {
    throw new ApiError(409, 'job_changed', 'The job changed while you acted; reload it and retry.');
  }
}

async function freshJob(db: D1Database, id: string) {
  const job = await getSyncJob(db, id);
  if (!job) throw new Error(`sync job ${id} vanished`);
  return syncJobToJson(job);
}

export const adminSyncJobRoutes = new Hono<AppEnv>()
  .get('/', doc('Handoff', 'List sync jobs', { query: SyncJobListQuerySchema }), async (c) => {
    const query = parseQuery(SyncJobListQuerySchema, c.req.query());
    const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = await listSyncJobs(c.env.DB, {
      tenant: tenantScope(c, query.tenant),
      state: query.state,
      leadId: query.lead,
      before: cursor && { createdAt: cursor.at, id: cursor.id },
      limit: query.limit,
    });
    return c.json({
      syncJobs: rows.map(syncJobToJson),
      ...page(rows, query.limit, (row) => ({ at: row.created_at, id: row.id })),
    });
  })
  .get('/:id', doc('Handoff', 'One sync job with its attempts', { errors: [404] }), async (c) => {
    const job = await jobFor(c);
    const [attempts, trail, connection] = await Promise.all([
      listAttempts(c.env.DB, job.id),
      auditTrail(c.env.DB, 'sync_job', job.id),
      readConnection(c.env.DB, job.tenant),
    ]);
    const apiBase = serviceTitanApiBase(c.env);
    return c.json({
      syncJob: syncJobToJson(job),
      attempts,
      audit: trail,
      // What live mode would call for this job (nothing is called unless the tenant is live).
      handoff: {
        mode: connection?.mode ?? null,
        method: 'POST',
        url: connection?.target && apiBase ? bookingsEndpoint(apiBase, connection.target) : null,
      },
    });
  })
  .post(
    '/:id/resend',
    doc('Handoff', 'Send a job again', { status: 202, errors: [404, 409] }),
    async (c) => {
      const job = await jobFor(c);
      const now = new Date().toISOString();
      assertActionable(job, now);
      assertChanged(await resendStatement(c.env.DB, job, now).run());
      await audit(c.env.DB, {
        actor: c.get('actor'),
        tenant: job.tenant,
        action: 'sync_job.resend',
        subjectType: 'sync_job',
        subjectId: job.id,
        detail: { leadId: job.lead_id, fromState: job.state },
      });
      c.executionCtx.waitUntil(enqueueSyncJob(c.env, job.id));
      return c.json({ syncJob: await freshJob(c.env.DB, job.id) }, 202);
    },
  )
  .post(
    '/:id/manual-complete',
    doc('Handoff', 'Mark a job done by hand', { body: ManualCompleteSchema, errors: [404, 409] }),
    limitBody(ADMIN_ACTION_BODY_LIMIT),
    async (c) => {
      const job = await jobFor(c);
      const { note } = parseBody(ManualCompleteSchema, parseJsonObject(await c.req.text()));
      const now = new Date().toISOString();
      assertActionable(job, now);
      const actor = c.get('actor');
      assertChanged(await manualCompleteStatement(c.env.DB, job, note, actor, now).run());
      await audit(c.env.DB, {
        actor,
        tenant: job.tenant,
        action: 'sync_job.manual_complete',
        subjectType: 'sync_job',
        subjectId: job.id,
        detail: { leadId: job.lead_id, fromState: job.state, note },
      });
      return c.json({ syncJob: await freshJob(c.env.DB, job.id) });
    },
  )
  .post(
    '/:id/binding',
    doc('Handoff', 'Correct a job’s Titan binding', {
      body: BindingCorrectionSchema,
      errors: [404, 409],
    }),
    limitBody(ADMIN_ACTION_BODY_LIMIT),
    async (c) => {
      const job = await jobFor(c);
      const { note, ...correction } = parseBody(
        BindingCorrectionSchema,
        parseJsonObject(await c.req.text()),
      );
      const now = new Date().toISOString();
      assertActionable(job, now);
      const previous = job.binding_override
        ? (JSON.parse(job.binding_override) as BindingOverride)
        : {};
      const override: BindingOverride = { ...previous, ...correction };
      const { draft, connection } = await draftForJob(c.env.DB, job, override);
      const expected = { state: job.state, lease: job.lease_until };
      assertChanged(
        await storeDraftStatement(c.env.DB, job.id, draft, now, expected, null, override).run(),
      );
      const actor = c.get('actor');
      await c.env.DB.batch([
        insertAttemptStatement(c.env.DB, {
          jobId: job.id,
          at: now,
          kind: 'draft',
          outcome: draft.state,
          detail: { reasons: draft.reasons, mode: connection.mode, rebuiltBy: actor },
        }),
        auditStatement(c.env.DB, {
          actor,
          tenant: job.tenant,
          action: 'sync_job.binding_corrected',
          subjectType: 'sync_job',
          subjectId: job.id,
          detail: {
            leadId: job.lead_id,
            fromState: job.state,
            toState: draft.state,
            correction,
            before: job.binding ? (JSON.parse(job.binding) as unknown) : null,
            after: draft.binding,
            ...(note && { note }),
          },
        }),
      ]);
      return c.json({ syncJob: await freshJob(c.env.DB, job.id) });
    },
  );
