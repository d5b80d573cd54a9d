/**
 * @module
 * The leads list: filters (status, classification, service, source, campaign, received between),
 * keyset "load more", and a CSV export of exactly what the filters select.
 */
import { LEAD_CLASSIFICATIONS, LEAD_STATUSES } from '../../../shared/api.ts';
import type { InferResponseType } from 'hono/client';
import { api, downloadCsv, read } from '../api.ts';
import { PagedList } from '../paged.tsx';
import { useResource } from '../resource.ts';
import { href, navigate } from '../router.ts';
import { ActionResult, Badge, Empty, Time, useAction } from '../ui.tsx';

export type LeadSummary = InferResponseType<typeof api.leads.$get>['leads'][number];

const FILTERS = [
  'status',
  'classification',
  'service',
  'source',
  'campaign',
  'from',
  'to',
] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

/** Filter days are the operator's local days: `to` includes the whole day. */
function toApiQuery(tenant: string, f: Filters) {
  const dayStart = (day: string, plusDays = 0) => {
    const date = new Date(`${day}T00:00`);
    date.setDate(date.getDate() + plusDays);
    return date.toISOString();
  };
  return {
    tenant,
    status: f.status,
    classification: f.classification,
    service: f.service,
    source: f.source,
    campaign: f.campaign,
    since: f.from ? dayStart(f.from) : undefined,
    until: f.to ? dayStart(f.to, 1) : undefined,
  };
}

function useServices(tenant: string) {
  return useResource(async () => {
    const res = await fetch(`/v1/tenants/${encodeURIComponent(tenant)}/config`);
    if (!res.ok) return [] as { key: string; label: string }[];
    return ((await res.json()) as { services: { key: string; label: string }[] }).services;
  }, [tenant]);
}

function FilterForm({ tenant, filters }: { tenant: string; filters: Filters }) {
  const services = useServices(tenant).data ?? [];
  const submit = (event: Event) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const next: Record<string, string | undefined> = {};
    for (const key of FILTERS) next[key] = (data.get(key) as string | null)?.trim() || undefined;
    navigate('/leads', next);
  };
  const select = (name: keyof Filters, label: string, options: readonly string[]) => (
    <label>
      {label}
      <select name={name}>
        <option value="">any</option>
        {options.map((o) => (
          <option key={o} value={o} selected={filters[name] === o}>
            {o.replace(/_/g, ' ')}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <form class="filters" onSubmit={submit} aria-label="Filter leads">
      {select('status', 'Status', LEAD_STATUSES)}
      {select('classification', 'Classification', LEAD_CLASSIFICATIONS)}
      <label>
        Service
        <select name="service">
          <option value="">any</option>
          {services.map((s) => (
            <option key={s.key} value={s.key} selected={filters.service === s.key}>
              {s.label}
            </option>
          ))}
          <option value="(none)" selected={filters.service === '(none)'}>
            (none)
          </option>
        </select>
      </label>
      <label>
        Source
        <input
          name="source"
          defaultValue={filters.source ?? ''}
          placeholder="utm_source, or (none)"
        />
      </label>
      <label>
        Campaign
        <input name="campaign" defaultValue={filters.campaign ?? ''} placeholder="utm_campaign" />
      </label>
      <label>
        From
        <input type="date" name="from" defaultValue={filters.from ?? ''} />
      </label>
      <label>
        To
        <input type="date" name="to" defaultValue={filters.to ?? ''} />
      </label>
      <button type="submit">Apply filters</button>
      <a href={href('/leads')}>Clear</a>
    </form>
  );
}

function LeadRows({ leads }: { leads: LeadSummary[] }) {
  return (
    <table>
      <caption class="visually-hidden">Leads, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Received</th>
          <th scope="col">Contact</th>
          <th scope="col">Service</th>
          <th scope="col">Source / campaign</th>
          <th scope="col">Status</th>
          <th scope="col">Class</th>
        </tr>
      </thead>
      <tbody>
        {leads.map((lead) => (
          <tr key={lead.id}>
            <td>
              <a href={href(`/leads/${lead.id}`)}>
                <Time iso={lead.receivedAt} />
              </a>
            </td>
            <td>
              {lead.erasedAt ? (
                <span class="muted">erased</span>
              ) : (
                <a href={href(`/leads/${lead.id}`)}>
                  {lead.contactName ?? lead.contactPhone ?? lead.contactEmail}
                </a>
              )}
            </td>
            <td>{lead.serviceKey ?? <span class="muted">none</span>}</td>
            <td>
              {lead.utmSource ?? <span class="muted">(none)</span>}
              {lead.utmCampaign && <> / {lead.utmCampaign}</>}
            </td>
            <td>
              <Badge value={lead.status} />
              {lead.reviewReasons.length > 0 && (
                <span class="muted small"> {lead.reviewReasons.join(', ')}</span>
              )}
            </td>
            <td>
              <Badge value={lead.classification} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function LeadsPage({ tenant, query }: { tenant: string; query: URLSearchParams }) {
  const filters: Filters = {};
  for (const key of FILTERS) filters[key] = query.get(key) ?? undefined;
  const apiQuery = toApiQuery(tenant, filters);
  const exporting = useAction();
  const filtered = FILTERS.some((k) => filters[k]);
  return (
    <section>
      <h1 tabIndex={-1}>Leads</h1>
      <FilterForm key={JSON.stringify(filters)} tenant={tenant} filters={filters} />
      <p>
        <button
          type="button"
          disabled={exporting.busy}
          onClick={() =>
            void exporting.run(
              () => downloadCsv(api.reports['leads.csv'].$get({ query: apiQuery }), 'leads.csv'),
              'CSV downloaded.',
            )
          }
        >
          {exporting.busy ? 'Exporting…' : 'Export CSV'}
        </button>
      </p>
      <ActionResult action={exporting} />
      <PagedList
        load={(q) => read(api.leads.$get({ query: q }))}
        query={apiQuery}
        items={(page) => page.leads}
        what="leads"
        empty={
          filtered ? (
            <Empty>
              No leads match these filters. <a href={href('/leads')}>Clear the filters</a> to see
              every lead.
            </Empty>
          ) : (
            <Empty>
              No leads yet for this tenant. Leads appear here as soon as the booking widget sends
              one: open the demo contractor page at <a href="/demo/">/demo/</a> and submit a
              request.
            </Empty>
          )
        }
      >
        {(leads) => <LeadRows leads={leads} />}
      </PagedList>
    </section>
  );
}
