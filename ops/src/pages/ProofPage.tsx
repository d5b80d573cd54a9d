/**
 * @module
 * The printable proof packet (`GET /v1/admin/reports/proof`): what the website earned over a
 * period, beside a baseline, by source and by campaign, with the data sources and match quality
 * behind every figure, what counts nowhere, a funnel-by-week chart (inline SVG) and the
 * ServiceTitan disclaimers. Print CSS in styles.css hides the console around it.
 */
import type { InferResponseType } from 'hono/client';
import { api, read } from '../api.ts';
import { useResource } from '../resource.ts';
import { navigate } from '../router.ts';
import { Load, localDay, money } from '../ui.tsx';

type Figures = InferResponseType<typeof api.reports.proof.$get>['period'];
type Counts = Figures['totals'];
type Week = Figures['funnelByWeek'][number];

const STAGES = ['leads', 'booked', 'completed', 'invoiced'] as const;
const COLORS = ['#4b6cb7', '#2a9d8f', '#e9c46a', '#e76f51'];
/** Source and match quality, written beside every figure. */
const provenance = (c: Counts) =>
  `webhook ${c.sources.webhook} · export ${c.sources.export} · confirmed probable ${c.confirmedProbable}`;

function FunnelChart({ weeks }: { weeks: Week[] }) {
  const max = Math.max(1, ...weeks.flatMap((w) => STAGES.map((s) => w[s])));
  const group = 4 * 14 + 12;
  const width = Math.max(240, weeks.length * group + 40);
  return (
    <svg
      role="img"
      aria-label="Funnel by week: leads, booked, completed, invoiced"
      viewBox={`0 0 ${width} 170`}
      width={width}
      height={170}
    >
      {weeks.map((w, i) => (
        <g key={w.week} transform={`translate(${30 + i * group},0)`}>
          {STAGES.map((s, j) => {
            const h = (w[s] / max) * 120;
            return (
              <rect key={s} x={j * 14} y={130 - h} width={12} height={h} fill={COLORS[j]}>
                <title>{`${w.week} ${s}: ${w[s]}`}</title>
              </rect>
            );
          })}
          <text x={0} y={148} font-size="10">
            {w.week.slice(5)}
          </text>
        </g>
      ))}
      {STAGES.map((s, j) => (
        <g key={s} transform={`translate(${30 + j * 70},162)`}>
          <rect width={10} height={8} y={-8} fill={COLORS[j]} />
          <text x={14} font-size="10">
            {s}
          </text>
        </g>
      ))}
    </svg>
  );
}

function FigureTable({ caption, rows }: { caption: string; rows: Figures['bySource'] }) {
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Key</th>
          {STAGES.map((s) => (
            <th key={s} scope="col" class="num">
              {s}
            </th>
          ))}
          <th scope="col" class="num">
            revenue
          </th>
          <th scope="col">sources · quality</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th scope="row">{row.key}</th>
            {STAGES.map((s) => (
              <td key={s} class="num">
                {row[s]}
              </td>
            ))}
            <td class="num">{money(row.revenue)}</td>
            <td class="muted">{provenance(row)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PeriodSection({ title, f }: { title: string; f: Figures }) {
  const apart = f.countedApart;
  return (
    <section class="proof-period">
      <h2>
        {title}: {f.from} to {f.to}
      </h2>
      <p>
        {STAGES.map((s) => `${f.totals[s]} ${s}`).join(' → ')}; revenue {money(f.totals.revenue)} (
        {provenance(f.totals)})
      </p>
      <FunnelChart weeks={f.funnelByWeek} />
      <FigureTable caption="By source" rows={f.bySource} />
      <FigureTable caption="By campaign" rows={f.byCampaign} />
      <p>
        Counted apart, never attributed: {apart.unmatchedEvents.events} unmatched webhook events,{' '}
        {apart.exportRows.unmatched} unmatched export rows, {apart.exportRows.probablePending}{' '}
        probable matches waiting for review, {apart.exportRows.probableRejected} rejected; excluded:{' '}
        {apart.spam} spam, {apart.test} test, {apart.duplicates} duplicates.
      </p>
    </section>
  );
}

export function ProofPage({ tenant, query }: { tenant: string; query: URLSearchParams }) {
  const params = {
    tenant,
    from: query.get('from') ?? localDay(-29),
    to: query.get('to') ?? localDay(0),
    ...(query.get('baselineFrom') && { baselineFrom: query.get('baselineFrom') ?? '' }),
    ...(query.get('baselineTo') && { baselineTo: query.get('baselineTo') ?? '' }),
  };
  const packet = useResource(
    () => read(api.reports.proof.$get({ query: params })),
    [JSON.stringify(params)],
  );
  const submit = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const get = (k: string) => (data.get(k) as string) || '';
    navigate('/proof', {
      from: get('from'),
      to: get('to'),
      ...(get('baselineFrom') && { baselineFrom: get('baselineFrom') }),
      ...(get('baselineTo') && { baselineTo: get('baselineTo') }),
    });
  };
  return (
    <section class="proof">
      <h1 tabIndex={-1}>Proof packet</h1>
      <form class="filters no-print" onSubmit={submit} aria-label="Proof period">
        {(['from', 'to', 'baselineFrom', 'baselineTo'] as const).map((k) => (
          <label key={k}>
            {k}
            <input
              type="date"
              name={k}
              required={k === 'from' || k === 'to'}
              defaultValue={params[k] ?? ''}
            />
          </label>
        ))}
        <button type="submit">Show</button>
        <button type="button" onClick={() => window.print()}>
          Print
        </button>
      </form>
      <Load resource={packet} what="the proof packet">
        {(p) => (
          <>
            <p class="muted">
              {tenant}, {p.timezone} days. {Object.values(p.definitions).join(' ')}
            </p>
            <PeriodSection title="Period" f={p.period} />
            {p.baseline && <PeriodSection title="Baseline" f={p.baseline} />}
            <ul class="disclaimers">
              {p.disclaimers.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          </>
        )}
      </Load>
    </section>
  );
}
