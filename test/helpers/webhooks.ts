/**
 * Helpers for the webhook tests: envelopes around the example data files, Standard Webhooks
 * signing, delivery to the worker with its `waitUntil` work (event processing) awaited, and admin
 * reads of events.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import worker from '../../edge/index.ts';
import { DEMO_WEBHOOK_SECRET } from '../../edge/seed/demo-webhook-secret.ts';
import { DEMO_TENANT } from '../../edge/seed/desert-peak.ts';
import { decodeSecret, importHmacKey } from '../../edge/webhooks/verify/secret-format.ts';
import { signWebhook } from '../../edge/webhooks/verify/standard-webhooks.ts';
import type { WebhookEventType } from '../../shared/webhook-events.ts';
import bookingUpdated from '../../examples/webhooks/tn.crm.booking-updated.json';
import crmLeadCreated from '../../examples/webhooks/tn.crm.lead-created.json';
import crmLeadUpdated from '../../examples/webhooks/tn.crm.lead-updated.json';
import jobScheduled from '../../examples/webhooks/tn.jpm.job-scheduled.json';
import jobRescheduled from '../../examples/webhooks/tn.jpm.job-rescheduled.json';
import jobCompleted from '../../examples/webhooks/tn.jpm.job-completed.json';
import jobUpdated from '../../examples/webhooks/tn.jpm.job-updated.json';
import appointmentUpdated from '../../examples/webhooks/tn.jpm.job-appointment-updated.json';
import invoicePosted from '../../examples/webhooks/tn.acc.invoice-posted.json';
import invoiceUpdated from '../../examples/webhooks/tn.acc.invoice-updated.json';
import zoneUpdated from '../../examples/webhooks/tn.dis.zone-updated.json';
import zoneDeleted from '../../examples/webhooks/tn.dis.zone-deleted.json';
import { ADMIN, adminJson, BASE, call } from './api.ts';
import { cloudEventEnvelope } from '../../shared/webhook-events.ts';

export const EXAMPLE_DATA: Record<WebhookEventType, Record<string, unknown>> = {
  'tn.crm.booking-updated': bookingUpdated,
  'tn.crm.lead-created': crmLeadCreated,
  'tn.crm.lead-updated': crmLeadUpdated,
  'tn.jpm.job-scheduled': jobScheduled,
  'tn.jpm.job-rescheduled': jobRescheduled,
  'tn.jpm.job-completed': jobCompleted,
  'tn.jpm.job-updated': jobUpdated,
  'tn.jpm.job-appointment-updated': appointmentUpdated,
  'tn.acc.invoice-posted': invoicePosted,
  'tn.acc.invoice-updated': invoiceUpdated,
  'tn.dis.zone-updated': zoneUpdated,
  'tn.dis.zone-deleted': zoneDeleted,
};

/** A deep copy of a type's example data, to change freely. */
export function exampleData<T = Record<string, unknown>>(type: WebhookEventType): T {
  return structuredClone(EXAMPLE_DATA[type]) as T;
}

export function uniqueId(prefix = 'msg_'): string {
  return `${prefix}${crypto.randomUUID().replaceAll('-', '')}`;
}

/** A CloudEvents envelope as ServiceTitan sends it, with fresh ids (shared/webhook-events.ts). */
export const envelope = cloudEventEnvelope;

export const nowSeconds = () => Math.floor(Date.now() / 1000);

export async function sign(
  secret: string,
  webhookId: string,
  timestamp: string,
  body: string | Uint8Array,
): Promise<string> {
  const bytes = decodeSecret(secret);
  if (!bytes) throw new Error(`not a whsec_ secret: ${secret}`);
  const raw = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return signWebhook(await importHmacKey(bytes, 'sign'), webhookId, timestamp, raw);
}

export interface Delivery {
  tenant?: string;
  body: string | Uint8Array | ReadableStream<Uint8Array>;
  /** Replaces the computed headers entirely when given as a Headers object. */
  headers?: Record<string, string> | Headers;
}

/** A signed delivery of `body` (headers can be overridden or removed with `undefined`). */
export async function signedHeaders(
  body: string | Uint8Array,
  options: { secret?: string; id?: string; timestamp?: string } = {},
): Promise<Record<string, string>> {
  const id = options.id ?? uniqueId();
  const timestamp = options.timestamp ?? String(nowSeconds());
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': timestamp,
    'webhook-signature': await sign(options.secret ?? DEMO_WEBHOOK_SECRET, id, timestamp, body),
  };
}

/**
 * POSTs to /v1/webhooks/:tenant through the worker's fetch handler and waits for its
 * `waitUntil` work, so an accepted event has been processed when this returns.
 */
export async function deliver(delivery: Delivery, bindings: Partial<Env> = {}): Promise<Response> {
  const request = new Request(`${BASE}/v1/webhooks/${delivery.tenant ?? DEMO_TENANT}`, {
    method: 'POST',
    headers: delivery.headers,
    body: delivery.body,
    ...(delivery.body instanceof ReadableStream && { duplex: 'half' }),
  } as RequestInit);
  const ctx = createExecutionContext();
  const response = await worker.fetch(request, { ...env, ...bindings }, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

/** Signs and delivers an event of `type` with `data` to the demo tenant (or `tenant`). */
export async function sendEvent(
  type: string,
  data: unknown,
  options: { tenant?: string; secret?: string; envelope?: Record<string, unknown> } = {},
) {
  const body = JSON.stringify(envelope(type, data, options.envelope));
  const headers = await signedHeaders(body, { ...(options.secret && { secret: options.secret }) });
  const response = await deliver({
    body,
    headers,
    ...(options.tenant && { tenant: options.tenant }),
  });
  const json = (await response.json()) as Record<string, unknown> & {
    eventId?: string;
    error?: string;
  };
  return { status: response.status, body: json, webhookId: headers['webhook-id'] };
}

export interface AdminEvent {
  id: string;
  state: string;
  note: string | null;
  leadId: string | null;
  applied: Record<string, unknown> | null;
  issues: { path: (string | number)[]; code: string; message: string }[] | null;
  type: string;
  secretId: string | null;
}

export async function adminEvent(id: string): Promise<AdminEvent> {
  const res = await call(`/v1/admin/webhook-events/${id}`, { headers: ADMIN });
  if (res.status !== 200) throw new Error(`event ${id}: ${res.status}`);
  return ((await res.json()) as { event: AdminEvent }).event;
}

/** The latest recorded rejection with this webhook-id. */
export async function rejectionFor(webhookId: string) {
  const { rejections } = await adminJson<{ rejections: Record<string, unknown>[] }>(
    `/v1/admin/webhook-rejections?webhookId=${webhookId}`,
  );
  return rejections[0];
}
