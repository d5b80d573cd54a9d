/**
 * @module
 * Draft bindings: the reviewer's edits of what each website service books as. They are checked
 * against the draft taxonomy (an id must exist there), kept apart from the live map, and go live
 * only with the next publish. Problems that do not block saving (an inactive job type, a business
 * unit the job type does not list) are returned so the reviewer sees them at once.
 */
import type { BindingBody } from '../../shared/titan-map.ts';
import { auditStatement } from '../audit/db/audit-log.ts';
import type { TitanMapEntry } from './db/entries.ts';
import { ApiError } from '../http/errors.ts';
import { bindingProblems } from './coverage.ts';
import { importKindOf } from './db/batches.ts';
import { deleteDraftsStatement, upsertDraftStatement } from './db/drafts.ts';
import { priorityFor } from './priorities.ts';
import { draftEntries, draftTaxonomy, type MapState } from './state.ts';
import { findItem, type TaxonomyIndex } from './taxonomy.ts';

export function offeredService(state: MapState, key: string) {
  const service = state.config.services.find((s) => s.key === key);
  if (!service)
    throw new ApiError(
      404,
      'unknown_service',
      `Tenant "${state.slug}" offers no service "${key}".`,
    );
  return service;
}

const REFERENCES = [
  ['jobTypeId', 'job-type'],
  ['businessUnitId', 'business-unit'],
  ['campaignId', 'campaign'],
] as const;

/** Refuses ids the taxonomy does not know: a binding to nothing could never book. */
export function requireKnownReferences(
  bindings: { path: (string | number)[]; entry: TitanMapEntry }[],
  taxonomy: TaxonomyIndex,
): void {
  const issues = bindings.flatMap(({ path, entry }) =>
    REFERENCES.filter(([field, kind]) => !findItem(taxonomy, kind, entry[field])).map(
      ([field, kind]) => ({
        path: [...path, field],
        code: 'unknown_reference',
        message: `No ${kind.replace('-', ' ')} ${entry[field]} in the taxonomy (import it first)`,
      }),
    ),
  );
  if (issues.length > 0) {
    throw new ApiError(
      422,
      'unknown_reference',
      'The binding names ids the taxonomy does not have.',
      { issues },
    );
  }
}

export async function saveDraftBinding(
  db: D1Database,
  state: MapState,
  serviceKey: string,
  body: BindingBody,
  actor: string,
) {
  const service = offeredService(state, serviceKey);
  const taxonomy = draftTaxonomy(state);
  const entry: TitanMapEntry = {
    serviceKey,
    jobTypeId: body.jobTypeId,
    businessUnitId: body.businessUnitId,
    campaignId: body.campaignId,
    priorityByUrgency:
      body.priorityByUrgency ?? priorityFor(service.urgencies, draftEntries(state).get(serviceKey)),
    active: body.active ?? true,
  };
  requireKnownReferences([{ path: [], entry }], taxonomy);
  await db.batch([
    upsertDraftStatement(db, state.slug, entry, actor),
    auditStatement(db, {
      actor,
      tenant: state.slug,
      action: 'titan_map.binding_drafted',
      subjectType: 'titan_map_service',
      subjectId: `${state.slug}/${serviceKey}`,
      detail: { binding: entry, published: state.entries.get(serviceKey) ?? null },
    }),
  ]);
  return { binding: entry, problems: bindingProblems(entry, taxonomy) };
}

export async function discardDraftBinding(
  db: D1Database,
  state: MapState,
  serviceKey: string,
  actor: string,
) {
  offeredService(state, serviceKey);
  if (!state.drafts.has(serviceKey)) {
    throw new ApiError(404, 'draft_not_found', `Service "${serviceKey}" has no draft binding.`);
  }
  await db.batch([
    deleteDraftsStatement(db, state.slug, [serviceKey]),
    auditStatement(db, {
      actor,
      tenant: state.slug,
      action: 'titan_map.binding_draft_discarded',
      subjectType: 'titan_map_service',
      subjectId: `${state.slug}/${serviceKey}`,
    }),
  ]);
}

/** Each offered service with its live binding, its draft binding and the draft's problems. */
export function bindingsOverview(state: MapState) {
  const taxonomy = draftTaxonomy(state);
  const drafts = draftEntries(state);
  return {
    tenant: state.slug,
    mapVersion: state.mapVersion,
    openBatches: state.openBatches.map((b) => ({ ...b, kind: importKindOf(b.kind) })),
    services: state.config.services.map((service) => ({
      service: service.key,
      label: service.label,
      published: state.entries.get(service.key) ?? null,
      draft: drafts.get(service.key) ?? null,
      edited: state.drafts.has(service.key),
      problems: bindingProblems(drafts.get(service.key), taxonomy),
    })),
  };
}
