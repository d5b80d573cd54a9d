/**
 * @module
 * D1 access for published map versions: the version list, one version's entries and taxonomy
 * snapshot, and the statements a publish writes.
 */
import { toTitanMapEntry, type TitanMapEntry, type TitanMapRow } from './entries.ts';
import { toTaxonomyItem, type TaxonomyItem, type TaxonomyRow } from '../taxonomy.ts';

export interface VersionRow {
  version: string;
  previous_version: string | null;
  published_by: string | null;
  published_at: string | null;
  note: string | null;
  batch_ids: string | null;
  services_changed: string | null;
  coverage: string | null;
  entry_count: number;
}

const parse = <T>(text: string | null, fallback: T) =>
  text === null ? fallback : (JSON.parse(text) as T);

export function versionToJson(row: VersionRow, live: string | null) {
  return {
    version: row.version,
    live: row.version === live,
    previousVersion: row.previous_version,
    publishedBy: row.published_by,
    publishedAt: row.published_at,
    note: row.note,
    batchIds: parse<string[]>(row.batch_ids, []),
    servicesChanged: parse<string[]>(row.services_changed, []),
    coverage: parse<unknown>(row.coverage, null),
    entryCount: row.entry_count,
  };
}

// Versions come from two places: those this module published (with a metadata row) and older
// ones, such as the seeded first version, that exist only as map entries.
const VERSIONS_SQL = `
  WITH names AS (
    SELECT map_version AS version FROM titan_map_entries WHERE tenant = ?1
    UNION SELECT version FROM titan_map_versions WHERE tenant = ?1)
  SELECT n.version, m.previous_version, m.published_by, m.published_at, m.note, m.batch_ids,
         m.services_changed, m.coverage,
         (SELECT count(*) FROM titan_map_entries e WHERE e.tenant = ?1 AND e.map_version = n.version)
           AS entry_count
    FROM names n LEFT JOIN titan_map_versions m ON m.tenant = ?1 AND m.version = n.version`;

/** Newest first; versions without a publish record (the seed's) last. */
export async function listVersions(db: D1Database, tenant: string): Promise<VersionRow[]> {
  const { results } = await db
    .prepare(`${VERSIONS_SQL} ORDER BY m.published_at IS NULL, m.published_at DESC, n.version DESC`)
    .bind(tenant)
    .all<VersionRow>();
  return results;
}

export async function readVersion(db: D1Database, tenant: string, version: string) {
  const [meta, entries, taxonomy] = await db.batch([
    db.prepare(`${VERSIONS_SQL} WHERE n.version = ?2`).bind(tenant, version),
    db
      .prepare(
        `SELECT service_key, job_type_id, business_unit_id, campaign_id, priority_by_urgency, active
           FROM titan_map_entries WHERE tenant = ? AND map_version = ? ORDER BY service_key`,
      )
      .bind(tenant, version),
    db
      .prepare(
        `SELECT kind, id, name, active, data FROM titan_taxonomy_versions
          WHERE tenant = ? AND map_version = ? ORDER BY kind, id`,
      )
      .bind(tenant, version),
  ]);
  const row = meta?.results[0] as VersionRow | undefined;
  if (!row) return null;
  const items = (taxonomy?.results ?? []) as unknown as TaxonomyRow[];
  return {
    row,
    entries: ((entries?.results ?? []) as unknown as TitanMapRow[]).map(toTitanMapEntry),
    // Versions published before this module existed have no snapshot.
    taxonomy: items.length > 0 ? items.map(toTaxonomyItem) : null,
  } satisfies { row: VersionRow; entries: TitanMapEntry[]; taxonomy: TaxonomyItem[] | null };
}

export interface NewVersion {
  tenant: string;
  version: string;
  previousVersion: string | null;
  publishedBy: string;
  note: string | null;
  batchIds: string[];
  servicesChanged: string[];
  coverage: unknown;
}

/** The publish record; its primary key makes two publishes of the same version name collide. */
export function insertVersionStatement(db: D1Database, v: NewVersion): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO titan_map_versions (tenant, version, previous_version, published_by, note, batch_ids,
         services_changed, coverage)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      v.tenant,
      v.version,
      v.previousVersion,
      v.publishedBy,
      v.note,
      JSON.stringify(v.batchIds),
      JSON.stringify(v.servicesChanged),
      JSON.stringify(v.coverage),
    );
}

/** Copies the published taxonomy under `version`, unless that version already has a snapshot. */
export function snapshotTaxonomyStatement(
  db: D1Database,
  tenant: string,
  version: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO titan_taxonomy_versions (tenant, map_version, kind, id, name, active, data)
       SELECT tenant, ?2, kind, id, name, active, data FROM titan_taxonomy
        WHERE tenant = ?1
          AND NOT EXISTS (SELECT 1 FROM titan_taxonomy_versions WHERE tenant = ?1 AND map_version = ?2)`,
    )
    .bind(tenant, version);
}

/** Carries the entries of `from` into `to`, except the services listed (they get new entries). */
export function copyEntriesStatement(
  db: D1Database,
  tenant: string,
  from: string,
  to: string,
  except: string[],
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO titan_map_entries (tenant, map_version, service_key, job_type_id, business_unit_id,
         campaign_id, priority_by_urgency, active)
       SELECT tenant, ?, service_key, job_type_id, business_unit_id, campaign_id, priority_by_urgency, active
         FROM titan_map_entries
        WHERE tenant = ? AND map_version = ? AND service_key NOT IN (SELECT value FROM json_each(?))`,
    )
    .bind(to, tenant, from, JSON.stringify(except));
}

export function insertEntryStatement(
  db: D1Database,
  tenant: string,
  version: string,
  entry: TitanMapEntry,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO titan_map_entries (tenant, map_version, service_key, job_type_id, business_unit_id,
         campaign_id, priority_by_urgency, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      tenant,
      version,
      entry.serviceKey,
      entry.jobTypeId,
      entry.businessUnitId,
      entry.campaignId,
      JSON.stringify(entry.priorityByUrgency),
      entry.active ? 1 : 0,
    );
}
