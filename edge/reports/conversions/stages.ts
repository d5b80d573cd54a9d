/**
 * @module
 * Which funnel stage each lead of a period reached, when, and for how much — the same merged
 * outcomes the lead report counts (edge/reports/lead-report.ts, edge/outcomes/merged.ts), so a
 * conversion file never claims a stage the report does not. A webhook gives the stage its event
 * time; an export only gives the local day, which stands for noon that day.
 */
import type { ConversionStage, MatchQuality } from '../../../shared/outcomes.ts';
import { ClickIdsSchema } from '../../../shared/lead.ts';
import { zonedTimeToUtc } from '../../../shared/local-time.ts';
import { isDuplicateSql } from '../../leads/db/duplicates.ts';
import { EXPORT_OUTCOMES_BY_LEAD_SQL } from '../../outcomes/merged.ts';
import { POSTED_INVOICES_BY_LEAD_SQL } from '../../webhooks/db/lead-invoices.ts';

export interface LeadStages {
  leadId: string;
  classification: 'real' | 'spam' | 'test';
  /** A repeat request (edge/leads/db/duplicates.ts): not a lead of its own in the counts. */
  duplicate: boolean;
  receivedAt: string;
  source: string | null;
  campaign: string | null;
  email: string | null;
  phone: string | null;
  clickIds: { gclid?: string; gbraid?: string; wbraid?: string; msclkid?: string };
  /** When each reached stage was reached (UTC ISO), absent when not reached. */
  reached: Partial<Record<ConversionStage, string>>;
  /** Posted invoice totals (webhook and export, merged), in cents. */
  revenueCents: number;
  /** Where the outcomes came from, and whether a confirmed probable match is among them. */
  sources: ('webhook' | 'export')[];
  quality: Exclude<MatchQuality, 'none'> | null;
}

interface Row {
  id: string;
  classification: LeadStages['classification'];
  dup: number;
  received_at: string;
  utm_source: string | null;
  utm_campaign: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  source: string;
  job_id: number | null;
  booking_status: string | null;
  job_status: string | null;
  job_completed_on: string | null;
  booking_at: string | null;
  job_at: string | null;
  posted: number | null;
  revenue_cents: number | null;
  first_posted_at: string | null;
  x_booked: number | null;
  x_completed: number | null;
  x_invoices: number | null;
  x_revenue_cents: number | null;
  confirmed_probable: number | null;
  booked_on: string | null;
  completed_on: string | null;
  invoiced_on: string | null;
}

function clickIdsOf(source: string): LeadStages['clickIds'] {
  try {
    const parsed = ClickIdsSchema.safeParse(
      (JSON.parse(source) as { clickIds?: unknown }).clickIds ?? {},
    );
    if (!parsed.success) return {};
    const { gclid, gbraid, wbraid, msclkid } = parsed.data;
    return {
      ...(gclid && { gclid }),
      ...(gbraid && { gbraid }),
      ...(wbraid && { wbraid }),
      ...(msclkid && { msclkid }),
    };
  } catch {
    return {};
  }
}

const noon = (day: string | null, timeZone: string) =>
  day ? (zonedTimeToUtc(day, '12:00', timeZone)?.toISOString() ?? null) : null;

/** The earliest of the known times, never before the lead itself. */
function first(receivedAt: string, ...times: (string | null)[]): string | undefined {
  const known = times.filter((t): t is string => t !== null && !Number.isNaN(Date.parse(t)));
  if (known.length === 0) return undefined;
  const at = Math.min(...known.map((t) => Date.parse(t)));
  return new Date(Math.max(at, Date.parse(receivedAt))).toISOString();
}

function stagesOf(row: Row, timeZone: string): LeadStages {
  const hookBooked = row.job_id !== null || row.booking_status === 'Converted';
  const hookCompleted = row.job_status === 'Completed' || row.job_completed_on !== null;
  const hookInvoiced = (row.posted ?? 0) > 0;
  const exportBooked = Boolean(row.x_booked);
  const exportCompleted = Boolean(row.x_completed);
  const exportInvoiced = (row.x_invoices ?? 0) > 0;
  const reached: LeadStages['reached'] = { lead: row.received_at };
  const at = (
    hook: boolean,
    hookTimes: (string | null)[],
    exported: boolean,
    day: string | null,
  ) =>
    hook || exported
      ? (first(
          row.received_at,
          ...(hook ? hookTimes : []),
          exported ? noon(day, timeZone) : null,
        ) ?? row.received_at)
      : undefined;
  const booked = at(hookBooked, [row.job_at, row.booking_at], exportBooked, row.booked_on);
  const completed = at(
    hookCompleted,
    [row.job_completed_on, row.job_at],
    exportCompleted,
    row.completed_on ?? row.booked_on,
  );
  const invoiced = at(hookInvoiced, [row.first_posted_at], exportInvoiced, row.invoiced_on);
  if (booked) reached.booked = booked;
  if (completed) reached.completed = completed;
  if (invoiced) reached.invoiced = invoiced;
  const fromHook = hookBooked || hookCompleted || hookInvoiced;
  const fromExport = exportBooked || exportInvoiced;
  return {
    leadId: row.id,
    classification: row.classification,
    duplicate: Boolean(row.dup),
    receivedAt: row.received_at,
    source: row.utm_source,
    campaign: row.utm_campaign,
    email: row.contact_email,
    phone: row.contact_phone,
    clickIds: clickIdsOf(row.source),
    reached,
    revenueCents: (row.revenue_cents ?? 0) + (row.x_revenue_cents ?? 0),
    sources: [
      ...(fromHook ? ['webhook' as const] : []),
      ...(fromExport ? ['export' as const] : []),
    ],
    quality: !fromHook && !fromExport ? null : row.confirmed_probable ? 'probable' : 'exact',
  };
}

/** Every lead of the tenant received in [start, end), oldest first, with its stages. */
export async function leadStages(
  db: D1Database,
  scope: { tenant: string; start: string; end: string; timeZone: string },
): Promise<LeadStages[]> {
  const { results } = await db
    .prepare(
      `SELECT l.id, l.classification, ${isDuplicateSql('l')} AS dup, l.received_at, l.utm_source, l.utm_campaign,
              l.contact_email, l.contact_phone, l.source,
              o.job_id, o.booking_status, o.job_status, o.job_completed_on, o.booking_at, o.job_at,
              i.posted, i.revenue_cents,
              (SELECT MIN(li.posted_at) FROM lead_invoices li WHERE li.lead_id = l.id)
                AS first_posted_at,
              x.booked AS x_booked, x.completed AS x_completed, x.invoices AS x_invoices,
              x.revenue_cents AS x_revenue_cents, x.confirmed_probable, x.booked_on,
              x.completed_on, x.invoiced_on
         FROM leads l LEFT JOIN lead_outcomes o ON o.lead_id = l.id
              LEFT JOIN (${POSTED_INVOICES_BY_LEAD_SQL}) i ON i.lead_id = l.id
              LEFT JOIN (${EXPORT_OUTCOMES_BY_LEAD_SQL}) x ON x.lead_id = l.id
        WHERE l.tenant = ?1 AND l.received_at >= ?2 AND l.received_at < ?3
        ORDER BY l.received_at, l.id`,
    )
    .bind(scope.tenant, scope.start, scope.end)
    .all<Row>();
  return results.map((row) => stagesOf(row, scope.timeZone));
}
