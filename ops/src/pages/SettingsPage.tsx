/**
 * @module
 * Tenant settings: how long personal data is kept (and purging now), erasing everything for one
 * contact on request, and — for the global admin — operator tokens (created, shown once, revoked).
 */
import { useState } from 'preact/hooks';
import { RETENTION_DAYS } from '../../../shared/ops.ts';
import { api, read, withJson } from '../api.ts';
import { useResource } from '../resource.ts';
import type { Session } from '../session.ts';
import { ActionResult, Badge, Empty, Load, Time, useAction } from '../ui.tsx';

function RetentionSettings({ tenant }: { tenant: string }) {
  const setting = useResource(
    () => read(api.lifecycle.retention.$get({ query: { tenant } })).then((r) => r.retention[0]),
    [tenant],
  );
  const save = useAction();
  const purge = useAction();
  return (
    <section aria-labelledby="retention">
      <h2 id="retention">Retention</h2>
      <Load resource={setting} what="the retention setting">
        {(s) =>
          s && (
            <>
              <p>
                Personal data of leads and webhook payloads older than{' '}
                <strong>{s.retentionDays} days</strong> is erased automatically
                {s.custom ? '' : ' (the default)'}; counts and reports stay as they were.
              </p>
              <form
                class="inline"
                key={s.retentionDays}
                onSubmit={(event) => {
                  event.preventDefault();
                  const days = Number(
                    new FormData(event.currentTarget as HTMLFormElement).get('days'),
                  );
                  void save.run(
                    () =>
                      read(
                        api.lifecycle.retention[':tenant'].$put(
                          { param: { tenant } },
                          withJson({ retentionDays: days }),
                        ),
                      ),
                    `Retention set to ${days} days.`,
                    setting.reload,
                  );
                }}
              >
                <label>
                  Keep personal data for (days)
                  <input
                    name="days"
                    type="number"
                    required
                    min={RETENTION_DAYS.min}
                    max={RETENTION_DAYS.max}
                    defaultValue={String(s.retentionDays)}
                  />
                </label>
                <button type="submit" disabled={save.busy}>
                  Save
                </button>
              </form>
              <ActionResult action={save} />
              <p>
                <button
                  type="button"
                  disabled={purge.busy}
                  onClick={() =>
                    void purge.run(
                      () =>
                        read(api.lifecycle.retention[':tenant'].run.$post({ param: { tenant } })),
                      'Purge finished: anything past the retention period is erased.',
                    )
                  }
                >
                  Purge now
                </button>{' '}
                <span class="muted small">The purge also runs on its own every few minutes.</span>
              </p>
              <ActionResult action={purge} />
            </>
          )
        }
      </Load>
    </section>
  );
}

function ContactErasure({ tenant }: { tenant: string }) {
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [confirming, setConfirming] = useState(false);
  const action = useAction();
  const erase = () =>
    void action.run(async () => {
      await read(
        api.lifecycle['contact-erasures'].$post(
          {},
          withJson({ tenant, ...(phone.trim() && { phone }), ...(email.trim() && { email }) }),
        ),
      );
      setConfirming(false);
    }, 'Everything for this contact has been erased.');
  return (
    <section aria-labelledby="contact-erasure">
      <h2 id="contact-erasure">Delete everything for one contact</h2>
      <p>
        For a deletion request: erases every lead of this tenant with this phone or email, their
        booking drafts and the webhook payloads that name them. Counts stay; the contact does not.
      </p>
      <form
        class="stack"
        onSubmit={(event) => {
          event.preventDefault();
          setConfirming(true);
        }}
      >
        <label>
          Phone
          <input
            type="tel"
            value={phone}
            onInput={(e) => setPhone((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Email
          <input
            type="email"
            value={email}
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)}
          />
        </label>
        {confirming ? (
          <p>
            <button type="button" class="danger" disabled={action.busy} onClick={erase}>
              Yes, erase everything for this contact
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </p>
        ) : (
          <button type="submit" class="danger" disabled={!phone.trim() && !email.trim()}>
            Erase…
          </button>
        )}
      </form>
      <ActionResult action={action} />
    </section>
  );
}

function Tokens({ tenant }: { tenant: string }) {
  const tokens = useResource(
    () => read(api.tokens.$get({ query: { tenant } })).then((r) => r.tokens),
    [tenant],
  );
  const [label, setLabel] = useState('');
  // A datetime-local value (the operator's time zone); empty: the token never expires.
  const [expires, setExpires] = useState('');
  const [shown, setShown] = useState<string>();
  const create = useAction();
  const revoke = useAction();
  return (
    <section aria-labelledby="tokens">
      <h2 id="tokens">Operator tokens</h2>
      <form
        class="inline"
        onSubmit={(event) => {
          event.preventDefault();
          void create.run(
            async () => {
              const r = await read(
                api.tokens.$post(
                  {},
                  withJson({
                    tenant,
                    label,
                    ...(expires && { expiresAt: new Date(expires).toISOString() }),
                  }),
                ),
              );
              setShown(r.token);
              setLabel('');
              setExpires('');
            },
            'Token created.',
            tokens.reload,
          );
        }}
      >
        <label>
          Label (who holds it)
          <input
            required
            maxLength={100}
            value={label}
            onInput={(e) => setLabel((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Expires (optional)
          <input
            type="datetime-local"
            value={expires}
            onInput={(e) => setExpires((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" disabled={create.busy}>
          Create token for {tenant}
        </button>
      </form>
      <ActionResult action={create} />
      {shown && (
        <div class="notice" role="status">
          <p>Copy this token now: it is shown only once and cannot be read back.</p>
          <input
            readOnly
            aria-label="New operator token"
            value={shown}
            onFocus={(e) => (e.target as HTMLInputElement).select()}
          />
        </div>
      )}
      <Load resource={tokens} what="operator tokens">
        {(list) =>
          list.length === 0 ? (
            <Empty>
              No operator tokens for this tenant yet. Create one above for the contractor's office.
            </Empty>
          ) : (
            <table>
              <caption class="visually-hidden">Operator tokens of this tenant</caption>
              <thead>
                <tr>
                  <th scope="col">Label</th>
                  <th scope="col">Token</th>
                  <th scope="col">Created</th>
                  <th scope="col">Last used</th>
                  <th scope="col">Expires</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {list.map((t) => (
                  <tr key={t.id}>
                    <td>{t.label}</td>
                    <td>
                      <code>{t.hint}</code>
                    </td>
                    <td>
                      <Time iso={t.createdAt} />
                    </td>
                    <td>
                      <Time iso={t.lastUsedAt} />
                    </td>
                    <td>{t.expiresAt ? <Time iso={t.expiresAt} /> : 'never'}</td>
                    <td>
                      {t.revokedAt ? (
                        <Badge value="revoked" />
                      ) : t.expiresAt && Date.parse(t.expiresAt) <= Date.now() ? (
                        <Badge value="expired" />
                      ) : (
                        <button
                          type="button"
                          disabled={revoke.busy}
                          onClick={() =>
                            void revoke.run(
                              () => read(api.tokens[':id'].$delete({ param: { id: t.id } })),
                              `Token "${t.label}" revoked.`,
                              tokens.reload,
                            )
                          }
                        >
                          Revoke
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Load>
      <ActionResult action={revoke} />
    </section>
  );
}

export function SettingsPage({ session }: { session: Session }) {
  return (
    <section>
      <h1 tabIndex={-1}>Settings</h1>
      <RetentionSettings tenant={session.tenant} />
      <ContactErasure tenant={session.tenant} />
      {session.principal.kind === 'admin' ? (
        <Tokens tenant={session.tenant} />
      ) : (
        <p class="muted">Operator tokens are managed by a PageToJob admin.</p>
      )}
    </section>
  );
}
