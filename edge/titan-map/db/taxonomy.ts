/**
 * @module
 * Reads of the published ServiceTitan taxonomy (`titan_taxonomy`; written on publish by
 * ./versions.ts and ./candidates.ts): the whole taxonomy for the map review, the zones for the
 * zone webhook, and the bindable kinds for the handoff draft builder.
 */
import type { Taxonomy } from '../../handoff/binding.ts';

/** Every published item of the tenant, for a batch (rows are `../taxonomy.ts` `TaxonomyRow`). */
export function taxonomyStatement(db: D1Database, slug: string): D1PreparedStatement {
  return db
    .prepare('SELECT kind, id, name, active, data FROM titan_taxonomy WHERE tenant = ?')
    .bind(slug);
}

/** The tenant's published dispatch zones (`data.zips` lists their zips). */
export async function readZoneRows(
  db: D1Database,
  tenant: string,
): Promise<{ id: number; active: number; data: string }[]> {
  const { results } = await db
    .prepare(`SELECT id, active, data FROM titan_taxonomy WHERE tenant = ? AND kind = 'zone'`)
    .bind(tenant)
    .all<{ id: number; active: number; data: string }>();
  return results;
}

interface BindingTaxonomyRow {
  kind: 'job-type' | 'business-unit' | 'campaign';
  id: number;
  active: number;
  data: string;
}

/** Job types, business units and campaigns as the handoff draft builder checks bindings. */
export async function readBindingTaxonomy(db: D1Database, tenant: string): Promise<Taxonomy> {
  const { results } = await db
    .prepare(
      `SELECT kind, id, active, data FROM titan_taxonomy
        WHERE tenant = ? AND kind IN ('job-type', 'business-unit', 'campaign')`,
    )
    .bind(tenant)
    .all<BindingTaxonomyRow>();
  const taxonomy: Taxonomy = {
    jobTypes: new Map(),
    businessUnits: new Map(),
    campaigns: new Map(),
  };
  for (const row of results) {
    const active = row.active === 1;
    if (row.kind === 'job-type') {
      const { businessUnitIds } = JSON.parse(row.data) as { businessUnitIds?: unknown };
      const ids = Array.isArray(businessUnitIds) ? businessUnitIds.filter(Number.isInteger) : [];
      taxonomy.jobTypes.set(row.id, { active, businessUnitIds: ids as number[] });
    } else if (row.kind === 'business-unit') taxonomy.businessUnits.set(row.id, { active });
    else taxonomy.campaigns.set(row.id, { active });
  }
  return taxonomy;
}
