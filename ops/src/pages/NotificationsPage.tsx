/**
 * @module
 * Notifications: the tenant's channels (office email, signed webhooks, Slack-style webhooks) with
 * add, edit events, pause / resume, test, rotate secret and delete, and the delivery log with
 * filters and redeliver. A new signing secret is shown once, right after it is made. Response
 * excerpts from receivers are shown as text, never as HTML.
 */
import { useState } from 'preact/hooks';
import {
  DELIVERY_STATUSES,
  DEFAULT_EVENT_TYPES,
  NOTIFICATION_EVENT_TYPES,
} from '../../../shared/notifications.ts';
import type { InferResponseType } from 'hono/client';
import { api, read, withJson, withQuery } from '../api.ts';
import { PagedList } from '../paged.tsx';
import { useResource } from '../resource.ts';
import { href } from '../router.ts';
import { ActionResult, Badge, Empty, Load, Time, useAction } from '../ui.tsx';

const notifications = api.notifications[':tenant'];
type NotificationChannel = InferResponseType<
  typeof notifications.channels.$get
>['channels'][number];
type NotificationDelivery = InferResponseType<
  typeof notifications.deliveries.$get
>['deliveries'][number];

function SecretOnce({ secret }: { secret: string | undefined }) {
  if (!secret) return null;
  return (
    <div class="notice" role="status">
      <p>
        <strong>Signing secret — shown only now.</strong> Give it to the receiver, which verifies
        each delivery with any Standard Webhooks library:
      </p>
      <pre class="json">{secret}</pre>
    </div>
  );
}

function EventChoices({ value, onChange }: { value: string[]; onChange: (v: string[]) => void }) {
  return (
    <fieldset>
      <legend>Events</legend>
      {NOTIFICATION_EVENT_TYPES.map((type) => (
        <label key={type} class="inline">
          <input
            type="checkbox"
            checked={value.includes(type)}
            onChange={(e) =>
              onChange(
                (e.target as HTMLInputElement).checked
                  ? [...value, type]
                  : value.filter((t) => t !== type),
              )
            }
          />{' '}
          <code>{type}</code>
        </label>
      ))}
    </fieldset>
  );
}

function AddChannel({ tenant, onDone }: { tenant: string; onDone: (secret?: string) => void }) {
  const [kind, setKind] = useState<'email' | 'webhook'>('email');
  const [to, setTo] = useState('');
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState<'standard' | 'slack'>('standard');
  const [events, setEvents] = useState<string[]>(DEFAULT_EVENT_TYPES);
  const [includeTest, setIncludeTest] = useState(false);
  const action = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    const body =
      kind === 'email'
        ? { kind, to: to.split(/[\s,]+/).filter(Boolean), events, includeTest }
        : { kind, url: url.trim(), format, events, includeTest };
    void action.run(async () => {
      const res = await read(notifications.channels.$post({ param: { tenant } }, withJson(body)));
      onDone(res.secret);
    }, 'Channel added.');
  };
  return (
    <form onSubmit={submit} class="card">
      <h3>Add a channel</h3>
      <label>
        Kind
        <select
          value={kind}
          onChange={(e) => setKind((e.target as HTMLSelectElement).value as 'email' | 'webhook')}
        >
          <option value="email">Office email</option>
          <option value="webhook">Webhook</option>
        </select>
      </label>
      {kind === 'email' ? (
        <label>
          Recipients (comma-separated)
          <input
            value={to}
            onInput={(e) => setTo((e.target as HTMLInputElement).value)}
            placeholder="office@example.com"
            required
          />
        </label>
      ) : (
        <>
          <label>
            URL (https://)
            <input
              type="url"
              value={url}
              onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
              placeholder="https://hooks.example.com/pagetojob"
              required
            />
          </label>
          <label>
            Format
            <select
              value={format}
              onChange={(e) =>
                setFormat((e.target as HTMLSelectElement).value as 'standard' | 'slack')
              }
            >
              <option value="standard">Standard Webhooks (signed JSON)</option>
              <option value="slack">Slack / Google Chat / Teams ({'{"text": …}'})</option>
            </select>
          </label>
        </>
      )}
      <EventChoices value={events} onChange={setEvents} />
      <label class="inline">
        <input
          type="checkbox"
          checked={includeTest}
          onChange={(e) => setIncludeTest((e.target as HTMLInputElement).checked)}
        />{' '}
        Also alert for leads from the tenant's test contacts
      </label>
      <button type="submit" disabled={action.busy}>
        Add channel
      </button>
      <ActionResult action={action} />
    </form>
  );
}

function ChannelRow({
  tenant,
  channel,
  onSecret,
  reload,
}: {
  tenant: string;
  channel: NotificationChannel;
  onSecret: (secret: string) => void;
  reload: () => void;
}) {
  const action = useAction();
  const param = { tenant, id: channel.id };
  const one = notifications.channels[':id'];
  const [events, setEvents] = useState<string[]>(channel.events);
  const paused = channel.state !== 'active';
  return (
    <li class="card">
      <p>
        <strong>{channel.kind === 'email' ? 'Email' : `Webhook (${channel.format})`}</strong>{' '}
        <Badge value={channel.state} />{' '}
        <code>{channel.kind === 'email' ? channel.to.join(', ') : channel.url}</code>
        {channel.disabledReason && <span class="muted"> — {channel.disabledReason}</span>}
      </p>
      {channel.kind === 'webhook' && channel.secretFingerprint && (
        <p class="small muted">
          Secret fingerprint <code>{channel.secretFingerprint}</code>
          {channel.previousSecretExpiresAt && (
            <>
              {' '}
              · previous secret signs until <Time iso={channel.previousSecretExpiresAt} />
            </>
          )}
        </p>
      )}
      <details>
        <summary>Events ({channel.events.length})</summary>
        <EventChoices value={events} onChange={setEvents} />
        <button
          type="button"
          disabled={action.busy}
          onClick={() =>
            void action.run(
              () => read(one.$patch({ param }, withJson({ events }))),
              'Events saved.',
              reload,
            )
          }
        >
          Save events
        </button>
      </details>
      <div class="actions">
        <button
          type="button"
          disabled={action.busy}
          onClick={() =>
            void action.run(
              () => read(one.test.$post({ param })),
              'Test event sent; see the delivery log.',
              reload,
            )
          }
        >
          Send test
        </button>
        <button
          type="button"
          disabled={action.busy}
          onClick={() =>
            void action.run(
              () => read(one.$patch({ param }, withJson({ paused: !paused }))),
              paused ? 'Resumed; waiting deliveries are being sent.' : 'Paused.',
              reload,
            )
          }
        >
          {paused ? 'Resume' : 'Pause'}
        </button>
        {channel.kind === 'webhook' && channel.format === 'standard' && (
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              void action.run(
                async () => {
                  const res = await read(one['rotate-secret'].$post({ param }));
                  onSecret(res.secret);
                },
                'Secret rotated; the old one keeps signing for a day.',
                reload,
              )
            }
          >
            Rotate secret
          </button>
        )}
        <button
          type="button"
          disabled={action.busy}
          onClick={() =>
            confirm('Delete this channel? Its pending deliveries are cancelled.') &&
            void action.run(() => read(one.$delete({ param })), 'Deleted.', reload)
          }
        >
          Delete
        </button>
      </div>
      <ActionResult action={action} />
    </li>
  );
}

function Channels({ tenant }: { tenant: string }) {
  const channels = useResource(
    () => read(notifications.channels.$get({ param: { tenant } })),
    [tenant],
  );
  const [secret, setSecret] = useState<string>();
  return (
    <>
      <h2>Channels</h2>
      <SecretOnce secret={secret} />
      <Load resource={channels} what="channels">
        {({ channels: list }) =>
          list.length === 0 ? (
            <Empty>
              No channels yet: nobody is told of new leads. Add the office's email address below.
            </Empty>
          ) : (
            <ul class="plain">
              {list.map((c) => (
                <ChannelRow
                  key={c.id}
                  tenant={tenant}
                  channel={c}
                  onSecret={setSecret}
                  reload={channels.reload}
                />
              ))}
            </ul>
          )
        }
      </Load>
      <AddChannel
        tenant={tenant}
        onDone={(s) => {
          setSecret(s);
          channels.reload();
        }}
      />
    </>
  );
}

function Redeliver({ delivery, reload }: { delivery: NotificationDelivery; reload: () => void }) {
  const action = useAction();
  if (delivery.status === 'pending' || delivery.status === 'retrying') return null;
  return (
    <>
      <button
        type="button"
        disabled={action.busy}
        onClick={() =>
          void action.run(
            () =>
              read(
                api.notifications.deliveries[':id'].redeliver.$post({ param: { id: delivery.id } }),
              ),
            'Redelivered.',
            reload,
          )
        }
      >
        Redeliver
      </button>
      <ActionResult action={action} />
    </>
  );
}

function Deliveries({ tenant, query }: { tenant: string; query: URLSearchParams }) {
  const status = query.get('status') ?? undefined;
  const event = query.get('event') ?? undefined;
  const channel = query.get('channel') ?? undefined;
  return (
    <>
      <h2>Delivery log</h2>
      <nav aria-label="Filter deliveries by status" class="tabs">
        <a href={href('/notifications')} aria-current={status ? undefined : 'page'}>
          all
        </a>
        {DELIVERY_STATUSES.map((s) => (
          <a
            key={s}
            href={href('/notifications', { status: s })}
            aria-current={status === s ? 'page' : undefined}
          >
            {s}
          </a>
        ))}
      </nav>
      <PagedList
        load={(q) => read(notifications.deliveries.$get(withQuery({ param: { tenant } }, q)))}
        query={{ status, event, channel }}
        items={(page) => page.deliveries}
        what="deliveries"
        empty={<Empty>No {status ?? ''} deliveries yet.</Empty>}
      >
        {(rows, reload) => (
          <table>
            <caption class="visually-hidden">Notification deliveries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last answer</th>
                <th scope="col">Next / delivered</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Time iso={d.createdAt} />
                  </td>
                  <td>
                    <code>{d.eventType}</code>
                    {d.leadId && (
                      <>
                        {' '}
                        <a href={href(`/leads/${d.leadId}`)}>lead</a>
                      </>
                    )}
                    <div class="small muted">channel {d.channelId}</div>
                  </td>
                  <td>
                    <Badge value={d.status} />
                  </td>
                  <td>{d.attempts}</td>
                  <td class="small">
                    {d.lastHttpStatus ?? ''} {d.lastError ?? ''}
                    {d.responseExcerpt && (
                      <details>
                        <summary>response</summary>
                        <pre class="json">{d.responseExcerpt}</pre>
                      </details>
                    )}
                  </td>
                  <td>
                    <Time iso={d.deliveredAt ?? d.nextAttemptAt} />
                  </td>
                  <td>
                    <Redeliver delivery={d} reload={reload} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedList>
    </>
  );
}

export function NotificationsPage({ tenant, query }: { tenant: string; query: URLSearchParams }) {
  return (
    <section>
      <h1 tabIndex={-1}>Notifications</h1>
      <p class="muted">
        Who hears of each new lead and each handoff problem. Deliveries retry on Svix's schedule (up
        to about 28 hours) and stay here, redeliverable.
      </p>
      <Channels tenant={tenant} />
      <Deliveries tenant={tenant} query={query} />
    </section>
  );
}
