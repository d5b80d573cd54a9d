/**
 * Helpers for the notification tests: a tenant per test file, channels made through the admin
 * API, leads stored without an announcement (so only the test drives their notification), the
 * fake receiver (test/fakes/webhook-receiver.ts) and a recording stand-in for the EMAIL binding.
 */
import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { storeLead } from '../../../edge/leads/db/leads.ts';
import { buildLeadRecord } from '../../../edge/leads/intake.ts';
import type { DeliveryRow } from '../../../edge/notifications/db/deliveries.ts';
import type { NotifyDeps } from '../../../edge/notifications/policy.ts';
import { defaultNotifyDeps } from '../../../edge/notifications/policy.ts';
import { getTenantContext } from '../../../edge/tenants/context.ts';
import type { LeadSubmission } from '../../../shared/lead.ts';
import { ADMIN, call } from '../../helpers/api.ts';
import { demoLead } from '../../helpers/leads.ts';
import { INTAKE_KEY_SIGNALS } from '../../helpers/form-token.ts';

export const RECEIVER = 'https://receiver.fake';

/** Short schedule and timeout for tests; production uses the documented Svix schedule. */
export const testDeps = (overrides: Partial<NotifyDeps> = {}): NotifyDeps => ({
  ...defaultNotifyDeps,
  scheduleSeconds: [0, 5, 60],
  timeoutMs: 2_000,
  ...overrides,
});

export async function createChannel(tenant: string, body: Record<string, unknown>) {
  const res = await call(`/v1/admin/notifications/${tenant}/channels`, {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { channel: Record<string, any>; secret?: string };
  expect(res.status, JSON.stringify(json)).toBe(201);
  return json;
}

/** A standard webhook channel pointed at a fresh receiver scenario that knows its secret. */
export async function webhookChannel(tenant: string, scenario: string, extra = {}) {
  const url = `${RECEIVER}/${scenario}/hook`;
  const created = await createChannel(tenant, { kind: 'webhook', url, ...extra });
  await receiverSetup(scenario, { secret: created.secret });
  return created;
}

export async function receiverSetup(scenario: string, setup: Record<string, unknown>) {
  const res = await fetch(`${RECEIVER}/${scenario}/__fake/setup`, {
    method: 'POST',
    body: JSON.stringify(setup),
  });
  expect(res.status).toBe(200);
}

export interface Received {
  headers: Record<string, string>;
  body: string;
  verified: boolean;
  error: string | null;
}

export async function receiverLog(scenario: string): Promise<Received[]> {
  const res = await fetch(`${RECEIVER}/${scenario}/__fake/log`);
  return ((await res.json()) as { deliveries: Received[] }).deliveries;
}

/** Stores a lead as intake does but announces nothing: the test sends its message. */
export async function storeQuietLead(tenant: string, overrides: Partial<LeadSubmission> = {}) {
  const context = await getTenantContext(env.DB, tenant);
  if (!context) throw new Error(`tenant ${tenant} not seeded`);
  const lead = await buildLeadRecord(demoLead({ tenant, ...overrides }), context, {
    origin: null,
    now: new Date(),
    signals: INTAKE_KEY_SIGNALS,
  });
  await storeLead(env.DB, lead, 'direct');
  return lead;
}

export async function deliveriesOf(where: { lead?: string; channel?: string }) {
  const [column, value] = where.lead ? ['lead_id', where.lead] : ['channel_id', where.channel];
  const { results } = await env.DB.prepare(
    `SELECT * FROM notification_deliveries WHERE ${column} = ? ORDER BY created_at, id`,
  )
    .bind(value)
    .all<DeliveryRow>();
  return results;
}

/** A stand-in for the EMAIL binding that keeps what it was asked to send. */
export function recordingEmail() {
  const sent: Record<string, any>[] = [];
  const binding = {
    send: async (message: unknown) => {
      sent.push(message as Record<string, any>);
      return { messageId: `m-${sent.length}` };
    },
  } as unknown as SendEmail;
  return { binding, sent };
}

export const later = (from: Date, seconds: number) => new Date(from.getTime() + seconds * 1000);
