/**
 * @module
 * Applies a Turnstile verdict to a stored lead, after the response: a failed challenge turns a
 * lead still classified by intake (`real` or `test`) into spam with `turnstile_failed` and skips
 * its unsent handoff job, in one batch; an unverified one adds the `turnstile_unverified` review
 * reason. A pass changes nothing. Best effort, like the form-token reuse check.
 */
import { skipUnsentJobsStatement } from '../../handoff/db/jobs.ts';
import type { TurnstileVerdict } from '../turnstile.ts';

const STILL_AS_STORED = `SELECT id FROM leads WHERE id = ?1 AND classification IN ('real', 'test')`;

export async function applyTurnstileVerdict(
  db: D1Database,
  leadId: string,
  verdict: TurnstileVerdict,
): Promise<void> {
  if (verdict.kind === 'pass') return;
  try {
    if (verdict.kind === 'fail') {
      await db.batch([
        skipUnsentJobsStatement(
          db,
          { sql: STILL_AS_STORED, params: [leadId] },
          'spam',
          new Date().toISOString(),
        ),
        db
          .prepare(
            `UPDATE leads SET classification = 'spam',
                    spam_reasons = json_insert(spam_reasons, '$[#]', 'turnstile_failed')
              WHERE id IN (${STILL_AS_STORED})`,
          )
          .bind(leadId),
      ]);
      return;
    }
    await db
      .prepare(
        `UPDATE leads SET status = 'needs_review',
                review_reasons = json_insert(review_reasons, '$[#]', 'turnstile_unverified')
          WHERE id = ?1 AND NOT (review_reasons LIKE '%"turnstile_unverified"%')`,
      )
      .bind(leadId)
      .run();
  } catch (err) {
    console.error('turnstile verdict not applied', leadId, (err as Error).message);
  }
}
