/**
 * @module
 * The `form_token_reused` check, in the lead's own insert batch (after its insert, so the count
 * includes it; no extra round trip, decision 0089): a form token is one visitor's form, so a nonce
 * seen on more than `MAX_SUBMISSIONS_PER_FORM_TOKEN` distinct submissions is a bot replaying it.
 * Every lead carrying it then becomes spam and its unsent handoff job is skipped, in the same
 * transaction (so a job is skipped only with its lead).
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

/** The statements to append to the lead's batch; none for a lead without a valid token. */
export function formTokenReuseStatements(
  db: D1Database,
  lead: Pick<LeadRecord, 'tenant' | 'formTokenNonce'>,
  now: string,
): D1PreparedStatement[] {
  if (!lead.formTokenNonce) return [];
  const params = [lead.tenant, lead.formTokenNonce, MAX_SUBMISSIONS_PER_FORM_TOKEN];
  return [
    skipUnsentJobsStatement(db, { sql: REUSED, params }, 'spam', now),
    db
      .prepare(
        `UPDATE leads SET classification = 'spam',
                spam_reasons = json_insert(spam_reasons, '$[#]', 'form_token_reused')
          WHERE id IN (${REUSED})`,
      )
      .bind(...params),
  ];
}
