/**
 * @module
 * One lead: what the visitor asked for, contact, review reasons, source context, the Titan
 * binding the widget sent next to the one the edge resolved, the sync job with its payload and
 * actions, webhook outcomes, the audit trail, and erasure on request.
 */
import { useState } from 'preact/hooks';
import type { InferResponseType } from 'hono/client';
import { api, read } from '../api.ts';
import { useResource } from '../resource.ts';
import { href } from '../router.ts';
import { Reclassify } from '../Reclassify.tsx';
import { SyncJobActions } from '../SyncJobActions.tsx';
import type { ResolvedBinding } from '../../../shared/lead-record.ts';
import { LeadInvoices } from './LeadInvoices.tsx';
import { ActionResult, Badge, Empty, Facts, Json, Load, Text, Time, useAction } from '../ui.tsx';

type LeadDetail = InferResponseType<(typeof api.leads)[':id']['$get']>;
type Lead = LeadDetail['lead'];
type Outcomes = LeadDetail['outcomes'];
type NotificationDelivery = LeadDetail['notifications'][number];
export type AuditEntry = LeadDetail['audit'][number];
export type LeadInvoice = Outcomes['invoices'][number];

const BINDING_FIELDS = [
  'jobTypeId',
  'businessUnitId',
  'campaignId',
  'priority',
  'mapVersion',
] as const satisfies readonly (keyof ResolvedBinding)[];

function BindingCompare({
  sent,
  resolved,
}: {
  sent: Lead['bindingSent'];
  resolved: Lead['bindingResolved'];
}) {
  return (
    <table>
      <caption class="visually-hidden">
        Titan binding sent by the widget and resolved by the edge
      </caption>
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">Sent by the widget</th>
          <th scope="col">Resolved from the Titan Map</th>
        </tr>
      </thead>
      <tbody>
        {BINDING_FIELDS.map((field) => {
          // What the widget sends is a subset of the resolved binding's fields.
          const sentFields: Partial<ResolvedBinding> | null = sent;
          const a = sentFields?.[field];
          const b = resolved?.[field];
          const differs = a !== undefined && b !== undefined && a !== b;
          return (
            <tr key={field} class={differs ? 'differs' : undefined}>
              <th scope="row">{field}</th>
              <td>
                <Text value={a} />
              </td>
              <td>
                <Text value={b} />
                {differs && <span class="badge badge-needs_review"> differs</span>}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function SourceContext({ lead }: { lead: Lead }) {
  const source = lead.source ?? {};
  return (
    <Facts
      rows={[
        [
          'UTM source / medium / campaign',
          `${lead.utmSource ?? '—'} / ${lead.utmMedium ?? '—'} / ${lead.utmCampaign ?? '—'}`,
        ],
        ['Landing page', <Text value={source.landingPage} />],
        ['Referrer', <Text value={source.referrer} />],
        ['Click ids', source.clickIds ? <Json value={source.clickIds} /> : <Text value={null} />],
        [
          'First touch',
          source.firstTouch ? <Json value={source.firstTouch} /> : <Text value={null} />,
        ],
        ['Page origin', <Text value={lead.origin} />],
        [
          'Stored via',
          lead.ingestPath === 'fallback' ? 'fallback queue (D1 was failing)' : 'direct',
        ],
      ]}
    />
  );
}

/** The lead's notification deliveries: which channel, how, when, and whether it got through. */
function ToldView({ deliveries }: { deliveries: NotificationDelivery[] }) {
  if (deliveries.length === 0) {
    return (
      <Empty>
        Nobody has been told yet: alerts go out within seconds to the{' '}
        <a href={href('/notifications')}>notification channels</a> subscribed to this kind of lead.
      </Empty>
    );
  }
  return (
    <ul>
      {deliveries.map((d) => (
        <li key={d.id}>
          <Badge value={d.status} /> {'to' in d.channel ? 'Email to ' : 'Webhook to '}
          <code>{'to' in d.channel ? d.channel.to.join(', ') : d.channel.url}</code> ·{' '}
          <code>{d.eventType}</code> · {d.attempts} attempt{d.attempts === 1 ? '' : 's'}
          {d.deliveredAt ? (
            <>
              {' '}
              · delivered <Time iso={d.deliveredAt} />
            </>
          ) : (
            d.lastError && <span class="muted"> · {d.lastError}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

function OutcomeView({ outcomes }: { outcomes: Outcomes }) {
  if (!outcomes.current && outcomes.history.length === 0) {
    return (
      <Empty>
        No webhook event has been matched to this lead yet. Booking, job and invoice updates from
        ServiceTitan appear here once a signed event names this lead's booking.
      </Empty>
    );
  }
  const c = outcomes.current;
  return (
    <>
      {c && (
        <Facts
          rows={[
            ['Booking', `${c.booking?.status ?? '—'} (id ${c.booking?.id ?? '—'})`],
            [
              'Job',
              `${c.job?.status ?? '—'} (id ${c.job?.id ?? '—'}, number ${c.job?.number ?? '—'})`,
            ],
            ['Appointment', `${c.appointment?.status ?? '—'} ${c.appointment?.start ?? ''}`],
          ]}
        />
      )}
      <LeadInvoices {...outcomes} />
      <ul>
        {outcomes.history.map((e) => (
          <li key={e.eventId}>
            <a href={href(`/webhooks/events/${e.eventId}`)}>{e.type}</a> <Badge value={e.state} />{' '}
            <Time iso={e.eventTime} /> {e.note && <span class="muted">{e.note}</span>}
          </li>
        ))}
      </ul>
    </>
  );
}

export function AuditTrail({ entries }: { entries: AuditEntry[] }) {
  if (entries.length === 0) return <p class="muted">No operator or system action yet.</p>;
  return (
    <ol class="audit">
      {entries.map((entry, i) => (
        <li key={i}>
          <Time iso={entry.at} /> <strong>{entry.action}</strong> by <code>{entry.actor}</code>
          {entry.detail && Object.keys(entry.detail as object).length > 0 && (
            <details>
              <summary>detail</summary>
              <Json value={entry.detail} />
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}

function EraseLead({ lead, onDone }: { lead: Lead; onDone: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  if (lead.erasedAt) return null;
  return (
    <section aria-labelledby="erase">
      <h2 id="erase">Delete this lead's personal data</h2>
      <p>
        Erases name, phone, email, address, notes, the raw request, source details and consent from
        the lead, its booking draft, send errors, operator notes in its audit trail and its webhook
        payloads. The anonymous remainder keeps the contractor's counts and reports unchanged. This
        cannot be undone.
      </p>
      {confirming ? (
        <p>
          <button
            type="button"
            class="danger"
            disabled={action.busy}
            onClick={() =>
              void action.run(
                () => read(api.lifecycle.leads[':id'].$delete({ param: { id: lead.id } })),
                'Personal data erased.',
                onDone,
              )
            }
          >
            Yes, erase it
          </button>{' '}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </p>
      ) : (
        <button type="button" class="danger" onClick={() => setConfirming(true)}>
          Erase personal data…
        </button>
      )}
      <ActionResult action={action} />
    </section>
  );
}

export function LeadPage({ id }: { id: string }) {
  const detail = useResource(() => read(api.leads[':id'].$get({ param: { id } })), [id]);
  return (
    <section>
      <p>
        <a href={href('/leads')}>← Leads</a>
      </p>
      <Load resource={detail} what="the lead">
        {({ lead, audit, syncJobs, outcomes, notifications }) => (
          <>
            <h1 tabIndex={-1}>
              {lead.erasedAt
                ? 'Erased lead'
                : `Lead from ${lead.contactName ?? lead.contactPhone ?? lead.contactEmail}`}
            </h1>
            <p>
              <Badge value={lead.status} /> <Badge value={lead.classification} /> received{' '}
              <Time iso={lead.receivedAt} /> · <code>{lead.id}</code>
            </p>
            {lead.erasedAt && (
              <p class="notice">
                Personal data erased <Time iso={lead.erasedAt} /> (
                {lead.eraseReason?.replace(/_/g, ' ')}).
              </p>
            )}
            <h2>Request</h2>
            <Facts
              rows={[
                ['Service', <Text value={lead.serviceKey} />],
                ['Urgency', <Text value={lead.urgency} />],
                ['Preferred time', `${lead.preferredDate ?? '—'} ${lead.preferredWindow ?? ''}`],
                ['Notes', <Text value={lead.notes} />],
                ['First-time client', <Text value={lead.isFirstTimeClient} />],
              ]}
            />
            <h2>Contact</h2>
            <Facts
              rows={[
                ['Name', <Text value={lead.contactName} />],
                [
                  'Phone',
                  <Text
                    value={
                      lead.contactPhoneExt
                        ? `${lead.contactPhone} ext. ${lead.contactPhoneExt}`
                        : lead.contactPhone
                    }
                  />,
                ],
                ['Email', <Text value={lead.contactEmail} />],
                ['SMS opt-in', <Text value={lead.smsOptIn} />],
                [
                  'Address',
                  [
                    lead.addressStreet,
                    lead.addressUnit,
                    lead.addressCity,
                    lead.addressState,
                    lead.addressZip,
                  ]
                    .filter(Boolean)
                    .join(', ') || <Text value={null} />,
                ],
              ]}
            />
            <h2>Review reasons</h2>
            {lead.reviewReasons.length === 0 ? (
              <p class="muted">None: the lead passed every check.</p>
            ) : (
              <ul>
                {lead.reviewReasons.map((r) => (
                  <li key={r}>
                    <code>{r}</code>
                  </li>
                ))}
              </ul>
            )}
            <h2>Classification</h2>
            <p>
              <Badge value={lead.classification} />{' '}
              {lead.spamReasons.length > 0 && (
                <span>
                  spam signals:{' '}
                  {lead.spamReasons.map((r) => (
                    <code key={r}>{r} </code>
                  ))}
                </span>
              )}
            </p>
            <Reclassify lead={lead} onDone={detail.reload} />
            <h2>Source context</h2>
            <SourceContext lead={lead} />
            <h2>Titan binding: sent vs resolved</h2>
            <BindingCompare sent={lead.bindingSent} resolved={lead.bindingResolved} />
            <h2>Sync job</h2>
            {syncJobs.length === 0 ? (
              <Empty>
                No sync job yet: one is created with the lead and drafted within seconds. Reload
                shortly.
              </Empty>
            ) : (
              syncJobs.map((job) => (
                <div key={job.id} class="card">
                  <p>
                    <a href={href(`/sync/${job.id}`)}>Sync job {job.id}</a>{' '}
                    <Badge value={job.state} />{' '}
                    {job.reviewReasons.length > 0 && (
                      <span class="muted">{job.reviewReasons.join(', ')}</span>
                    )}
                  </p>
                  <SyncJobActions job={job} onDone={detail.reload} />
                  <details>
                    <summary>Booking payload (dry run)</summary>
                    {job.payload ? <Json value={job.payload} /> : <p class="muted">Not drafted.</p>}
                  </details>
                </div>
              ))
            )}
            <h2>Who was told</h2>
            <ToldView deliveries={notifications} />
            <h2>Webhook outcomes</h2>
            <OutcomeView outcomes={outcomes} />
            <h2>Audit trail</h2>
            <AuditTrail entries={audit} />
            <EraseLead lead={lead} onDone={detail.reload} />
          </>
        )}
      </Load>
    </section>
  );
}
