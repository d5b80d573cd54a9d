/**
 * The hooks in other features, each one `announce` call, end to end through the real queue
 * consumer: a blocked handoff, a drift finding raised by a re-import and an inbound webhook event
 * that matched no lead each reach a subscribed receiver, signed, with the catalog's body.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { DEMO_TENANT } from '../../../edge/seed/desert-peak.ts';
import { exampleData, sendEvent } from '../../helpers/webhooks.ts';
import { goLive, liveDeps, runSyncJob, scriptFake, storeLeadWithJob } from '../handoff/support.ts';
import { importOk } from '../titan-map/helpers.ts';
import { copyDemoTenant } from '../../helpers/ops.ts';
import { receiverLog, webhookChannel } from './support.ts';

/** The bodies the receiver got for `scenario` of event `type`, once there are `count`. */
async function received(scenario: string, type: string, count = 1) {
  const log = await vi.waitFor(
    async () => {
      const entries = await receiverLog(scenario);
      expect(entries.filter((d) => JSON.parse(d.body).type === type).length >= count).toBe(true);
      return entries;
    },
    { timeout: 10_000, interval: 100 },
  );
  const matching = log.filter((d) => JSON.parse(d.body).type === type);
  expect(matching.every((d) => d.verified)).toBe(true);
  return matching.map((d) => JSON.parse(d.body) as { type: string; data: Record<string, any> });
}

describe('hooks', () => {
  it('a blocked handoff alerts sync_job.blocked', async () => {
    const tenant = 'notify-hooks';
    await copyDemoTenant(tenant, `Test ${tenant}`, {
      timezone: 'America/Denver',
      allowedOrigins: [],
    });
    await goLive(tenant);
    await scriptFake('hooks-blocked', [{ status: 403, title: 'Tenant has not granted this app' }]);
    await webhookChannel(tenant, 'hook-sync', { events: ['sync_job.blocked', 'sync_job.failed'] });
    const { leadId, jobId } = await storeLeadWithJob(tenant);
    expect(await runSyncJob(env.DB, jobId, new Date(), liveDeps('hooks-blocked'))).toBe('blocked');
    const [body] = await received('hook-sync', 'sync_job.blocked');
    expect(body?.data).toMatchObject({
      syncJobId: jobId,
      leadId,
      state: 'blocked',
      lastError: 'HTTP 403: Tenant has not granted this app',
    });
  });

  it('a re-import that raises drift findings alerts drift_finding.opened for each', async () => {
    await webhookChannel(DEMO_TENANT, 'hook-drift', { events: ['drift_finding.opened'] });
    const { driftFindings } = await importOk(
      'business-units',
      'Business Unit ID,Name,Active\n319,HVAC Service,False\n320,HVAC Install,True\n321,Plumbing Service,True\n',
    );
    expect(driftFindings.length).toBeGreaterThan(0);
    const bodies = await received('hook-drift', 'drift_finding.opened', driftFindings.length);
    expect(new Set(bodies.map((b) => b.data.findingId))).toEqual(
      new Set(driftFindings.map((f: { id: string }) => f.id)),
    );
    expect(bodies[0]?.data).toMatchObject({ kind: 'business_unit_deactivated', severity: 'high' });
  });

  it('an inbound event that matches no lead alerts webhook_event.unmatched', async () => {
    await webhookChannel(DEMO_TENANT, 'hook-unmatched', { events: ['webhook_event.unmatched'] });
    const sent = await sendEvent('tn.jpm.job-completed', exampleData('tn.jpm.job-completed'));
    expect(sent.status).toBe(202);
    const bodies = await received('hook-unmatched', 'webhook_event.unmatched');
    expect(bodies.map((b) => b.data.webhookEventId)).toContain(sent.body.eventId);
    expect(bodies[0]?.data.eventType).toBe('tn.jpm.job-completed');
  });
});
