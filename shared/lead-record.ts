/**
 * @module
 * The stored form of a lead: one object per `leads` row. It is what the request path inserts and,
 * when D1 is failing, what travels through the fallback queue to be inserted later, unchanged.
 * `AdminLead` is the same lead as the admin API returns it, with what storage adds.
 */
import type { LeadClassification, LeadStatus } from './api.ts';
import type { Consent, SourceContext, TitanBinding } from './lead.ts';

/** The Titan binding the edge resolved from the tenant's published map for the lead's service. */
export interface ResolvedBinding {
  jobTypeId: number | null;
  businessUnitId: number | null;
  campaignId: number | null;
  priority: string | null;
  mapVersion: string | null;
  active: boolean;
}

export interface LeadRecord {
  id: string;
  tenant: string;
  submissionId: string;
  status: LeadStatus;
  classification: LeadClassification;
  /** Why the edge classified it spam (docs/security.md); kept when an operator reclassifies. */
  spamReasons: string[];
  /** The nonce of the valid form token it carried, for the reuse check; null without one. */
  formTokenNonce: string | null;
  reviewReasons: string[];
  serviceKey: string | null;
  urgency: string | null;
  preferredDate: string | null;
  preferredWindow: string | null;
  contactName: string | null;
  /** E.164 (`+16025550142`); a non-US number keeps its own country code. */
  contactPhone: string | null;
  /** The extension's digits, dialed after the call connects. */
  contactPhoneExt: string | null;
  contactEmail: string | null;
  smsOptIn: boolean;
  addressStreet: string | null;
  addressUnit: string | null;
  addressCity: string | null;
  addressState: string | null;
  addressZip: string | null;
  notes: string | null;
  isFirstTimeClient: boolean | null;
  source: SourceContext;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  bindingSent: TitanBinding | null;
  bindingResolved: ResolvedBinding | null;
  consent: Consent | null;
  /** The body's parts that failed validation, as sent, capped (edge/leads/raw.ts). */
  raw: Record<string, unknown>;
  origin: string | null;
  elapsedMs: number | null;
  receivedAt: string;
}

/** 'direct': stored by the request; 'fallback': stored later by the fallback queue consumer. */
export type IngestPath = 'direct' | 'fallback';

export interface AdminLead extends LeadRecord {
  ingestPath: IngestPath;
  /** Set when the personal fields were erased (retention or a deletion request). */
  erasedAt: string | null;
  eraseReason: string | null;
  /** When an operator marked an unfinished request as called back (who: the audit trail). */
  calledBackAt: string | null;
}

/** A lead as lists and the CSV export return it: `raw` is only on the lead's own page. */
export type AdminLeadSummary = Omit<AdminLead, 'raw'>;
