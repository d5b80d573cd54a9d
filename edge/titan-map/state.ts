/**
 * @module
 * Everything the review side of the Titan Map works from, read in one D1 batch: the tenant's
 * offered services, the published map and taxonomy, the open import batches with their
 * candidates, and the draft bindings. "Draft" = published with open candidates (not rejected)
 * and draft bindings laid over it: what the next publish would make live.
 */
import { StoredWidgetConfigSchema, type StoredWidgetConfig } from '../../shared/config.ts';
import type { TaxonomyKind } from '../../shared/titan-map.ts';
import { mapTenantStatement } from '../tenants/db/tenants.ts';
import { openBatchesStatement } from './db/batches.ts';
import { openCandidateItemsStatement } from './db/candidates.ts';
import {
  publishedEntriesStatement,
  toTitanMapEntry,
  type TitanMapEntry,
  type TitanMapRow,
} from './db/entries.ts';
import { taxonomyStatement } from './db/taxonomy.ts';
import { ApiError } from '../http/errors.ts';
import {
  listDraftsStatement,
  toDraftBinding,
  type DraftBinding,
  type DraftRow,
} from './db/drafts.ts';
import {
  indexTaxonomy,
  overlayTaxonomy,
  toTaxonomyItem,
  type TaxonomyIndex,
  type TaxonomyItem,
  type TaxonomyRow,
} from './taxonomy.ts';

export interface OpenBatch {
  id: string;
  kind: TaxonomyKind;
  fileName: string;
  pending: number;
}

export interface MapState {
  slug: string;
  mapVersion: string | null;
  config: StoredWidgetConfig;
  /** The published map's entries by service key. */
  entries: Map<string, TitanMapEntry>;
  /** The published taxonomy. */
  taxonomy: TaxonomyIndex;
  openBatches: OpenBatch[];
  /** Items as the open batches propose them (pending or accepted, not rejected, not unchanged). */
  candidates: TaxonomyItem[];
  /** `kind:id` of candidates that still await a decision. */
  pending: Set<string>;
  drafts: Map<string, DraftBinding>;
}

type CandidateItemRow = TaxonomyRow & { review_state: string };

export async function loadMapState(db: D1Database, slug: string): Promise<MapState | null> {
  const [tenants, entries, taxonomy, batches, candidates, drafts] = await db.batch([
    mapTenantStatement(db, slug),
    publishedEntriesStatement(db, slug),
    taxonomyStatement(db, slug),
    openBatchesStatement(db, slug),
    openCandidateItemsStatement(db, slug),
    listDraftsStatement(db, slug),
  ]);
  const tenant = tenants?.results[0] as
    { widget_config: string; published_map_version: string | null } | undefined;
  if (!tenant) return null;
  const candidateRows = (candidates?.results ?? []) as unknown as CandidateItemRow[];
  return {
    slug,
    mapVersion: tenant.published_map_version,
    config: StoredWidgetConfigSchema.parse(JSON.parse(tenant.widget_config)),
    entries: new Map(
      ((entries?.results ?? []) as unknown as TitanMapRow[]).map((row) => [
        row.service_key,
        toTitanMapEntry(row),
      ]),
    ),
    taxonomy: indexTaxonomy(
      ((taxonomy?.results ?? []) as unknown as TaxonomyRow[]).map(toTaxonomyItem),
    ),
    openBatches: (
      (batches?.results ?? []) as {
        id: string;
        kind: TaxonomyKind;
        file_name: string;
        pending: number;
      }[]
    ).map((b) => ({ id: b.id, kind: b.kind, fileName: b.file_name, pending: b.pending })),
    candidates: candidateRows.map(toTaxonomyItem),
    pending: new Set(
      candidateRows.filter((r) => r.review_state === 'pending').map((r) => `${r.kind}:${r.id}`),
    ),
    drafts: new Map(
      ((drafts?.results ?? []) as unknown as DraftRow[]).map((row) => [
        row.service_key,
        toDraftBinding(row),
      ]),
    ),
  };
}

export async function requireMapState(db: D1Database, slug: string): Promise<MapState> {
  const state = await loadMapState(db, slug);
  if (!state) throw new ApiError(404, 'unknown_tenant', `No tenant "${slug}".`);
  return state;
}

export function draftTaxonomy(state: MapState): TaxonomyIndex {
  return overlayTaxonomy(state.taxonomy, state.candidates);
}

/** The published entries with the draft bindings laid over them. */
export function draftEntries(state: MapState): Map<string, TitanMapEntry> {
  const entries = new Map(state.entries);
  for (const [key, { updatedBy: _by, updatedAt: _at, ...entry }] of state.drafts)
    entries.set(key, entry);
  return entries;
}
