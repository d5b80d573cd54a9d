/**
 * @module
 * Widget settings of the selected tenant: every part of the settings document in an editor, its
 * problems shown next to each field as you type (the same rules the API applies, from
 * shared/tenant-settings.ts), save as a draft (never served to a widget), the field-by-field diff,
 * publish with a note (global admin), version history with restore, and the tenant's own origins
 * and test contacts (applied at once, no review).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { validateSettings, type WidgetSettings } from '../../../shared/tenant-settings.ts';
import type { InferResponseType } from 'hono/client';
import { api, ApiFailure, read, withJson } from '../api.ts';
import { useResource } from '../resource.ts';
import type { Session } from '../session.ts';
import { ActionResult, Badge, Empty, Load, Time, useAction } from '../ui.tsx';
import {
  AreaEditor,
  BrandingEditor,
  CalendarEditor,
  ConsentEditor,
  HoursEditor,
  ServicesEditor,
} from './settings/editors.tsx';
import { CaptureEditor } from './settings/CaptureEditor.tsx';
import { byPath, listOf } from './settings/fields.tsx';
import { WidgetPreview } from './settings/WidgetPreview.tsx';
import type { TenantSummary } from './TenantsPage.tsx';

const tenantApi = api.tenants[':tenant'];
const config = tenantApi.config;
type Draft = InferResponseType<typeof config.draft.$get>;
type Change = InferResponseType<typeof config.diff.$get>['changes'][number];

const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));

function DiffList({ changes }: { changes: Change[] }) {
  if (changes.length === 0) return <Empty>The draft is the same as the published settings.</Empty>;
  return (
    <ul class="plain">
      {changes.map((c) => (
        <li key={c.path.join('.')}>
          <Badge value={c.change} /> <code>{c.path.join('.')}</code>: {show(c.before)} →{' '}
          {show(c.after)}
        </li>
      ))}
    </ul>
  );
}

function Publish(props: { tenant: string; onDone: () => void }) {
  const [note, setNote] = useState('');
  const action = useAction();
  const publish = (event: Event) => {
    event.preventDefault();
    void action.run(
      () => read(config.publish.$post({ param: { tenant: props.tenant } }, withJson({ note }))),
      'Published: the widget shows it within a minute.',
      () => (setNote(''), props.onDone()),
    );
  };
  return (
    <form class="inline" onSubmit={publish} aria-label="Publish the draft">
      <label>
        Why (kept in the version history)
        <input
          required
          maxLength={500}
          value={note}
          onInput={(e) => setNote((e.target as HTMLInputElement).value)}
        />
      </label>
      <button type="submit" disabled={action.busy}>
        Publish
      </button>
      <ActionResult action={action} />
    </form>
  );
}

function Versions({ tenant, onRestored }: { tenant: string; onRestored: () => void }) {
  const versions = useResource(
    () => read(config.versions.$get({ param: { tenant } })).then((r) => r.versions),
    [tenant],
  );
  const action = useAction();
  return (
    <Load resource={versions} what="versions">
      {(list) => (
        <>
          <ul class="plain">
            {list.map((v) => (
              <li key={v.version}>
                <strong>v{v.version}</strong> “{v.note}” — {v.publishedBy}{' '}
                <Time iso={v.publishedAt} />{' '}
                <button
                  type="button"
                  disabled={action.busy}
                  onClick={() =>
                    void action.run(
                      () =>
                        read(
                          config.versions[':version{[0-9]+}'].restore.$post({
                            param: { tenant, version: String(v.version) },
                          }),
                        ),
                      `Version ${v.version} is now the draft: review the diff, then publish it.`,
                      onRestored,
                    )
                  }
                >
                  Restore as draft
                </button>
              </li>
            ))}
          </ul>
          <ActionResult action={action} />
        </>
      )}
    </Load>
  );
}

function TenantFields({ tenant, admin }: { tenant: TenantSummary; admin: boolean }) {
  const [origins, setOrigins] = useState(tenant.allowedOrigins.join('\n'));
  const [phones, setPhones] = useState(tenant.testContacts.phones.join('\n'));
  const [emails, setEmails] = useState(tenant.testContacts.emails.join('\n'));
  const action = useAction();
  const save = (event: Event) => {
    event.preventDefault();
    void action.run(
      () =>
        read(
          tenantApi.$patch(
            { param: { tenant: tenant.slug } },
            withJson({
              allowedOrigins: listOf(origins),
              testContacts: { phones: listOf(phones), emails: listOf(emails) },
            }),
          ),
        ),
      'Saved: applies to new leads at once.',
    );
  };
  const text = (value: string, set: (v: string) => void) => ({
    value,
    disabled: !admin,
    onInput: (e: Event) => set((e.target as HTMLTextAreaElement).value),
  });
  return (
    <form class="stack" onSubmit={save} aria-label="Origins and test contacts">
      <label>
        Website origins (one per line); leads from elsewhere are flagged, never refused
        <textarea rows={3} {...text(origins, setOrigins)} />
      </label>
      <label>
        Test phones (their leads are classified test)
        <textarea rows={2} {...text(phones, setPhones)} />
      </label>
      <label>
        Test emails
        <textarea rows={2} {...text(emails, setEmails)} />
      </label>
      {admin ? (
        <button type="submit" disabled={action.busy}>
          Save origins and test contacts
        </button>
      ) : (
        <p class="muted small">A PageToJob admin changes these.</p>
      )}
      <ActionResult action={action} />
    </form>
  );
}

function Editor(props: {
  session: Session;
  draft: Draft;
  tenant: TenantSummary;
  reload: () => void;
}) {
  const { session, draft, tenant, reload } = props;
  const admin = session.principal.kind === 'admin';
  const [settings, setSettings] = useState<WidgetSettings>(draft.config);
  useEffect(() => setSettings(draft.config), [draft]);
  const [changes, setChanges] = useState<Change[] | null>(null);
  const [serverIssues, setServerIssues] = useState<ApiFailure | null>(null);
  const action = useAction();
  const checked = useMemo(() => validateSettings(settings), [settings]);
  const issues = byPath(checked.ok ? (serverIssues?.issues ?? []) : checked.issues);
  const update = (change: (d: WidgetSettings) => void) =>
    setSettings((current) => {
      const next = structuredClone(current);
      change(next);
      return next;
    });
  const loadDiff = () =>
    read(config.diff.$get({ param: { tenant: tenant.slug } })).then((r) => setChanges(r.changes));
  const save = () =>
    void action.run(async () => {
      setServerIssues(null);
      try {
        await read(config.draft.$put({ param: { tenant: tenant.slug } }, withJson(settings)));
      } catch (err) {
        if (err instanceof ApiFailure) setServerIssues(err);
        throw err;
      }
      await loadDiff();
    }, 'Draft saved. It is not shown to visitors until it is published.');
  const editorProps = { settings, update, issues };
  return (
    <>
      <p class="muted">
        Published version v{draft.publishedVersion}.{' '}
        {draft.exists ? (
          <>
            Draft by {draft.updatedBy} <Time iso={draft.updatedAt} /> (based on v{draft.baseVersion}
            )
          </>
        ) : (
          'No open draft: editing starts from what is published.'
        )}
      </p>
      {!checked.ok && (
        <p role="status" class="notice error">
          {checked.issues.length} problem{checked.issues.length === 1 ? '' : 's'} to fix before this
          can be saved: each is shown next to its field.
        </p>
      )}
      <div class="settings-layout">
        <form
          class="stack"
          onSubmit={(e) => (e.preventDefault(), save())}
          aria-label="Widget settings"
        >
          <ServicesEditor {...editorProps} />
          <HoursEditor {...editorProps} />
          <CalendarEditor {...editorProps} />
          <AreaEditor {...editorProps} />
          <ConsentEditor {...editorProps} />
          <BrandingEditor {...editorProps} />
          <CaptureEditor {...editorProps} />
          <button type="submit" disabled={action.busy || !checked.ok}>
            Save draft
          </button>
          <ActionResult action={action} />
        </form>
        <WidgetPreview tenant={tenant} settings={settings} />
      </div>
      <h2>Review and publish</h2>
      <button type="button" onClick={() => void loadDiff()}>
        Show the diff against v{draft.publishedVersion}
      </button>
      {changes && <DiffList changes={changes} />}
      {admin ? (
        <Publish tenant={tenant.slug} onDone={() => (setChanges(null), reload())} />
      ) : (
        <p class="muted">A PageToJob admin reviews and publishes drafts.</p>
      )}
      <h2>Version history</h2>
      <Versions tenant={tenant.slug} onRestored={reload} />
      <h2>Origins and test contacts</h2>
      <TenantFields key={tenant.slug} tenant={tenant} admin={admin} />
    </>
  );
}

export function WidgetSettingsPage({ session }: { session: Session }) {
  const slug = session.tenant;
  const data = useResource(
    () =>
      Promise.all([
        read(config.draft.$get({ param: { tenant: slug } })),
        read(tenantApi.$get({ param: { tenant: slug } })).then((r) => r.tenant),
      ]),
    [slug],
  );
  return (
    <section>
      <h1 tabIndex={-1}>Widget settings</h1>
      <Load resource={data} what="the widget settings">
        {([draft, tenant]) => (
          <Editor session={session} draft={draft} tenant={tenant} reload={data.reload} />
        )}
      </Load>
    </section>
  );
}
