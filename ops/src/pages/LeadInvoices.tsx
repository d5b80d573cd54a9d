/**
 * @module
 * The invoices of a lead's job on the lead page: every invoice ServiceTitan reported, each with
 * the adjustments made to it, whether it is posted, and what the reports count for the lead.
 */
import { Text, Time } from '../ui.tsx';
import type { LeadInvoice } from './LeadPage.tsx';

function Row({
  invoice,
  adjustment,
}: {
  invoice: LeadInvoice | LeadInvoice['adjustments'][number];
  adjustment?: boolean;
}) {
  return (
    <tr>
      <th scope="row">{adjustment ? `↳ adjustment ${invoice.id}` : invoice.id}</th>
      <td>
        <Text value={invoice.total} />
      </td>
      <td>
        <Text value={invoice.salesTax} />
      </td>
      <td>
        <Text value={invoice.balance} />
      </td>
      <td>{invoice.postedAt ? <Time iso={invoice.postedAt} /> : 'not posted'}</td>
      <td>{'netTotal' in invoice && <Text value={invoice.netTotal} />}</td>
    </tr>
  );
}

export function LeadInvoices({
  invoices,
  invoiced,
  revenue,
}: {
  invoices: LeadInvoice[];
  invoiced: boolean;
  revenue: string;
}) {
  if (invoices.length === 0) return <p class="muted">No invoice reported for this lead's job.</p>;
  return (
    <>
      <table>
        <caption>Invoices (an adjustment's total is the change it makes)</caption>
        <thead>
          <tr>
            <th scope="col">Invoice</th>
            <th scope="col">Total</th>
            <th scope="col">Sales tax</th>
            <th scope="col">Balance</th>
            <th scope="col">Posted</th>
            <th scope="col">Net of adjustments</th>
          </tr>
        </thead>
        <tbody>
          {invoices.flatMap((invoice) => [
            <Row key={invoice.id} invoice={invoice} />,
            ...invoice.adjustments.map((a) => <Row key={a.id} invoice={a} adjustment />),
          ])}
        </tbody>
      </table>
      <p>
        {invoiced
          ? `Reports count this lead as invoiced, revenue ${revenue} (posted invoices only).`
          : 'Reports do not count this lead as invoiced yet: no invoice is posted.'}
      </p>
    </>
  );
}
