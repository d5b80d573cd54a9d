/**
 * The notifications admin API and the end-to-end path through the real queue consumer: a lead
 * posted to /v1/leads reaches a signed receiver once (duplicates and redelivered messages
 * included), test-contact and spam rules, pause / resume, test events, redelivery, secret
 * rotation with a grace period, the sweep's recovery of a lost message, the lead page's
 * deliveries, erasure, and isolation between tenants.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { eventIdFor } from '../../../edge/notifications/catalog.ts';
import { handleNotifyMessage } from '../../../edge/notifications/queue.ts';
import { notificationUpkeep } from '../../../edge/notifications/upkeep.ts';
import { Webhook } from 'standardwebhooks';
import { ADMIN, bearer, call, getJson, postLead, sendJson, sendLead } from '../../helpers/api.ts';
import { demoLead } from '../../helpers/leads.ts';
import { copyDemoTenant, mintOperatorToken } from '../../helpers/ops.ts';
import {
  createChannel,
  deliveriesOf,
  receiverLog,
  receiverSetup,
  storeQuietLead,
  testDeps,
  webhookChannel,
} from './support.ts';

const TENANT = 'notify-api';
const OTHER = 'notify-other';

beforeAll(async () => {
  await copyDemoTenant(TENANT, `Test ${TENANT}`, {
    timezone: 'America/Phoenix',
    allowedOrigins: [],
  });
  await copyDemoTenant(OTHER, `Test ${OTHER}`, { timezone: 'America/Denver', allowedOrigins: [] });
});

describe('from intake to the receiver', () => {
  it('a lead reaches the receiver once, despite a duplicate submission and a redelivered message', async () => {
    const { channel } = await webhookChannel(TENANT, 'e2e');
    const lead = demoLead({ tenant: TENANT });
    const leadId = await postLead(lead);
    const again = await sendLead(lead);
    expect(again.res.status).toBe(202);
    expect(again.body.duplicate).toBe(true);
    const delivered = await vi.waitFor(
      async () => {
        const rows = await deliveriesOf({ lead: leadId });
        expect(rows.some((d) => d.channel_id === channel.id && d.status === 'delivered')).toBe(
          true,
        );
        return rows;
      },
      { timeout: 10_000, interval: 100 },
    );
    // The queue delivers the announcement again: nothing new is created or sent.
    await handleNotifyMessage(
      env,
      { kind: 'source', source: 'lead', id: leadId },
      new Date(),
      testDeps(),
    );
    const rows = (await deliveriesOf({ lead: leadId })).filter((d) => d.channel_id === channel.id);
    expect(rows).toHaveLength(1);
    expect(delivered.filter((d) => d.channel_id === channel.id)[0]?.attempts).toBe(1);
    const eventId = await eventIdFor(TENANT, 'lead.received', leadId);
    const received = (await receiverLog('e2e')).filter((d) => d.headers['webhook-id'] === eventId);
    expect(received).toHaveLength(1);
    expect(received[0]?.verified).toBe(true);

    // The lead page says who was told, how and when.
    const page = await getJson(`/v1/admin/leads/${leadId}`);
    expect(page.body.notifications).toEqual([
      expect.objectContaining({
        channelId: channel.id,
        status: 'delivered',
        eventType: 'lead.received',
        channel: { kind: 'webhook', url: 'https://receiver.fake/e2e/hook' },
        deliveredAt: expect.any(String),
      }),
    ]);
  });

  it('test-contact leads reach only channels that opt in; spam reaches nobody by default', async () => {
    const plain = await webhookChannel(TENANT, 'plain');
    const opted = await webhookChannel(TENANT, 'opted', { includeTest: true });
    const spamListener = await webhookChannel(TENANT, 'spam', { events: ['lead.spam'] });
    const now = new Date();
    const testLead = await storeQuietLead(TENANT, {
      contact: { name: 'Office Test', phone: '6025550100', email: '', smsOptIn: false },
    });
    const spam = await storeQuietLead(TENANT, { hp: 'http://spam.example' });
    for (const lead of [testLead, spam]) {
      await handleNotifyMessage(
        env,
        { kind: 'source', source: 'lead', id: lead.id },
        now,
        testDeps(),
      );
    }
    const channelsOf = async (id: string) =>
      (await deliveriesOf({ lead: id })).map((d) => d.channel_id);
    expect(testLead.classification).toBe('test');
    expect(await channelsOf(testLead.id)).toContain(opted.channel.id);
    expect(await channelsOf(testLead.id)).not.toContain(plain.channel.id);
    expect(spam.classification).toBe('spam');
    expect(await channelsOf(spam.id)).toEqual([spamListener.channel.id]);
  });

  it('the sweep re-queues a lead whose announcement was lost', async () => {
    const { channel } = await webhookChannel(TENANT, 'sweep');
    const lead = await storeQuietLead(TENANT);
    // Too recent: its message may still be on the way.
    await notificationUpkeep(env, new Date());
    expect(await deliveriesOf({ lead: lead.id })).toHaveLength(0);
    await notificationUpkeep(env, new Date(Date.now() + 11 * 60_000));
    const rows = await vi.waitFor(
      async () => {
        const r = await deliveriesOf({ lead: lead.id });
        expect(r.some((d) => d.channel_id === channel.id && d.status === 'delivered')).toBe(true);
        return r;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(rows.filter((d) => d.channel_id === channel.id)).toHaveLength(1);
  });
});

describe('channels', () => {
  it('shows the secret once, lists without it, and edits, pauses and deletes', async () => {
    const created = await createChannel(TENANT, {
      kind: 'webhook',
      url: 'https://receiver.fake/crud/hook',
      description: 'Zapier',
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(created.channel).toMatchObject({
      kind: 'webhook',
      format: 'standard',
      state: 'active',
      events: expect.not.arrayContaining(['lead.spam']),
    });
    // Opt-in only: unmatched ServiceTitan events are mostly phone-booked jobs (decision 0092).
    expect(created.channel.events).not.toContain('webhook_event.unmatched');
    expect(created.channel.events).not.toContain('lead.unfinished');
    expect(created.channel.events).toEqual(
      expect.arrayContaining(['lead.received', 'lead.needs_review', 'sync_job.blocked']),
    );
    const id = created.channel.id as string;
    const listed = await getJson(`/v1/admin/notifications/${TENANT}/channels`);
    expect(JSON.stringify(listed.body)).not.toContain(created.secret);
    expect(listed.body.channels.map((c: { id: string }) => c.id)).toContain(id);

    const patched = await sendJson('PATCH', `/v1/admin/notifications/${TENANT}/channels/${id}`, {
      events: ['lead.received'],
      paused: true,
    });
    expect(patched.status).toBe(200);
    expect((await patched.json()) as object).toMatchObject({
      channel: { events: ['lead.received'], state: 'paused' },
    });
    const badUrl = await sendJson('PATCH', `/v1/admin/notifications/${TENANT}/channels/${id}`, {
      url: 'http://hooks.example.com',
    });
    expect(badUrl.status).toBe(422);
    const wrongField = await sendJson('PATCH', `/v1/admin/notifications/${TENANT}/channels/${id}`, {
      to: ['a@example.com'],
    });
    expect(wrongField.status).toBe(422);

    const removed = await sendJson(
      'DELETE',
      `/v1/admin/notifications/${TENANT}/channels/${id}`,
      {},
    );
    expect(removed.status).toBe(204);
    expect((await getJson(`/v1/admin/notifications/${TENANT}/channels/${id}`)).status).toBe(404);
  });

  it('a paused channel keeps its deliveries and sends them on resume', async () => {
    const { channel } = await webhookChannel(TENANT, 'paused');
    const path = `/v1/admin/notifications/${TENANT}/channels/${channel.id}`;
    expect((await sendJson('PATCH', path, { paused: true })).status).toBe(200);
    const lead = await storeQuietLead(TENANT);
    await handleNotifyMessage(
      env,
      { kind: 'source', source: 'lead', id: lead.id },
      new Date(),
      testDeps(),
    );
    const [held] = (await deliveriesOf({ lead: lead.id })).filter(
      (d) => d.channel_id === channel.id,
    );
    expect(held).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await receiverLog('paused')).toHaveLength(0);

    expect((await sendJson('PATCH', path, { paused: false })).status).toBe(200);
    await vi.waitFor(
      async () => {
        const r = await deliveriesOf({ lead: lead.id });
        expect(r.some((d) => d.id === held!.id && d.status === 'delivered')).toBe(true);
        return r;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(await receiverLog('paused')).toHaveLength(1);
  });

  it('sends a test event to one channel and reports the attempt', async () => {
    const { channel } = await webhookChannel(TENANT, 'test-event');
    const res = await sendJson(
      'POST',
      `/v1/admin/notifications/${TENANT}/channels/${channel.id}/test`,
      {},
    );
    expect(res.status).toBe(201);
    const { delivery } = (await res.json()) as { delivery: Record<string, unknown> };
    expect(delivery).toMatchObject({ eventType: 'notification.test', status: 'delivered' });
    const [received] = await receiverLog('test-event');
    expect(JSON.parse(received!.body).type).toBe('notification.test');
    expect(received?.verified).toBe(true);
  });

  it('rotating the secret signs with both until the grace period ends', async () => {
    const created = await webhookChannel(TENANT, 'rotate');
    const res = await sendJson(
      'POST',
      `/v1/admin/notifications/${TENANT}/channels/${created.channel.id}/rotate-secret`,
      { graceSeconds: 3600 },
    );
    expect(res.status).toBe(201);
    const rotated = (await res.json()) as { secret: string };
    expect(rotated.secret).not.toBe(created.secret);
    await sendJson(
      'POST',
      `/v1/admin/notifications/${TENANT}/channels/${created.channel.id}/test`,
      {},
    );
    const [received] = await receiverLog('rotate');
    expect(received?.headers['webhook-signature']?.split(' ')).toHaveLength(2);
    // A receiver holding either secret verifies the delivery.
    for (const secret of [created.secret!, rotated.secret]) {
      expect(() => new Webhook(secret).verify(received!.body, received!.headers)).not.toThrow();
    }
  });

  it('redelivers one delivery, and a channel’s failures since a time', async () => {
    const { channel } = await webhookChannel(TENANT, 'redeliver');
    await receiverSetup('redeliver', { script: Array(3).fill({ status: 500 }) });
    const deps = testDeps({ scheduleSeconds: [0] });
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const lead = await storeQuietLead(TENANT);
      await handleNotifyMessage(
        env,
        { kind: 'source', source: 'lead', id: lead.id },
        new Date(),
        deps,
      );
      const [row] = (await deliveriesOf({ lead: lead.id })).filter(
        (d) => d.channel_id === channel.id,
      );
      expect(row?.status).toBe('failed');
      ids.push(row!.id);
    }
    const one = await sendJson(
      'POST',
      `/v1/admin/notifications/deliveries/${ids[0]}/redeliver`,
      {},
    );
    expect(one.status).toBe(200);
    expect(((await one.json()) as { delivery: object }).delivery).toMatchObject({
      status: 'delivered',
      attempts: 2,
    });
    const again = await sendJson(
      'POST',
      `/v1/admin/notifications/deliveries/${ids[0]}/redeliver`,
      {},
    );
    expect(again.status).toBe(200);

    const bulk = await sendJson(
      'POST',
      `/v1/admin/notifications/${TENANT}/channels/${channel.id}/redeliver-failed`,
      { since: new Date(Date.now() - 60_000).toISOString() },
    );
    expect(bulk.status).toBe(202);
    expect(await bulk.json()).toEqual({ redelivering: 2 });
    await vi.waitFor(
      async () => {
        const rows = await deliveriesOf({ channel: channel.id });
        expect(rows.every((d) => d.status === 'delivered')).toBe(true);
        return rows;
      },
      { timeout: 10_000, interval: 100 },
    );
    const webhookIds = (await receiverLog('redeliver')).map((d) => d.headers['webhook-id']);
    // Each redelivery carries its event's id again: receivers can tell it is the same alert.
    expect(new Set(webhookIds).size).toBe(3);

    const badSince = await sendJson(
      'POST',
      `/v1/admin/notifications/${TENANT}/channels/${channel.id}/redeliver-failed`,
      { since: 'yesterday' },
    );
    expect(badSince.status).toBe(422);
  });

  it('lists deliveries with filters and keyset pages', async () => {
    const { channel } = await webhookChannel(TENANT, 'list');
    for (let i = 0; i < 3; i += 1) {
      const lead = await storeQuietLead(TENANT);
      await handleNotifyMessage(
        env,
        { kind: 'source', source: 'lead', id: lead.id },
        new Date(),
        testDeps(),
      );
    }
    const base = `/v1/admin/notifications/${TENANT}/deliveries?channel=${channel.id}`;
    const first = await getJson(`${base}&limit=2`);
    expect(first.body.deliveries).toHaveLength(2);
    const second = await getJson(`${base}&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.deliveries).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
    const filtered = await getJson(`${base}&status=failed&event=lead.received`);
    expect(filtered.body.deliveries).toEqual([]);
    expect((await getJson(`${base}&status=lost`)).status).toBe(400);
  });
});

describe('erasure', () => {
  it('erasing a lead blanks the contact details in its notifications', async () => {
    const { channel } = await webhookChannel(TENANT, 'erase');
    const lead = await storeQuietLead(TENANT);
    await handleNotifyMessage(
      env,
      { kind: 'source', source: 'lead', id: lead.id },
      new Date(),
      testDeps(),
    );
    const payloadOf = () =>
      env.DB.prepare('SELECT payload FROM notification_events WHERE lead_id = ?')
        .bind(lead.id)
        .first<{ payload: string }>();
    expect((await payloadOf())?.payload).toContain('+16025550123');
    const res = await call(`/v1/admin/lifecycle/leads/${lead.id}`, {
      method: 'DELETE',
      headers: ADMIN,
    });
    expect(res.status).toBe(200);
    const payload = JSON.parse((await payloadOf())!.payload);
    expect(payload).toEqual({
      type: 'lead.received',
      timestamp: lead.receivedAt,
      data: { leadId: lead.id, redacted: 'lead_deletion' },
    });
    const [delivery] = (await deliveriesOf({ lead: lead.id })).filter(
      (d) => d.channel_id === channel.id,
    );
    expect(delivery?.response_excerpt).toBeNull();
  });
});

describe('tenant isolation', () => {
  it('an operator sees and changes only their own tenant’s channels and deliveries', async () => {
    const mine = await webhookChannel(TENANT, 'iso-mine');
    const theirs = await webhookChannel(OTHER, 'iso-theirs');
    const lead = await storeQuietLead(OTHER);
    await handleNotifyMessage(
      env,
      { kind: 'source', source: 'lead', id: lead.id },
      new Date(),
      testDeps(),
    );
    const [theirDelivery] = await deliveriesOf({ lead: lead.id });
    const token = bearer(await mintOperatorToken(TENANT));

    expect((await getJson(`/v1/admin/notifications/${TENANT}/channels`, token)).status).toBe(200);
    expect((await getJson(`/v1/admin/notifications/${OTHER}/channels`, token)).status).toBe(403);
    expect((await getJson(`/v1/admin/notifications/${OTHER}/deliveries`, token)).status).toBe(403);
    // Another tenant's channel id under one's own tenant is simply not there.
    expect(
      (await getJson(`/v1/admin/notifications/${TENANT}/channels/${theirs.channel.id}`, token))
        .status,
    ).toBe(404);
    const redeliver = await sendJson(
      'POST',
      `/v1/admin/notifications/deliveries/${theirDelivery!.id}/redeliver`,
      {},
      token,
    );
    expect(redeliver.status).toBe(403);
    const own = await getJson(`/v1/admin/notifications/${TENANT}/deliveries`, token);
    expect(own.body.deliveries.every((d: { tenant: string }) => d.tenant === TENANT)).toBe(true);
    expect(mine.channel.tenant).toBe(TENANT);
    expect((await getJson(`/v1/admin/notifications/${OTHER}/channels`, ADMIN)).status).toBe(200);
  });
});
