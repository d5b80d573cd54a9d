/**
 * @module
 * The leads CSV export (`GET /v1/admin/reports/leads.csv`): the leads list's filters, newest
 * first, at most `EXPORT_MAX_ROWS` rows. The body is a stream that reads one keyset page of
 * `EXPORT_PAGE` rows (without `raw`) at a time, so a Worker holds one page, never the export.
 * Every cell goes through edge/lib/csv.ts, which defuses spreadsheet formulas.
 */
import { csvLine } from '../lib/csv.ts';
import {
  leadsBeyondStatement,
  leadSummaryToJson,
  listLeads,
  listLeadsStatement,
  type LeadListFilter,
  type LeadRow,
} from '../leads/db/leads.ts';
import type { AdminLeadSummary } from '../../shared/lead-record.ts';

/** Rows per D1 read and the most one export returns (narrow the filters for more). */
export const EXPORT_PAGE = 500;
export const EXPORT_MAX_ROWS = 20_000;

/** CSV columns, in order: header → value from the lead as the admin API shows it. */
const CSV_COLUMNS: [string, (lead: AdminLeadSummary) => unknown][] = [
  ['lead_id', (l) => l.id],
  ['received_at', (l) => l.receivedAt],
  ['tenant', (l) => l.tenant],
  ['status', (l) => l.status],
  ['classification', (l) => l.classification],
  ['review_reasons', (l) => l.reviewReasons.join(' ')],
  ['service', (l) => l.serviceKey],
  ['urgency', (l) => l.urgency],
  ['preferred_date', (l) => l.preferredDate],
  ['preferred_window', (l) => l.preferredWindow],
  ['name', (l) => l.contactName],
  ['phone', (l) => l.contactPhone],
  ['phone_ext', (l) => l.contactPhoneExt],
  ['email', (l) => l.contactEmail],
  ['sms_opt_in', (l) => l.smsOptIn],
  ['street', (l) => l.addressStreet],
  ['unit', (l) => l.addressUnit],
  ['city', (l) => l.addressCity],
  ['state', (l) => l.addressState],
  ['zip', (l) => l.addressZip],
  ['utm_source', (l) => l.utmSource],
  ['utm_medium', (l) => l.utmMedium],
  ['utm_campaign', (l) => l.utmCampaign],
  ['landing_page', (l) => l.source?.landingPage],
  ['referrer', (l) => l.source?.referrer],
  ['origin', (l) => l.origin],
  ['erased_at', (l) => l.erasedAt],
];

function csvOf(rows: LeadRow[]): string {
  return rows
    .map((row) => {
      const lead = leadSummaryToJson(row);
      return csvLine(CSV_COLUMNS.map(([, value]) => value(lead)));
    })
    .join('');
}

export interface LeadExport {
  body: ReadableStream<Uint8Array>;
  /** More than `EXPORT_MAX_ROWS` leads matched: the export holds the newest of them. */
  truncated: boolean;
}

/**
 * Reads the first page and probes past the cap in one round trip before anything is sent, so a
 * failing read still gets an error status and the headers can say whether the export is whole;
 * the other pages are read as the client takes the body.
 */
export async function exportLeads(
  db: D1Database,
  filter: Omit<LeadListFilter, 'limit' | 'before'>,
): Promise<LeadExport> {
  const [first, beyond] = await db.batch<LeadRow>([
    listLeadsStatement(db, { ...filter, limit: EXPORT_PAGE }),
    leadsBeyondStatement(db, filter, EXPORT_MAX_ROWS),
  ]);
  let page = first?.results ?? [];
  let written = 0;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvLine(CSV_COLUMNS.map(([header]) => header))));
    },
    async pull(controller) {
      const rows = page.slice(0, EXPORT_MAX_ROWS - written);
      written += rows.length;
      if (rows.length > 0) controller.enqueue(encoder.encode(csvOf(rows)));
      const last = page.at(-1);
      if (page.length < EXPORT_PAGE || written >= EXPORT_MAX_ROWS || !last) {
        controller.close();
        return;
      }
      try {
        const before = { receivedAt: last.received_at, id: last.id };
        page = await listLeads(db, { ...filter, before, limit: EXPORT_PAGE });
      } catch (err) {
        // The status is already sent: a cut-off body is how the client learns of it.
        console.error('lead export failed mid-stream', (err as Error).message);
        controller.error(err);
      }
    },
  });
  return { body, truncated: (beyond?.results.length ?? 0) > 0 };
}
