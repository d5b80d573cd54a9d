/**
 * @module
 * ServiceTitan taxonomy items (job types, business units, campaigns, zones) as the Titan Map keeps
 * them, indexed by kind and id, and the "draft" view: the published taxonomy with the candidates
 * of open import batches laid over it.
 */
import type { TaxonomyKind } from '../../shared/titan-map.ts';

export interface TaxonomyItem {
  kind: TaxonomyKind;
  id: number;
  name: string;
  active: boolean;
  /** Kind-specific fields: `businessUnitIds` for job types, `zips` for zones. */
  data: Record<string, unknown>;
}

export type TaxonomyIndex = Map<TaxonomyKind, Map<number, TaxonomyItem>>;

export function indexTaxonomy(items: Iterable<TaxonomyItem>): TaxonomyIndex {
  const index: TaxonomyIndex = new Map();
  for (const item of items) {
    let byId = index.get(item.kind);
    if (!byId) index.set(item.kind, (byId = new Map()));
    byId.set(item.id, item);
  }
  return index;
}

export function itemsOf(index: TaxonomyIndex, kind: TaxonomyKind): TaxonomyItem[] {
  return [...(index.get(kind)?.values() ?? [])];
}

export function findItem(index: TaxonomyIndex, kind: TaxonomyKind, id: number | null) {
  return id == null ? undefined : index.get(kind)?.get(id);
}

/** A copy of `index` where each of `overrides` replaces (or adds) the item with its kind and id. */
export function overlayTaxonomy(
  index: TaxonomyIndex,
  overrides: Iterable<TaxonomyItem>,
): TaxonomyIndex {
  const copy: TaxonomyIndex = new Map([...index].map(([kind, byId]) => [kind, new Map(byId)]));
  for (const item of overrides) {
    let byId = copy.get(item.kind);
    if (!byId) copy.set(item.kind, (byId = new Map()));
    byId.set(item.id, item);
  }
  return copy;
}

export function businessUnitIdsOf(item: TaxonomyItem): number[] {
  const ids = item.data.businessUnitIds;
  return Array.isArray(ids) ? ids.filter((id): id is number => typeof id === 'number') : [];
}

export function zipsOf(item: TaxonomyItem): string[] {
  const zips = item.data.zips;
  return Array.isArray(zips) ? zips.filter((zip): zip is string => typeof zip === 'string') : [];
}

/** Zips that at least one active zone of `index` covers. */
export function zipsInActiveZones(index: TaxonomyIndex): Set<string> {
  return new Set(
    itemsOf(index, 'zone')
      .filter((zone) => zone.active)
      .flatMap(zipsOf),
  );
}

export interface TaxonomyRow {
  kind: TaxonomyKind;
  id: number;
  name: string;
  active: number;
  data: string;
}

export function toTaxonomyItem(row: TaxonomyRow): TaxonomyItem {
  return {
    kind: row.kind,
    id: row.id,
    name: row.name,
    active: row.active === 1,
    data: JSON.parse(row.data) as Record<string, unknown>,
  };
}
