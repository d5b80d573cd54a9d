/**
 * @module
 * The sync queue by state: handoff drafts waiting for review, ready, retrying, blocked, done.
 */
import { SYNC_JOB_STATES } from '../../../shared/handoff.ts';
import { api, read } from '../api.ts';
import { PagedList } from '../paged.tsx';
import { href } from '../router.ts';
import { Badge, Empty, Time } from '../ui.tsx';

const STATE_HELP: Record<string, string> = {
  review: 'the mapping is incomplete: fix the binding, then resend',
  ready: 'a valid dry-run payload is waiting for a live sender',
  blocked: 'sending failed for good: fix the cause, resend or mark manual',
  retrying: 'a send failed and will be retried',
  queued: 'waiting to be drafted',
};

export function SyncJobsPage({ tenant, query }: { tenant: string; query: URLSearchParams }) {
  const state = query.get('state') ?? undefined;
  return (
    <section>
      <h1 tabIndex={-1}>Sync queue</h1>
      <nav aria-label="Filter by state" class="tabs">
        <a href={href('/sync')} aria-current={state ? undefined : 'page'}>
          all
        </a>
        {SYNC_JOB_STATES.map((s) => (
          <a
            key={s}
            href={href('/sync', { state: s })}
            aria-current={state === s ? 'page' : undefined}
          >
            {s.replace(/_/g, ' ')}
          </a>
        ))}
      </nav>
      {state && STATE_HELP[state] && (
        <p class="muted">
          {state.replace(/_/g, ' ')}: {STATE_HELP[state]}.
        </p>
      )}
      <PagedList
        load={(q) => read(api['sync-jobs'].$get({ query: q }))}
        query={{ tenant, state }}
        items={(page) => page.syncJobs}
        what="sync jobs"
        empty={
          <Empty>
            {state
              ? `No sync job is ${state.replace(/_/g, ' ')} right now.`
              : 'No sync jobs yet: each lead gets one as soon as it is stored.'}
          </Empty>
        }
      >
        {(jobs) => (
          <table>
            <caption class="visually-hidden">Sync jobs, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Job</th>
                <th scope="col">State</th>
                <th scope="col">Why</th>
                <th scope="col">Lead</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id}>
                  <td>
                    <Time iso={job.createdAt} />
                  </td>
                  <td>
                    <a href={href(`/sync/${job.id}`)}>{job.id}</a>
                  </td>
                  <td>
                    <Badge value={job.state} />
                  </td>
                  <td class="small">
                    {[...job.reviewReasons, job.lastError].filter(Boolean).join(', ')}
                  </td>
                  <td>
                    <a href={href(`/leads/${job.leadId}`)}>{job.leadId}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
    </section>
  );
}
