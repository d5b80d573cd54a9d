/**
 * @module
 * Publishing the reviewed draft as a new map version, in one D1 batch: accepted candidates become
 * the published taxonomy (snapshotted per version), the published entries plus the draft bindings
 * become the new version's entries, and the tenant points at it (config version bumped, so the
 * widget config's ETag changes). Old versions keep their entries and snapshots and stay readable.
 * Refused while any candidate of an open batch awaits review.
 */
import { auditStatement } from '../audit/db/audit-log.ts';
import type { TitanMapEntry } from './db/entries.ts';
import { ApiError } from '../http/errors.ts';
import { invalidateTenantContext } from '../tenants/context.ts';
import { requireKnownReferences } from './bindings.ts';
import { computeCoverage } from './coverage.ts';
import { pointTenantStatement } from '../tenants/db/tenants.ts';
import { markPublishedStatement } from './db/batches.ts';
import { applyAcceptedStatement } from './db/candidates.ts';
import { deleteDraftsStatement } from './db/drafts.ts';
import {
  copyEntriesStatement,
  insertEntryStatement,
  insertVersionStatement,
  listVersions,
  snapshotTaxonomyStatement,
} from './db/versions.ts';
import { draftEntries, draftTaxonomy, requireMapState, type MapState } from './state.ts';
import { nextVersionName } from './version-name.ts';

function requireReviewed(state: MapState): void {
  const waiting = state.openBatches.filter((batch) => batch.pending > 0);
  if (waiting.length === 0) return;
  throw new ApiError(409, 'review_incomplete', 'Some imported candidates still await review.', {
    issues: waiting.map((batch) => ({
      path: ['batches', batch.id],
      code: 'pending_candidates',
      message: `${batch.pending} candidate(s) of "${batch.fileName}" await accept or reject`,
    })),
  });
}

/** Same ids, active flag and priorities (in any key order). */
function sameBinding(a: TitanMapEntry | undefined, b: TitanMapEntry): boolean {
  const priorities = (e: TitanMapEntry) =>
    JSON.stringify(Object.entries(e.priorityByUrgency).sort());
  return (
    a !== undefined &&
    a.jobTypeId === b.jobTypeId &&
    a.businessUnitId === b.businessUnitId &&
    a.campaignId === b.campaignId &&
    a.active === b.active &&
    priorities(a) === priorities(b)
  );
}

function isConflict(error: unknown): boolean {
  return error instanceof Error && /UNIQUE constraint failed|PRIMARY KEY/i.test(error.message);
}

export async function publishDraft(
  db: D1Database,
  slug: string,
  options: { note: string | null; actor: string },
) {
  const state = await requireMapState(db, slug);
  requireReviewed(state);
  const drafts: TitanMapEntry[] = [...state.drafts.values()].map(
    ({ updatedBy: _by, updatedAt: _at, ...entry }) => entry,
  );
  const batchIds = state.openBatches.map((batch) => batch.id);
  if (batchIds.length === 0 && drafts.length === 0) {
    throw new ApiError(
      409,
      'nothing_to_publish',
      'There are no reviewed imports or draft bindings to publish.',
    );
  }
  // With nothing pending, the draft taxonomy is exactly what this publish makes live.
  const taxonomy = draftTaxonomy(state);
  requireKnownReferences(
    drafts.map((entry) => ({ path: ['bindings', entry.serviceKey], entry })),
    taxonomy,
  );
  const coverage = computeCoverage({
    services: state.config.services,
    entries: draftEntries(state),
    taxonomy,
    serviceAreaZips: state.config.serviceAreaZips,
  });
  const version = nextVersionName(
    (await listVersions(db, slug)).map((v) => v.version),
    new Date(),
  );
  const previous = state.mapVersion;
  const draftKeys = drafts.map((entry) => entry.serviceKey);
  const servicesChanged = drafts
    .filter((entry) => !sameBinding(state.entries.get(entry.serviceKey), entry))
    .map((e) => e.serviceKey);

  const statements = [
    insertVersionStatement(db, {
      tenant: slug,
      version,
      previousVersion: previous,
      publishedBy: options.actor,
      note: options.note,
      batchIds,
      servicesChanged,
      coverage: { offered: coverage.offered, covered: coverage.covered, score: coverage.score },
    }),
    // The taxonomy as the previous version had it, in case that version predates snapshots.
    ...(previous ? [snapshotTaxonomyStatement(db, slug, previous)] : []),
    ...(batchIds.length > 0
      ? [applyAcceptedStatement(db, batchIds), markPublishedStatement(db, batchIds, version)]
      : []),
    snapshotTaxonomyStatement(db, slug, version),
    ...(previous ? [copyEntriesStatement(db, slug, previous, version, draftKeys)] : []),
    ...drafts.map((entry) => insertEntryStatement(db, slug, version, entry)),
    ...(draftKeys.length > 0 ? [deleteDraftsStatement(db, slug, draftKeys)] : []),
    pointTenantStatement(db, slug, version),
    auditStatement(db, {
      actor: options.actor,
      tenant: slug,
      action: 'titan_map.published',
      subjectType: 'titan_map_version',
      subjectId: `${slug}/${version}`,
      detail: { previousVersion: previous, batchIds, servicesChanged, score: coverage.score },
    }),
  ];
  try {
    await db.batch(statements);
  } catch (error) {
    if (!isConflict(error)) throw error;
    throw new ApiError(
      409,
      'publish_conflict',
      'Another publish of this tenant got there first; review and try again.',
    );
  }
  // This isolate serves the new version at once; others pick it up within the context cache TTL.
  invalidateTenantContext(slug);
  return { tenant: slug, version, previousVersion: previous, batchIds, servicesChanged, coverage };
}
