/**
 * @module
 * D1 access for `lead_invoices`: every ServiceTitan invoice matched to a lead, adjustments
 * included, and the money the lead brought in.
 *
 * Each invoice keeps the CloudEvents time of the event that last set its totals: an older event
 * arriving late does not overwrite them, and a null never erases a known value. Posting is a fact
 * that only ever happens once: `posted_at` is recorded whatever the order events arrive in.
 *
 * What counts (docs/webhooks.md#invoices-and-revenue): an invoice is posted once an
 * `invoice-posted` event was received for it; a lead is invoiced when one of its invoices is
 * posted; revenue is the sum of the posted invoices' totals. An adjustment invoice's total is the
 * change it makes to the invoice it adjusts, so the sum is the adjusted amount.
 */

export interface InvoiceValues {
  invoiceId: number;
  jobId: number | null;
  adjustmentToId: number | null;
  subTotal: string | null;
  salesTax: string | null;
  total: string | null;
  balance: string | null;
  /** Event time of an `invoice-posted` event, else null. */
  postedAt: string | null;
}

export interface InvoiceRow {
  tenant: string;
  invoice_id: number;
  lead_id: string;
  job_id: number | null;
  adjustment_to_id: number | null;
  subtotal: string | null;
  sales_tax: string | null;
  total: string | null;
  balance: string | null;
  posted_at: string | null;
  event_at: string;
  updated_at: string;
}

const NEWER = 'lead_invoices.event_at <= excluded.event_at';
/** Columns an event at least as new as the last one sets; a null keeps the known value. */
const TOTALS = ['job_id', 'adjustment_to_id', 'subtotal', 'sales_tax', 'total', 'balance'];

export function upsertInvoiceStatement(
  db: D1Database,
  target: { tenant: string; leadId: string },
  values: InvoiceValues,
  eventTime: string,
  now: Date,
): D1PreparedStatement {
  const updates = [
    ...TOTALS.map(
      (c) =>
        `${c} = CASE WHEN ${NEWER} THEN COALESCE(excluded.${c}, lead_invoices.${c}) ELSE lead_invoices.${c} END`,
    ),
    `lead_id = CASE WHEN ${NEWER} THEN excluded.lead_id ELSE lead_invoices.lead_id END`,
    // The first posting wins, whichever event arrives first.
    `posted_at = COALESCE(MIN(lead_invoices.posted_at, excluded.posted_at), lead_invoices.posted_at, excluded.posted_at)`,
    'event_at = MAX(lead_invoices.event_at, excluded.event_at)',
    'updated_at = excluded.updated_at',
  ];
  return db
    .prepare(
      `INSERT INTO lead_invoices (tenant, invoice_id, lead_id, job_id, adjustment_to_id, subtotal,
         sales_tax, total, balance, posted_at, event_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant, invoice_id) DO UPDATE SET ${updates.join(', ')}`,
    )
    .bind(
      target.tenant,
      values.invoiceId,
      target.leadId,
      values.jobId,
      values.adjustmentToId,
      values.subTotal,
      values.salesTax,
      values.total,
      values.balance,
      values.postedAt,
      eventTime,
      now.toISOString(),
    );
}

/** The event time that last set an invoice's totals (for the superseded check). */
export function invoiceStampStatement(
  db: D1Database,
  tenant: string,
  invoiceId: number,
): D1PreparedStatement {
  return db
    .prepare('SELECT event_at FROM lead_invoices WHERE tenant = ? AND invoice_id = ?')
    .bind(tenant, invoiceId);
}

export async function invoicesOfLead(db: D1Database, leadId: string): Promise<InvoiceRow[]> {
  const { results } = await db
    .prepare('SELECT * FROM lead_invoices WHERE lead_id = ? ORDER BY invoice_id')
    .bind(leadId)
    .all<InvoiceRow>();
  return results;
}

/** A decimal string in cents; text that is not a number counts as 0. */
function cents(amount: string | null): number {
  const value = Number(amount ?? 0);
  return Number.isFinite(value) ? Math.round(value * 100) : 0;
}

const money = (c: number) => `${c < 0 ? '-' : ''}${(Math.abs(c) / 100).toFixed(2)}`;

/**
 * The same counts in SQL, for the reports: per lead of the tenant bound as `?1`, its posted
 * invoices and their totals summed in cents (so the sum is exact, like `invoicesToJson`'s).
 */
export const POSTED_INVOICES_BY_LEAD_SQL = `
  SELECT i.lead_id, COUNT(*) AS posted,
         SUM(CAST(ROUND(COALESCE(CAST(i.total AS REAL), 0) * 100) AS INTEGER)) AS revenue_cents
    FROM lead_invoices i WHERE i.tenant = ?1 AND i.posted_at IS NOT NULL GROUP BY i.lead_id`;

const invoiceJson = (row: InvoiceRow) => ({
  id: row.invoice_id,
  jobId: row.job_id,
  adjustmentToId: row.adjustment_to_id,
  subTotal: row.subtotal,
  salesTax: row.sales_tax,
  total: row.total,
  balance: row.balance,
  postedAt: row.posted_at,
  at: row.event_at,
});

/**
 * A lead's invoices as the admin API shows them: each invoice with the adjustments made to it and
 * its `netTotal` (its total plus theirs); adjustments to an invoice not matched to this lead are
 * listed on their own. `revenue` is what the reports count for the lead: posted totals, summed.
 */
export function invoicesToJson(rows: InvoiceRow[]) {
  const ids = new Set(rows.map((row) => row.invoice_id));
  const adjusts = (row: InvoiceRow) =>
    row.adjustment_to_id !== null && ids.has(row.adjustment_to_id);
  const invoices = rows
    .filter((row) => !adjusts(row))
    .map((row) => {
      const adjustments = rows.filter((a) => adjusts(a) && a.adjustment_to_id === row.invoice_id);
      const net = [row, ...adjustments].reduce((sum, r) => sum + cents(r.total), 0);
      return {
        ...invoiceJson(row),
        netTotal: money(net),
        adjustments: adjustments.map(invoiceJson),
      };
    });
  const posted = rows.filter((row) => row.posted_at !== null);
  return {
    invoices,
    invoiced: posted.length > 0,
    revenue: money(posted.reduce((sum, row) => sum + cents(row.total), 0)),
  };
}
