/**
 * @module
 * Rows of `titan_map_entries` as the lead path and the map review read them: the entries of the
 * tenant's published map version (the join on `tenants` only picks that version).
 */
import type { TitanPriority } from '../../../shared/config.ts';

export interface TitanMapRow {
  service_key: string;
  job_type_id: number | null;
  business_unit_id: number | null;
  campaign_id: number | null;
  priority_by_urgency: string;
  active: number;
}

export interface TitanMapEntry {
  serviceKey: string;
  jobTypeId: number | null;
  businessUnitId: number | null;
  campaignId: number | null;
  priorityByUrgency: Partial<Record<string, TitanPriority>>;
  active: boolean;
}

export function toTitanMapEntry(row: TitanMapRow): TitanMapEntry {
  return {
    serviceKey: row.service_key,
    jobTypeId: row.job_type_id,
    businessUnitId: row.business_unit_id,
    campaignId: row.campaign_id,
    priorityByUrgency: JSON.parse(row.priority_by_urgency) as TitanMapEntry['priorityByUrgency'],
    active: row.active === 1,
  };
}

/** The entries of the tenant's published map version, for a batch. */
export function publishedEntriesStatement(db: D1Database, slug: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT m.service_key, m.job_type_id, m.business_unit_id, m.campaign_id,
            m.priority_by_urgency, m.active
       FROM titan_map_entries m JOIN tenants t
         ON t.slug = m.tenant AND t.published_map_version = m.map_version
      WHERE m.tenant = ?`,
    )
    .bind(slug);
}
