/**
 * @module
 * One sync job: state and why, the dry-run booking payload, what live mode would call, every
 * attempt, the audit trail, and the operator's actions.
 */
import { api, read } from '../api.ts';
import { useResource } from '../resource.ts';
import { href } from '../router.ts';
import { SyncJobActions } from '../SyncJobActions.tsx';
import { Badge, Facts, Json, Load, Text, Time } from '../ui.tsx';
import { AuditTrail } from './LeadPage.tsx';

export function SyncJobPage({ id }: { id: string }) {
  const detail = useResource(() => read(api['sync-jobs'][':id'].$get({ param: { id } })), [id]);
  return (
    <section>
      <p>
        <a href={href('/sync')}>← Sync queue</a>
      </p>
      <Load resource={detail} what="the sync job">
        {({ syncJob: job, attempts, audit, handoff }) => (
          <>
            <h1 tabIndex={-1}>
              Sync job <Badge value={job.state} />
            </h1>
            <Facts
              rows={[
                ['Job', <code>{job.id}</code>],
                ['Lead', <a href={href(`/leads/${job.leadId}`)}>{job.leadId}</a>],
                ['External id', <code>{job.externalId}</code>],
                [
                  'Review reasons',
                  job.reviewReasons.length ? job.reviewReasons.join(', ') : <Text value={null} />,
                ],
                ['Last error', <Text value={job.lastError} />],
                ['ServiceTitan booking', <Text value={job.bookingId} />],
                ['Sent', <Time iso={job.sentAt} />],
                ['Binding', job.binding ? <Json value={job.binding} /> : <Text value={null} />],
                [
                  'Operator correction',
                  job.bindingOverride ? (
                    <Json value={job.bindingOverride} />
                  ) : (
                    <Text value={null} />
                  ),
                ],
                ['Manual note', <Text value={job.manualNote} />],
                [
                  'Mode',
                  `${handoff.mode ?? 'offline-demo'} (live sending ${handoff.mode === 'live' ? 'on' : 'off'})`,
                ],
                [
                  'Would call',
                  handoff.url ? `${handoff.method} ${handoff.url}` : 'no ServiceTitan target set',
                ],
                ['Updated', <Time iso={job.updatedAt} />],
              ]}
            />
            <h2>Actions</h2>
            <SyncJobActions job={job} onDone={detail.reload} />
            <h2>Booking payload (dry run)</h2>
            {job.payload ? <Json value={job.payload} /> : <p class="muted">Not drafted yet.</p>}
            <h2>Attempts</h2>
            {attempts.length === 0 ? (
              <p class="muted">No attempt yet.</p>
            ) : (
              <ol>
                {attempts.map((a, i) => (
                  <li key={i}>
                    <Time iso={a.at} /> {a.kind}: <Badge value={a.outcome} />{' '}
                    {a.error && <span class="muted">{a.error}</span>}
                  </li>
                ))}
              </ol>
            )}
            <h2>Audit trail</h2>
            <AuditTrail entries={audit} />
          </>
        )}
      </Load>
    </section>
  );
}
