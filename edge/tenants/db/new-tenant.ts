/**
 * @module
 * The statements that create a tenant, with its settings published as version 1. Plain SQL with
 * parameters (no D1 types), so the admin API binds them and the demo seed renders them to a SQL
 * file (scripts/seed-sql.ts): the demo tenant is created exactly as every other tenant is.
 */
import type { WidgetSettings } from '../../../shared/tenant-settings.ts';

/** A statement with its parameters, as D1 binds them and as the seed renders them to SQL. */
export interface SqlStatement {
  sql: string;
  params: unknown[];
}

export interface NewTenant {
  slug: string;
  name: string;
  timezone: string;
  allowedOrigins: string[];
  testContacts?: { phones: string[]; emails: string[] } | undefined;
  settings: WidgetSettings;
  publishedBy: string;
  note: string;
  /** The seed ships a published Titan Map; a tenant created through the API has none yet. */
  publishedMapVersion?: string | undefined;
}

/**
 * A new tenant with its settings published as version 1. `ON CONFLICT DO NOTHING` keeps the seed
 * idempotent; the API checks that the slug is free first (and treats "nothing inserted" as taken).
 */
export function newTenantStatements(t: NewTenant): SqlStatement[] {
  const stored = t.testContacts ? { ...t.settings, testContacts: t.testContacts } : t.settings;
  return [
    {
      sql: `INSERT INTO tenants (slug, name, timezone, allowed_origins, widget_config,
              published_map_version) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (slug) DO NOTHING`,
      params: [
        t.slug,
        t.name,
        t.timezone,
        JSON.stringify(t.allowedOrigins),
        JSON.stringify(stored),
        t.publishedMapVersion ?? null,
      ],
    },
    {
      sql: `INSERT INTO tenant_config_versions (tenant, version, config, note, published_by)
            VALUES (?, 1, ?, ?, ?) ON CONFLICT (tenant, version) DO NOTHING`,
      params: [t.slug, JSON.stringify(t.settings), t.note, t.publishedBy],
    },
  ];
}
