/**
 * @module
 * `tn.acc.invoice-posted` and `tn.acc.invoice-updated`: matched to a lead through the invoice's
 * job, they record the invoice totals as ServiceTitan states them (decimal strings, unconverted)
 * and, for a posted invoice, when it was posted.
 */
import type { WebhookEventData } from '../../../shared/webhook-events.ts';
import { upsertOutcomeStatement } from '../db/lead-outcomes.ts';
import { isSuperseded, matchLeadByJob } from './match-job.ts';
import { type EventInput, type Plan, unmatched } from './plan.ts';

export async function applyInvoiceEvent(
  type: 'tn.acc.invoice-posted' | 'tn.acc.invoice-updated',
  input: EventInput<WebhookEventData<typeof type>>,
): Promise<Plan> {
  const { invoice } = input.data;
  const jobId = invoice.job?.id ?? null;
  const match = await matchLeadByJob(input.db, input.tenant, { jobId, bookingId: null });
  if ('unmatchedNote' in match) return unmatched(match.unmatchedNote);

  const leadId = match.outcome.lead_id;
  const superseded = isSuperseded(match.outcome, 'invoice_at', input.eventTime);
  const postedAt = type === 'tn.acc.invoice-posted' ? input.eventTime : null;
  const totals = {
    subTotal: invoice.subTotal ?? null,
    salesTax: invoice.salesTax ?? null,
    total: invoice.total ?? null,
    balance: invoice.balance ?? null,
  };
  return {
    result: {
      state: 'processed',
      leadId,
      note: superseded ? 'A newer invoice event was already applied.' : null,
      applied: { invoiceId: invoice.id, jobId, ...totals, postedAt, superseded },
    },
    statements: [
      upsertOutcomeStatement(
        input.db,
        { tenant: input.tenant, leadId },
        'invoice',
        {
          invoice_id: invoice.id,
          invoice_subtotal: totals.subTotal,
          invoice_sales_tax: totals.salesTax,
          invoice_total: totals.total,
          invoice_balance: totals.balance,
          invoice_posted_at: postedAt,
        },
        input.eventTime,
        input.now,
      ),
    ],
  };
}
