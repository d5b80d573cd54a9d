/**
 * Delivery of notification events to webhook endpoints and office email: signatures a real
 * Standard Webhooks library verifies, the retry schedule (shortened through NotifyDeps), 410,
 * Retry-After, timeouts, a receiver that stays down, the 5-day disable, and the email message.
 * The test drives each attempt with its own clock, so no assertion waits on real time.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventIdFor } from '../../../edge/notifications/catalog.ts';
import { attemptDelivery } from '../../../edge/notifications/delivery.ts';
import { handleNotifyMessage } from '../../../edge/notifications/queue.ts';
import { SVIX_SCHEDULE_SECONDS, defaultNotifyDeps } from '../../../edge/notifications/policy.ts';
import {} from '../handoff/support.ts';
import { copyDemoTenant } from '../../helpers/ops.ts';
import {
  createChannel,
  deliveriesOf,
  later,
  receiverLog,
  receiverSetup,
  recordingEmail,
  storeQuietLead,
  testDeps,
  webhookChannel,
} from './support.ts';

const TENANT = 'notify-core';

beforeAll(async () => {
  await copyDemoTenant(TENANT, `Test ${TENANT}`, {
    timezone: 'America/Phoenix',
    allowedOrigins: [],
  });
});

/** Stores a lead quietly and runs its announcement once: the deliveries now exist. */
async function leadWithDeliveries(
  channelId: string,
  now: Date,
  overrides: Parameters<typeof storeQuietLead>[1] = {},
  deps = testDeps(),
) {
  const lead = await storeQuietLead(TENANT, overrides);
  // The first attempt happens in here; the attempt budget is the schedule's length.
  await handleNotifyMessage(env, { kind: 'source', source: 'lead', id: lead.id }, now, deps);
  const deliveries = (await deliveriesOf({ lead: lead.id })).filter(
    (d) => d.channel_id === channelId,
  );
  expect(deliveries).toHaveLength(1);
  return { lead, delivery: deliveries[0]! };
}

async function channelRow(id: string) {
  return env.DB.prepare('SELECT * FROM notification_channels WHERE id = ?')
    .bind(id)
    .first<Record<string, any>>();
}

async function deliveryRow(id: string) {
  return env.DB.prepare('SELECT * FROM notification_deliveries WHERE id = ?')
    .bind(id)
    .first<Record<string, any>>();
}

describe('standard webhooks', () => {
  it('signs each delivery so the standardwebhooks package verifies it', async () => {
    const { channel } = await webhookChannel(TENANT, 'signed');
    const now = new Date();
    const { lead, delivery } = await leadWithDeliveries(channel.id, now, {
      urgency: 'emergency',
      notes: 'AC <b>dead</b>',
    });
    expect(delivery.status).toBe('delivered');
    const [received] = await receiverLog('signed');
    expect(received?.verified, received?.error ?? '').toBe(true);
    expect(received?.headers['webhook-id']).toBe(
      await eventIdFor(TENANT, 'lead.received', lead.id),
    );
    const body = JSON.parse(received!.body);
    expect(body).toMatchObject({
      type: 'lead.received',
      timestamp: lead.receivedAt,
      data: {
        leadId: lead.id,
        service: { key: 'ac-repair', label: 'AC repair' },
        urgency: 'emergency',
        preferredTime: { window: 'morning', label: 'Morning (8–12)', timezone: 'America/Phoenix' },
        contact: { name: 'Jane Smith', phone: '+16025550123', email: 'jane@example.com' },
        address: { zip: '85001' },
        notes: 'AC <b>dead</b>',
        source: { utmSource: 'google', utmCampaign: 'summer-ac' },
        reviewReasons: [],
      },
    });
    expect(body.data.consoleUrl).toMatch(new RegExp(`/ops/#/leads/${lead.id}$`));
  });

  it('retries a receiver that fails twice, with the same webhook-id, until it succeeds', async () => {
    const { channel } = await webhookChannel(TENANT, 'flaky');
    await receiverSetup('flaky', { script: [{ status: 500 }, { status: 502 }] });
    const deps = testDeps();
    const start = new Date();
    const { delivery } = await leadWithDeliveries(channel.id, start);
    expect(delivery).toMatchObject({ status: 'retrying', attempts: 1, last_http_status: 500 });
    expect(delivery.next_attempt_at).toBe(later(start, 5).toISOString());

    // Early: the delivery is not due yet, so nothing is sent.
    expect(await attemptDelivery(env, delivery.id, later(start, 1), deps)).toEqual({
      kind: 'later',
      delaySeconds: 4,
    });
    expect(await attemptDelivery(env, delivery.id, later(start, 5), deps)).toEqual({
      kind: 'later',
      delaySeconds: 60,
    });
    expect(await attemptDelivery(env, delivery.id, later(start, 65), deps)).toEqual({
      kind: 'done',
    });
    const row = await deliveryRow(delivery.id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 3, last_http_status: 200 });
    const log = await receiverLog('flaky');
    expect(log).toHaveLength(3);
    expect(new Set(log.map((d) => d.headers['webhook-id'])).size).toBe(1);
    expect(log.every((d) => d.verified)).toBe(true);
    expect((await channelRow(channel.id))?.failing_since).toBeNull();
  });

  it('a receiver that stays down ends failed after the schedule, and is not tried again', async () => {
    const { channel } = await webhookChannel(TENANT, 'down');
    await receiverSetup('down', { script: Array(10).fill({ status: 500 }) });
    const deps = testDeps();
    const start = new Date();
    const { delivery } = await leadWithDeliveries(channel.id, start);
    await attemptDelivery(env, delivery.id, later(start, 5), deps);
    expect(await attemptDelivery(env, delivery.id, later(start, 65), deps)).toEqual({
      kind: 'done',
    });
    expect(await deliveryRow(delivery.id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      last_http_status: 500,
      next_attempt_at: null,
    });
    expect(await attemptDelivery(env, delivery.id, later(start, 9999), deps)).toEqual({
      kind: 'done',
    });
    expect(await receiverLog('down')).toHaveLength(3);
  });

  it('410 Gone fails the delivery, disables the endpoint and emails the office', async () => {
    const office = await createChannel(TENANT, {
      kind: 'email',
      to: ['office@desertpeak.example'],
    });
    const { channel } = await webhookChannel(TENANT, 'gone');
    await receiverSetup('gone', { script: [{ status: 410 }] });
    const email = recordingEmail();
    const now = new Date();
    const lead = await storeQuietLead(TENANT);
    await handleNotifyMessage(
      { ...env, EMAIL: email.binding },
      { kind: 'source', source: 'lead', id: lead.id },
      now,
      testDeps(),
    );
    const [gone] = (await deliveriesOf({ lead: lead.id })).filter(
      (d) => d.channel_id === channel.id,
    );
    expect(gone).toMatchObject({ status: 'failed', attempts: 1, last_http_status: 410 });
    expect(await channelRow(channel.id)).toMatchObject({
      disabled_reason: 'gone: the endpoint answered 410',
    });
    // The notice is queued as its own delivery to the email channel; run it here.
    const [notice] = (await deliveriesOf({ channel: office.channel.id })).filter(
      (d) => d.event_type === 'channel.disabled',
    );
    expect(notice).toBeDefined();
    await attemptDelivery({ ...env, EMAIL: email.binding }, notice!.id, later(now, 1), testDeps());
    expect(email.sent.map((m) => m.subject)).toContain(
      `Webhook endpoint disabled: https://receiver.fake/gone/hook`,
    );
    // A disabled endpoint gets no new deliveries.
    const next = await storeQuietLead(TENANT);
    await handleNotifyMessage(
      env,
      { kind: 'source', source: 'lead', id: next.id },
      now,
      testDeps(),
    );
    expect((await deliveriesOf({ lead: next.id })).map((d) => d.channel_id)).not.toContain(
      channel.id,
    );
  });

  it('429 with Retry-After waits as long as the receiver asks', async () => {
    const { channel } = await webhookChannel(TENANT, 'busy');
    await receiverSetup('busy', { script: [{ status: 429, retryAfter: '120' }] });
    const start = new Date();
    const { delivery } = await leadWithDeliveries(channel.id, start);
    expect(delivery).toMatchObject({ status: 'retrying', last_http_status: 429 });
    expect(delivery.next_attempt_at).toBe(later(start, 120).toISOString());
  });

  it('a receiver slower than the timeout fails the attempt and is retried', async () => {
    const { channel } = await webhookChannel(TENANT, 'slow');
    await receiverSetup('slow', { script: [{ hangMs: 1_500 }] });
    const lead = await storeQuietLead(TENANT);
    const now = new Date();
    await handleNotifyMessage(
      env,
      { kind: 'source', source: 'lead', id: lead.id },
      now,
      testDeps({ timeoutMs: 200 }),
    );
    const [slow] = (await deliveriesOf({ lead: lead.id })).filter(
      (d) => d.channel_id === channel.id,
    );
    expect(slow).toMatchObject({
      status: 'retrying',
      last_http_status: null,
      last_error: 'no answer within 200 ms',
    });
  });

  it('an endpoint failing everything for 5 days is disabled', async () => {
    const { channel } = await webhookChannel(TENANT, 'five-days');
    await receiverSetup('five-days', { script: Array(10).fill({ status: 500 }) });
    const start = new Date();
    const deps = testDeps({ scheduleSeconds: [0, 86_400, 86_400, 86_400, 86_400, 86_400, 86_400] });
    const { delivery } = await leadWithDeliveries(channel.id, start, {}, deps);
    for (let day = 1; day <= 4; day += 1) {
      await attemptDelivery(env, delivery.id, later(start, day * 86_400), deps);
    }
    expect((await channelRow(channel.id))?.disabled_at).toBeNull();
    const outcome = await attemptDelivery(env, delivery.id, later(start, 5 * 86_400), deps);
    expect(outcome.kind).toBe('disabled');
    expect((await channelRow(channel.id))?.disabled_reason).toMatch(/failing/);
    expect((await deliveryRow(delivery.id))?.status).toBe('cancelled');
  });

  it('slack format posts {"text": …} with the triage subject', async () => {
    const { channel } = await createChannel(TENANT, {
      kind: 'webhook',
      url: 'https://receiver.fake/slack/hook',
      format: 'slack',
    });
    const { delivery } = await leadWithDeliveries(channel.id, new Date(), { urgency: 'emergency' });
    expect(delivery.status).toBe('delivered');
    const [received] = await receiverLog('slack');
    const body = JSON.parse(received!.body);
    expect(Object.keys(body)).toEqual(['text']);
    expect(body.text).toContain('*Emergency AC repair request — Jane Smith, 85001*');
    expect(received?.headers['webhook-signature']).toBeUndefined();
  });
});

describe('office email', () => {
  it('sends text and escaped HTML with a tel: link, Reply-To and a triage subject', async () => {
    const { channel } = await createChannel(TENANT, {
      kind: 'email',
      to: ['dispatch@desertpeak.example', 'owner@desertpeak.example'],
    });
    const email = recordingEmail();
    const lead = await storeQuietLead(TENANT, {
      urgency: 'emergency',
      address: { street: '9 Elm', unit: '', city: 'Phoenix', state: 'AZ', zip: '85004' },
      notes: '<img src="https://evil.example/x.png"> no cooling',
    });
    await handleNotifyMessage(
      { ...env, EMAIL: email.binding },
      { kind: 'source', source: 'lead', id: lead.id },
      new Date(),
      testDeps(),
    );
    const [delivery] = (await deliveriesOf({ lead: lead.id })).filter(
      (d) => d.channel_id === channel.id,
    );
    expect(delivery?.status).toBe('delivered');
    const message = email.sent.find((m) =>
      (m.to as string[]).includes('dispatch@desertpeak.example'),
    );
    expect(message).toMatchObject({
      from: env.NOTIFY_FROM,
      to: ['dispatch@desertpeak.example', 'owner@desertpeak.example'],
      subject: 'Emergency AC repair request — Jane Smith, 85004',
      replyTo: 'jane@example.com',
    });
    expect(message?.text).toContain('Phone: (602) 555-0123');
    expect(message?.html).toContain('<a href="tel:+16025550123">(602) 555-0123</a>');
    expect(message?.html).toContain('&lt;img src=&quot;https://evil.example/x.png&quot;&gt;');
    expect(message?.html).not.toContain('<img');
  });

  it('the real EMAIL binding accepts the message', async () => {
    const { channel } = await createChannel(TENANT, {
      kind: 'email',
      to: ['real@desertpeak.example'],
    });
    const { delivery } = await leadWithDeliveries(channel.id, new Date());
    expect(delivery.status, delivery.last_error ?? '').toBe('delivered');
    expect(delivery.response_excerpt).toMatch(/^messageId /);
  });
});

describe('policy', () => {
  it('the production schedule is Svix’s', () => {
    expect(defaultNotifyDeps.scheduleSeconds).toEqual([
      0, 5, 300, 1800, 7200, 18_000, 36_000, 36_000,
    ]);
    expect(SVIX_SCHEDULE_SECONDS).toHaveLength(8);
    expect(defaultNotifyDeps.timeoutMs).toBe(15_000);
  });
});
