/**
 * @module
 * An operator confirms or rejects an import's probable matches. Only probable rows of that batch
 * can be reviewed; the decisions and the audit entry are written in one D1 batch. Confirming a
 * job also gives its lead the invoices of that job imported while it was unconfirmed.
 */
import type { OutcomeReviewBody } from '../../shared/outcomes.ts';
import { auditStatement } from '../audit/db/audit-log.ts';
import { ApiError } from '../http/errors.ts';
import { getImport, invoicesFollowJobStatement, outcomesOfImport, reviewStatement } from './db.ts';
import { importToJson } from './import.ts';

export async function reviewImport(
  db: D1Database,
  scope: { tenant: string; batchId: string; actor: string },
  body: OutcomeReviewBody,
) {
  const batch = await getImport(db, scope.tenant, scope.batchId);
  if (!batch) throw new ApiError(404, 'import_not_found', `No outcome import "${scope.batchId}".`);
  const probable = new Set(
    (await outcomesOfImport(db, scope.tenant, batch.id))
      .filter((row) => row.quality === 'probable')
      .map((row) => row.record_id),
  );
  const issues = body.decisions.flatMap((d, i) =>
    probable.has(d.recordId)
      ? []
      : [
          {
            path: ['decisions', i, 'recordId'],
            code: 'not_probable',
            message: `${d.recordId} is not a probable match of this import`,
          },
        ],
  );
  if (issues.length > 0) {
    throw new ApiError(
      422,
      'not_probable',
      'Only probable matches of this import can be reviewed.',
      {
        issues,
      },
    );
  }
  const now = new Date().toISOString();
  await db.batch([
    ...body.decisions.map((d) =>
      reviewStatement(
        db,
        { ...scope, now },
        d.recordId,
        d.decision === 'confirm' ? 'confirmed' : 'rejected',
      ),
    ),
    ...(batch.kind === 'jobs'
      ? body.decisions
          .filter((d) => d.decision === 'confirm')
          .map((d) => invoicesFollowJobStatement(db, { ...scope, now }, d.recordId))
      : []),
    auditStatement(db, {
      actor: scope.actor,
      tenant: scope.tenant,
      action: 'outcomes.review',
      subjectType: 'outcome_import',
      subjectId: batch.id,
      detail: { decisions: body.decisions, ...(body.note && { note: body.note }) },
    }),
  ]);
  return importToJson(db, batch);
}
