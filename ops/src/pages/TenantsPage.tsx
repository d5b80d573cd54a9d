/**
 * @module
 * Tenants (global admin): every contractor with its status, published settings version, Titan Map
 * coverage and open draft; a guided form that creates one (its first settings copied from a tenant
 * you pick, to be edited on the Widget settings page); pause, archive and resume. Creating needs
 * no SQL: it posts the same document `npm run tenant -- create --file` sends.
 */
import { useState } from 'preact/hooks';
import type { InferResponseType } from 'hono/client';
import { api, read, withJson } from '../api.ts';
import { useResource } from '../resource.ts';
import { href, navigate } from '../router.ts';
import { chooseTenant, startSession, type Session } from '../session.ts';
import { ActionResult, Badge, Empty, Load, Time, useAction } from '../ui.tsx';
import { listOf } from './settings/fields.tsx';

export type TenantSummary = InferResponseType<typeof api.tenants.$get>['tenants'][number];

/** The console's list of tenants must include one just created: ask the API who we are again. */
async function refreshSession(session: Session, select: string): Promise<void> {
  const me = await read(api.tokens.current.$get());
  startSession({ token: session.token, ...me });
  chooseTenant(select);
}

function CreateTenant({ session, onDone }: { session: Session; onDone: () => void }) {
  const [form, setForm] = useState({
    slug: '',
    name: '',
    timezone: 'America/Phoenix',
    origins: '',
    from: session.tenant,
  });
  const action = useAction();
  const set = (key: keyof typeof form) => (e: Event) =>
    setForm({ ...form, [key]: (e.target as HTMLInputElement).value });
  const submit = (event: Event) => {
    event.preventDefault();
    void action.run(
      async () => {
        const template = await read(
          api.tenants[':tenant'].config.draft.$get({ param: { tenant: form.from } }),
        );
        await read(
          api.tenants.$post(
            {},
            withJson({
              slug: form.slug,
              name: form.name,
              timezone: form.timezone,
              allowedOrigins: listOf(form.origins),
              config: template.config,
            }),
          ),
        );
        // Switching to the new tenant remounts the page: the confirmation travels in the URL.
        navigate('/tenants', { created: form.slug });
        await refreshSession(session, form.slug);
      },
      `Tenant ${form.slug} created.`,
      onDone,
    );
  };
  return (
    <form class="stack card" onSubmit={submit} aria-label="Create a tenant">
      <h2>Add a contractor</h2>
      <label>
        Slug (lower case, digits, dashes; used in the embed code)
        <input required pattern="[a-z0-9-]{2,64}" value={form.slug} onInput={set('slug')} />
      </label>
      <label>
        Company name
        <input required maxLength={200} value={form.name} onInput={set('name')} />
      </label>
      <label>
        Time zone (IANA, e.g. America/Denver)
        <input required value={form.timezone} onInput={set('timezone')} />
      </label>
      <label>
        Website origins the widget is embedded on (one per line, e.g. https://example.com)
        <textarea rows={2} value={form.origins} onInput={set('origins')} />
      </label>
      <label>
        Start the widget settings from
        <select value={form.from} onChange={set('from')}>
          {session.tenants.map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={action.busy}>
        Create tenant
      </button>
      <ActionResult action={action} />
    </form>
  );
}

function StatusButtons({ tenant, onDone }: { tenant: TenantSummary; onDone: () => void }) {
  const action = useAction();
  const to = (status: TenantSummary['status']) =>
    void action.run(
      () =>
        read(
          api.tenants[':tenant'].$patch({ param: { tenant: tenant.slug } }, withJson({ status })),
        ),
      `${tenant.name} is now ${status}.`,
      onDone,
    );
  return (
    <>
      {tenant.status !== 'active' && (
        <button type="button" disabled={action.busy} onClick={() => to('active')}>
          Resume
        </button>
      )}
      {tenant.status === 'active' && (
        <button type="button" disabled={action.busy} onClick={() => to('paused')}>
          Pause
        </button>
      )}
      {tenant.status !== 'archived' && (
        <button type="button" class="danger" disabled={action.busy} onClick={() => to('archived')}>
          Archive
        </button>
      )}
      <ActionResult action={action} />
    </>
  );
}

function Created({ slug }: { slug: string }) {
  return (
    <div class="notice done" role="status">
      <p>
        Tenant <strong>{slug}</strong> created, with the settings you started from published as
        version 1. Next: <a href={href('/widget')}>widget settings</a> ·{' '}
        <a href={href('/titan-map')}>Titan Map</a> · <a href={href('/webhooks')}>webhook secret</a>{' '}
        · <a href={href('/embed')}>embed code</a>
      </p>
    </div>
  );
}

export function TenantsPage({ session, query }: { session: Session; query: URLSearchParams }) {
  const created = query.get('created');
  const tenants = useResource(() => read(api.tenants.$get()).then((r) => r.tenants), []);
  const admin = session.principal.kind === 'admin';
  return (
    <section>
      <h1 tabIndex={-1}>Tenants</h1>
      {created && <Created slug={created} />}
      <p class="muted">
        A paused or archived tenant's widget shows its office phone instead of the form; leads that
        still arrive are kept and flagged.
      </p>
      <Load resource={tenants} what="tenants">
        {(list) =>
          list.length === 0 ? (
            <Empty>No tenants yet: add the first one below.</Empty>
          ) : (
            <table>
              <caption class="visually-hidden">Tenants</caption>
              <thead>
                <tr>
                  <th scope="col">Tenant</th>
                  <th scope="col">Status</th>
                  <th scope="col">Settings</th>
                  <th scope="col">Titan Map coverage</th>
                  {admin && <th scope="col">Actions</th>}
                </tr>
              </thead>
              <tbody>
                {list.map((t) => (
                  <tr key={t.slug}>
                    <td>
                      <strong>{t.name}</strong> <code>{t.slug}</code>
                      <div class="muted small">{t.timezone}</div>
                    </td>
                    <td>
                      <Badge value={t.status} />
                    </td>
                    <td>
                      v{t.publishedVersion ?? '—'} <Time iso={t.publishedAt} />
                      {t.hasDraft && (
                        <>
                          {' '}
                          <Badge value="draft" />
                        </>
                      )}
                    </td>
                    <td>
                      {t.coverage.covered}/{t.coverage.offered} services (
                      {Math.round(t.coverage.score * 100)}%)
                    </td>
                    {admin && (
                      <td>
                        <StatusButtons tenant={t} onDone={tenants.reload} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Load>
      {admin ? (
        <CreateTenant session={session} onDone={tenants.reload} />
      ) : (
        <p class="muted">New tenants are added by a PageToJob admin.</p>
      )}
    </section>
  );
}
