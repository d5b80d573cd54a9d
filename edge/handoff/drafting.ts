/**
 * @module
 * Gathers what a job's draft is built from — the stored lead, the tenant's config and published
 * Titan Map, its taxonomy, its connection readiness — and builds the draft. Shared by the queue
 * consumer and the operator's "correct binding" action, so both draft the same way.
 */
import { getLead, leadRowToJson } from '../db/leads.ts';
import type { LeadRecord } from '../../shared/lead-record.ts';
import { getTenantContext } from '../tenants/context.ts';
import type { BindingOverride } from './binding.ts';
import { readConnection } from './db/connections.ts';
import type { DraftResult, SyncJobRow } from './db/jobs.ts';
import { readTaxonomy } from './db/taxonomy.ts';
import { buildBookingDraft } from './draft.ts';
import type { Connection } from './readiness.ts';

export interface JobDraft {
  draft: DraftResult;
  connection: Connection;
}

/**
 * Builds the job's draft with `override` (the job's stored correction unless one is given). The
 * map comes from the tenant context, which an isolate caches for up to 30 s after a publish.
 */
export async function draftForJob(
  db: D1Database,
  job: SyncJobRow,
  override: BindingOverride | null = job.binding_override
    ? (JSON.parse(job.binding_override) as BindingOverride)
    : null,
): Promise<JobDraft> {
  const [leadRow, context, taxonomy, connection] = await Promise.all([
    getLead(db, job.lead_id),
    getTenantContext(db, job.tenant),
    readTaxonomy(db, job.tenant),
    readConnection(db, job.tenant),
  ]);
  // The job row references both (foreign keys), so neither can be missing.
  if (!leadRow || !context || !connection)
    throw new Error(`sync job ${job.id} lost its lead or tenant`);
  // The admin JSON form of a row has exactly the LeadRecord fields (camelCase, JSON parsed).
  const lead = leadRowToJson(leadRow) as unknown as LeadRecord;
  const built = buildBookingDraft({
    lead,
    tenant: { timezone: context.timezone, config: context.config },
    mapEntry: lead.serviceKey ? context.bindings.get(lead.serviceKey) : undefined,
    override,
    taxonomy,
  });
  // An erased lead (retention, deletion request) drafts from blanked fields: never sendable.
  if (leadRow.erased_at) built.reasons.unshift('lead_erased');
  return {
    draft: { state: built.reasons.length > 0 ? 'review' : 'ready', ...built },
    connection,
  };
}
