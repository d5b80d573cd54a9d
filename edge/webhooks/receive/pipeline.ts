/**
 * @module
 * The webhook acceptance pipeline for `POST /v1/webhooks/:tenant`, in the order the webhook
 * contract lists its checks: size, content type, tenant, signature headers, timestamp, signature,
 * envelope, event type, data, duplicate, storage. Nothing is parsed as JSON before the signature
 * holds, and nothing is stored unless every check up to the event type passes. Data off its
 * schema is the sender's fact all the same: such an event is stored `quarantined` (deduplicated
 * like any other) instead of refused (edge/webhooks/apply/check-data.ts). Returns a verdict; the
 * route answers it and records rejections.
 */
import type { Issue } from '../../../shared/api.ts';
import { toIssues } from '../../../shared/query.ts';
import { CloudEventEnvelopeSchema, isWebhookEventType } from '../../../shared/webhook-events.ts';
import { checkEventData } from '../apply/check-data.ts';
import { getTenantContext } from '../../tenants/context.ts';
import { readCappedBody } from '../../http/body-limit.ts';
import { eventRefs } from '../apply/event-refs.ts';
import { type ClaimedEvent, insertEvent } from '../db/events.ts';
import { activeVerifyKeys } from '../verify/key-cache.ts';
import { verifyWebhook } from '../verify/standard-webhooks.ts';
import { TENANT_PATTERN } from '../../../shared/lead-rules.ts';
import { sha256Hex } from '../../lib/encoding.ts';

export const WEBHOOK_BODY_LIMIT = 256 * 1024;
/** Seconds a sender should wait before redelivering after a 503. */
export const STORAGE_RETRY_AFTER_S = 30;

// application/json, and structured CloudEvents (application/cloudevents+json) or any other +json.
const JSON_MEDIA_TYPE = /^application\/(?:[a-z0-9.!#$&^_-]+\+)?json$/;

export interface Accepted {
  kind: 'accepted';
  eventId: string;
  webhookId: string;
  type: string;
  state: 'pending' | 'quarantined';
  /** The schema's findings about `data`: why it is quarantined, or the nulls tolerated. */
  issues: Issue[];
  /** Stored with this request's lease on it: process it after the response (null: quarantined). */
  claimed: ClaimedEvent | null;
}

export interface Rejected {
  kind: 'rejected';
  status: 400 | 401 | 404 | 409 | 413 | 415 | 422 | 503;
  reason: string;
  message: string;
  issues?: Issue[];
  webhookId?: string | undefined;
  eventType?: string | undefined;
  detail?: Record<string, unknown> | undefined;
}

export type Verdict = Accepted | Rejected;

/** D1 (or the secret key) failing: the sender should retry later, nothing was stored. */
class StorageUnavailable extends Error {}

async function storage<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    console.error('webhook storage unavailable', (err as Error).message);
    throw new StorageUnavailable();
  }
}

const storageRejection = (webhookId?: string): Rejected => ({
  kind: 'rejected',
  status: 503,
  reason: 'storage_unavailable',
  message: `The event could not be stored; redeliver it in ${STORAGE_RETRY_AFTER_S} s.`,
  webhookId,
});

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body));
  } catch {
    return undefined;
  }
}

export async function receiveWebhook(
  request: Request,
  tenant: string,
  env: Env,
  now: Date,
): Promise<Verdict> {
  try {
    return await receive(request, tenant, env, now);
  } catch (err) {
    if (err instanceof StorageUnavailable) return storageRejection();
    throw err;
  }
}

async function receive(request: Request, tenant: string, env: Env, now: Date): Promise<Verdict> {
  const body = await readCappedBody(request, WEBHOOK_BODY_LIMIT);
  if (!body) {
    return {
      kind: 'rejected',
      status: 413,
      reason: 'body_too_large',
      message: `The body is over ${WEBHOOK_BODY_LIMIT / 1024} KiB.`,
    };
  }
  const mediaType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    return {
      kind: 'rejected',
      status: 415,
      reason: 'unsupported_content_type',
      message: 'Send the event as application/json (or application/cloudevents+json).',
    };
  }
  const context = TENANT_PATTERN.test(tenant)
    ? await storage(() => getTenantContext(env.DB, tenant))
    : null;
  if (!context) {
    return {
      kind: 'rejected',
      status: 404,
      reason: 'unknown_tenant',
      message: `No tenant "${tenant}".`,
    };
  }

  const verified = await verifyWebhook({
    headers: request.headers,
    body,
    nowSeconds: Math.floor(now.getTime() / 1000),
    loadKeys: () => storage(() => activeVerifyKeys(env.DB, env.WEBHOOK_SECRET_KEY, tenant, now)),
  });
  if (!verified.ok) {
    const { status, reason, message, webhookId, detail } = verified;
    return { kind: 'rejected', status, reason, message, webhookId, detail };
  }
  const { webhookId } = verified;

  const raw = parseJson(body);
  const envelope = CloudEventEnvelopeSchema.safeParse(raw);
  if (!envelope.success) {
    return {
      kind: 'rejected',
      status: 422,
      reason: 'invalid_envelope',
      message: 'The body is not a CloudEvents 1.0 envelope as ServiceTitan sends it.',
      issues: toIssues(envelope.error),
      webhookId,
    };
  }
  const event = envelope.data;
  if (!isWebhookEventType(event.type)) {
    return {
      kind: 'rejected',
      status: 422,
      reason: 'unknown_event_type',
      message: `Event type "${event.type}" is not one this endpoint accepts.`,
      webhookId,
      eventType: event.type,
    };
  }
  const check = checkEventData(event.type, event.data);
  const state = check.ok ? 'pending' : 'quarantined';
  const issues = check.ok ? check.tolerated : check.issues;
  // Refs are read from valid data only; a quarantined event gets them when it is re-processed.
  const refs = check.ok ? eventRefs(event.type, check.data) : { bookingId: null, jobId: null };
  const id = `whe_${crypto.randomUUID().replaceAll('-', '')}`;
  let claimed: ClaimedEvent | null;
  try {
    const inserted = await insertEvent(env.DB, {
      id,
      tenant,
      webhookId,
      eventId: event.id,
      occurrenceId: event.userassignedid,
      type: event.type,
      eventTime: new Date(event.time).toISOString(),
      envelope: JSON.stringify(raw),
      bodySha256: await sha256Hex(body),
      secretId: verified.secretId,
      refBookingId: refs.bookingId,
      refJobId: refs.jobId,
      receivedAt: now.toISOString(),
      state,
      issues: issues.length > 0 ? issues : null,
    });
    if (!inserted.stored) {
      return {
        kind: 'rejected',
        status: 409,
        reason: inserted.reason,
        message:
          inserted.reason === 'duplicate_occurrence'
            ? 'This occurrence (userassignedid) was already received under another webhook-id.'
            : inserted.reason === 'webhook_id_reused'
              ? 'This webhook-id was already received with a different body.'
              : 'This webhook-id was already received.',
        webhookId,
        eventType: event.type,
      };
    }
    claimed = inserted.claimed;
  } catch (err) {
    console.error('webhook event insert failed', (err as Error).message);
    return storageRejection(webhookId);
  }
  return { kind: 'accepted', eventId: id, webhookId, type: event.type, state, issues, claimed };
}
