/**
 * A notify queue batch's lead announcements are handled together (decision 0090): their leads
 * read in one query and their events stored in one batch, so a batch costs two D1 round trips
 * before its attempts instead of two per lead, and each lead still gets its one delivery.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { drainNotifyQueue, type NotifyMessage } from '../../../edge/notifications/queue.ts';
import { getTenantContext } from '../../../edge/tenants/context.ts';
import { countingD1 } from '../../helpers/d1.ts';
import { copyDemoTenant } from '../../helpers/ops.ts';
import { deliveriesOf, storeQuietLead, testDeps, webhookChannel } from './support.ts';

/** A hand-made batch that records what each message was told. */
function batchOf(bodies: NotifyMessage[]) {
  const calls: Record<string, string> = {};
  const messages = bodies.map(
    (body, i) =>
      ({
        id: `m${i}`,
        body,
        ack: () => void (calls[`m${i}`] = 'ack'),
        retry: () => void (calls[`m${i}`] = 'retry'),
      }) as unknown as Message<NotifyMessage>,
  );
  return {
    batch: { queue: 'pagetojob-notify', messages } as unknown as MessageBatch<NotifyMessage>,
    calls,
  };
}

describe('a batch of lead announcements', () => {
  it('reads its leads in one query and stores their events in one batch', async () => {
    const tenant = 'notify-batch-quiet';
    await copyDemoTenant(tenant, `Test ${tenant}`, { timezone: 'America/Phoenix' }); // no channels: nothing to attempt
    await getTenantContext(env.DB, tenant); // a warm isolate's cached context
    const leads = await Promise.all([1, 2, 3].map(() => storeQuietLead(tenant)));
    const counter = countingD1(env.DB);
    const { batch, calls } = batchOf(
      leads.map((lead) => ({ kind: 'source', source: 'lead', id: lead.id })),
    );
    await drainNotifyQueue(batch, { ...env, DB: counter.db }, testDeps());
    expect(calls).toEqual({ m0: 'ack', m1: 'ack', m2: 'ack' });
    expect(counter.roundTrips()).toBe(2);
    const { results } = await env.DB.prepare(
      `SELECT subject FROM notification_events WHERE tenant = ? ORDER BY subject`,
    )
      .bind(tenant)
      .all<{ subject: string }>();
    expect(results.map((r) => r.subject)).toEqual(leads.map((l) => l.id).sort());
  });

  it('delivers each lead once, beside a message of another kind in the same batch', async () => {
    const tenant = 'notify-batch-mixed';
    await copyDemoTenant(tenant, `Test ${tenant}`, { timezone: 'America/Phoenix' });
    const { channel } = await webhookChannel(tenant, 'batch-mixed');
    const leads = await Promise.all([1, 2].map(() => storeQuietLead(tenant)));
    const { batch, calls } = batchOf([
      ...leads.map((lead): NotifyMessage => ({ kind: 'source', source: 'lead', id: lead.id })),
      { kind: 'delivery', id: 'ndl_gone' },
      // Redelivered: no second delivery.
      { kind: 'source', source: 'lead', id: leads[0]!.id },
    ]);
    await drainNotifyQueue(batch, env, testDeps());
    expect(calls).toEqual({ m0: 'ack', m1: 'ack', m2: 'ack', m3: 'ack' });
    for (const lead of leads) {
      const rows = (await deliveriesOf({ lead: lead.id })).filter(
        (d) => d.channel_id === channel.id,
      );
      expect(rows.map((d) => [d.status, d.attempts])).toEqual([['delivered', 1]]);
    }
  });
});
