/**
 * @module
 * The `form_token_reused` check, run after the response (waitUntil): a form token is one visitor's
 * form, so a nonce seen on more than `MAX_SUBMISSIONS_PER_FORM_TOKEN` distinct submissions is a
 * bot replaying it. Every lead carrying it then becomes spam and its unsent handoff job is skipped,
 * in one batch (one transaction, so a job is skipped only with its lead).
 */
import type { LeadRecord } from '../../../shared/lead-record.ts';
import { skipUnsentJobsStatement } from '../../handoff/db/jobs.ts';

/** A visitor may retry, fix a typo and resubmit, or send a second request from the same form. */
export const MAX_SUBMISSIONS_PER_FORM_TOKEN = 5;

const REUSED = `
  SELECT id FROM leads
   WHERE tenant = ?1 AND form_token_nonce = ?2 AND NOT (spam_reasons LIKE '%"form_token_reused"%')
     AND (SELECT count(DISTINCT submission_id) FROM leads
           WHERE tenant = ?1 AND form_token_nonce = ?2) > ?3`;

export async function checkFormTokenReuse(
  db: D1Database,
  lead: Pick<LeadRecord, 'tenant' | 'formTokenNonce'>,
): Promise<void> {
  const params = [lead.tenant, lead.formTokenNonce, MAX_SUBMISSIONS_PER_FORM_TOKEN];
  const now = new Date().toISOString();
  try {
    await db.batch([
      skipUnsentJobsStatement(db, { sql: REUSED, params }, 'spam', now),
      db
        .prepare(
          `UPDATE leads SET classification = 'spam',
                  spam_reasons = json_insert(spam_reasons, '$[#]', 'form_token_reused')
            WHERE id IN (${REUSED})`,
        )
        .bind(...params),
    ]);
  } catch (err) {
    // Best effort after the response: the next lead with this token runs the check again.
    console.error('form token reuse check failed', (err as Error).message);
  }
}
