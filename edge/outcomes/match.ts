/**
 * @module
 * Which lead an export row belongs to, and how sure that is (docs/proof.md#match-quality):
 * `exact` when the row carries the booking externalId we gave ServiceTitan (`ptj-<leadId>`), or
 * its job (or booking) was already linked to a lead by a signed webhook, or — for an invoice —
 * its job was matched exactly or confirmed in an earlier export; `probable` when a real lead with
 * the same phone (E.164) or email arrived at most 14 days before the job or invoice was created;
 * `none` otherwise. Nothing is guessed silently: a probable match counts only once confirmed.
 */
import type { MatchQuality, OutcomeImportKind } from '../../shared/outcomes.ts';
import { leadIdFromExternalId } from '../handoff/external-id.ts';
import { zonedTimeToUtc } from '../../shared/local-time.ts';
import { existingLeadIdsStatement, realLeadsByContactStatement } from '../leads/db/leads.ts';
import { leadsByLinkStatement } from '../webhooks/db/lead-outcomes.ts';
import { exportJobLeadsStatement } from './db.ts';
import type { ExportRow } from './rows.ts';

/** How long after a lead a job may be created and still be a probable match for it. */
export const PROBABLE_WINDOW_DAYS = 14;

export interface RowMatch {
  leadId: string | null;
  quality: MatchQuality;
  /** Why: `external_id`, `webhook_job`, `webhook_booking`, `export_job`, `phone`, `email`. */
  reason: string | null;
}

interface Candidate {
  id: string;
  contact_phone: string | null;
  contact_email: string | null;
  received_at: string;
}

const unique = <T>(values: (T | null)[]) => [...new Set(values.filter((v): v is T => v !== null))];

/** Everything the rows could be matched against, read in one D1 batch. */
async function lookups(db: D1Database, tenant: string, kind: OutcomeImportKind, rows: ExportRow[]) {
  const external = unique(
    rows.map((r) => (r.externalId ? leadIdFromExternalId(r.externalId) : null)),
  );
  const jobs = unique(rows.map((r) => r.jobId));
  const bookings = unique(rows.map((r) => r.bookingId));
  const phones = unique(rows.map((r) => r.phone));
  const emails = unique(rows.map((r) => r.email));
  // Each list goes as one JSON parameter (json_each), so no list meets D1's parameter limit.
  const statements: { key: string; statement: D1PreparedStatement }[] = [];
  const add = (key: string, values: unknown[], statement: () => D1PreparedStatement) => {
    if (values.length > 0) statements.push({ key, statement: statement() });
  };
  add('lead', external, () => existingLeadIdsStatement(db, tenant, external));
  add('job', jobs, () => leadsByLinkStatement(db, tenant, 'job_id', jobs));
  add('booking', bookings, () => leadsByLinkStatement(db, tenant, 'booking_id', bookings));
  if (kind === 'invoices') add('exportJob', jobs, () => exportJobLeadsStatement(db, tenant, jobs));
  add('contact', phones, () => realLeadsByContactStatement(db, tenant, 'phone', phones));
  add('contact', emails, () => realLeadsByContactStatement(db, tenant, 'email', emails));
  const results = statements.length > 0 ? await db.batch(statements.map((s) => s.statement)) : [];
  const rowsOf = <T>(key: string) =>
    statements.flatMap((s, i) => (s.key === key ? ((results[i]?.results ?? []) as T[]) : []));
  return {
    leads: new Set(rowsOf<{ id: string }>('lead').map((r) => r.id)),
    byJob: new Map(
      rowsOf<{ lead_id: string; job_id: number }>('job').map((r) => [r.job_id, r.lead_id]),
    ),
    byBooking: new Map(
      rowsOf<{ lead_id: string; booking_id: number }>('booking').map((r) => [
        r.booking_id,
        r.lead_id,
      ]),
    ),
    byExportJob: new Map(
      rowsOf<{ lead_id: string; job_id: number }>('exportJob').map((r) => [r.job_id, r.lead_id]),
    ),
    candidates: rowsOf<Candidate>('contact'),
  };
}

type Lookups = Awaited<ReturnType<typeof lookups>>;

/** The newest real lead with the row's phone or email received in the window before it. */
function probable(row: ExportRow, found: Lookups, timeZone: string): RowMatch | null {
  const dayStart = zonedTimeToUtc(row.createdOn, '00:00', timeZone)?.getTime();
  if (dayStart === undefined) return null;
  const dayEnd = dayStart + 86_400_000;
  const windowMs = PROBABLE_WINDOW_DAYS * 86_400_000;
  const hits = found.candidates
    .map((lead) => ({
      lead,
      reason:
        row.phone !== null && lead.contact_phone === row.phone
          ? 'phone'
          : row.email !== null && lead.contact_email === row.email
            ? 'email'
            : null,
      at: Date.parse(lead.received_at),
    }))
    .filter((hit) => hit.reason !== null && hit.at < dayEnd && dayStart <= hit.at + windowMs)
    .sort((a, b) => b.at - a.at || (a.lead.id < b.lead.id ? -1 : 1));
  const best = hits[0];
  return best ? { leadId: best.lead.id, quality: 'probable', reason: best.reason } : null;
}

function matchRow(row: ExportRow, found: Lookups, timeZone: string): RowMatch {
  const external = row.externalId ? leadIdFromExternalId(row.externalId) : null;
  if (external && found.leads.has(external)) {
    return { leadId: external, quality: 'exact', reason: 'external_id' };
  }
  const linked: [string | undefined, string][] = [
    [row.jobId === null ? undefined : found.byJob.get(row.jobId), 'webhook_job'],
    [row.bookingId === null ? undefined : found.byBooking.get(row.bookingId), 'webhook_booking'],
    [row.jobId === null ? undefined : found.byExportJob.get(row.jobId), 'export_job'],
  ];
  for (const [leadId, reason] of linked) {
    if (leadId) return { leadId, quality: 'exact', reason };
  }
  return probable(row, found, timeZone) ?? { leadId: null, quality: 'none', reason: null };
}

export async function matchRows(
  db: D1Database,
  scope: { tenant: string; kind: OutcomeImportKind; timeZone: string },
  rows: ExportRow[],
): Promise<RowMatch[]> {
  const found = await lookups(db, scope.tenant, scope.kind, rows);
  return rows.map((row) => matchRow(row, found, scope.timeZone));
}
