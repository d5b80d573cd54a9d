/**
 * @module
 * A reviewer closing a drift finding: resolved (with a note saying what was done) or dismissed.
 * Findings never close by themselves; each decision goes to the audit log.
 */
import { ApiError } from '../http/errors.ts';
import {
  auditCloseStatement,
  closeFindingStatement,
  findingStatement,
  findingToJson,
  getFinding,
  type FindingRow,
} from './db/findings.ts';

export async function closeFinding(
  db: D1Database,
  id: string,
  state: 'resolved' | 'dismissed',
  note: string | null,
  actor: string,
  assertAccess: (tenant: string) => void,
) {
  const finding = await getFinding(db, id);
  if (!finding) throw new ApiError(404, 'finding_not_found', `No drift finding "${id}".`);
  assertAccess(finding.tenant);
  const action = state === 'resolved' ? 'drift_finding.resolved' : 'drift_finding.dismissed';
  const detail = {
    note,
    kind: finding.kind,
    affectedService: finding.affected_service,
    affectedZip: finding.affected_zip,
  };
  const [, update, reread] =
    finding.review_state === 'open'
      ? await db.batch([
          auditCloseStatement(db, finding, action, actor, detail),
          closeFindingStatement(db, id, state, actor, note),
          findingStatement(db, id),
        ])
      : [];
  if (update?.meta.changes !== 1) {
    throw new ApiError(
      409,
      'finding_not_open',
      `Drift finding ${id} is already ${finding.review_state === 'open' ? 'closed' : finding.review_state}.`,
    );
  }
  return findingToJson(reread?.results[0] as FindingRow);
}
