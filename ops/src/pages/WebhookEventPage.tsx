/**
 * @module
 * One accepted webhook event: what it said, what processing did with it, and re-processing for
 * events that failed or matched no lead.
 */
import { api } from '../api.ts';
import { useResource } from '../resource.ts';
import { href } from '../router.ts';
import type { WebhookEvent } from '../types.ts';
import { ActionResult, Badge, Facts, Json, Load, Text, Time, useAction } from '../ui.tsx';

export function WebhookEventPage({ id }: { id: string }) {
  const detail = useResource(
    () => api<{ event: WebhookEvent }>(`/v1/admin/webhook-events/${id}`),
    [id],
  );
  const reprocess = useAction();
  return (
    <section>
      <p>
        <a href={href('/webhooks')}>← Webhooks</a>
      </p>
      <Load resource={detail} what="the webhook event">
        {({ event }) => (
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
            {(event.state === 'failed' || event.state === 'unmatched') && (
              <p>
                <button
                  type="button"
                  disabled={reprocess.busy}
                  onClick={() =>
                    void reprocess.run(
                      () =>
                        api(`/v1/admin/webhook-events/${event.id}/reprocess`, { method: 'POST' }),
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
            <h2>What processing recorded</h2>
            {event.applied ? <Json value={event.applied} /> : <p class="muted">Nothing.</p>}
            <h2>Envelope</h2>
            <Json value={event.envelope} />
          </>
        )}
      </Load>
    </section>
  );
}
