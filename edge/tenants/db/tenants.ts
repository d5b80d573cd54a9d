/**
 * @module
 * D1 reads of a tenant and its published Titan Map, fetched together in one batch.
 */
import type { TitanPriority } from '../../../shared/config.ts';

export interface TenantRow {
  slug: string;
  name: string;
  timezone: string;
  allowed_origins: string;
  widget_config: string;
  config_version: number;
  published_map_version: string | null;
}

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

/** The tenant row and the entries of its published map version, or null for an unknown tenant. */
export async function readTenantWithMap(
  db: D1Database,
  slug: string,
): Promise<{ tenant: TenantRow; map: TitanMapRow[] } | null> {
  const [tenants, map] = await db.batch([
    db
      .prepare(
        `SELECT slug, name, timezone, allowed_origins, widget_config, config_version,
              published_map_version FROM tenants WHERE slug = ?`,
      )
      .bind(slug),
    db
      .prepare(
        `SELECT m.service_key, m.job_type_id, m.business_unit_id, m.campaign_id,
              m.priority_by_urgency, m.active
         FROM titan_map_entries m JOIN tenants t
           ON t.slug = m.tenant AND t.published_map_version = m.map_version
        WHERE m.tenant = ?`,
      )
      .bind(slug),
  ]);
  const tenant = tenants?.results[0] as TenantRow | undefined;
  if (!tenant) return null;
  return { tenant, map: (map?.results ?? []) as unknown as TitanMapRow[] };
}
