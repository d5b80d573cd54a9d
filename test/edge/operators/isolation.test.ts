/**
 * Tenant isolation for every admin route: an operator token of tenant A never reads or changes
 * tenant B's data (403, the same status on every route), lists show A's rows only, and the global
 * admin token sees both. ROUTES is the table to extend when a route is added; the last test
 * fails for any admin route the app mounts that the table does not cover.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { app } from '../../../edge/app.ts';
import { insertDriftFindingStatement } from '../../../edge/titan-map/db/drift-findings.ts';
import { ADMIN, bearer, call, postLead } from '../../helpers/api.ts';
import { copyDemoTenant, mintOperatorToken } from '../../helpers/ops.ts';
import demoTenantFile from '../../../examples/tenants/desert-peak.json' with { type: 'json' };

const A = 'iso-a';
const B = 'iso-b';

interface Fixtures {
  lead: string;
  syncJob: string;
  event: string;
  finding: string;
  batch: string;
  outcomeImport: string;
  secret: string;
  operatorToken: string;
  intakeKey: string;
  channel: string;
  delivery: string;
}

interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The route as mounted (Hono pattern), matched against `app.routes`. */
  route: string;
  /** A concrete path at tenant B's data. */
  path: (b: Fixtures) => string;
  body?: (b: Fixtures) => unknown;
  contentType?: string;
  /** 403 code for A's token: another tenant's data, or a route only the global admin may use. */
  denied?: 'forbidden_tenant' | 'admin_only';
}

const note = { note: 'isolation test' };
const ROUTES: RouteCase[] = [
  { method: 'GET', route: '/v1/admin/leads', path: () => `/v1/admin/leads?tenant=${B}` },
  { method: 'GET', route: '/v1/admin/leads/:id', path: (b) => `/v1/admin/leads/${b.lead}` },
  {
    method: 'POST',
    route: '/v1/admin/leads/:id/classification',
    path: (b) => `/v1/admin/leads/${b.lead}/classification`,
    body: () => ({ classification: 'spam', ...note }),
  },
  {
    method: 'GET',
    route: '/v1/admin/intake-keys',
    path: () => `/v1/admin/intake-keys?tenant=${B}`,
  },
  {
    method: 'POST',
    route: '/v1/admin/intake-keys',
    path: () => '/v1/admin/intake-keys',
    body: () => ({ tenant: B, label: 'stolen' }),
  },
  {
    method: 'DELETE',
    route: '/v1/admin/intake-keys/:id',
    path: (b) => `/v1/admin/intake-keys/${b.intakeKey}`,
  },
  {
    method: 'GET',
    route: '/v1/admin/tokens',
    path: () => `/v1/admin/tokens?tenant=${B}`,
    denied: 'admin_only',
  },
  {
    method: 'POST',
    route: '/v1/admin/tokens',
    path: () => '/v1/admin/tokens',
    body: () => ({ tenant: B, label: 'stolen' }),
    denied: 'admin_only',
  },
  {
    method: 'DELETE',
    route: '/v1/admin/tokens/:id',
    path: (b) => `/v1/admin/tokens/${b.operatorToken}`,
    denied: 'admin_only',
  },
  {
    method: 'GET',
    route: '/v1/admin/reports/leads',
    path: () => `/v1/admin/reports/leads?tenant=${B}&from=2026-01-01&to=2026-01-31`,
  },
  {
    method: 'GET',
    route: '/v1/admin/reports/leads.csv',
    path: () => `/v1/admin/reports/leads.csv?tenant=${B}`,
  },
  {
    method: 'GET',
    route: '/v1/admin/reports/proof',
    path: () => `/v1/admin/reports/proof?tenant=${B}&from=2026-01-01&to=2026-01-31`,
  },
  {
    method: 'GET',
    route: '/v1/admin/reports/conversions/:file',
    path: () =>
      `/v1/admin/reports/conversions/google-ads.csv?tenant=${B}&from=2026-01-01&to=2026-01-31`,
  },
  {
    method: 'GET',
    route: '/v1/admin/reports/conversions/settings',
    path: () => `/v1/admin/reports/conversions/settings?tenant=${B}`,
  },
  {
    method: 'PUT',
    route: '/v1/admin/reports/conversions/settings',
    path: () => `/v1/admin/reports/conversions/settings?tenant=${B}`,
    body: () => ({ names: { lead: 'Isolation' } }),
  },
  {
    method: 'POST',
    route: '/v1/admin/outcomes/:tenant/imports',
    path: () => `/v1/admin/outcomes/${B}/imports?kind=jobs`,
    body: () => 'Job ID,Created Date\n1,1/1/2026\n',
    contentType: 'text/csv',
  },
  {
    method: 'GET',
    route: '/v1/admin/outcomes/:tenant/imports',
    path: () => `/v1/admin/outcomes/${B}/imports`,
  },
  {
    method: 'GET',
    route: '/v1/admin/outcomes/:tenant/imports/:batchId',
    path: (b) => `/v1/admin/outcomes/${B}/imports/${b.outcomeImport}`,
  },
  {
    method: 'POST',
    route: '/v1/admin/outcomes/:tenant/imports/:batchId/review',
    path: (b) => `/v1/admin/outcomes/${B}/imports/${b.outcomeImport}/review`,
    body: () => ({ decisions: [{ recordId: 1, decision: 'confirm' }] }),
  },
  {
    method: 'GET',
    route: '/v1/admin/lifecycle/retention',
    path: () => `/v1/admin/lifecycle/retention?tenant=${B}`,
  },
  {
    method: 'PUT',
    route: '/v1/admin/lifecycle/retention/:tenant',
    path: () => `/v1/admin/lifecycle/retention/${B}`,
    body: () => ({ retentionDays: 30 }),
  },
  {
    method: 'POST',
    route: '/v1/admin/lifecycle/retention/:tenant/run',
    path: () => `/v1/admin/lifecycle/retention/${B}/run`,
  },
  {
    method: 'DELETE',
    route: '/v1/admin/lifecycle/leads/:id',
    path: (b) => `/v1/admin/lifecycle/leads/${b.lead}`,
  },
  {
    method: 'POST',
    route: '/v1/admin/lifecycle/contact-erasures',
    path: () => '/v1/admin/lifecycle/contact-erasures',
    body: () => ({ tenant: B, phone: '6025550123' }),
  },
  { method: 'GET', route: '/v1/admin/sync-jobs', path: () => `/v1/admin/sync-jobs?tenant=${B}` },
  {
    method: 'GET',
    route: '/v1/admin/sync-jobs/:id',
    path: (b) => `/v1/admin/sync-jobs/${b.syncJob}`,
  },
  {
    method: 'POST',
    route: '/v1/admin/sync-jobs/:id/resend',
    path: (b) => `/v1/admin/sync-jobs/${b.syncJob}/resend`,
  },
  {
    method: 'POST',
    route: '/v1/admin/sync-jobs/:id/manual-complete',
    path: (b) => `/v1/admin/sync-jobs/${b.syncJob}/manual-complete`,
    body: () => note,
  },
  {
    method: 'POST',
    route: '/v1/admin/sync-jobs/:id/binding',
    path: (b) => `/v1/admin/sync-jobs/${b.syncJob}/binding`,
    body: () => ({ jobTypeId: 4522 }),
  },
  {
    method: 'GET',
    route: '/v1/admin/connections/:tenant',
    path: () => `/v1/admin/connections/${B}`,
  },
  {
    method: 'PUT',
    route: '/v1/admin/connections/:tenant/gates/:gate',
    path: () => `/v1/admin/connections/${B}/gates/scopes`,
    body: () => ({ satisfied: true, note: 'isolation test' }),
  },
  {
    method: 'PUT',
    route: '/v1/admin/connections/:tenant/mode',
    path: () => `/v1/admin/connections/${B}/mode`,
    body: () => ({ mode: 'offline-demo' }),
  },
  {
    method: 'POST',
    route: '/v1/admin/connections/:tenant/disconnect',
    path: () => `/v1/admin/connections/${B}/disconnect`,
    body: () => ({ reason: 'isolation test' }),
  },
  {
    method: 'POST',
    route: '/v1/admin/titan-map/tenants/:tenant/imports',
    path: () => `/v1/admin/titan-map/tenants/${B}/imports?kind=campaigns`,
    body: () => 'Id,Name,Active\n1003,Radio,True\n',
    contentType: 'text/csv',
  },
  {
    method: 'GET',
    route: '/v1/admin/titan-map/tenants/:tenant/imports',
    path: () => `/v1/admin/titan-map/tenants/${B}/imports`,
  },
  {
    method: 'GET',
    route: '/v1/admin/titan-map/tenants/:tenant/imports/:batchId',
    path: (b) => `/v1/admin/titan-map/tenants/${B}/imports/${b.batch}`,
  },
  {
    method: 'GET',
    route: '/v1/admin/titan-map/tenants/:tenant/imports/:batchId/candidates',
    path: (b) => `/v1/admin/titan-map/tenants/${B}/imports/${b.batch}/candidates`,
  },
  {
    method: 'POST',
    route: '/v1/admin/titan-map/tenants/:tenant/imports/:batchId/review',
    path: (b) => `/v1/admin/titan-map/tenants/${B}/imports/${b.batch}/review`,
    body: () => ({ decision: 'accept', all: true }),
  },
  {
    method: 'GET',
    route: '/v1/admin/titan-map/tenants/:tenant/bindings',
    path: () => `/v1/admin/titan-map/tenants/${B}/bindings`,
  },
  {
    method: 'PUT',
    route: '/v1/admin/titan-map/tenants/:tenant/bindings/:service',
    path: () => `/v1/admin/titan-map/tenants/${B}/bindings/indoor-air-quality`,
    body: () => ({ jobTypeId: 4540, businessUnitId: 319, campaignId: 1001 }),
  },
  {
    method: 'DELETE',
    route: '/v1/admin/titan-map/tenants/:tenant/bindings/:service',
    path: () => `/v1/admin/titan-map/tenants/${B}/bindings/ac-repair`,
  },
  {
    method: 'GET',
    route: '/v1/admin/titan-map/tenants/:tenant/suggestions',
    path: () => `/v1/admin/titan-map/tenants/${B}/suggestions`,
  },
  {
    method: 'POST',
    route: '/v1/admin/titan-map/tenants/:tenant/suggestions/:service/accept',
    path: () => `/v1/admin/titan-map/tenants/${B}/suggestions/indoor-air-quality/accept`,
    body: () => ({}),
  },
  {
    method: 'POST',
    route: '/v1/admin/titan-map/tenants/:tenant/publish',
    path: () => `/v1/admin/titan-map/tenants/${B}/publish`,
    body: () => note,
  },
  {
    method: 'GET',
    route: '/v1/admin/titan-map/tenants/:tenant/versions',
    path: () => `/v1/admin/titan-map/tenants/${B}/versions`,
  },
  {
    method: 'GET',
    route: '/v1/admin/titan-map/tenants/:tenant/versions/:version',
    path: () => `/v1/admin/titan-map/tenants/${B}/versions/2026-11-01.1`,
  },
  {
    method: 'GET',
    route: '/v1/admin/titan-map/tenants/:tenant/taxonomy',
    path: () => `/v1/admin/titan-map/tenants/${B}/taxonomy`,
  },
  {
    method: 'GET',
    route: '/v1/admin/titan-map/tenants/:tenant/coverage',
    path: () => `/v1/admin/titan-map/tenants/${B}/coverage`,
  },
  {
    method: 'GET',
    route: '/v1/admin/titan-map/drift-findings',
    path: () => `/v1/admin/titan-map/drift-findings?tenant=${B}`,
  },
  {
    method: 'GET',
    route: '/v1/admin/titan-map/drift-findings/:id',
    path: (b) => `/v1/admin/titan-map/drift-findings/${b.finding}`,
  },
  {
    method: 'POST',
    route: '/v1/admin/titan-map/drift-findings/:id/resolve',
    path: (b) => `/v1/admin/titan-map/drift-findings/${b.finding}/resolve`,
    body: () => note,
  },
  {
    method: 'POST',
    route: '/v1/admin/titan-map/drift-findings/:id/dismiss',
    path: (b) => `/v1/admin/titan-map/drift-findings/${b.finding}/dismiss`,
    body: () => note,
  },
  {
    method: 'GET',
    route: '/v1/admin/webhook-events',
    path: () => `/v1/admin/webhook-events?tenant=${B}`,
  },
  {
    method: 'GET',
    route: '/v1/admin/webhook-events/:id',
    path: (b) => `/v1/admin/webhook-events/${b.event}`,
  },
  {
    method: 'POST',
    route: '/v1/admin/webhook-events/:id/reprocess',
    path: (b) => `/v1/admin/webhook-events/${b.event}/reprocess`,
  },
  {
    method: 'GET',
    route: '/v1/admin/webhook-rejections',
    path: () => `/v1/admin/webhook-rejections?tenant=${B}`,
  },
  {
    method: 'GET',
    route: '/v1/admin/webhook-secrets/:tenant',
    path: () => `/v1/admin/webhook-secrets/${B}`,
  },
  {
    method: 'POST',
    route: '/v1/admin/webhook-secrets/:tenant',
    path: () => `/v1/admin/webhook-secrets/${B}`,
    body: () => ({ label: 'stolen' }),
    denied: 'admin_only',
  },
  {
    method: 'POST',
    route: '/v1/admin/webhook-secrets/:tenant/:id/rotate',
    path: (b) => `/v1/admin/webhook-secrets/${B}/${b.secret}/rotate`,
    body: () => ({}),
    denied: 'admin_only',
  },
  {
    method: 'POST',
    route: '/v1/admin/webhook-secrets/:tenant/:id/expire',
    path: (b) => `/v1/admin/webhook-secrets/${B}/${b.secret}/expire`,
    body: () => ({}),
  },
  {
    method: 'GET',
    route: '/v1/admin/notifications/:tenant/channels',
    path: () => `/v1/admin/notifications/${B}/channels`,
  },
  {
    method: 'POST',
    route: '/v1/admin/notifications/:tenant/channels',
    path: () => `/v1/admin/notifications/${B}/channels`,
    body: () => ({ kind: 'email', to: ['stolen@example.com'] }),
  },
  {
    method: 'GET',
    route: '/v1/admin/notifications/:tenant/channels/:id',
    path: (b) => `/v1/admin/notifications/${B}/channels/${b.channel}`,
  },
  {
    method: 'PATCH',
    route: '/v1/admin/notifications/:tenant/channels/:id',
    path: (b) => `/v1/admin/notifications/${B}/channels/${b.channel}`,
    body: () => ({ paused: true }),
  },
  {
    method: 'DELETE',
    route: '/v1/admin/notifications/:tenant/channels/:id',
    path: (b) => `/v1/admin/notifications/${B}/channels/${b.channel}`,
  },
  {
    method: 'POST',
    route: '/v1/admin/notifications/:tenant/channels/:id/rotate-secret',
    path: (b) => `/v1/admin/notifications/${B}/channels/${b.channel}/rotate-secret`,
    body: () => ({}),
  },
  {
    method: 'POST',
    route: '/v1/admin/notifications/:tenant/channels/:id/test',
    path: (b) => `/v1/admin/notifications/${B}/channels/${b.channel}/test`,
    body: () => ({}),
  },
  {
    method: 'POST',
    route: '/v1/admin/notifications/:tenant/channels/:id/redeliver-failed',
    path: (b) => `/v1/admin/notifications/${B}/channels/${b.channel}/redeliver-failed`,
    body: () => ({ since: '2026-01-01T00:00:00Z' }),
  },
  {
    method: 'GET',
    route: '/v1/admin/notifications/:tenant/deliveries',
    path: () => `/v1/admin/notifications/${B}/deliveries`,
  },
  {
    method: 'POST',
    route: '/v1/admin/notifications/deliveries/:id/redeliver',
    path: (b) => `/v1/admin/notifications/deliveries/${b.delivery}/redeliver`,
    body: () => ({}),
  },
  {
    method: 'POST',
    route: '/v1/admin/tenants',
    path: () => '/v1/admin/tenants',
    body: () => ({ ...demoTenantFile, slug: 'iso-stolen', allowedOrigins: [] }),
    denied: 'admin_only',
  },
  { method: 'GET', route: '/v1/admin/tenants/:tenant', path: () => `/v1/admin/tenants/${B}` },
  {
    method: 'PATCH',
    route: '/v1/admin/tenants/:tenant',
    path: () => `/v1/admin/tenants/${B}`,
    body: () => ({ status: 'paused' }),
    denied: 'admin_only',
  },
  {
    method: 'GET',
    route: '/v1/admin/tenants/:tenant/config/draft',
    path: () => `/v1/admin/tenants/${B}/config/draft`,
  },
  {
    method: 'PUT',
    route: '/v1/admin/tenants/:tenant/config/draft',
    path: () => `/v1/admin/tenants/${B}/config/draft`,
    body: () => demoTenantFile.config,
  },
  {
    method: 'GET',
    route: '/v1/admin/tenants/:tenant/config/diff',
    path: () => `/v1/admin/tenants/${B}/config/diff`,
  },
  {
    method: 'POST',
    route: '/v1/admin/tenants/:tenant/config/publish',
    path: () => `/v1/admin/tenants/${B}/config/publish`,
    body: () => note,
    denied: 'admin_only',
  },
  {
    method: 'GET',
    route: '/v1/admin/tenants/:tenant/config/versions',
    path: () => `/v1/admin/tenants/${B}/config/versions`,
  },
  {
    method: 'GET',
    route: '/v1/admin/tenants/:tenant/config/versions/:version{[0-9]+}',
    path: () => `/v1/admin/tenants/${B}/config/versions/1`,
  },
  {
    method: 'POST',
    route: '/v1/admin/tenants/:tenant/config/versions/:version{[0-9]+}/restore',
    path: () => `/v1/admin/tenants/${B}/config/versions/1/restore`,
  },
];

/** List routes: without a tenant they show the operator's own tenant only. */
const LISTS: { path: string; items: (body: any) => { tenant?: string; slug?: string }[] }[] = [
  { path: '/v1/admin/leads', items: (b) => b.leads },
  { path: '/v1/admin/sync-jobs', items: (b) => b.syncJobs },
  { path: '/v1/admin/webhook-events', items: (b) => b.events },
  { path: '/v1/admin/webhook-rejections', items: (b) => b.rejections },
  { path: '/v1/admin/titan-map/drift-findings', items: (b) => b.findings },
  { path: '/v1/admin/lifecycle/retention', items: (b) => b.retention },
  { path: '/v1/admin/tokens/current', items: (b) => b.tenants },
  { path: '/v1/admin/tenants', items: (b) => b.tenants },
  { path: '/v1/admin/intake-keys', items: (b) => b.intakeKeys },
];

/** Routes whose answer is about the caller, not about any tenant's data. */
const NOT_TENANT_DATA = new Set(['GET /v1/admin/tokens/current']);

let fixtures: Fixtures;
let tokenA: string;
let tokenB: string;

async function insertEvent(tenant: string, leadId: string | null): Promise<string> {
  const id = `we_${crypto.randomUUID()}`;
  const now = new Date().toISOString();
  await env.DB.prepare(
    `INSERT INTO webhook_events (id, tenant, webhook_id, event_id, occurrence_id, type, event_time,
       envelope, body_sha256, state, lead_id, note, received_at)
     VALUES (?1, ?2, ?1, ?1, ?1, 'tn.jpm.job-completed', ?3, '{}', 'x', 'unmatched', ?4,
             'no lead', ?3)`,
  )
    .bind(id, tenant, now, leadId)
    .run();
  return id;
}

async function insertFixtures(tenant: string): Promise<Fixtures> {
  // The channel exists before the lead, so the lead's alert gives the tenant a delivery.
  const channelRes = await call(`/v1/admin/notifications/${tenant}/channels`, {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ kind: 'email', to: [`office@${tenant}.example`] }),
  });
  expect(channelRes.status).toBe(201);
  const channel = ((await channelRes.json()) as { channel: { id: string } }).channel.id;
  const lead = await postLead({ tenant });
  // Wait for the queue consumer to finish with it, so the snapshots below see settled rows.
  const delivery = await vi.waitFor(
    async () => {
      const row = await env.DB.prepare(
        `SELECT id, status FROM notification_deliveries WHERE lead_id = ? AND channel_id = ?`,
      )
        .bind(lead, channel)
        .first<{ id: string; status: string }>();
      expect(row?.status === 'delivered').toBe(true);
      return row;
    },
    { timeout: 10_000, interval: 100 },
  );
  expect(delivery?.status).toBe('delivered');
  const job = await env.DB.prepare('SELECT id FROM sync_jobs WHERE lead_id = ?')
    .bind(lead)
    .first<{ id: string }>();
  const event = await insertEvent(tenant, lead);
  await env.DB.prepare(
    `INSERT INTO webhook_rejections (tenant, status, reason, webhook_id) VALUES (?, 401, 'forged', ?)`,
  )
    .bind(tenant, `msg_${tenant}`)
    .run();
  await insertDriftFindingStatement(env.DB, {
    tenant,
    origin: 'import',
    kind: 'job_type_deactivated',
    severity: 'high',
    owner: 'operator',
    summary: `Drift in ${tenant}`,
    recommendedFix: 'Rebind the service',
  }).run();
  const finding = await env.DB.prepare(
    'SELECT id FROM drift_findings WHERE tenant = ? ORDER BY created_at DESC LIMIT 1',
  )
    .bind(tenant)
    .first<{ id: string }>();
  const batch = `tb_${crypto.randomUUID()}`;
  await env.DB.prepare(
    `INSERT INTO titan_import_batches (id, tenant, provider, kind, file_name, rows_read,
       rows_accepted, rows_rejected, status, created_by)
     VALUES (?, ?, 'servicetitan', 'campaign', 'campaigns.csv', 1, 1, 0, 'review', 'admin')`,
  )
    .bind(batch, tenant)
    .run();
  const outcomeImport = `oi_${crypto.randomUUID()}`;
  await env.DB.prepare(
    `INSERT INTO outcome_imports (id, tenant, kind, file_name, file_sha256, rows_read,
       rows_accepted, rows_rejected, created_by, created_at)
     VALUES (?, ?, 'jobs', 'jobs.csv', ?, 1, 1, 0, 'admin', ?)`,
  )
    .bind(outcomeImport, tenant, outcomeImport, new Date().toISOString())
    .run();
  const secretRes = await call(`/v1/admin/webhook-secrets/${tenant}`, {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ label: 'fixture' }),
  });
  expect(secretRes.status).toBe(201);
  const tokenRes = await call('/v1/admin/tokens', {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ tenant, label: 'fixture' }),
  });
  const keyRes = await call('/v1/admin/intake-keys', {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({ tenant, label: 'fixture' }),
  });
  return {
    intakeKey: ((await keyRes.json()) as { intakeKey: { id: string } }).intakeKey.id,
    lead,
    syncJob: job!.id,
    event,
    finding: finding!.id,
    batch,
    outcomeImport,
    secret: ((await secretRes.json()) as { id: string }).id,
    operatorToken: ((await tokenRes.json()) as { operatorToken: { id: string } }).operatorToken.id,
    channel,
    delivery: delivery!.id,
  };
}

/** Every row of tenant B in every table that holds tenant data, to prove nothing changed. */
async function snapshotOf(tenant: string): Promise<string> {
  const { results: all } = await env.DB.prepare(
    `SELECT name, sql FROM sqlite_master WHERE type = 'table'`,
  ).all<{ name: string; sql: string }>();
  // D1 refuses pragma_table_info: find the tables with a `tenant` column in their DDL.
  const tables = all.filter((t) => /[(,]\s*tenant\s+TEXT/i.test(t.sql));
  expect(tables.length).toBeGreaterThan(10);
  const dumps = await Promise.all(
    tables.map(async ({ name }) => {
      const { results } = await env.DB.prepare(
        `SELECT * FROM "${name}" WHERE tenant = ? ORDER BY rowid`,
      )
        .bind(tenant)
        .all();
      return [name, results] as const;
    }),
  );
  return JSON.stringify(dumps);
}

function request(c: RouteCase, headers: Record<string, string>): Promise<Response> {
  const body = c.body?.(fixtures);
  return call(c.path(fixtures), {
    method: c.method,
    headers: {
      ...headers,
      ...(body !== undefined && { 'content-type': c.contentType ?? 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
}

beforeAll(async () => {
  await copyDemoTenant(A, 'Tenant A');
  await copyDemoTenant(B, 'Tenant B');
  await insertFixtures(A);
  fixtures = await insertFixtures(B);
  tokenA = await mintOperatorToken(A);
  tokenB = await mintOperatorToken(B);
});

describe("an operator token of tenant A on tenant B's data", () => {
  it('is refused with 403 on every route, and changes nothing of B', async () => {
    const before = await snapshotOf(B);
    const outcomes: string[] = [];
    for (const c of ROUTES) {
      const res = await request(c, bearer(tokenA));
      const body = (await res.json()) as { error?: string };
      outcomes.push(`${c.method} ${c.route} → ${res.status} ${body.error}`);
    }
    expect(outcomes).toEqual(
      ROUTES.map((c) => `${c.method} ${c.route} → 403 ${c.denied ?? 'forbidden_tenant'}`),
    );
    expect(await snapshotOf(B)).toBe(before);
  });

  it.each(ROUTES.filter((c) => c.method === 'GET' && !c.denied).map((c) => [c.route, c]))(
    'GET %s works for B itself and for the global admin',
    async (_route, c) => {
      for (const headers of [bearer(tokenB), ADMIN]) {
        const res = await request(c, headers);
        expect(res.status, `${c.route} ${res.status}`).toBe(200);
      }
    },
  );
});

describe('lists without a tenant filter', () => {
  it.each(LISTS.map((l) => [l.path, l]))('%s shows only the operator’s tenant', async (_p, l) => {
    const own = await call(l.path, { headers: bearer(tokenA) });
    expect(own.status).toBe(200);
    const items = l.items(await own.json());
    expect(items.length).toBeGreaterThan(0);
    expect(new Set(items.map((item) => item.tenant ?? item.slug))).toEqual(new Set([A]));

    const all = await call(l.path, { headers: ADMIN });
    const tenants = new Set(l.items(await all.json()).map((item) => item.tenant ?? item.slug));
    expect(tenants.has(A) && tenants.has(B)).toBe(true);
  });
});

describe('the route table', () => {
  it('covers every admin route the app mounts', () => {
    const mounted = new Set(
      app.routes
        .filter((r) => r.method !== 'ALL' && r.path.startsWith('/v1/admin/'))
        .map((r) => `${r.method} ${r.path}`),
    );
    const covered = new Set([
      ...ROUTES.map((c) => `${c.method} ${c.route}`),
      ...LISTS.map((l) => `GET ${l.path}`),
      ...NOT_TENANT_DATA,
    ]);
    expect([...mounted].filter((route) => !covered.has(route))).toEqual([]);
    expect([...covered].filter((route) => !mounted.has(route))).toEqual([]);
  });
});
