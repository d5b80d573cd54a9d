/**
 * The live sender path against a local fake ServiceTitan (miniflare outbound service, see
 * test/fakes/servicetitan.ts): success, 5xx then success with backoff, permanent 4xx, timeout,
 * retry budget, no credentials. Jobs are run by the test (no queue message is sent for them).
 */
import { env } from 'cloudflare:workers';
import { runSyncJobs } from '../../../edge/handoff/process.ts';
import { describe, expect, it } from 'vitest';
import { BACKOFF_BASE_MS, SEND_ATTEMPT_BUDGET } from '../../../edge/handoff/retry-policy.ts';
import { handoffUpkeep } from '../../../edge/handoff/upkeep.ts';
import { sendJson } from '../../helpers/api.ts';
import { copyDemoTenant } from '../../helpers/ops.ts';
import {
  attemptsOf,
  fakeLog,
  goLive,
  jobRow,
  liveDeps,
  scriptFake,
  storeLeadWithJob,
  validateWithAjv,
  runSyncJob,
} from './support.ts';

let counter = 0;

/** A fresh live tenant (Denver time) pointed at a fresh fake scenario. */
async function liveTenant() {
  counter += 1;
  const suffix = `${Date.now().toString(36)}${counter}`;
  const tenant = `live-${suffix}`;
  const scenario = `scn-${suffix}`;
  await copyDemoTenant(tenant, `Test ${tenant}`, {
    timezone: 'America/Denver',
    allowedOrigins: [],
  });
  await goLive(tenant);
  return { tenant, scenario };
}

async function leadSnapshot(leadId: string) {
  return env.DB.prepare('SELECT * FROM leads WHERE id = ?').bind(leadId).first();
}

const ms = (iso: string | null) => (iso ? Date.parse(iso) : NaN);

describe('the fake ServiceTitan endpoint', () => {
  it('rejects a payload missing required fields, as the real API would', async () => {
    const verdict = await validateWithAjv({ name: 'x', extra: true });
    expect(verdict.valid).toBe(false);
    expect(JSON.stringify(verdict.errors)).toContain('externalId');
    expect(JSON.stringify(verdict.errors)).toContain('extra');
  });
});

describe('live sender', () => {
  it("sends a queue batch's ready drafts side by side, within the lease they share", async () => {
    const { tenant, scenario } = await liveTenant();
    const jobs = [await storeLeadWithJob(tenant), await storeLeadWithJob(tenant)];
    const outcomes = await runSyncJobs(
      env.DB,
      jobs.map((j) => j.jobId),
      new Date(),
      liveDeps(scenario),
    );
    expect([...outcomes.values()]).toEqual(['sent', 'sent']);
    const log = await fakeLog(scenario);
    expect(log.bookings.map((b) => b.externalId).sort()).toEqual(
      jobs.map((j) => `ptj-${j.leadId}`).sort(),
    );
    // Both lookups go out before either create: one job's send does not wait for the other's.
    expect(log.requests.map((r) => r.method)).toEqual(['GET', 'GET', 'POST', 'POST']);
  });

  it('sends a ready draft once: lookup by externalId, then create', async () => {
    const { tenant, scenario } = await liveTenant();
    const { leadId, jobId } = await storeLeadWithJob(tenant);
    const before = await leadSnapshot(leadId);

    expect(await runSyncJob(env.DB, jobId, new Date(), liveDeps(scenario))).toBe('sent');

    const job = await jobRow(jobId);
    const log = await fakeLog(scenario);
    expect(log.bookings).toHaveLength(1);
    expect(job).toMatchObject({
      state: 'sent',
      booking_id: log.bookings[0]!.id,
      send_attempts: 1,
      last_error: null,
    });
    expect(log.requests.map((r) => [r.method, r.query])).toEqual([
      ['GET', `?externalId=ptj-${leadId}`],
      ['POST', ''],
    ]);
    expect(log.requests.every((r) => r.authorized)).toBe(true);
    expect(log.requests[1]!.path).toBe('/crm/v2/tenant/1234/booking-provider/55/bookings');
    expect(log.requests[1]!.body).toEqual(JSON.parse(job.payload!));
    expect((await attemptsOf(jobId)).map((a) => `${a.kind}:${a.outcome}`)).toEqual([
      'draft:ready',
      'lookup:not_found',
      'send:sent',
    ]);
    expect(await leadSnapshot(leadId)).toEqual(before);
  });

  it('retries a 5xx after its backoff, not before, then sends', async () => {
    const { tenant, scenario } = await liveTenant();
    await scriptFake(scenario, [{ status: 503 }]);
    const { leadId, jobId } = await storeLeadWithJob(tenant);
    const before = await leadSnapshot(leadId);
    const deps = liveDeps(scenario, { random: () => 0.9 });
    const t0 = new Date();

    expect(await runSyncJob(env.DB, jobId, t0, deps)).toBe('retrying');
    const retrying = await jobRow(jobId);
    // 2 minutes × (1 + 0.2 × (2 × 0.9 − 1)) = 2 min 19.2 s.
    expect(ms(retrying.next_attempt_at) - t0.getTime()).toBe(Math.round(BACKOFF_BASE_MS * 1.16));
    expect(retrying.last_error).toContain('HTTP 503');
    expect(await leadSnapshot(leadId)).toEqual(before);

    await handoffUpkeep(env, new Date(t0.getTime() + 60_000), deps);
    expect((await fakeLog(scenario)).requests).toHaveLength(2);
    expect((await jobRow(jobId)).state).toBe('retrying');

    await handoffUpkeep(env, new Date(ms(retrying.next_attempt_at)), deps);
    const sent = await jobRow(jobId);
    expect(sent).toMatchObject({
      state: 'sent',
      send_attempts: 2,
      next_attempt_at: null,
      last_error: null,
    });
    const log = await fakeLog(scenario);
    expect(log.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'POST']);
    expect(log.bookings).toHaveLength(1);
    expect((await attemptsOf(jobId)).map((a) => `${a.kind}:${a.outcome}:${a.http_status}`)).toEqual(
      [
        'draft:ready:null',
        'lookup:not_found:200',
        'send:retrying:503',
        'lookup:not_found:200',
        'send:sent:200',
      ],
    );
  });

  it('blocks on a permanent 4xx without retrying and leaves the lead alone', async () => {
    const { tenant, scenario } = await liveTenant();
    await scriptFake(scenario, [{ status: 403, title: 'Tenant has not granted this app' }]);
    const { leadId, jobId } = await storeLeadWithJob(tenant);
    const before = await leadSnapshot(leadId);
    const t0 = new Date();

    expect(await runSyncJob(env.DB, jobId, t0, liveDeps(scenario))).toBe('blocked');
    const job = await jobRow(jobId);
    expect(job).toMatchObject({ state: 'blocked', send_attempts: 1, next_attempt_at: null });
    expect(job.last_error).toBe('HTTP 403: Tenant has not granted this app');

    await handoffUpkeep(env, new Date(t0.getTime() + 24 * 3_600_000), liveDeps(scenario));
    expect((await fakeLog(scenario)).requests).toHaveLength(2);
    expect((await jobRow(jobId)).state).toBe('blocked');
    expect(await leadSnapshot(leadId)).toEqual(before);
  });

  it('treats a timeout as retryable and finds the booking it made instead of creating another', async () => {
    const { tenant, scenario } = await liveTenant();
    await scriptFake(scenario, [{ hangMs: 1_500 }]);
    const { jobId } = await storeLeadWithJob(tenant);
    const deps = liveDeps(scenario, { sendTimeoutMs: 300 });
    const t0 = new Date();

    expect(await runSyncJob(env.DB, jobId, t0, deps)).toBe('retrying');
    const retrying = await jobRow(jobId);
    expect(retrying.last_error).toMatch(/^timeout/);

    await handoffUpkeep(env, new Date(ms(retrying.next_attempt_at)), deps);
    const log = await fakeLog(scenario);
    expect(log.bookings).toHaveLength(1);
    expect(await jobRow(jobId)).toMatchObject({ state: 'sent', booking_id: log.bookings[0]!.id });
    expect(log.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
    expect((await attemptsOf(jobId)).map((a) => `${a.kind}:${a.outcome}`)).toEqual([
      'draft:ready',
      'lookup:not_found',
      'send:retrying',
      'lookup:found',
    ]);
  });

  it('blocks after the retry budget, each wait about twice the one before', async () => {
    const { tenant, scenario } = await liveTenant();
    await scriptFake(
      scenario,
      Array.from({ length: SEND_ATTEMPT_BUDGET }, () => ({ status: 502 })),
    );
    const { leadId, jobId } = await storeLeadWithJob(tenant);
    const before = await leadSnapshot(leadId);
    const deps = liveDeps(scenario);

    let now = new Date();
    expect(await runSyncJob(env.DB, jobId, now, deps)).toBe('retrying');
    const waits: number[] = [];
    for (;;) {
      const job = await jobRow(jobId);
      if (job.state !== 'retrying') break;
      waits.push(ms(job.next_attempt_at) - now.getTime());
      now = new Date(ms(job.next_attempt_at));
      await handoffUpkeep(env, now, deps);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16].map((k) => k * BACKOFF_BASE_MS));
    const blocked = await jobRow(jobId);
    expect(blocked).toMatchObject({ state: 'blocked', send_attempts: SEND_ATTEMPT_BUDGET });
    expect(blocked.last_error).toBe(
      `retry budget of ${SEND_ATTEMPT_BUDGET} attempts used; last: HTTP 502: Scripted 502`,
    );
    expect((await fakeLog(scenario)).bookings).toHaveLength(0);
    expect((await attemptsOf(jobId)).filter((a) => a.kind === 'send')).toHaveLength(
      SEND_ATTEMPT_BUDGET,
    );
    expect(await leadSnapshot(leadId)).toEqual(before);
  });

  it('blocks visibly, calling nothing, when live without credentials (the product default)', async () => {
    const { tenant, scenario } = await liveTenant();
    const { jobId } = await storeLeadWithJob(tenant);
    expect(await runSyncJob(env.DB, jobId, new Date())).toBe('blocked');
    expect((await jobRow(jobId)).last_error).toMatch(/^credentials_unavailable/);
    expect((await fakeLog(scenario)).requests).toHaveLength(0);
  });

  it('never calls ServiceTitan in dry-run, even with a target and credentials', async () => {
    const { tenant, scenario } = await liveTenant();
    const res = await sendJson('PUT', `/v1/admin/connections/${tenant}/mode`, { mode: 'dry-run' });
    expect(res.status).toBe(200);
    const { jobId } = await storeLeadWithJob(tenant);
    expect(await runSyncJob(env.DB, jobId, new Date(), liveDeps(scenario))).toBe('ready');
    expect((await fakeLog(scenario)).requests).toHaveLength(0);
    const detail = (await (await sendJson('GET', `/v1/admin/sync-jobs/${jobId}`)).json()) as Record<
      string,
      any
    >;
    expect(detail.handoff).toEqual({
      mode: 'dry-run',
      method: 'POST',
      url: 'https://api-integration.servicetitan.io/crm/v2/tenant/1234/booking-provider/55/bookings',
    });
  });
});
