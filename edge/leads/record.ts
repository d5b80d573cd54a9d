/**
 * @module
 * The stored form of a lead: one object per `leads` row. It is what the request path inserts and,
 * when D1 is failing, what travels through the fallback queue to be inserted later, unchanged.
 */
import type { LeadClassification, LeadStatus } from '../../shared/api.ts';

export interface LeadRecord {
  id: string;
  tenant: string;
  submissionId: string;
  status: LeadStatus;
  classification: LeadClassification;
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
  source: unknown;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  bindingSent: unknown;
  bindingResolved: unknown;
  consent: unknown;
  raw: unknown;
  origin: string | null;
  elapsedMs: number | null;
  receivedAt: string;
}

/** Stable id for a (tenant, submissionId): a retried or fallback-stored lead keeps its id. */
export async function leadIdFor(tenant: string, submissionId: string): Promise<string> {
  const bytes = new TextEncoder().encode(`${tenant}\n${submissionId}`);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const hex = Array.from(hash.subarray(0, 12), (b) => b.toString(16).padStart(2, '0')).join('');
  return `ld_${hex}`;
}
