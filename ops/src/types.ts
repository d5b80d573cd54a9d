/**
 * @module
 * The shapes the console reads from the admin API (the edge's `*ToJson` functions), as far as
 * the console uses them.
 */

export type {
  AdminLead as Lead,
  AdminLeadSummary as LeadSummary,
} from '../../shared/lead-record.ts';

export interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  detail: unknown;
}

export interface SyncJob {
  id: string;
  leadId: string;
  tenant: string;
  state: string;
  externalId: string;
  reviewReasons: string[];
  payload: unknown;
  binding: Record<string, unknown> | null;
  bindingOverride: Record<string, unknown> | null;
  sendAttempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  manualNote: string | null;
  completedBy: string | null;
  completedAt: string | null;
  inProgressUntil: string | null;
  draftedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookEvent {
  id: string;
  tenant: string;
  webhookId: string;
  type: string;
  eventTime: string;
  state: string;
  note: string | null;
  leadId: string | null;
  receivedAt: string;
  applied?: unknown;
  /** The schema's findings about `data`: why it is quarantined, or the nulls tolerated. */
  issues?: { path: (string | number)[]; code: string; message: string }[] | null;
  envelope?: unknown;
}

export interface NotificationChannel {
  id: string;
  tenant: string;
  kind: 'email' | 'webhook';
  description: string | null;
  to?: string[];
  url?: string | null;
  format?: 'standard' | 'slack' | null;
  secretFingerprint?: string | null;
  events: string[];
  includeTest: boolean;
  state: 'active' | 'paused' | 'disabled';
  disabledReason: string | null;
  failingSince: string | null;
  previousSecretExpiresAt: string | null;
  createdAt: string;
}

export interface NotificationDelivery {
  id: string;
  eventId: string;
  channelId: string;
  eventType: string;
  leadId: string | null;
  status: string;
  attempts: number;
  lastHttpStatus: number | null;
  lastError: string | null;
  responseExcerpt: string | null;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  /** On the lead page: where it went. */
  channel?: { kind: string; url?: string | null; to?: string[] };
}

export interface Page<T> {
  nextCursor: string | null;
  items: T[];
}
