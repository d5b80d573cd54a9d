/**
 * @module
 * The contractor's lead report: leads by source, campaign or service over whole days in the
 * tenant's time zone, with spam, test and duplicates counted apart and outcomes only where a
 * webhook event matched the lead.
 */
import { REPORT_GROUPS } from '../../../shared/ops.ts';
import type { InferResponseType } from 'hono/client';
import { api, read } from '../api.ts';
import { useResource } from '../resource.ts';
import { href, navigate } from '../router.ts';
import { Empty, Load } from '../ui.tsx';

type Counts = InferResponseType<typeof api.reports.leads.$get>['totals'];

const COLUMNS: [keyof Counts, string][] = [
  ['leads', 'Leads'],
  ['duplicates', 'Duplicates'],
  ['spam', 'Spam'],
  ['test', 'Test'],
  ['booked', 'Booked'],
  ['completed', 'Completed'],
  ['invoiced', 'Invoiced'],
  ['revenue', 'Revenue'],
];

const day = (offsetDays: number) => {
  const date = new Date();
  date.setDate(date.getDate() + offsetDays);
  return date.toLocaleDateString('en-CA'); // YYYY-MM-DD in local time
};

const money = (n: number) =>
  n.toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function ReportsPage({ tenant, query }: { tenant: string; query: URLSearchParams }) {
  const from = query.get('from') ?? day(-29);
  const to = query.get('to') ?? day(0);
  const groupBy = query.get('groupBy') ?? 'source';
  const report = useResource(
    () => read(api.reports.leads.$get({ query: { tenant, from, to, groupBy } })),
    [tenant, from, to, groupBy],
  );
  const submit = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    navigate('/reports', {
      from: data.get('from') as string,
      to: data.get('to') as string,
      groupBy: data.get('groupBy') as string,
    });
  };
  const filterFor = (key: string) =>
    groupBy === 'service'
      ? { service: key }
      : groupBy === 'campaign'
        ? { campaign: key }
        : { source: key };
  return (
    <section>
      <h1 tabIndex={-1}>Reports</h1>
      <form
        class="filters"
        onSubmit={submit}
        key={`${from}${to}${groupBy}`}
        aria-label="Report range"
      >
        <label>
          From
          <input type="date" name="from" required defaultValue={from} />
        </label>
        <label>
          To
          <input type="date" name="to" required defaultValue={to} />
        </label>
        <label>
          Group by
          <select name="groupBy">
            {REPORT_GROUPS.map((g) => (
              <option key={g} value={g} selected={g === groupBy}>
                {g}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Show report</button>
      </form>
      <Load resource={report} what="the report">
        {(r) =>
          r.rows.length === 0 ? (
            <Empty>No leads were received in this range. Widen the dates to see more.</Empty>
          ) : (
            <>
              <table>
                <caption>
                  Leads by {groupBy}, {from} to {to} ({r.timezone} days)
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{groupBy}</th>
                    {COLUMNS.map(([key, label]) => (
                      <th key={key} scope="col" class="num">
                        {label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {r.rows.map((row) => (
                    <tr key={row.key}>
                      <th scope="row">
                        <a href={href('/leads', filterFor(row.key))}>{row.key}</a>
                      </th>
                      {COLUMNS.map(([key]) => (
                        <td key={key} class="num">
                          {key === 'revenue' ? money(row[key]) : row[key]}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">Total</th>
                    {COLUMNS.map(([key]) => (
                      <td key={key} class="num">
                        {key === 'revenue' ? money(r.totals[key]) : r.totals[key]}
                      </td>
                    ))}
                  </tr>
                </tfoot>
              </table>
              <p class="small">
                Leads exclude spam, test and duplicates (the same phone or email within 7 days of an
                earlier request), which are counted in their own columns. Booked, completed,
                invoiced and revenue count only outcomes a ServiceTitan webhook matched to a lead.
              </p>
              <p>
                <strong>Unmatched outcomes:</strong>{' '}
                {r.unmatched.events === 0
                  ? 'none — every outcome event in this range was matched to a lead.'
                  : `${r.unmatched.events} webhook events matched no lead (${Object.entries(
                      r.unmatched.byType,
                    )
                      .map(([type, n]) => `${type}: ${n}`)
                      .join(', ')}); they are not in the counts above.`}{' '}
                {r.unmatched.events > 0 && (
                  <a href={href('/webhooks', { state: 'unmatched' })}>Review them</a>
                )}
              </p>
            </>
          )
        }
      </Load>
    </section>
  );
}
