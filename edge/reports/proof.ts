/**
 * @module
 * The proof packet for a tenant and period (docs/proof.md#proof-packet): the lead report's figures
 * by source and by campaign — the very numbers `GET /v1/admin/reports/leads` gives, each row with
 * the sources and confirmed probable matches behind it — the same for a baseline period beside
 * it, what counts nowhere (unmatched events and export rows, probable matches waiting, spam,
 * test), a funnel by week for the chart, and the disclaimers.
 */
import { SERVICETITAN_DISCLAIMERS } from '../../shared/outcomes.ts';
import { leadStages, type LeadStages } from './conversions/stages.ts';
import { zonedTime } from '../../shared/local-time.ts';
import { addDays, weekday } from '../../shared/schedule.ts';
import { leadReport } from './lead-report.ts';
import type { ReportPeriod } from './period.ts';

export interface FunnelWeek {
  /** The Monday the week starts on, a local day. */
  week: string;
  leads: number;
  booked: number;
  completed: number;
  invoiced: number;
}

const mondayOf = (day: string): string => addDays(day, -((weekday(day) + 6) % 7));

/** Counted as the report counts: leads without duplicates, outcomes of every real lead. */
export function funnelByWeek(leads: LeadStages[], timeZone: string): FunnelWeek[] {
  const weeks = new Map<string, FunnelWeek>();
  for (const lead of leads) {
    if (lead.classification !== 'real') continue;
    const week = mondayOf(zonedTime(lead.receivedAt, timeZone).slice(0, 10));
    const row = weeks.get(week) ?? { week, leads: 0, booked: 0, completed: 0, invoiced: 0 };
    if (!lead.duplicate) row.leads += 1;
    if (lead.reached.booked) row.booked += 1;
    if (lead.reached.completed) row.completed += 1;
    if (lead.reached.invoiced) row.invoiced += 1;
    weeks.set(week, row);
  }
  return [...weeks.values()].sort((a, b) => (a.week < b.week ? -1 : 1));
}

async function periodFigures(db: D1Database, period: ReportPeriod) {
  const [bySource, byCampaign, leads] = await Promise.all([
    leadReport(db, { ...period, groupBy: 'source' }),
    leadReport(db, { ...period, groupBy: 'campaign' }),
    leadStages(db, { ...period, timeZone: period.timezone }),
  ]);
  return {
    from: period.from,
    to: period.to,
    range: { start: period.start, end: period.end },
    totals: bySource.totals,
    bySource: bySource.rows,
    byCampaign: byCampaign.rows,
    countedApart: {
      unmatchedEvents: bySource.unmatched,
      exportRows: bySource.exportRows,
      spam: bySource.totals.spam,
      test: bySource.totals.test,
      duplicates: bySource.totals.duplicates,
    },
    funnelByWeek: funnelByWeek(leads, period.timezone),
  };
}

export async function proofPacket(
  db: D1Database,
  period: ReportPeriod,
  baseline: ReportPeriod | null,
) {
  return {
    tenant: period.tenant,
    timezone: period.timezone,
    period: await periodFigures(db, period),
    baseline: baseline ? await periodFigures(db, baseline) : null,
    definitions: {
      sources:
        '`webhook`: a signed ServiceTitan event matched the lead; `export`: a row of a ServiceTitan export the contractor supplied (export:<batch> on each outcome).',
      quality:
        'Only exact matches (booking externalId, a webhook-linked job) count, plus probable matches (same phone or email within 14 days) an operator confirmed, shown as confirmedProbable.',
      revenue:
        'Posted invoice totals, adjustments included; an invoice seen by both sources counts once.',
    },
    disclaimers: SERVICETITAN_DISCLAIMERS,
  };
}
