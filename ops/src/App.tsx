/**
 * @module
 * The console shell: sign-in gate, header (tenant picker, sign out), navigation and the page for
 * the current hash route. Focus moves to the page heading on navigation, for screen readers.
 */
import { useEffect, useRef } from 'preact/hooks';
import { SERVICETITAN_DISCLAIMERS } from '../../shared/outcomes.ts';
import { api, read, withToken } from './api.ts';
import { ConversionsPage } from './pages/ConversionsPage.tsx';
import { EmbedPage } from './pages/EmbedPage.tsx';
import { LeadPage } from './pages/LeadPage.tsx';
import { LeadsPage } from './pages/LeadsPage.tsx';
import { SpamReviewPage } from './pages/SpamReviewPage.tsx';
import { UnfinishedPage } from './pages/UnfinishedPage.tsx';
import { NotificationsPage } from './pages/NotificationsPage.tsx';
import { OutcomesPage } from './pages/OutcomesPage.tsx';
import { ProofPage } from './pages/ProofPage.tsx';
import { ReadinessPage } from './pages/ReadinessPage.tsx';
import { ReportsPage } from './pages/ReportsPage.tsx';
import { SettingsPage } from './pages/SettingsPage.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { SyncJobPage } from './pages/SyncJobPage.tsx';
import { SyncJobsPage } from './pages/SyncJobsPage.tsx';
import { TenantsPage } from './pages/TenantsPage.tsx';
import { TitanMapPage } from './pages/TitanMapPage.tsx';
import { WebhookEventPage } from './pages/WebhookEventPage.tsx';
import { WebhooksPage } from './pages/WebhooksPage.tsx';
import { WidgetSettingsPage } from './pages/WidgetSettingsPage.tsx';
import { useResource } from './resource.ts';
import { href, useRoute, type Route } from './router.ts';
import {
  chooseTenant,
  currentToken,
  signOut,
  startSession,
  useSession,
  type Session,
} from './session.ts';
import { Loading } from './ui.tsx';

const NAV: [string, string][] = [
  ['leads', 'Leads'],
  ['spam', 'Spam review'],
  ['unfinished', 'Unfinished'],
  ['sync', 'Sync queue'],
  ['webhooks', 'Webhooks'],
  ['notifications', 'Notifications'],
  ['titan-map', 'Titan Map'],
  ['readiness', 'Readiness'],
  ['reports', 'Reports'],
  ['outcomes', 'Outcome imports'],
  ['conversions', 'Conversion files'],
  ['widget', 'Widget settings'],
  ['embed', 'Embed code'],
  ['tenants', 'Tenants'],
  ['proof', 'Proof'],
  ['settings', 'Settings'],
];

function Page({ route, session }: { route: Route; session: Session }) {
  const [section = 'leads', id, sub] = route.segments;
  const tenant = session.tenant;
  switch (section) {
    case 'leads':
      return id ? <LeadPage id={id} /> : <LeadsPage tenant={tenant} query={route.query} />;
    case 'spam':
      return <SpamReviewPage tenant={tenant} />;
    case 'unfinished':
      return <UnfinishedPage tenant={tenant} />;
    case 'sync':
      return id ? <SyncJobPage id={id} /> : <SyncJobsPage tenant={tenant} query={route.query} />;
    case 'webhooks':
      return id === 'events' && sub ? (
        <WebhookEventPage id={sub} />
      ) : (
        <WebhooksPage tenant={tenant} query={route.query} />
      );
    case 'notifications':
      return <NotificationsPage tenant={tenant} query={route.query} />;
    case 'titan-map':
      return <TitanMapPage tenant={tenant} query={route.query} />;
    case 'readiness':
      return <ReadinessPage tenant={tenant} admin={session.principal.kind === 'admin'} />;
    case 'reports':
      return <ReportsPage tenant={tenant} query={route.query} />;
    case 'outcomes':
      return <OutcomesPage tenant={tenant} query={route.query} />;
    case 'conversions':
      return <ConversionsPage tenant={tenant} query={route.query} />;
    case 'proof':
      return <ProofPage tenant={tenant} query={route.query} />;
    case 'settings':
      return <SettingsPage session={session} />;
    case 'widget':
      return <WidgetSettingsPage session={session} />;
    case 'embed':
      return <EmbedPage session={session} />;
    case 'tenants':
      return <TenantsPage session={session} query={route.query} />;
    default:
      return (
        <section>
          <h1 tabIndex={-1}>Page not found</h1>
          <p>
            There is no console page <code>#{route.segments.join('/')}</code>.{' '}
            <a href={href('/leads')}>Go to the leads list</a>.
          </p>
        </section>
      );
  }
}

function Shell({ session }: { session: Session }) {
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  const section = route.segments[0] ?? 'leads';
  const routeKey = `${route.segments.join('/')}?${route.query}`;
  useEffect(() => {
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [routeKey]);
  const who =
    session.principal.kind === 'admin' ? 'Global admin' : `Operator · ${session.principal.label}`;
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), main.current?.focus())}>
        Skip to content
      </a>
      <header class="top">
        <strong>PageToJob operator console</strong>
        {session.tenants.length > 1 ? (
          <label>
            Tenant
            <select
              value={session.tenant}
              onChange={(e) => chooseTenant((e.target as HTMLSelectElement).value)}
            >
              {session.tenants.map((t) => (
                <option key={t.slug} value={t.slug}>
                  {t.name} ({t.slug})
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span>{session.tenants[0]?.name ?? 'No tenant'}</span>
        )}
        <span class="muted">{who}</span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      <nav aria-label="Console sections">
        <ul>
          {NAV.map(([key, label]) => (
            <li key={key}>
              <a href={href(`/${key}`)} aria-current={section === key ? 'page' : undefined}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" ref={main} tabIndex={-1} key={session.tenant}>
        <Page route={route} session={session} />
      </main>
      <footer class="disclaimer">{SERVICETITAN_DISCLAIMERS.join(' ')}</footer>
    </>
  );
}

/** Resumes a session from a token kept in this tab (a reload must not sign the operator out). */
function Resume({ token }: { token: string }) {
  const resumed = useResource(async () => {
    try {
      const me = await read(api.tokens.current.$get({}, withToken(token)));
      startSession({ token, ...me });
    } catch {
      signOut();
    }
    return true;
  }, [token]);
  return resumed.loading ? <Loading what="your session" /> : null;
}

export function App() {
  const session = useSession();
  if (session) return <Shell session={session} />;
  const kept = currentToken();
  return kept ? <Resume token={kept} /> : <SignIn />;
}
