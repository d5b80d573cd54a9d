/**
 * @module
 * Window capacity: a window with `capacity` set takes that many real requests a day. The widget
 * stops offering a full window (the config lists them); a request that still arrives for one is
 * stored and flagged `window_full`, never refused. The check rides in the lead's insert batch, so
 * intake stays at one D1 round trip and the 202 already says `needs_review`.
 */
import type { TimeWindow } from '../../shared/lead.ts';
import type { LeadRecord } from '../../shared/lead-record.ts';
import type { TenantContext } from '../tenants/context.ts';

export const WINDOW_FULL = 'window_full';

function capacityOf(context: Pick<TenantContext, 'config'>, window: string | null) {
  return context.config.windows.find((w) => w.key === window)?.capacity;
}

/**
 * Flags the lead just inserted (same id and receive time: a duplicate leaves the first row alone)
 * when, without it, its window already held `capacity` real requests that day. Null when the lead
 * has no window with a capacity, or is not a real request.
 */
export function windowFullStatement(
  db: D1Database,
  lead: LeadRecord,
  context: Pick<TenantContext, 'config'>,
): D1PreparedStatement | null {
  const capacity = capacityOf(context, lead.preferredWindow);
  if (capacity === undefined || lead.classification !== 'real' || !lead.preferredDate) return null;
  return db
    .prepare(
      `UPDATE leads SET status = 'needs_review',
              review_reasons = json_insert(review_reasons, '$[#]', '${WINDOW_FULL}')
        WHERE id = ?1 AND received_at = ?2
          AND (SELECT count(*) FROM leads o
                WHERE o.tenant = ?3 AND o.preferred_date = ?4 AND o.preferred_window = ?5
                  AND o.classification = 'real' AND o.id <> ?1) >= ?6`,
    )
    .bind(
      lead.id,
      lead.receivedAt,
      lead.tenant,
      lead.preferredDate,
      lead.preferredWindow,
      capacity,
    );
}

export interface FullWindow {
  date: string;
  window: TimeWindow;
}

/** The (day, window) pairs from `fromDate` on that hold their capacity: what the widget hides. */
export async function fullWindows(
  db: D1Database,
  context: Pick<TenantContext, 'slug' | 'config'>,
  fromDate: string,
): Promise<FullWindow[]> {
  const limited = context.config.windows.filter((w) => w.capacity !== undefined);
  if (limited.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT preferred_date AS date, preferred_window AS window, count(*) AS taken FROM leads
        WHERE tenant = ? AND preferred_date >= ? AND classification = 'real'
          AND preferred_window IN (SELECT value FROM json_each(?))
        GROUP BY preferred_date, preferred_window ORDER BY preferred_date, preferred_window`,
    )
    .bind(context.slug, fromDate, JSON.stringify(limited.map((w) => w.key)))
    .all<{ date: string; window: TimeWindow; taken: number }>();
  return results
    .filter((row) => row.taken >= (capacityOf(context, row.window) ?? Infinity))
    .map(({ date, window }) => ({ date, window }));
}
