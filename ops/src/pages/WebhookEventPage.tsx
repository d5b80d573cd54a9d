/**
 * @module
 * One accepted webhook event: what it said, what processing did with it, the schema's issues with
 * its data (why it is quarantined), re-processing for events that failed, matched no lead or are
 * quarantined, and who re-processed it.
 */
import { REPROCESSABLE_STATES } from '../../../shared/webhook-admin.ts';
import type { InferResponseType } from 'hono/client';
import { api, read } from '../api.ts';
import { useResource } from '../resource.ts';
import { href } from '../router.ts';
import { ActionResult, Badge, Facts, Json, Load, Text, Time, useAction } from '../ui.tsx';
import { AuditTrail } from './LeadPage.tsx';

type WebhookEvent = InferResponseType<(typeof api)['webhook-events'][':id']['$get']>['event'];

function Issues({ event }: { event: WebhookEvent }) {
  if (!event.issues?.length) return null;
  return (
    <>
      <h2>Schema issues</h2>
      <p>
        {event.state === 'quarantined'
          ? 'The data does not match the schema of its type, so nothing was applied. Process it again once the schema accepts it (or the sender fixed the event).'
          : 'Nulls the schema forbids, only in fields processing does not read: the event was applied.'}
      </p>
      <table>
        <caption class="visually-hidden">Where the data is off its schema</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Code</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {event.issues.map((issue) => (
            <tr key={issue.path.join('.')}>
              <th scope="row">
                <code>{issue.path.join('.')}</code>
              </th>
              <td>{issue.code}</td>
              <td>{issue.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function WebhookEventPage({ id }: { id: string }) {
  const detail = useResource(
    () => read(api['webhook-events'][':id'].$get({ param: { id } })),
    [id],
  );
  const reprocess = useAction();
  return (
    <section>
      <p>
        <a href={href('/webhooks')}>← Webhooks</a>
      </p>
      <Load resource={detail} what="the webhook event">
        {({ event, audit }) => (
          <>
            <h1 tabIndex={-1}>
              {event.type} <Badge value={event.state} />
            </h1>
            <Facts
              rows={[
                ['Event', <code>{event.id}</code>],
                ['webhook-id', <code>{event.webhookId}</code>],
                ['Event time', <Time iso={event.eventTime} />],
                ['Received', <Time iso={event.receivedAt} />],
                [
                  'Lead',
                  event.leadId ? (
                    <a href={href(`/leads/${event.leadId}`)}>{event.leadId}</a>
                  ) : (
                    'not matched to a lead'
                  ),
                ],
                ['Note', <Text value={event.note} />],
              ]}
            />
            {(REPROCESSABLE_STATES as readonly string[]).includes(event.state) && (
              <p>
                <button
                  type="button"
                  disabled={reprocess.busy}
                  onClick={() =>
                    void reprocess.run(
                      () =>
                        read(
                          api['webhook-events'][':id'].reprocess.$post({ param: { id: event.id } }),
                        ),
                      'Processed again.',
                      detail.reload,
                    )
                  }
                >
                  Process again
                </button>
              </p>
            )}
            <ActionResult action={reprocess} />
            <Issues event={event} />
            <h2>What processing recorded</h2>
            {event.applied ? <Json value={event.applied} /> : <p class="muted">Nothing.</p>}
            <h2>Envelope</h2>
            <Json value={event.envelope} />
            <h2>Operator actions</h2>
            <AuditTrail entries={audit} />
          </>
        )}
      </Load>
    </section>
  );
}
