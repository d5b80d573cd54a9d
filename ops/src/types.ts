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

export interface Page<T> {
  nextCursor: string | null;
  items: T[];
}
