/**
 * @module
 * Gathers what a job's draft is built from — the stored lead, the tenant's config and published
 * Titan Map, its taxonomy, its connection readiness — and builds the draft. Shared by the queue
 * consumer (which reads a tenant's sources once for a whole batch of jobs) and the operator's
 * "correct binding" action, so both draft the same way.
 */
import { getLead, leadRowToJson, type LeadRow } from '../leads/db/leads.ts';
import type { LeadRecord } from '../../shared/lead-record.ts';
import { getTenantContext, type TenantContext } from '../tenants/context.ts';
import type { BindingOverride, Taxonomy } from './binding.ts';
import { readConnection } from './db/connections.ts';
import type { DraftResult, SyncJobRow } from './db/jobs.ts';
import { readBindingTaxonomy } from '../titan-map/db/taxonomy.ts';
import { buildBookingDraft } from './draft.ts';
import type { Connection } from './readiness.ts';

export interface JobDraft {
  draft: DraftResult;
  connection: Connection;
}

/** A tenant's part of every draft: the same for all of its jobs in a batch. */
export interface TenantSources {
  context: TenantContext;
  taxonomy: Taxonomy;
  connection: Connection;
}

/**
 * The map comes from the tenant context, which an isolate caches for up to 30 s after a publish;
 * taxonomy and connection are read fresh (two round trips, in parallel).
 */
export async function readTenantSources(db: D1Database, tenant: string): Promise<TenantSources> {
  const [context, taxonomy, connection] = await Promise.all([
    getTenantContext(db, tenant),
    readBindingTaxonomy(db, tenant),
    readConnection(db, tenant),
  ]);
  // Jobs reference their tenant (foreign key), so it cannot be missing while they exist.
  if (!context || !connection) throw new Error(`tenant ${tenant} of a sync job is gone`);
  return { context, taxonomy, connection };
}

const storedOverride = (job: SyncJobRow): BindingOverride | null =>
  job.binding_override ? (JSON.parse(job.binding_override) as BindingOverride) : null;

/** Builds the job's draft with `override` (the job's stored correction unless one is given). */
export function draftFrom(
  job: SyncJobRow,
  leadRow: LeadRow,
  { context, taxonomy, connection }: TenantSources,
  override: BindingOverride | null = storedOverride(job),
): JobDraft {
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

/** One job's draft, reading everything it needs (the operator's "correct binding"). */
export async function draftForJob(
  db: D1Database,
  job: SyncJobRow,
  override: BindingOverride | null = storedOverride(job),
): Promise<JobDraft> {
  const [leadRow, sources] = await Promise.all([
    getLead(db, job.lead_id),
    readTenantSources(db, job.tenant),
  ]);
  // The job row references its lead (foreign key), so it cannot be missing.
  if (!leadRow) throw new Error(`sync job ${job.id} lost its lead`);
  return draftFrom(job, leadRow, sources, override);
}
