/**
 * @module
 * The event catalog (docs/notifications.md): how each source row becomes one event body
 * `{type, timestamp, data}`, and the event's id. The id is derived from (tenant, type, subject),
 * so building the same event twice — a duplicate submission, a redelivered message, the sweep —
 * yields the same id, which is also the `webhook-id` every delivery and retry of it carries.
 */
import type { AdminLead } from '../../shared/lead-record.ts';
import type {
  AnyEventType,
  LeadEventData,
  NotificationBody,
  NotificationEventType,
} from '../../shared/notifications.ts';
import type { SyncJobRow } from '../handoff/db/jobs.ts';
import type { TenantContext } from '../tenants/context.ts';
import type { FindingRow } from '../titan-map/db/findings.ts';
import type { EventRow } from '../webhooks/db/events.ts';
import { sha256Hex } from '../lib/encoding.ts';

/** An event ready to store: where it comes from, who may hear of it and its body. */
export interface NewNotificationEvent {
  tenant: string;
  type: AnyEventType;
  subject: string;
  leadId: string | null;
  test: boolean;
  /** Set for `notification.test`: the one channel it goes to. */
  targetChannelId: string | null;
  body: NotificationBody;
}

const encoder = new TextEncoder();

/** `msg_` + 32 hex digits of SHA-256 over (tenant, type, subject): a valid `webhook-id`. */
export async function eventIdFor(tenant: string, type: string, subject: string): Promise<string> {
  return `msg_${await sha256Hex(`${tenant}\n${type}\n${subject}`, 16)}`;
}

/** The console page of a record: `CONSOLE_URL` + the console's hash route. */
export function consoleLink(consoleUrl: string, route: string): string {
  return `${consoleUrl.replace(/\/+$/, '')}/#/${route}`;
}

export function leadEventType(
  lead: Pick<AdminLead, 'classification' | 'status'>,
): NotificationEventType {
  if (lead.classification === 'spam') return 'lead.spam';
  return lead.status === 'needs_review' ? 'lead.needs_review' : 'lead.received';
}

export function leadEvent(
  lead: AdminLead,
  context: TenantContext | null,
  consoleUrl: string,
): NewNotificationEvent {
  const service = context?.config.services.find((s) => s.key === lead.serviceKey);
  const window = context?.config.windows.find((w) => w.key === lead.preferredWindow);
  const source = lead.source as { landingPage?: unknown };
  const data: LeadEventData = {
    tenant: lead.tenant,
    leadId: lead.id,
    status: lead.status,
    classification: lead.classification,
    service: { key: lead.serviceKey, label: service?.label ?? null },
    urgency: lead.urgency,
    preferredTime: {
      date: lead.preferredDate,
      window: lead.preferredWindow,
      label: window?.label ?? null,
      timezone: context?.timezone ?? 'UTC',
    },
    contact: {
      name: lead.contactName,
      phone: lead.contactPhone,
      phoneExt: lead.contactPhoneExt,
      email: lead.contactEmail,
      smsOptIn: lead.smsOptIn,
    },
    address: {
      street: lead.addressStreet,
      unit: lead.addressUnit,
      city: lead.addressCity,
      state: lead.addressState,
      zip: lead.addressZip,
    },
    notes: lead.notes,
    source: {
      utmSource: lead.utmSource,
      utmMedium: lead.utmMedium,
      utmCampaign: lead.utmCampaign,
      landingPage: typeof source?.landingPage === 'string' ? source.landingPage : null,
    },
    reviewReasons: lead.reviewReasons,
    receivedAt: lead.receivedAt,
    consoleUrl: consoleLink(consoleUrl, `leads/${lead.id}`),
  };
  const type = leadEventType(lead);
  return {
    tenant: lead.tenant,
    type,
    subject: lead.id,
    leadId: lead.id,
    test: lead.classification === 'test',
    targetChannelId: null,
    body: { type, timestamp: lead.receivedAt, data: { ...data } },
  };
}

/** `sync_job.blocked` for a blocked job, `sync_job.failed` for a failed live send (retrying). */
export function syncJobEvent(job: SyncJobRow, consoleUrl: string): NewNotificationEvent | null {
  const type =
    job.state === 'blocked'
      ? 'sync_job.blocked'
      : job.state === 'retrying'
        ? 'sync_job.failed'
        : null;
  if (!type) return null;
  return {
    tenant: job.tenant,
    type,
    subject: job.id,
    leadId: job.lead_id,
    test: false,
    targetChannelId: null,
    body: {
      type,
      timestamp: job.updated_at,
      data: {
        tenant: job.tenant,
        syncJobId: job.id,
        leadId: job.lead_id,
        state: job.state,
        sendAttempts: job.send_attempts,
        nextAttemptAt: job.next_attempt_at,
        lastError: job.last_error,
        consoleUrl: consoleLink(consoleUrl, `sync/${job.id}`),
      },
    },
  };
}

export function driftFindingEvent(
  finding: FindingRow,
  consoleUrl: string,
): NewNotificationEvent | null {
  if (finding.review_state !== 'open') return null;
  const type = 'drift_finding.opened';
  return {
    tenant: finding.tenant,
    type,
    subject: finding.id,
    leadId: null,
    test: false,
    targetChannelId: null,
    body: {
      type,
      timestamp: finding.created_at,
      data: {
        tenant: finding.tenant,
        findingId: finding.id,
        kind: finding.kind,
        severity: finding.severity,
        affectedService: finding.affected_service,
        affectedZip: finding.affected_zip,
        summary: finding.summary,
        recommendedFix: finding.recommended_fix,
        consoleUrl: consoleLink(consoleUrl, 'titan-map'),
      },
    },
  };
}

export function unmatchedWebhookEvent(
  event: EventRow,
  consoleUrl: string,
): NewNotificationEvent | null {
  if (event.state !== 'unmatched') return null;
  const type = 'webhook_event.unmatched';
  return {
    tenant: event.tenant,
    type,
    subject: event.id,
    leadId: null,
    test: false,
    targetChannelId: null,
    body: {
      type,
      timestamp: event.received_at,
      data: {
        tenant: event.tenant,
        webhookEventId: event.id,
        eventType: event.type,
        eventTime: event.event_time,
        note: event.note,
        consoleUrl: consoleLink(consoleUrl, `webhooks/events/${event.id}`),
      },
    },
  };
}

/** A test event for one channel (`POST …/channels/:id/test`): each call is a new event. */
export function testEvent(tenant: string, channelId: string, now: Date): NewNotificationEvent {
  const type = 'notification.test';
  return {
    tenant,
    type,
    subject: `${channelId}:${crypto.randomUUID()}`,
    leadId: null,
    test: true,
    targetChannelId: channelId,
    body: {
      type,
      timestamp: now.toISOString(),
      data: { tenant, channelId, message: 'This is a test notification from PageToJob.' },
    },
  };
}

/** The notice to the tenant's email channels that a webhook endpoint was switched off. */
export function channelDisabledEvent(
  channel: { id: string; tenant: string; url: string | null; disabled_reason: string | null },
  now: Date,
  consoleUrl: string,
): NewNotificationEvent {
  const type = 'channel.disabled';
  return {
    tenant: channel.tenant,
    type,
    subject: `${channel.id}:${now.toISOString()}`,
    leadId: null,
    test: false,
    targetChannelId: null,
    body: {
      type,
      timestamp: now.toISOString(),
      data: {
        tenant: channel.tenant,
        channelId: channel.id,
        url: channel.url,
        reason: channel.disabled_reason,
        consoleUrl: consoleLink(consoleUrl, 'notifications'),
      },
    },
  };
}
