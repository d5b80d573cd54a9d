/**
 * @module
 * D1 access for draft bindings: per-service edits that wait for the next publish.
 */
import { toTitanMapEntry, type TitanMapEntry, type TitanMapRow } from './entries.ts';

export interface DraftRow extends TitanMapRow {
  updated_by: string;
  updated_at: string;
}

export interface DraftBinding extends TitanMapEntry {
  updatedBy: string;
  updatedAt: string;
}

export function toDraftBinding(row: DraftRow): DraftBinding {
  return { ...toTitanMapEntry(row), updatedBy: row.updated_by, updatedAt: row.updated_at };
}

export function listDraftsStatement(db: D1Database, tenant: string): D1PreparedStatement {
  return db
    .prepare('SELECT * FROM titan_map_drafts WHERE tenant = ? ORDER BY service_key')
    .bind(tenant);
}

export function upsertDraftStatement(
  db: D1Database,
  tenant: string,
  entry: TitanMapEntry,
  actor: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO titan_map_drafts (tenant, service_key, job_type_id, business_unit_id, campaign_id,
         priority_by_urgency, active, updated_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant, service_key) DO UPDATE
          SET job_type_id = excluded.job_type_id, business_unit_id = excluded.business_unit_id,
              campaign_id = excluded.campaign_id, priority_by_urgency = excluded.priority_by_urgency,
              active = excluded.active, updated_by = excluded.updated_by,
              updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
    )
    .bind(
      tenant,
      entry.serviceKey,
      entry.jobTypeId,
      entry.businessUnitId,
      entry.campaignId,
      JSON.stringify(entry.priorityByUrgency),
      entry.active ? 1 : 0,
      actor,
    );
}

export function deleteDraftsStatement(
  db: D1Database,
  tenant: string,
  serviceKeys: string[],
): D1PreparedStatement {
  return db
    .prepare(
      'DELETE FROM titan_map_drafts WHERE tenant = ? AND service_key IN (SELECT value FROM json_each(?))',
    )
    .bind(tenant, JSON.stringify(serviceKeys));
}
