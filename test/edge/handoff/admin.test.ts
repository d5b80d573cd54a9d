/**
 * Operator actions on sync jobs (list, show, resend, mark manual-complete, correct binding and
 * rebuild) and connection readiness (gates, modes, disconnect), each audited.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { call, sendJson } from '../../helpers/api.ts';
import { copyDemoTenant } from '../../helpers/ops.ts';
import {
  attemptsOf,
  goLive,
  jobRow,
  liveDeps,
  scriptFake,
  storeLeadWithJob,
  runSyncJob,
} from './support.ts';

type Json = Record<string, any>;

async function read(res: Response): Promise<Json> {
  return (await res.json()) as Json;
}

/** A desert-peak lead whose job the test drafts (product defaults: no sender). */
async function draftedJob(overrides: Parameters<typeof storeLeadWithJob>[1] = {}) {
  const stored = await storeLeadWithJob('desert-peak', overrides);
  await runSyncJob(env.DB, stored.jobId, new Date());
  return stored;
}

async function auditOf(jobId: string): Promise<Json[]> {
  return (await read(await sendJson('GET', `/v1/admin/sync-jobs/${jobId}`))).audit;
}

let tenantCounter = 0;
async function freshTenant(prefix: string) {
  tenantCounter += 1;
  const tenant = `${prefix}-${Date.now().toString(36)}${tenantCounter}`;
  await copyDemoTenant(tenant, `Test ${tenant}`, {
    timezone: 'America/New_York',
    allowedOrigins: [],
  });
  return tenant;
}

describe('GET /v1/admin/sync-jobs', () => {
  it('needs the admin token', async () => {
    expect((await call('/v1/admin/sync-jobs')).status).toBe(401);
  });

  it('filters by tenant and state and pages with a cursor', async () => {
    const tenant = await freshTenant('list');
    const ready = await storeLeadWithJob(tenant);
    const review = await storeLeadWithJob(tenant, { service: 'indoor-air-quality' });
    await storeLeadWithJob(tenant);
    await runSyncJob(env.DB, ready.jobId, new Date());
    await runSyncJob(env.DB, review.jobId, new Date());

    const byState = await read(
      await sendJson('GET', `/v1/admin/sync-jobs?tenant=${tenant}&state=review`),
    );
    expect(byState.syncJobs.map((j: Json) => j.id)).toEqual([review.jobId]);
    expect(byState.syncJobs[0]).toMatchObject({
      state: 'review',
      reviewReasons: ['service_unmapped'],
    });

    const first = await read(await sendJson('GET', `/v1/admin/sync-jobs?tenant=${tenant}&limit=2`));
    expect(first.syncJobs).toHaveLength(2);
    const second = await read(
      await sendJson(
        'GET',
        `/v1/admin/sync-jobs?tenant=${tenant}&limit=2&cursor=${first.nextCursor}`,
      ),
    );
    expect(second.syncJobs).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    const ids = [...first.syncJobs, ...second.syncJobs].map((j: Json) => j.id);
    expect(new Set(ids).size).toBe(3);
  });

  it('refuses an unknown state', async () => {
    const res = await sendJson('GET', '/v1/admin/sync-jobs?state=done');
    expect(res.status).toBe(400);
    expect(await read(res)).toMatchObject({
      error: 'invalid_query',
      issues: [{ path: ['query', 'state'] }],
    });
  });
});

describe('GET /v1/admin/sync-jobs/:id', () => {
  it('shows the payload, the attempts and what live mode would call', async () => {
    const { jobId, leadId } = await draftedJob();
    const body = await read(await sendJson('GET', `/v1/admin/sync-jobs/${jobId}`));
    expect(body.syncJob).toMatchObject({
      id: jobId,
      leadId,
      state: 'ready',
      externalId: `ptj-${leadId}`,
    });
    expect(body.syncJob.payload.externalId).toBe(`ptj-${leadId}`);
    expect(body.attempts).toEqual([
      expect.objectContaining({
        kind: 'draft',
        outcome: 'ready',
        detail: { reasons: [], mode: 'offline-demo' },
      }),
    ]);
    expect(body.handoff).toEqual({ mode: 'offline-demo', method: 'POST', url: null });
  });

  it('answers 404 for an unknown job', async () => {
    const res = await sendJson('GET', '/v1/admin/sync-jobs/sj_nope');
    expect(res.status).toBe(404);
    expect((await read(res)).error).toBe('sync_job_not_found');
  });
});

describe('POST /v1/admin/sync-jobs/:id/manual-complete', () => {
  it('closes the job with the note, audits it and leaves the lead alone', async () => {
    const { jobId, leadId } = await draftedJob({ service: 'indoor-air-quality' });
    const lead = await env.DB.prepare('SELECT * FROM leads WHERE id = ?').bind(leadId).first();
    const res = await sendJson('POST', `/v1/admin/sync-jobs/${jobId}/manual-complete`, {
      note: 'Booked by phone as job 88123',
    });
    expect(res.status).toBe(200);
    expect((await read(res)).syncJob).toMatchObject({
      state: 'manual_complete',
      manualNote: 'Booked by phone as job 88123',
      completedBy: 'admin',
    });
    expect(await auditOf(jobId)).toEqual([
      expect.objectContaining({
        actor: 'admin',
        action: 'sync_job.manual_complete',
        detail: { leadId, fromState: 'review', note: 'Booked by phone as job 88123' },
      }),
    ]);
    expect(await env.DB.prepare('SELECT * FROM leads WHERE id = ?').bind(leadId).first()).toEqual(
      lead,
    );

    const again = await sendJson('POST', `/v1/admin/sync-jobs/${jobId}/manual-complete`, {
      note: 'again',
    });
    expect(again.status).toBe(409);
    expect((await read(again)).error).toBe('job_closed');
  });

  it('requires a note', async () => {
    const { jobId } = await draftedJob();
    const res = await sendJson('POST', `/v1/admin/sync-jobs/${jobId}/manual-complete`, {
      note: '   ',
    });
    expect(res.status).toBe(422);
    expect(await read(res)).toMatchObject({ error: 'invalid_body', issues: [{ path: ['note'] }] });
    expect((await jobRow(jobId)).state).toBe('ready');
  });

  it('waits while a worker holds the job', async () => {
    const { jobId } = await storeLeadWithJob('desert-peak');
    const future = new Date(Date.now() + 60_000).toISOString();
    await env.DB.prepare('UPDATE sync_jobs SET lease_until = ? WHERE id = ?')
      .bind(future, jobId)
      .run();
    const res = await sendJson('POST', `/v1/admin/sync-jobs/${jobId}/manual-complete`, {
      note: 'done',
    });
    expect(res.status).toBe(409);
    expect(res.headers.get('retry-after')).toBe('60');
    expect((await read(res)).error).toBe('job_busy');
  });
});

describe('POST /v1/admin/sync-jobs/:id/binding', () => {
  it('corrects an unmapped lead and rebuilds its draft to ready', async () => {
    const { jobId, leadId } = await draftedJob({ service: 'indoor-air-quality' });
    const res = await sendJson('POST', `/v1/admin/sync-jobs/${jobId}/binding`, {
      jobTypeId: 4545,
      businessUnitId: 319,
      campaignId: 1001,
      priority: 'Normal',
      note: 'IAQ visits go out as duct cleaning',
    });
    expect(res.status).toBe(200);
    const { syncJob } = await read(res);
    expect(syncJob).toMatchObject({
      state: 'ready',
      reviewReasons: [],
      bindingOverride: {
        jobTypeId: 4545,
        businessUnitId: 319,
        campaignId: 1001,
        priority: 'Normal',
      },
      payload: {
        jobTypeId: 4545,
        businessUnitId: 319,
        campaignId: 1001,
        priority: 'Normal',
        externalId: `ptj-${leadId}`,
      },
    });
    expect((await attemptsOf(jobId)).map((a) => `${a.kind}:${a.outcome}`)).toEqual([
      'draft:review',
      'draft:ready',
    ]);
    const [entry] = await auditOf(jobId);
    expect(entry).toMatchObject({
      action: 'sync_job.binding_corrected',
      detail: {
        fromState: 'review',
        toState: 'ready',
        note: 'IAQ visits go out as duct cleaning',
        before: {
          jobTypeId: null,
          businessUnitId: null,
          campaignId: null,
          priority: null,
          corrected: false,
        },
        after: {
          jobTypeId: 4545,
          businessUnitId: 319,
          campaignId: 1001,
          priority: 'Normal',
          corrected: true,
        },
      },
    });
    const lead = await read(await sendJson('GET', `/v1/admin/leads/${leadId}`));
    expect(lead.lead.bindingResolved).toBeNull();
  });

  it('keeps a correction that contradicts the taxonomy in review, saying why', async () => {
    const { jobId } = await draftedJob();
    const res = await sendJson('POST', `/v1/admin/sync-jobs/${jobId}/binding`, {
      businessUnitId: 321,
    });
    const { syncJob } = await read(res);
    expect(syncJob).toMatchObject({
      state: 'review',
      reviewReasons: ['business_unit_not_allowed_for_job_type'],
    });
    expect(syncJob.payload.businessUnitId).toBe(321);
  });

  it('needs at least one binding field', async () => {
    const { jobId } = await draftedJob();
    const res = await sendJson('POST', `/v1/admin/sync-jobs/${jobId}/binding`, {
      note: 'nothing',
    });
    expect(res.status).toBe(422);
    expect((await read(res)).error).toBe('invalid_body');
  });
});

describe('POST /v1/admin/sync-jobs/:id/resend', () => {
  it('queues the job again and the consumer redrafts it', async () => {
    const { jobId } = await draftedJob();
    const first = await jobRow(jobId);
    const res = await sendJson('POST', `/v1/admin/sync-jobs/${jobId}/resend`);
    expect(res.status).toBe(202);
    expect((await read(res)).syncJob.state).toBe('queued');
    const redrafted = await vi.waitFor(
      async () => {
        const j = await jobRow(jobId);
        expect(j.state === 'ready').toBe(true);
        return j;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(redrafted.state).toBe('ready');
    expect(redrafted.drafted_at! > first.drafted_at!).toBe(true);
    expect((await auditOf(jobId)).map((a) => a.action)).toEqual(['sync_job.resend']);
  });

  it('gives a spam lead a draft when an operator resends it', async () => {
    const { jobId } = await storeLeadWithJob('desert-peak', { hp: 'filled by a bot' });
    expect((await jobRow(jobId)).state).toBe('skipped');
    expect(await runSyncJob(env.DB, jobId, new Date())).toBeNull();
    expect((await sendJson('POST', `/v1/admin/sync-jobs/${jobId}/resend`)).status).toBe(202);
    expect(
      (
        await vi.waitFor(
          async () => {
            const j = await jobRow(jobId);
            expect(j.state === 'ready').toBe(true);
            return j;
          },
          { timeout: 10_000, interval: 100 },
        )
      ).state,
    ).toBe('ready');
  });
});

describe('connection readiness', () => {
  it('starts offline-demo with every gate open and shows them', async () => {
    const tenant = await freshTenant('rd');
    const { connection } = await read(await sendJson('GET', `/v1/admin/connections/${tenant}`));
    expect(connection).toMatchObject({
      tenant,
      mode: 'offline-demo',
      senderEnabled: false,
      liveAllowed: false,
      target: null,
      lastDisconnect: null,
    });
    expect(connection.openGates).toEqual([
      'customer_authorization',
      'app_approval',
      'scopes',
      'encrypted_token_storage',
      'sandbox_validation',
    ]);
    expect(connection.gates[0]).toMatchObject({
      key: 'customer_authorization',
      satisfied: false,
      description: expect.any(String),
    });
  });

  it('refuses live while a gate is open, naming the open gates', async () => {
    const tenant = await freshTenant('rd');
    const target = { stTenantId: 1, bookingProviderId: 2 };
    await sendJson('PUT', `/v1/admin/connections/${tenant}/gates/scopes`, {
      satisfied: true,
      note: 'bookings scope granted',
    });
    const res = await sendJson('PUT', `/v1/admin/connections/${tenant}/mode`, {
      mode: 'live',
      target,
    });
    expect(res.status).toBe(409);
    const body = await read(res);
    expect(body.error).toBe('gates_open');
    expect(body.issues.map((i: Json) => i.path[1])).toEqual([
      'customer_authorization',
      'app_approval',
      'encrypted_token_storage',
      'sandbox_validation',
    ]);
    expect(
      (await read(await sendJson('GET', `/v1/admin/connections/${tenant}`))).connection.mode,
    ).toBe('offline-demo');
  });

  it('needs a target for dry-run and knows its gates', async () => {
    const tenant = await freshTenant('rd');
    const noTarget = await sendJson('PUT', `/v1/admin/connections/${tenant}/mode`, {
      mode: 'dry-run',
    });
    expect(noTarget.status).toBe(422);
    expect((await read(noTarget)).error).toBe('target_required');
    const gate = await sendJson('PUT', `/v1/admin/connections/${tenant}/gates/vibes`, {
      satisfied: true,
      note: 'x',
    });
    expect(gate.status).toBe(404);
    expect((await read(gate)).error).toBe('unknown_gate');
    const badIds = await sendJson('PUT', `/v1/admin/connections/${tenant}/mode`, {
      mode: 'dry-run',
      target: { stTenantId: 0, bookingProviderId: 2 },
    });
    expect(badIds.status).toBe(422);
    expect((await sendJson('GET', '/v1/admin/connections/no-such-tenant')).status).toBe(404);
  });

  it('disconnects: sender off, waiting retries back to ready, time and features recorded', async () => {
    const tenant = await freshTenant('dc');
    const scenario = `dc-${tenant}`;
    await goLive(tenant);
    await scriptFake(scenario, [{ status: 503 }]);
    const { jobId } = await storeLeadWithJob(tenant);
    expect(await runSyncJob(env.DB, jobId, new Date(), liveDeps(scenario))).toBe('retrying');

    const res = await sendJson('POST', `/v1/admin/connections/${tenant}/disconnect`, {
      reason: 'Customer revoked the app',
    });
    expect(res.status).toBe(200);
    const { connection } = await read(res);
    expect(connection).toMatchObject({
      mode: 'dry-run',
      senderEnabled: false,
      lastDisconnect: {
        by: 'admin',
        reason: 'Customer revoked the app',
        previousMode: 'live',
        affectedFeatures: ['booking-send', 'send-retries', 'resend-to-servicetitan'],
        jobsHeld: 1,
        at: expect.any(String),
      },
    });
    expect(await jobRow(jobId)).toMatchObject({
      state: 'ready',
      next_attempt_at: null,
      last_error: 'sender disconnected: Customer revoked the app',
    });

    // Intake and drafts keep working for the disconnected tenant.
    const next = await storeLeadWithJob(tenant);
    expect(await runSyncJob(env.DB, next.jobId, new Date(), liveDeps(scenario))).toBe('ready');
  });

  it('takes a live sender down when a gate is reopened, and audits every change', async () => {
    const tenant = await freshTenant('gr');
    await goLive(tenant);
    const res = await sendJson('PUT', `/v1/admin/connections/${tenant}/gates/app_approval`, {
      satisfied: false,
      note: 'approval withdrawn',
    });
    const { connection } = await read(res);
    expect(connection).toMatchObject({
      mode: 'dry-run',
      openGates: ['app_approval'],
      lastDisconnect: {
        reason: 'gate app_approval reopened: approval withdrawn',
        previousMode: 'live',
      },
    });
    const { results } = await env.DB.prepare(
      `SELECT action FROM audit_log WHERE subject_type = 'connection' AND subject_id = ? ORDER BY id`,
    )
      .bind(tenant)
      .all<{ action: string }>();
    expect(results.map((r) => r.action)).toEqual([
      ...Array(5).fill('connection.gate_updated'),
      'connection.mode_changed',
      'connection.gate_updated',
    ]);
  });
});
