/**
 * @module
 * Reviewing a batch's candidates: accept or reject listed ones (a decision can be changed until
 * the batch is published), or every pending one at once. Only batches still in review can be
 * decided on; the decision and who made it go to the audit log.
 */
import type { ReviewBody } from '../../shared/titan-map.ts';
import { auditStatement } from '../audit/db/audit-log.ts';
import { ApiError } from '../http/errors.ts';
import { getBatch } from './db/batches.ts';
import {
  countPendingStatement,
  decideCandidatesStatement,
  missingCandidateIds,
} from './db/candidates.ts';

export async function reviewCandidates(
  db: D1Database,
  tenant: string,
  batchId: string,
  body: ReviewBody,
  actor: string,
) {
  const batch = await getBatch(db, tenant, batchId);
  if (!batch)
    throw new ApiError(
      404,
      'batch_not_found',
      `No import batch "${batchId}" for tenant "${tenant}".`,
    );
  if (batch.status !== 'review') {
    throw new ApiError(
      409,
      'batch_not_in_review',
      `Batch ${batchId} is ${batch.status}; only batches in review can be decided on.`,
    );
  }
  const ids = body.ids ?? null;
  if (ids) {
    const missing = await missingCandidateIds(db, batchId, ids);
    if (missing.length > 0) {
      throw new ApiError(
        422,
        'unknown_candidate',
        `Batch ${batchId} has no candidate with id ${missing.join(', ')}.`,
        {
          issues: missing.map((id) => ({
            path: ['ids'],
            code: 'unknown_candidate',
            message: `No candidate ${id}`,
          })),
        },
      );
    }
  }
  const state = body.decision === 'accept' ? 'accepted' : 'rejected';
  const [update, , pending] = await db.batch([
    decideCandidatesStatement(db, batchId, ids, state, actor),
    auditStatement(db, {
      actor,
      tenant,
      action: `titan_map.candidates_${state}`,
      subjectType: 'titan_import_batch',
      subjectId: batchId,
      detail: ids ? { ids } : { all: 'pending' },
    }),
    countPendingStatement(db, batchId),
  ]);
  return {
    batchId,
    decision: state,
    updated: update?.meta.changes ?? 0,
    pending: (pending?.results[0] as { pending: number } | undefined)?.pending ?? 0,
  };
}
