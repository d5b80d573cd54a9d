/**
 * @module
 * Spam review: the tenant's spam and test leads, newest first, with why the edge classified them
 * (`spamReasons`) and their review reasons, each with the reclassify action.
 */
import { api, read } from '../api.ts';
import { PagedList } from '../paged.tsx';
import { Reclassify } from '../Reclassify.tsx';
import { href } from '../router.ts';
import { Badge, Empty, Time } from '../ui.tsx';
import type { LeadSummary } from './LeadsPage.tsx';

function ReviewRows({ leads, reload }: { leads: LeadSummary[]; reload: () => void }) {
  return (
    <table>
      <caption class="visually-hidden">Leads to review, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Received</th>
          <th scope="col">Contact</th>
          <th scope="col">Why</th>
          <th scope="col">Reclassify</th>
        </tr>
      </thead>
      <tbody>
        {leads.map((lead) => (
          <tr key={lead.id}>
            <td>
              <a href={href(`/leads/${lead.id}`)}>
                <Time iso={lead.receivedAt} />
              </a>{' '}
              <Badge value={lead.classification} />
            </td>
            <td>
              {lead.erasedAt ? (
                <span class="muted">erased</span>
              ) : (
                (lead.contactName ?? lead.contactPhone ?? lead.contactEmail)
              )}
            </td>
            <td>
              {[...lead.spamReasons, ...lead.reviewReasons].join(', ') || (
                <span class="muted">a test contact</span>
              )}
            </td>
            <td>
              <Reclassify lead={lead} onDone={reload} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReviewList({ tenant, classification }: { tenant: string; classification: string }) {
  return (
    <PagedList
      load={(q) => read(api.leads.$get({ query: q }))}
      query={{ tenant, classification }}
      items={(page) => page.leads}
      what={`${classification} leads`}
      empty={<Empty>No {classification} leads.</Empty>}
    >
      {(leads, reload) => <ReviewRows leads={leads} reload={reload} />}
    </PagedList>
  );
}

export function SpamReviewPage({ tenant }: { tenant: string }) {
  return (
    <section>
      <h1 tabIndex={-1}>Spam review</h1>
      <p class="muted">
        Spam and test leads are kept but not handed off. Mark a lead real to queue its handoff; mark
        one spam or test to cancel a handoff not yet sent. Every change is audited.
      </p>
      <h2>Spam</h2>
      <ReviewList tenant={tenant} classification="spam" />
      <h2>Test</h2>
      <ReviewList tenant={tenant} classification="test" />
    </section>
  );
}
