/**
 * The handoff from intake to a stored draft: a job per accepted lead (in the lead's batch), the
 * real queue consumer drafting it, redelivery and duplicates, and the cron's recovery of a job
 * whose message was lost.
 */
import {
  createExecutionContext,
  createMessageBatch,
  createScheduledController,
  getQueueResult,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import worker from '../../../edge/index.ts';
import { drainLeadFallback } from '../../../edge/leads/fallback.ts';
import { buildLeadRecord } from '../../../edge/leads/intake.ts';
import { syncJobIdFor } from '../../../edge/handoff/db/jobs.ts';
import { drainHandoffQueue, type SyncJobMessage } from '../../../edge/handoff/queue.ts';
import { getTenantContext } from '../../../edge/tenants/context.ts';
import { countingD1 } from '../../helpers/d1.ts';
import { ADMIN, BASE, call, postJson, postLead, randomIp } from '../../helpers/api.ts';
import { demoLead, upcomingWeekday } from '../../helpers/leads.ts';
import { INTAKE_KEY_SIGNALS } from '../../helpers/form-token.ts';
import { copyDemoTenant } from '../../helpers/ops.ts';
import { attemptsOf, jobRow, storeLeadWithJob, validateWithAjv } from './support.ts';

type Job = Record<string, any>;

async function jobsForLead(leadId: string): Promise<Job[]> {
  const res = await call(`/v1/admin/sync-jobs?lead=${leadId}`, { headers: ADMIN });
  expect(res.status).toBe(200);
  return ((await res.json()) as { syncJobs: Job[] }).syncJobs;
}

/** Waits for the real queue consumer to take the lead's job out of `queued`. */
async function draftedJob(leadId: string): Promise<Job> {
  const jobs = await vi.waitFor(
    async () => {
      const j = await jobsForLead(leadId);
      expect(j[0]?.state !== 'queued').toBe(true);
      return j;
    },
    { timeout: 10_000, interval: 100 },
  );
  expect(jobs).toHaveLength(1);
  return jobs[0]!;
}

async function runQueue(
  messages: { id: string; jobId: string; attempts?: number; announceLead?: string }[],
  bindings: Partial<Env> = {},
) {
  const batch = createMessageBatch<SyncJobMessage>(
    'pagetojob-handoff',
    messages.map((m) => ({
      id: m.id,
      timestamp: new Date(),
      attempts: m.attempts ?? 1,
      body: { kind: 'sync-job', jobId: m.jobId, announceLead: m.announceLead },
    })),
  );
  await worker.queue(batch, { ...env, ...bindings });
  return getQueueResult(batch, createExecutionContext());
}

describe('lead → sync job → ready draft (local end to end)', () => {
  it('drafts a valid ServiceTitan booking request for a posted lead', async () => {
    const date = upcomingWeekday();
    const leadId = await postLead({
      preferredTime: { date, window: 'morning' },
      urgency: 'emergency',
    });
    const job = await draftedJob(leadId);
    expect(job).toMatchObject({ state: 'ready', reviewReasons: [], externalId: `ptj-${leadId}` });

    expect(await validateWithAjv(job.payload)).toEqual({ valid: true, errors: [] });
    expect(job.payload).toMatchObject({
      source: 'PageToJob website widget',
      name: 'Jane Smith',
      externalId: `ptj-${leadId}`,
      isFirstTimeClient: true,
      customerType: 'Residential',
      address: {
        street: '123 Main St',
        city: 'Phoenix',
        state: 'AZ',
        zip: '85001',
        country: 'USA',
      },
      contacts: [
        { type: 'Phone', value: '6025550123' },
        { type: 'Email', value: 'jane@example.com' },
      ],
      // 08:00 in Phoenix (UTC-7 all year).
      start: `${date}T15:00:00Z`,
      jobTypeId: 4521,
      businessUnitId: 319,
      campaignId: 1001,
      priority: 'Urgent',
    });
    expect(job.payload.address).not.toHaveProperty('unit');
    expect(job.payload.summary).toContain('Service: AC repair');
    expect(job.payload.summary).toContain('EMERGENCY');
    expect(job.payload.summary).toContain('Customer notes: AC blowing warm air');
  });

  it('drafts an unmapped service to review, with its reasons, still schema-valid', async () => {
    const leadId = await postLead({ service: 'indoor-air-quality' });
    const job = await draftedJob(leadId);
    expect(job.state).toBe('review');
    expect(job.reviewReasons).toEqual(['service_unmapped']);
    expect(job.payload).not.toHaveProperty('jobTypeId');
    expect(await validateWithAjv(job.payload)).toEqual({ valid: true, errors: [] });
  });

  it('drafts an impossible preferred date to review, showing it as sent, with no start', async () => {
    const leadId = await postLead({ preferredTime: { date: '2027-02-29', window: 'morning' } });
    const job = await draftedJob(leadId);
    expect(job).toMatchObject({ state: 'review', reviewReasons: ['invalid_preferred_time'] });
    expect(job.payload).not.toHaveProperty('start');
    expect(job.payload.summary).toContain(
      'Preferred time: 2027-02-29, Morning (8–12) - not a valid date, confirm on call',
    );
    expect(await validateWithAjv(job.payload)).toEqual({ valid: true, errors: [] });
  });

  it("keeps a spam lead's job skipped and undrafted", async () => {
    const leadId = await postLead({ hp: 'http://spam.example' });
    const [job] = await jobsForLead(leadId);
    expect(job).toMatchObject({
      state: 'skipped',
      reviewReasons: ['classified_spam'],
      payload: null,
    });
  });

  it('shows the job on the lead detail', async () => {
    const leadId = await postLead();
    await draftedJob(leadId);
    const res = await call(`/v1/admin/leads/${leadId}`, { headers: ADMIN });
    const body = (await res.json()) as { syncJobs: Job[] };
    expect(body.syncJobs).toEqual([expect.objectContaining({ leadId, state: 'ready' })]);
  });
});

describe('one job per lead', () => {
  it("creates the job in the lead's own insert batch: one D1 round trip, one message after", async () => {
    await postLead(); // warms this isolate's tenant context, as production isolates are
    const counter = countingD1(env.DB);
    const sent: unknown[] = [];
    const queue = { send: async (body: unknown) => void sent.push(body) } as unknown as Queue;
    const ctx = createExecutionContext();
    const res = await worker.fetch(
      new Request(`${BASE}/v1/leads`, {
        method: 'POST',
        headers: { 'cf-connecting-ip': randomIp() },
        body: JSON.stringify(demoLead()),
      }),
      { ...env, DB: counter.db, HANDOFF: queue },
      ctx,
    );
    const { leadId } = (await res.json()) as { leadId: string };
    expect(counter.roundTrips()).toBe(1);
    expect((await jobRow(syncJobIdFor(leadId))).state).toBe('queued');
    await waitOnExecutionContext(ctx);
    // The one queue message of the lead also carries its announcement to the office.
    expect(sent).toEqual([{ kind: 'sync-job', jobId: syncJobIdFor(leadId), announceLead: leadId }]);
  });

  it('never makes a second job for a duplicate submission', async () => {
    const submission = demoLead();
    const first = await postJson('/v1/leads', submission);
    const second = await postJson('/v1/leads', submission);
    const [a, b] = (await Promise.all([first.json(), second.json()])) as {
      leadId: string;
      duplicate: boolean;
    }[];
    expect(b).toMatchObject({ leadId: a!.leadId, duplicate: true });
    await draftedJob(a!.leadId);
    const { results } = await env.DB.prepare('SELECT id FROM sync_jobs WHERE lead_id = ?')
      .bind(a!.leadId)
      .all();
    expect(results).toHaveLength(1);
    expect(
      (await attemptsOf(syncJobIdFor(a!.leadId))).filter((x) => x.kind === 'draft'),
    ).toHaveLength(1);
  });

  it('drafts once when the same message is delivered twice and redelivered later', async () => {
    const { jobId } = await storeLeadWithJob('desert-peak');
    const first = await runQueue([
      { id: 'm1', jobId },
      { id: 'm2', jobId },
    ]);
    expect(first.explicitAcks.sort()).toEqual(['m1', 'm2']);
    const drafted = await jobRow(jobId);
    expect(drafted.state).toBe('ready');

    const again = await runQueue([{ id: 'm1', jobId, attempts: 2 }]);
    expect(again.explicitAcks).toEqual(['m1']);
    const after = await jobRow(jobId);
    expect(after.payload).toBe(drafted.payload);
    expect(after.drafted_at).toBe(drafted.drafted_at);
    expect(await attemptsOf(jobId)).toHaveLength(1);
  });

  it('creates the job when the fallback consumer stores a lead', async () => {
    const context = await getTenantContext(env.DB, 'desert-peak');
    const lead = await buildLeadRecord({ ...demoLead() }, context!, {
      origin: null,
      now: new Date(),
      signals: INTAKE_KEY_SIGNALS,
    });
    const batch = createMessageBatch('pagetojob-lead-fallback', [
      { id: 'f1', timestamp: new Date(), attempts: 1, body: { kind: 'lead' as const, lead } },
      { id: 'f2', timestamp: new Date(), attempts: 2, body: { kind: 'lead' as const, lead } },
    ]);
    await drainLeadFallback(batch, env);
    const { results } = await env.DB.prepare('SELECT state FROM sync_jobs WHERE lead_id = ?')
      .bind(lead.id)
      .all();
    expect(results).toHaveLength(1);
    const job = await draftedJob(lead.id);
    expect(job.state).toBe('ready');
  });
});

/** The real D1, except that reading `tenant`'s taxonomy fails. */
function taxonomyReadFailsFor(tenant: string): D1Database {
  return new Proxy(env.DB, {
    get(target, property) {
      if (property === 'prepare') {
        return (sql: string) => {
          const statement = target.prepare(sql);
          if (!sql.includes('FROM titan_taxonomy')) return statement;
          return {
            bind: (...values: unknown[]) =>
              values[0] === tenant
                ? { all: () => Promise.reject(new Error('D1_ERROR: read failed')) }
                : statement.bind(...values),
          };
        };
      }
      const value = Reflect.get(target, property) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('a queue batch', () => {
  it("drafts a batch of one tenant's jobs in four D1 round trips, not five per job", async () => {
    await getTenantContext(env.DB, 'desert-peak'); // a warm isolate's cached context
    const jobs = await Promise.all(
      Array.from({ length: 6 }, () => storeLeadWithJob('desert-peak')),
    );
    const counter = countingD1(env.DB);
    const result = await runQueue(
      jobs.map(({ jobId }, i) => ({ id: `b${i}`, jobId })),
      { DB: counter.db },
    );
    expect(result.explicitAcks.sort()).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5']);
    // Claim + leads (one batch), taxonomy, connection, every draft (one batch).
    expect(counter.roundTrips()).toBe(4);
    for (const { jobId } of jobs) {
      expect(await jobRow(jobId)).toMatchObject({ state: 'ready', lease_until: null });
      expect(await attemptsOf(jobId)).toEqual([
        expect.objectContaining({ kind: 'draft', outcome: 'ready' }),
      ]);
    }
  });

  it("announces the batch's leads to the notify queue in one sendBatch", async () => {
    const jobs = await Promise.all([1, 2].map(() => storeLeadWithJob('desert-peak')));
    const batches: unknown[] = [];
    const notify = { sendBatch: async (m: unknown) => void batches.push(m) } as unknown as Queue;
    const result = await runQueue(
      [
        ...jobs.map(({ jobId, leadId }, i) => ({ id: `n${i}`, jobId, announceLead: leadId })),
        // The cron's re-queue of a lost job carries no announcement.
        { id: 'cron', jobId: (await storeLeadWithJob('desert-peak')).jobId },
      ],
      { NOTIFY: notify },
    );
    expect(result.explicitAcks.sort()).toEqual(['cron', 'n0', 'n1']);
    expect(batches).toEqual([
      jobs.map(({ leadId }) => ({ body: { kind: 'source', source: 'lead', id: leadId } })),
    ]);
  });

  it("retries only the messages of a tenant whose read failed; the others' drafts land", async () => {
    await copyDemoTenant('batch-other', 'Test batch-other', {
      timezone: 'America/Denver',
      allowedOrigins: [],
    });
    const ok = await storeLeadWithJob('desert-peak');
    const failing = await storeLeadWithJob('batch-other');
    // A hand-made batch: the local queue result does not report retry delays.
    const calls: Record<string, string> = {};
    const message = (id: string, jobId: string) =>
      ({
        id,
        body: { kind: 'sync-job', jobId },
        ack: () => void (calls[id] = 'ack'),
        retry: (options?: QueueRetryOptions) => void (calls[id] = `retry ${options?.delaySeconds}`),
      }) as unknown as Message<SyncJobMessage>;
    const batch = {
      queue: 'pagetojob-handoff',
      messages: [message('ok', ok.jobId), message('failing', failing.jobId)],
    } as unknown as MessageBatch<SyncJobMessage>;
    await drainHandoffQueue(batch, { ...env, DB: taxonomyReadFailsFor('batch-other') });
    // The retry comes after the 60 s lease the failed run left on the job.
    expect(calls).toEqual({ ok: 'ack', failing: 'retry 90' });
    expect((await jobRow(ok.jobId)).state).toBe('ready');
    expect(await jobRow(failing.jobId)).toMatchObject({ state: 'queued', payload: null });
    expect(await attemptsOf(failing.jobId)).toEqual([]);
  });
});

describe('cron recovery', () => {
  it('drafts a queued job whose message was lost, once it has waited long enough', async () => {
    const { jobId } = await storeLeadWithJob('desert-peak');
    const tick = (at: number) =>
      worker.scheduled(createScheduledController({ scheduledTime: at }), env);
    await tick(Date.now() + 60_000);
    expect((await jobRow(jobId)).state).toBe('queued');

    await tick(Date.now() + 11 * 60_000);
    expect((await jobRow(jobId)).state).toBe('ready');
    expect(await attemptsOf(jobId)).toEqual([
      expect.objectContaining({ kind: 'draft', outcome: 'ready' }),
    ]);
  });
});
