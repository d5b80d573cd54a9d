/**
 * @module
 * The `tenant_config_drafts` and `tenant_config_versions` tables: one open draft per tenant and
 * every published settings document. Publishing writes the new version, copies it into
 * `tenants.widget_config` (keeping the private test contacts there), bumps the config ETag and
 * closes the draft, all in one batch.
 */
import type { WidgetSettings } from '../../../shared/tenant-settings.ts';

export interface DraftRow {
  config: string;
  base_version: number;
  updated_by: string;
  updated_at: string;
}

export interface VersionRow {
  version: number;
  config: string;
  note: string;
  published_by: string;
  published_at: string;
}

export async function getDraft(db: D1Database, tenant: string): Promise<DraftRow | null> {
  return db
    .prepare(
      'SELECT config, base_version, updated_by, updated_at FROM tenant_config_drafts WHERE tenant = ?',
    )
    .bind(tenant)
    .first<DraftRow>();
}

export function saveDraftStatement(
  db: D1Database,
  tenant: string,
  draft: { settings: WidgetSettings; baseVersion: number; by: string },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO tenant_config_drafts (tenant, config, base_version, updated_by) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant) DO UPDATE SET config = excluded.config,
         base_version = excluded.base_version, updated_by = excluded.updated_by,
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
    )
    .bind(tenant, JSON.stringify(draft.settings), draft.baseVersion, draft.by);
}

/** The newest published version, or null for a tenant that has none yet. */
export async function latestVersion(db: D1Database, tenant: string): Promise<VersionRow | null> {
  return db
    .prepare(
      `SELECT version, config, note, published_by, published_at FROM tenant_config_versions
        WHERE tenant = ? ORDER BY version DESC LIMIT 1`,
    )
    .bind(tenant)
    .first<VersionRow>();
}

export async function getVersion(
  db: D1Database,
  tenant: string,
  version: number,
): Promise<VersionRow | null> {
  return db
    .prepare(
      `SELECT version, config, note, published_by, published_at FROM tenant_config_versions
        WHERE tenant = ? AND version = ?`,
    )
    .bind(tenant, version)
    .first<VersionRow>();
}

/** Newest first, without the documents (a version is read one at a time). */
export async function listVersions(db: D1Database, tenant: string) {
  const { results } = await db
    .prepare(
      `SELECT version, note, published_by, published_at FROM tenant_config_versions
        WHERE tenant = ? ORDER BY version DESC LIMIT 200`,
    )
    .bind(tenant)
    .all<Omit<VersionRow, 'config'>>();
  return results.map((row) => ({
    version: row.version,
    note: row.note,
    publishedBy: row.published_by,
    publishedAt: row.published_at,
  }));
}

/**
 * Publishes `settings` as version `version` (the caller read `version - 1` as the latest; the
 * primary key makes a concurrent publish of the same number fail instead of both winning).
 */
export function publishStatements(
  db: D1Database,
  tenant: string,
  publish: { settings: WidgetSettings; version: number; note: string; by: string },
): D1PreparedStatement[] {
  const document = JSON.stringify(publish.settings);
  return [
    db
      .prepare(
        `INSERT INTO tenant_config_versions (tenant, version, config, note, published_by)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .bind(tenant, publish.version, document, publish.note, publish.by),
    db
      .prepare(
        `UPDATE tenants SET
           widget_config = CASE WHEN json_type(widget_config, '$.testContacts') IS NULL THEN json(?2)
             ELSE json_set(?2, '$.testContacts', json(widget_config -> '$.testContacts')) END,
           config_version = config_version + 1,
           updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE slug = ?1`,
      )
      .bind(tenant, document),
    db.prepare('DELETE FROM tenant_config_drafts WHERE tenant = ?').bind(tenant),
  ];
}
