/**
 * @module
 * Unfinished requests: what visitors typed before leaving the form (tenants that opted in), newest
 * first, with how to reach them and the call-back actions: mark called (audited) or reclassify
 * (to real starts the handoff, as for a new lead). See docs/console.md ("Unfinished").
 */
import { api, read, withJson } from '../api.ts';
import { PagedList } from '../paged.tsx';
import { Reclassify } from '../Reclassify.tsx';
import { href } from '../router.ts';
import { ActionResult, Empty, Time, useAction } from '../ui.tsx';
import type { LeadSummary } from './LeadsPage.tsx';

function CalledBack({ lead, onDone }: { lead: LeadSummary; onDone: () => void }) {
  const action = useAction();
  if (lead.calledBackAt) {
    return (
      <span>
        Called <Time iso={lead.calledBackAt} />
      </span>
    );
  }
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const note = (
      new FormData(event.currentTarget as HTMLFormElement).get('note') as string
    ).trim();
    void action.run(
      () =>
        read(
          api.leads[':id']['called-back'].$post(
            { param: { id: lead.id } },
            withJson(note ? { note } : {}),
          ),
        ),
      'Marked called.',
      onDone,
    );
  };
  return (
    <form class="inline" onSubmit={submit} aria-label={`Call back ${lead.id}`}>
      <label>
        Note <input name="note" maxLength={1000} placeholder="outcome (optional)" />
      </label>{' '}
      <button type="submit" disabled={action.busy}>
        Mark called
      </button>
      <ActionResult action={action} />
    </form>
  );
}

function reach(lead: LeadSummary) {
  if (lead.erasedAt) return <span class="muted">erased</span>;
  const phone = lead.contactPhone && <a href={`tel:${lead.contactPhone}`}>{lead.contactPhone}</a>;
  const email = lead.contactEmail && (
    <a href={`mailto:${lead.contactEmail}`}>{lead.contactEmail}</a>
  );
  return (
    <>
      {lead.contactName ?? <span class="muted">no name</span>} {phone} {email}
    </>
  );
}

function UnfinishedRows({ leads, reload }: { leads: LeadSummary[]; reload: () => void }) {
  return (
    <table>
      <caption class="visually-hidden">Unfinished requests, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Left</th>
          <th scope="col">Contact</th>
          <th scope="col">Service</th>
          <th scope="col">Call back</th>
          <th scope="col">Reclassify</th>
        </tr>
      </thead>
      <tbody>
        {leads.map((lead) => (
          <tr key={lead.id}>
            <td>
              <a href={href(`/leads/${lead.id}`)}>
                <Time iso={lead.receivedAt} />
              </a>
              {lead.spamReasons.length > 0 && (
                <div class="muted">spam signals: {lead.spamReasons.join(', ')}</div>
              )}
            </td>
            <td>{reach(lead)}</td>
            <td>{lead.serviceKey ?? <span class="muted">not chosen</span>}</td>
            <td>{!lead.erasedAt && <CalledBack lead={lead} onDone={reload} />}</td>
            <td>
              <Reclassify lead={lead} onDone={reload} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function UnfinishedPage({ tenant }: { tenant: string }) {
  return (
    <section>
      <h1 tabIndex={-1}>Unfinished</h1>
      <p class="muted">
        Visitors who typed a phone or email and left without sending (only when the widget setting
        "capture unfinished requests" is on). They are not handed off or counted in reports. Call
        them back and mark them called; mark one real to hand it off like a new request. If the
        visitor finishes later, the full request replaces the row here.
      </p>
      <PagedList
        load={(q) => read(api.leads.$get({ query: q }))}
        query={{ tenant, classification: 'unfinished' }}
        items={(page) => page.leads}
        what="unfinished requests"
        empty={<Empty>No unfinished requests.</Empty>}
      >
        {(leads, reload) => <UnfinishedRows leads={leads} reload={reload} />}
      </PagedList>
    </section>
  );
}
