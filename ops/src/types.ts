/**
 * @module
 * The shapes the console reads from the admin API (the edge's `*ToJson` functions), as far as
 * the console uses them.
 */

export interface Lead {
  id: string;
  tenant: string;
  submissionId: string;
  status: string;
  classification: string;
  reviewReasons: string[];
  serviceKey: string | null;
  urgency: string | null;
  preferredDate: string | null;
  preferredWindow: string | null;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  smsOptIn: boolean;
  addressStreet: string | null;
  addressUnit: string | null;
  addressCity: string | null;
  addressState: string | null;
  addressZip: string | null;
  notes: string | null;
  isFirstTimeClient: boolean | null;
  source: Record<string, unknown>;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  bindingSent: Record<string, unknown> | null;
  bindingResolved: Record<string, unknown> | null;
  consent: Record<string, unknown> | null;
  origin: string | null;
  elapsedMs: number | null;
  receivedAt: string;
  ingestPath: string;
  erasedAt: string | null;
  eraseReason: string | null;
}

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
  envelope?: unknown;
}

export interface Page<T> {
  nextCursor: string | null;
  items: T[];
}
