/**
 * @module
 * Webhook traffic: accepted events (by state) and rejected deliveries with their reasons. A
 * rejection row counts every refusal of one reason from one client address in one minute.
 */
import { WEBHOOK_EVENT_STATES } from '../../../shared/webhook-admin.ts';
import { api, read } from '../api.ts';
import { PagedList } from '../paged.tsx';
import { href } from '../router.ts';
import { Badge, Empty, Json, Time } from '../ui.tsx';

function Events({ tenant, state }: { tenant: string; state: string | undefined }) {
  return (
    <>
      <nav aria-label="Filter events by state" class="tabs">
        <a href={href('/webhooks')} aria-current={state ? undefined : 'page'}>
          all
        </a>
        {WEBHOOK_EVENT_STATES.map((s) => (
          <a
            key={s}
            href={href('/webhooks', { state: s })}
            aria-current={state === s ? 'page' : undefined}
          >
            {s}
          </a>
        ))}
      </nav>
      <PagedList
        load={(q) => read(api['webhook-events'].$get({ query: q }))}
        query={{ tenant, state }}
        items={(page) => page.events}
        what="webhook events"
        empty={
          <Empty>
            No {state ?? ''} webhook events. Signed ServiceTitan events sent to{' '}
            <code>/v1/webhooks/{tenant}</code> appear here; try <code>npm run webhook</code> to send
            a sample.
          </Empty>
        }
      >
        {(events) => (
          <table>
            <caption class="visually-hidden">Accepted webhook events, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Type</th>
                <th scope="col">State</th>
                <th scope="col">Lead</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <td>
                    <a href={href(`/webhooks/events/${e.id}`)}>
                      <Time iso={e.receivedAt} />
                    </a>
                  </td>
                  <td>{e.type}</td>
                  <td>
                    <Badge value={e.state} />
                  </td>
                  <td>
                    {e.leadId ? (
                      <a href={href(`/leads/${e.leadId}`)}>{e.leadId}</a>
                    ) : (
                      <span class="muted">
                        {e.state === 'quarantined' ? 'not applied' : 'unmatched'}
                      </span>
                    )}
                  </td>
                  <td class="small">{e.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
    </>
  );
}

function Rejections({ tenant }: { tenant: string }) {
  return (
    <PagedList
      load={(q) => read(api['webhook-rejections'].$get({ query: q }))}
      query={{ tenant }}
      items={(page) => page.rejections}
      what="webhook rejections"
      empty={<Empty>No rejected deliveries: every signed delivery so far was accepted.</Empty>}
    >
      {(rows) => (
        <table>
          <caption class="visually-hidden">Rejected webhook deliveries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">At</th>
              <th scope="col">Status</th>
              <th scope="col">Reason</th>
              <th scope="col">Count</th>
              <th scope="col">Client</th>
              <th scope="col">Latest webhook-id</th>
              <th scope="col">Detail</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Time iso={r.at} />
                  {r.count > 1 && (
                    <span class="muted small">
                      {' '}
                      to <Time iso={r.lastAt} />
                    </span>
                  )}
                </td>
                <td>{r.status}</td>
                <td>
                  <code>{r.reason}</code>
                  {r.eventType && <span class="muted small"> {r.eventType}</span>}
                </td>
                <td>{r.count}</td>
                <td>
                  <code>{r.client === '*' ? 'others (daily cap reached)' : (r.client ?? '—')}</code>
                </td>
                <td>
                  <code>{r.webhookId ?? '—'}</code>
                </td>
                <td>{Object.keys(r.detail).length > 0 && <Json value={r.detail} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </PagedList>
  );
}

export function WebhooksPage({ tenant, query }: { tenant: string; query: URLSearchParams }) {
  const tab = query.get('tab') === 'rejections' ? 'rejections' : 'events';
  return (
    <section>
      <h1 tabIndex={-1}>Webhooks</h1>
      <nav aria-label="Webhook views" class="tabs">
        <a href={href('/webhooks')} aria-current={tab === 'events' ? 'page' : undefined}>
          Accepted events
        </a>
        <a
          href={href('/webhooks', { tab: 'rejections' })}
          aria-current={tab === 'rejections' ? 'page' : undefined}
        >
          Rejections
        </a>
      </nav>
      {tab === 'events' ? (
        <Events tenant={tenant} state={query.get('state') ?? undefined} />
      ) : (
        <Rejections tenant={tenant} />
      )}
    </section>
  );
}
