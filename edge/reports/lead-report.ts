/**
 * @module
 * The contractor's lead report: leads by source, campaign or service over a date range, with spam,
 * test and duplicates (edge/leads/db/duplicates.ts) excluded from `leads` and counted on their
 * own. Booked, completed, invoiced and revenue merge two sources: outcomes a webhook event matched
 * to the lead (`lead_outcomes`, `lead_invoices`; invoiced and revenue count posted invoices only,
 * docs/console.md#reports) and rows of supplied ServiceTitan exports matched exactly or confirmed
 * by an operator (edge/outcomes/merged.ts says how they merge without double counting). Each row
 * says how many leads each source and confirmed probable matches account for. Events and export
 * rows that matched no lead, and probable matches not confirmed, are counted separately, never
 * attributed to a source. Outcomes are counted for real leads, duplicates included (a repeat
 * request can be the one that got booked); spam and test leads never count.
 */
import { NONE_FILTER } from '../../shared/admin.ts';
import type { ReportGroup } from '../../shared/ops.ts';
import { isDuplicateSql } from '../leads/db/duplicates.ts';
import { unmatchedByTypeStatement } from '../webhooks/db/events.ts';
import { EXPORT_OUTCOMES_BY_LEAD_SQL, exportOutsideCountsStatement } from '../outcomes/merged.ts';
import { POSTED_INVOICES_BY_LEAD_SQL } from '../webhooks/db/lead-invoices.ts';

const GROUP_COLUMN: Record<ReportGroup, string> = {
  source: 'utm_source',
  campaign: 'utm_campaign',
  service: 'service_key',
};

// ServiceTitan: a booking is "Converted" when a job was booked from it; a job id means the same.
// COALESCE: a lead without an outcome row compares NULL, which must count as "no", not vanish.
const HOOK_BOOKED = `COALESCE(o.job_id IS NOT NULL OR o.booking_status = 'Converted', 0)`;
const HOOK_COMPLETED = `COALESCE(o.job_status = 'Completed' OR o.job_completed_on IS NOT NULL, 0)`;
// Invoiced and revenue: posted invoices only (an `invoice-updated` alone is a draft), adjustments
// included, as defined in edge/webhooks/db/lead-invoices.ts.
const HOOK_INVOICED = `COALESCE(i.posted > 0, 0)`;
const BOOKED = `(${HOOK_BOOKED} OR COALESCE(x.booked, 0))`;
const COMPLETED = `(${HOOK_COMPLETED} OR COALESCE(x.completed, 0))`;
const INVOICED = `(${HOOK_INVOICED} OR COALESCE(x.invoices > 0, 0))`;
const FROM_HOOK = `(${HOOK_BOOKED} OR ${HOOK_COMPLETED} OR ${HOOK_INVOICED})`;
const FROM_EXPORT = `COALESCE(x.booked OR x.invoices > 0, 0)`;

export interface ReportCounts {
  leads: number;
  duplicates: number;
  spam: number;
  test: number;
  booked: number;
  completed: number;
  invoiced: number;
  /** Sum of the posted invoices' totals (adjustments included), in currency units, to the cent. */
  revenue: number;
  /** Leads with an outcome counted from each source (a lead can have both). */
  sources: { webhook: number; export: number };
  /** Leads counted through a probable export match an operator confirmed, not an exact one. */
  confirmedProbable: number;
}

export interface ReportRow extends ReportCounts {
  key: string;
}

export interface LeadReport {
  rows: ReportRow[];
  totals: ReportCounts;
  unmatched: { events: number; byType: Record<string, number> };
  /** Export rows of the period that count nowhere: waiting for review, rejected, unmatched. */
  exportRows: { probablePending: number; probableRejected: number; unmatched: number };
}

const COUNT_COLUMNS = [
  'leads',
  'duplicates',
  'spam',
  'test',
  'booked',
  'completed',
  'invoiced',
  'revenue',
  'confirmedProbable',
] as const satisfies readonly (keyof ReportCounts)[];

type FlatRow = Omit<ReportRow, 'sources'> & { from_webhook: number; from_export: number };

function zero(): ReportCounts {
  return {
    leads: 0,
    duplicates: 0,
    spam: 0,
    test: 0,
    booked: 0,
    completed: 0,
    invoiced: 0,
    revenue: 0,
    sources: { webhook: 0, export: 0 },
    confirmedProbable: 0,
  };
}

function rowOf({ from_webhook: webhook, from_export: exported, ...row }: FlatRow): ReportRow {
  return { ...row, sources: { webhook, export: exported } };
}

export async function leadReport(
  db: D1Database,
  scope: {
    tenant: string;
    start: string;
    end: string;
    /** The same period as local days, for export rows (dated by day). */
    from: string;
    to: string;
    groupBy: ReportGroup;
  },
): Promise<LeadReport> {
  const column = GROUP_COLUMN[scope.groupBy];
  const real = `s.classification = 'real'`;
  const [grouped, unmatched, outside] = await db.batch([
    db
      .prepare(
        `WITH scoped AS (
           SELECT l.id, l.classification, COALESCE(l.${column}, ?4) AS key,
                  ${isDuplicateSql('l')} AS dup
             FROM leads l WHERE l.tenant = ?1 AND l.received_at >= ?2 AND l.received_at < ?3)
         SELECT s.key,
                SUM(${real} AND NOT s.dup) AS leads,
                SUM(${real} AND s.dup) AS duplicates,
                SUM(s.classification = 'spam') AS spam,
                SUM(s.classification = 'test') AS test,
                SUM(${real} AND ${BOOKED}) AS booked,
                SUM(${real} AND ${COMPLETED}) AS completed,
                SUM(${real} AND ${INVOICED}) AS invoiced,
                COALESCE(SUM(CASE WHEN ${real}
                                  THEN COALESCE(i.revenue_cents, 0) + COALESCE(x.revenue_cents, 0)
                             END), 0) / 100.0 AS revenue,
                SUM(${real} AND ${FROM_HOOK}) AS from_webhook,
                SUM(${real} AND ${FROM_EXPORT}) AS from_export,
                SUM(${real} AND COALESCE(x.confirmed_probable, 0)) AS confirmedProbable
           FROM scoped s LEFT JOIN lead_outcomes o ON o.lead_id = s.id
                LEFT JOIN (${POSTED_INVOICES_BY_LEAD_SQL}) i ON i.lead_id = s.id
                LEFT JOIN (${EXPORT_OUTCOMES_BY_LEAD_SQL}) x ON x.lead_id = s.id
          GROUP BY s.key ORDER BY leads DESC, s.key`,
      )
      .bind(scope.tenant, scope.start, scope.end, NONE_FILTER),
    unmatchedByTypeStatement(db, scope.tenant, scope.start, scope.end),
    exportOutsideCountsStatement(db, scope.tenant, scope.from, scope.to),
  ]);
  const rows = ((grouped?.results ?? []) as unknown as FlatRow[]).map(rowOf);
  const totals = zero();
  for (const row of rows) {
    for (const name of COUNT_COLUMNS) totals[name] += row[name] ?? 0;
    totals.sources.webhook += row.sources.webhook;
    totals.sources.export += row.sources.export;
  }
  totals.revenue = Math.round(totals.revenue * 100) / 100;
  const byType: Record<string, number> = {};
  for (const row of (unmatched?.results ?? []) as { type: string; events: number }[]) {
    byType[row.type] = row.events;
  }
  const events = Object.values(byType).reduce((sum, n) => sum + n, 0);
  const exported = (outside?.results?.[0] ?? {}) as Record<string, number>;
  return {
    rows,
    totals,
    unmatched: { events, byType },
    exportRows: {
      probablePending: exported.probable_pending ?? 0,
      probableRejected: exported.probable_rejected ?? 0,
      unmatched: exported.unmatched ?? 0,
    },
  };
}
