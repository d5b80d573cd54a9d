/**
 * @module
 * The tenant's ServiceTitan taxonomy (job types, business units, campaigns) as the draft builder
 * checks bindings against it.
 */
import type { Taxonomy } from '../binding.ts';

interface TaxonomyRow {
  kind: 'job-type' | 'business-unit' | 'campaign';
  id: number;
  active: number;
  data: string;
}

export async function readTaxonomy(db: D1Database, tenant: string): Promise<Taxonomy> {
  const { results } = await db
    .prepare(
      `SELECT kind, id, active, data FROM titan_taxonomy
        WHERE tenant = ? AND kind IN ('job-type', 'business-unit', 'campaign')`,
    )
    .bind(tenant)
    .all<TaxonomyRow>();
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
