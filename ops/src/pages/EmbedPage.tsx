/**
 * @module
 * Embed code for the selected tenant: the snippet for each mode (inline with its target, floating
 * button, modal with triggers, the JavaScript queue stub), copy buttons, the CSP lines the site
 * needs, a launch checklist computed from the tenant's real data, and "send a test lead" as one of
 * the tenant's test contacts (classified `test`: excluded from reports, never a real alert).
 */
import type { ComponentChildren } from 'preact';
import { api, ApiFailure, read } from '../api.ts';
import { useResource } from '../resource.ts';
import { href } from '../router.ts';
import type { Session } from '../session.ts';
import { ActionResult, Badge, Load, useAction } from '../ui.tsx';
import type { TenantSummary } from './TenantsPage.tsx';

function snippets(origin: string, slug: string): [string, string, string][] {
  const script = (attributes: string) =>
    `<script src="${origin}/widget.js" data-tenant="${slug}"${attributes} async></script>`;
  return [
    [
      'inline',
      'Inline form in a page element',
      `<div id="booking" style="min-height: 640px"></div>\n${script(' data-target="#booking"')}`,
    ],
    ['button', 'Floating "Book service" button', script(' data-mode="button"')],
    [
      'modal',
      'Modal opened by your own buttons or links',
      `${script(' data-mode="modal"')}\n<button type="button" data-pagetojob-open>Book online</button>\n<a href="#" data-pagetojob-open="ac-repair">Book AC repair</a>`,
    ],
    [
      'stub',
      'JavaScript API queue (calls made before widget.js loads are replayed)',
      `<script>\n  window.PageToJob = window.PageToJob || function () { (PageToJob.q = PageToJob.q || []).push(arguments); };\n  PageToJob('on', 'lead_submitted', function (detail) { console.log(detail.leadId); });\n</script>\n${script(' data-mode="modal"')}`,
    ],
  ];
}

function Copy({ text, label }: { text: string; label: string }) {
  const action = useAction();
  return (
    <>
      <button
        type="button"
        onClick={() => void action.run(() => navigator.clipboard.writeText(text), 'Copied.')}
      >
        Copy {label}
      </button>
      <ActionResult action={action} />
    </>
  );
}

interface Checklist {
  tenant: TenantSummary;
  webhookSecrets: number | null;
  notificationChannels: number | null;
  testLeads: number;
}

/**
 * How many items a list holds, or null when this console cannot know: the route does not exist
 * on this server (404, e.g. notifications) or this token may not read it (403).
 */
async function countOrNull(list: Promise<unknown[]>): Promise<number | null> {
  try {
    return (await list).length;
  } catch (err) {
    if (err instanceof ApiFailure && (err.status === 404 || err.status === 403)) return null;
    throw err;
  }
}

async function loadChecklist(slug: string): Promise<Checklist> {
  const param = { tenant: slug };
  const [tenant, secrets, channels, tests] = await Promise.all([
    read(api.tenants[':tenant'].$get({ param })).then((r) => r.tenant),
    countOrNull(read(api['webhook-secrets'][':tenant'].$get({ param })).then((r) => r.secrets)),
    countOrNull(
      read(api.notifications[':tenant'].channels.$get({ param })).then((r) => r.channels),
    ),
    read(api.leads.$get({ query: { tenant: slug, classification: 'test', limit: 1 } })).then(
      (r) => r.leads.length,
    ),
  ]);
  return { tenant, webhookSecrets: secrets, notificationChannels: channels, testLeads: tests };
}

function Check({ ok, children }: { ok: boolean; children: ComponentChildren }) {
  return (
    <li>
      <Badge value={ok ? 'done' : 'todo'} /> {children}
    </li>
  );
}

function TestLead({ tenant, onSent }: { tenant: TenantSummary; onSent: () => void }) {
  const action = useAction();
  const phone = tenant.testContacts.phones[0];
  const email = tenant.testContacts.emails[0];
  if (!phone && !email) {
    return (
      <p class="muted">
        Add a test phone or email on the Widget settings page to send a test lead.
      </p>
    );
  }
  const send = () =>
    void action.run(
      async () => {
        const config = await fetch(`/v1/tenants/${tenant.slug}/config`).then(
          (r) => r.json() as Promise<{ services: { key: string }[] }>,
        );
        const res = await fetch('/v1/leads', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            tenant: tenant.slug,
            submissionId: crypto.randomUUID(),
            service: config.services[0]?.key,
            urgency: 'flexible',
            contact: { name: 'Console test', phone, email, smsOptIn: false },
            notes: 'Test lead sent from the operator console',
          }),
        });
        if (res.status !== 202) throw new Error(`The intake answered ${res.status}.`);
      },
      'Test lead sent: it is classified test (not in reports). Find it in Leads.',
      onSent,
    );
  return (
    <>
      <button type="button" disabled={action.busy} onClick={send}>
        Send a test lead as {phone ?? email}
      </button>
      <ActionResult action={action} />
    </>
  );
}

export function EmbedPage({ session }: { session: Session }) {
  const slug = session.tenant;
  const origin = location.origin;
  const checklist = useResource(() => loadChecklist(slug), [slug]);
  const csp = `script-src ${origin}; connect-src ${origin}`;
  return (
    <section>
      <h1 tabIndex={-1}>Embed code</h1>
      {snippets(origin, slug).map(([key, title, code]) => (
        <div class="card" key={key}>
          <h2>{title}</h2>
          <pre class="json" tabIndex={0}>
            {code}
          </pre>
          <Copy text={code} label={`the ${key} snippet`} />
        </div>
      ))}
      <div class="card">
        <h2>Content-Security-Policy</h2>
        <p>If the site sends a CSP, add the worker's origin to these directives (nothing else):</p>
        <pre class="json" tabIndex={0}>
          {csp}
        </pre>
        <Copy text={csp} label="the CSP lines" />
      </div>
      <h2>Launch checklist</h2>
      <Load resource={checklist} what="the launch checklist">
        {(c) => (
          <>
            <ul class="plain">
              <Check ok={c.tenant.allowedOrigins.length > 0}>
                The site's origin is listed ({c.tenant.allowedOrigins.join(', ') || 'none yet'}) —{' '}
                <a href={href('/widget')}>widget settings</a>
              </Check>
              <Check
                ok={
                  c.tenant.coverage.offered > 0 &&
                  c.tenant.coverage.covered === c.tenant.coverage.offered
                }
              >
                Titan Map covers every service ({c.tenant.coverage.covered}/
                {c.tenant.coverage.offered}) — <a href={href('/titan-map')}>Titan Map</a>
              </Check>
              {c.webhookSecrets !== null && (
                <Check ok={c.webhookSecrets > 0}>
                  A webhook signing secret exists — <a href={href('/webhooks')}>webhooks</a>
                </Check>
              )}
              {c.notificationChannels !== null && (
                <Check ok={c.notificationChannels > 0}>
                  The office is notified of new leads ({c.notificationChannels} channel
                  {c.notificationChannels === 1 ? '' : 's'})
                </Check>
              )}
              <Check ok={c.tenant.status === 'active'}>
                The tenant is active ({c.tenant.status})
              </Check>
              <Check ok={c.testLeads > 0}>A test lead has been seen</Check>
            </ul>
            <TestLead tenant={c.tenant} onSent={checklist.reload} />
          </>
        )}
      </Load>
    </section>
  );
}
