/**
 * @module
 * The `tenants` table: the tenant row and its published Titan Map read together in one batch (the
 * lead path), the statements that create a tenant (the admin API and the demo seed use the same
 * ones), the operator list, the changes made without review, and the small reads other features
 * make of a tenant (does it exist, its zone, the map side's view, the published map version).
 */
import type { TenantStatus } from '../../../shared/config.ts';
import type { TenantPatch } from '../../../shared/tenant-settings.ts';
import { liveIntakeKeyHashesStatement } from '../../leads/db/intake-keys.ts';
import { publishedEntriesStatement, type TitanMapRow } from '../../titan-map/db/entries.ts';
import type { SqlStatement } from './new-tenant.ts';

export interface TenantRow {
  slug: string;
  name: string;
  timezone: string;
  allowed_origins: string;
  widget_config: string;
  config_version: number;
  published_map_version: string | null;
  status: TenantStatus;
}

/**
 * The tenant row, the entries of its published map version and its live intake-key hashes (one
 * batch: the lead path's context), or null for an unknown tenant.
 */
export async function readTenantWithMap(
  db: D1Database,
  slug: string,
): Promise<{ tenant: TenantRow; map: TitanMapRow[]; intakeKeyHashes: string[] } | null> {
  const [tenants, map, keys] = await db.batch([
    db
      .prepare(
        `SELECT slug, name, timezone, allowed_origins, widget_config, config_version,
              published_map_version, status FROM tenants WHERE slug = ?`,
      )
      .bind(slug),
    publishedEntriesStatement(db, slug),
    liveIntakeKeyHashesStatement(db, slug),
  ]);
  const tenant = tenants?.results[0] as TenantRow | undefined;
  if (!tenant) return null;
  const hashes = (keys?.results ?? []) as { key_hash: string }[];
  return {
    tenant,
    map: (map?.results ?? []) as unknown as TitanMapRow[],
    intakeKeyHashes: hashes.map((row) => row.key_hash),
  };
}

export function bindAll(db: D1Database, statements: SqlStatement[]): D1PreparedStatement[] {
  return statements.map(({ sql, params }) => db.prepare(sql).bind(...params));
}

export interface TenantSummaryRow {
  slug: string;
  name: string;
  timezone: string;
  status: TenantStatus;
  allowed_origins: string;
  test_contacts: string | null;
  published_version: number | null;
  published_at: string | null;
  has_draft: number;
  services: number;
  covered_services: number;
  created_at: string;
  updated_at: string;
}

/** Offered services with a complete, active binding in the published map: the list's coverage. */
const SUMMARY_SELECT = `
  SELECT t.slug, t.name, t.timezone, t.status, t.allowed_origins, t.created_at, t.updated_at,
         t.widget_config -> '$.testContacts' AS test_contacts,
         v.version AS published_version, v.published_at,
         EXISTS (SELECT 1 FROM tenant_config_drafts d WHERE d.tenant = t.slug) AS has_draft,
         json_array_length(t.widget_config, '$.services') AS services,
         (SELECT count(*) FROM json_each(t.widget_config, '$.services') s
            JOIN titan_map_entries m ON m.tenant = t.slug AND m.map_version = t.published_map_version
             AND m.service_key = s.value ->> '$.key' AND m.active = 1
             AND m.job_type_id IS NOT NULL AND m.business_unit_id IS NOT NULL
             AND m.campaign_id IS NOT NULL) AS covered_services
    FROM tenants t
    LEFT JOIN tenant_config_versions v ON v.tenant = t.slug
     AND v.version = (SELECT max(version) FROM tenant_config_versions WHERE tenant = t.slug)`;

/** Every tenant the caller may see (`scope` = one tenant for an operator), by name. */
export async function listTenants(
  db: D1Database,
  scope: string | undefined,
): Promise<TenantSummaryRow[]> {
  const { results } = await db
    .prepare(`${SUMMARY_SELECT} WHERE ?1 IS NULL OR t.slug = ?1 ORDER BY t.name, t.slug`)
    .bind(scope ?? null)
    .all<TenantSummaryRow>();
  return results;
}

export async function getTenantSummary(
  db: D1Database,
  slug: string,
): Promise<TenantSummaryRow | null> {
  return db.prepare(`${SUMMARY_SELECT} WHERE t.slug = ?`).bind(slug).first<TenantSummaryRow>();
}

export function tenantSummaryToJson(row: TenantSummaryRow) {
  return {
    slug: row.slug,
    name: row.name,
    timezone: row.timezone,
    status: row.status,
    allowedOrigins: JSON.parse(row.allowed_origins) as string[],
    testContacts: row.test_contacts
      ? (JSON.parse(row.test_contacts) as { phones: string[]; emails: string[] })
      : { phones: [], emails: [] },
    publishedVersion: row.published_version,
    publishedAt: row.published_at,
    hasDraft: row.has_draft === 1,
    coverage: {
      offered: row.services,
      covered: row.covered_services,
      score: row.services ? Math.round((row.covered_services / row.services) * 10_000) / 10_000 : 1,
    },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The changes made without review. Test contacts are private (never served) and live beside the
 * published settings in `widget_config`, so changing them does not bump the config's ETag.
 */
export function patchTenantStatement(
  db: D1Database,
  slug: string,
  patch: TenantPatch,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE tenants SET
         name = coalesce(?2, name),
         timezone = coalesce(?3, timezone),
         allowed_origins = coalesce(?4, allowed_origins),
         status = coalesce(?5, status),
         widget_config = CASE WHEN ?6 IS NULL THEN widget_config
                              ELSE json_set(widget_config, '$.testContacts', json(?6)) END,
         -- Name, zone and status are served to the widget: its cached config must revalidate.
         config_version = config_version
           + (coalesce(?2, ?3, ?5) IS NOT NULL),
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
       WHERE slug = ?1`,
    )
    .bind(
      slug,
      patch.name ?? null,
      patch.timezone ?? null,
      patch.allowedOrigins ? JSON.stringify(patch.allowedOrigins) : null,
      patch.status ?? null,
      patch.testContacts ? JSON.stringify(patch.testContacts) : null,
    );
}

/** Whether the tenant exists (a create names its tenant: an unknown one is a 404). */
export async function tenantExists(db: D1Database, slug: string): Promise<boolean> {
  return (await db.prepare('SELECT 1 FROM tenants WHERE slug = ?').bind(slug).first()) !== null;
}

/** The tenant's IANA zone (reports and imports count in local days), or null for an unknown one. */
export async function tenantTimezone(db: D1Database, slug: string): Promise<string | null> {
  const row = await db
    .prepare('SELECT timezone FROM tenants WHERE slug = ?')
    .bind(slug)
    .first<{ timezone: string }>();
  return row?.timezone ?? null;
}

/** Slug and name of every tenant the caller may see (`scope` = one tenant for an operator). */
export async function listTenantNames(
  db: D1Database,
  scope: string | null,
): Promise<{ slug: string; name: string }[]> {
  const { results } = await db
    .prepare('SELECT slug, name FROM tenants WHERE ?1 IS NULL OR slug = ?1 ORDER BY name')
    .bind(scope)
    .all<{ slug: string; name: string }>();
  return results;
}

/** The Titan Map's view of the tenant (offered services, published map version), for a batch. */
export function mapTenantStatement(db: D1Database, slug: string): D1PreparedStatement {
  return db
    .prepare('SELECT widget_config, published_map_version FROM tenants WHERE slug = ?')
    .bind(slug);
}

/** Points the tenant at a new map version; the config version bump changes the widget's ETag. */
export function pointTenantStatement(
  db: D1Database,
  tenant: string,
  version: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE tenants SET published_map_version = ?, config_version = config_version + 1,
              updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        WHERE slug = ?`,
    )
    .bind(version, tenant);
}
