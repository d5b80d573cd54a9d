/**
 * @module
 * The contractor's lead report: leads by source, campaign or service over whole days in the
 * tenant's time zone, with spam, test and duplicates counted apart, and outcomes from signed
 * webhook events and imported exports with where each came from (webhook, export) and how many
 * rest on a probable export match an operator confirmed; export rows that count nowhere are
 * counted below the table.
 */
import { REPORT_GROUPS } from '../../../shared/ops.ts';
import type { InferResponseType } from 'hono/client';
import { api, read } from '../api.ts';
import { useResource } from '../resource.ts';
import { href, navigate } from '../router.ts';
import { Empty, Load, localDay, money } from '../ui.tsx';

type Counts = InferResponseType<typeof api.reports.leads.$get>['totals'];

const COLUMNS: [Exclude<keyof Counts, 'sources'>, string][] = [
  ['leads', 'Leads'],
  ['duplicates', 'Duplicates'],
  ['spam', 'Spam'],
  ['test', 'Test'],
  ['booked', 'Booked'],
  ['completed', 'Completed'],
  ['invoiced', 'Invoiced'],
  ['revenue', 'Revenue'],
  ['confirmedProbable', 'Confirmed probable'],
];

/** Where the outcome figures of a row came from: leads counted through each source. */
const sourcesOf = (c: Counts) => `webhook ${c.sources.webhook} · export ${c.sources.export}`;

export function ReportsPage({ tenant, query }: { tenant: string; query: URLSearchParams }) {
  const from = query.get('from') ?? localDay(-29);
  const to = query.get('to') ?? localDay(0);
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
                    <th scope="col">Sources</th>
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
                      <td class="muted">{sourcesOf(row)}</td>
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
                    <td class="muted">{sourcesOf(r.totals)}</td>
                  </tr>
                </tfoot>
              </table>
              <p class="small">
                Leads exclude spam, test and duplicates (the same phone or email within 7 days of an
                earlier request), which are counted in their own columns. Booked, completed,
                invoiced and revenue merge outcomes a signed ServiceTitan webhook matched to a lead
                and rows of imported exports matched exactly or confirmed by an operator; an invoice
                seen by both is counted once. <em>Sources</em> says how many leads each source
                accounts for (a lead can have both); <em>Confirmed probable</em> how many rest on a
                probable export match an operator confirmed rather than an exact one.
              </p>
              <p>
                <strong>Export rows counted nowhere:</strong> {r.exportRows.probablePending}{' '}
                probable matches waiting for review, {r.exportRows.probableRejected} rejected,{' '}
                {r.exportRows.unmatched} matched to no lead.{' '}
                {r.exportRows.probablePending > 0 && <a href={href('/outcomes')}>Review them</a>}
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
