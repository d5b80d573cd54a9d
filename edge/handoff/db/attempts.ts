/**
 * @module
 * The attempt log of sync jobs: every draft build, lookup and send, with its outcome.
 */
import { JOBS_OF_LEADS_SQL } from './jobs.ts';

export interface NewAttempt {
  jobId: string;
  at: string;
  kind: 'draft' | 'lookup' | 'send';
  outcome: string;
  httpStatus?: number | null;
  error?: string | null;
  durationMs?: number | null;
  detail?: Record<string, unknown>;
}

export function insertAttemptStatement(db: D1Database, attempt: NewAttempt): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO sync_attempts (job_id, at, kind, outcome, http_status, error, duration_ms, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .bind(
      attempt.jobId,
      attempt.at,
      attempt.kind,
      attempt.outcome,
      attempt.httpStatus ?? null,
      attempt.error ?? null,
      attempt.durationMs ?? null,
      JSON.stringify(attempt.detail ?? {}),
    );
}

interface AttemptRow {
  id: number;
  at: string;
  kind: string;
  outcome: string;
  http_status: number | null;
  error: string | null;
  duration_ms: number | null;
  detail: string;
}

export async function listAttempts(db: D1Database, jobId: string) {
  const { results } = await db
    .prepare('SELECT * FROM sync_attempts WHERE job_id = ? ORDER BY id')
    .bind(jobId)
    .all<AttemptRow>();
  return results.map((r) => ({
    at: r.at,
    kind: r.kind,
    outcome: r.outcome,
    httpStatus: r.http_status,
    error: r.error,
    durationMs: r.duration_ms,
    detail: JSON.parse(r.detail) as Record<string, unknown>,
  }));
}

/**
 * Erasure: the error text of the leads' send attempts is replaced. The status stays in
 * http_status; the text is what a ServiceTitan error title made of it.
 */
export function redactAttemptsOfLeadsStatement(
  db: D1Database,
  tenant: string,
  leadIds: string,
  erased: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE sync_attempts SET error = ?3
        WHERE job_id IN (${JOBS_OF_LEADS_SQL}) AND error IS NOT NULL AND error != ?3`,
    )
    .bind(tenant, leadIds, erased);
}
