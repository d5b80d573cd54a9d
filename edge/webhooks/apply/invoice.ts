/**
 * @module
 * `tn.acc.invoice-posted` and `tn.acc.invoice-updated`: matched to a lead through the invoice's
 * job, they record that invoice (one row per invoice: a job can have several, and adjustments)
 * with its totals as ServiceTitan states them (decimal strings, unconverted) and, for a posted
 * invoice, when it was posted. Whether it adjusts another invoice comes from `adjustmentToId`.
 */
import type { WebhookEventData } from '../../../shared/webhook-events.ts';
import { invoiceStampStatement, upsertInvoiceStatement } from '../db/lead-invoices.ts';
import { matchLeadByJob } from './match-job.ts';
import { type EventInput, type Plan, unmatched } from './plan.ts';

export async function applyInvoiceEvent(
  type: 'tn.acc.invoice-posted' | 'tn.acc.invoice-updated',
  input: EventInput<WebhookEventData<typeof type>>,
): Promise<Plan> {
  const { invoice } = input.data;
  const jobId = invoice.job?.id ?? null;
  const match = await matchLeadByJob(input.db, input.tenant, { jobId, bookingId: null }, [
    invoiceStampStatement(input.db, input.tenant, invoice.id),
  ]);
  if ('unmatchedNote' in match) return unmatched(match.unmatchedNote);

  const leadId = match.outcome.lead_id;
  const [stamp] = (match.also[0]?.results ?? []) as { event_at: string }[];
  const superseded = stamp !== undefined && stamp.event_at > input.eventTime;
  const postedAt = type === 'tn.acc.invoice-posted' ? input.eventTime : null;
  const values = {
    invoiceId: invoice.id,
    jobId,
    adjustmentToId: invoice.adjustmentToId ?? null,
    subTotal: invoice.subTotal ?? null,
    salesTax: invoice.salesTax ?? null,
    total: invoice.total ?? null,
    balance: invoice.balance ?? null,
    postedAt,
  };
  const { invoiceId, ...applied } = values;
  return {
    result: {
      state: 'processed',
      leadId,
      // A late posting still counts: only the totals of a newer event win.
      note: superseded
        ? `A newer event about invoice ${invoiceId} was already applied${postedAt ? '; its posting was recorded' : ''}.`
        : null,
      applied: { invoiceId, ...applied, superseded },
    },
    statements: [
      upsertInvoiceStatement(
        input.db,
        { tenant: input.tenant, leadId },
        values,
        input.eventTime,
        input.now,
      ),
    ],
  };
}
