/**
 * @module
 * `npm run bench:scale`: a week of traffic for 500 synthetic contractors, compressed into a few
 * minutes against `wrangler dev`, to back the scale section of docs/bench.md with measurements:
 * rows per table, storage per tenant, and the slowest admin list and report queries with the
 * query plan SQLite chose for each (`EXPLAIN QUERY PLAN` of the exact SQL the product ran).
 *
 * - Tenants: copies of the demo tenant (`sim-000` … `sim-499`), seeded into a fresh local D1
 *   before the server starts, each with a signing secret made through the admin API.
 * - Traffic (bench/scale-model.ts): leads per tenant per day follow a long tail (the biggest
 *   contractor ≈ 60 a day, the median ≈ 1), each lead followed by ServiceTitan webhook events
 *   (booking, job, invoice) signed with the tenant's secret. Every request goes through the real
 *   routes over HTTP, so the rows are the product's own; the handoff consumer drafts every lead.
 *   The timestamps are the run's (minutes, not a week): every query below covers the whole week,
 *   the widest range an operator would ask for, so they are the worst case of the week.
 * - Queries: each admin request runs 5 times over HTTP (median latency); the bench worker
 *   records its SQL (bench/worker/record-sql.ts). After the server stops, the D1 file is opened
 *   with node:sqlite for row counts, storage (SQLite's dbstat) and EXPLAIN QUERY PLAN.
 *
 * Bounded: 10 connections, a fixed number of requests (`--scale 0.5` halves the traffic).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { parseArgs } from 'node:util';
import { demoSeedStatements, demoTenant } from '../edge/seed/desert-peak.ts';
import { toolEnv } from '../scripts/run.ts';
import { renderSql } from '../scripts/seed-sql.ts';
import { demoLead } from '../test/helpers/leads.ts';
import { cloudEvent, librarySignedHeaders } from '../test/resilience/cloud-event.ts';
import { inPool, visitorIp } from '../test/resilience/http/lead-client.ts';
import { createSigningSecret, exampleData } from '../test/resilience/http/webhook-sender.ts';
import { startDevServer, type DevServer } from '../test/servers/wrangler-dev.ts';
import { median, plainTable, replaceBetweenMarkers } from './report.ts';
import { EVENT_TYPES, weekPlan, type Sent } from './scale-model.ts';
import {
  RECORD_SQL_HEADER,
  RECORDED_SQL_HEADER,
  type RecordedStatement,
} from './worker/probe-path.ts';

const TENANTS = 500;
const CONNECTIONS = 10;
const QUERY_REPEATS = 5;
const BENCH_WORKER = 'bench/worker/floor-entry.ts';
const RESULTS = 'bench/scale-results.json';
const DOC = 'docs/bench.md';

const { values } = parseArgs({ options: { scale: { type: 'string', default: '1' } } });
const scale = Number(values.scale);
if (!(scale > 0 && scale <= 1)) throw new Error('--scale must be in (0, 1]');

const tenants = Array.from({ length: TENANTS }, (_, i) => `sim-${String(i).padStart(3, '0')}`);

/** Runs a wrangler command, showing its output only when it fails (d1 execute prints every row). */
function wrangler(args: string[]): void {
  const result = spawnSync('npx', ['wrangler', ...args], { env: toolEnv, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`wrangler ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
}

/** A fresh local D1 with the migrations and the 500 tenants (the demo's config under each slug). */
function seedTenants(persistTo: string): void {
  const persist = ['--local', '--persist-to', persistTo];
  wrangler(['d1', 'migrations', 'apply', 'DB', ...persist]);
  const file = join(persistTo, 'tenants.sql');
  const sql = tenants.map((slug) =>
    renderSql(demoSeedStatements({ ...demoTenant, slug, name: `Contractor ${slug}` })),
  );
  writeFileSync(file, sql.join('\n'));
  wrangler(['d1', 'execute', 'DB', ...persist, '--file', file]);
}

async function send(server: DevServer, item: Sent, secrets: Map<string, string>, n: number) {
  if (item.kind === 'lead') {
    const res = await fetch(`${server.origin}/v1/leads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': visitorIp(n) },
      body: JSON.stringify(demoLead({ tenant: item.tenant })),
    });
    return { status: res.status, body: await res.text() };
  }
  const body = JSON.stringify(cloudEvent(item.type, exampleData(item.type)));
  const res = await fetch(`${server.origin}/v1/webhooks/${item.tenant}`, {
    method: 'POST',
    headers: librarySignedHeaders(secrets.get(item.tenant)!, body),
    body,
  });
  return { status: res.status, body: await res.text() };
}

interface QueryTiming {
  name: string;
  path: string;
  status: number;
  medianMs: number;
  statements: RecordedStatement[];
}

async function timeAdminQuery(server: DevServer, name: string, path: string) {
  const times: number[] = [];
  let status = 0;
  let statements: RecordedStatement[] = [];
  for (let i = 0; i < QUERY_REPEATS; i += 1) {
    const start = performance.now();
    const res = await fetch(`${server.origin}${path}`, {
      headers: { ...server.admin, [RECORD_SQL_HEADER]: '1' },
    });
    await res.arrayBuffer();
    times.push(performance.now() - start);
    status = res.status;
    statements = JSON.parse(
      decodeURIComponent(res.headers.get(RECORDED_SQL_HEADER) ?? '[]'),
    ) as RecordedStatement[];
  }
  return { name, path, status, medianMs: median(times), statements } satisfies QueryTiming;
}

/** Waits until no handoff job is `queued` in any tenant (every lead drafted). */
async function waitForDrafts(server: DevServer, timeoutS = 300): Promise<number> {
  const start = Date.now();
  while (Date.now() - start < timeoutS * 1000) {
    const res = await fetch(`${server.origin}/v1/admin/sync-jobs?state=queued&limit=1`, {
      headers: server.admin,
    });
    if (((await res.json()) as { syncJobs: unknown[] }).syncJobs.length === 0) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  return (Date.now() - start) / 1000;
}

function d1File(persistTo: string): string {
  const dir = join(persistTo, 'v3/d1/miniflare-D1DatabaseObject');
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  if (!file) throw new Error(`no D1 database file in ${dir}`);
  return join(dir, file);
}

/** SQLite accepts numbers, strings, null and bytes; D1 also takes booleans (as 0/1). */
const sqliteParam = (value: unknown) =>
  (typeof value === 'boolean' ? Number(value) : (value ?? null)) as string | number | null;

function inspect(file: string, timings: QueryTiming[]) {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' ORDER BY name",
      )
      .all()
      .map((row) => String(row.name));
    const rows = Object.fromEntries(
      tables.map((t) => [t, Number(db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get()!.n)]),
    );
    // Bytes per table with its indexes (dbstat: every page, by the b-tree it belongs to).
    const bytes = new Map<string, number>();
    const owner = new Map(
      db
        .prepare("SELECT name, tbl_name FROM sqlite_master WHERE type IN ('table', 'index')")
        .all()
        .map((r) => [String(r.name), String(r.tbl_name)]),
    );
    for (const r of db
      .prepare('SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name')
      .all()) {
      const table = owner.get(String(r.name)) ?? String(r.name);
      bytes.set(table, (bytes.get(table) ?? 0) + Number(r.bytes));
    }
    const plans = timings.map((t) => ({
      ...t,
      statements: t.statements.map(({ sql, params }) => {
        const args = params.map(sqliteParam);
        const plan = db
          .prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .all(...args)
          .map((r) => String(r.detail));
        const times: number[] = [];
        for (let i = 0; i < QUERY_REPEATS; i += 1) {
          const start = performance.now();
          db.prepare(sql).all(...args);
          times.push(performance.now() - start);
        }
        return { sql: sql.replace(/\s+/g, ' ').trim(), plan, sqliteMs: median(times) };
      }),
    }));
    return { tables, rows, bytes: Object.fromEntries(bytes), plans };
  } finally {
    db.close();
  }
}

/** A plan's lines joined, a line repeated back to back shown once with its count. */
function compactPlan(lines: string[]): string {
  const out: { line: string; n: number }[] = [];
  for (const line of lines) {
    const last = out.at(-1);
    if (last?.line === line) last.n += 1;
    else out.push({ line, n: 1 });
  }
  return out.map(({ line, n }) => (n > 1 ? `${line} (×${n})` : line)).join('; ');
}

const kib = (bytes: number) =>
  `${(bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} KiB`;

const persistTo = mkdtempSync(join(tmpdir(), 'pagetojob-scale-'));
const plan = weekPlan(tenants, scale);
const counts = { leads: plan.filter((p) => p.kind === 'lead').length, events: 0 };
counts.events = plan.length - counts.leads;
console.log(
  `Scale: ${TENANTS} tenants, one week: ${counts.leads} leads and ${counts.events} webhook events...`,
);
const started = Date.now();
seedTenants(persistTo);
const server = await startDevServer({ persistTo, main: BENCH_WORKER });
const timings: QueryTiming[] = [];
const statuses: Record<string, number> = {};
const failures: Record<string, string[]> = {};
let draftsS = 0;
let trafficS = 0;
try {
  const secrets = new Map<string, string>();
  await inPool(tenants, CONNECTIONS, async (tenant) => {
    secrets.set(tenant, (await createSigningSecret(server, tenant)).secret);
  });
  const trafficStart = Date.now();
  let lastDay = -1;
  await inPool(plan, CONNECTIONS, async (item, n) => {
    if (item.day !== lastDay) {
      lastDay = item.day;
      console.log(
        `  day ${item.day + 1} of 7 (${((Date.now() - trafficStart) / 1000).toFixed(0)} s)`,
      );
    }
    const { status, body } = await send(server, item, secrets, n);
    const key = `${item.kind} ${status}`;
    statuses[key] = (statuses[key] ?? 0) + 1;
    // The first answers of each kind of failure, so a report can say what went wrong.
    if (status >= 300 && (failures[key] ??= []).length < 3) failures[key]!.push(body.slice(0, 300));
  });
  trafficS = (Date.now() - trafficStart) / 1000;
  draftsS = await waitForDrafts(server);

  const biggest = tenants[0]!;
  const today = new Date().toISOString().slice(0, 10);
  const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
  const queries: [string, string][] = [
    ['Leads, biggest tenant, first page', `/v1/admin/leads?tenant=${biggest}`],
    [
      'Leads, biggest tenant, needs review',
      `/v1/admin/leads?tenant=${biggest}&status=needs_review`,
    ],
    ['Leads, all tenants (operator), first page', '/v1/admin/leads'],
    ['Leads, all tenants, spam only', '/v1/admin/leads?classification=spam'],
    ['Leads, all tenants, one campaign', '/v1/admin/leads?campaign=summer-ac'],
    [
      'Lead report, biggest tenant, the week by source',
      `/v1/admin/reports/leads?tenant=${biggest}&from=${weekAgo}&to=${today}&groupBy=source`,
    ],
    [
      'Lead report, biggest tenant, the week by service',
      `/v1/admin/reports/leads?tenant=${biggest}&from=${weekAgo}&to=${today}&groupBy=service`,
    ],
    ['Leads CSV, biggest tenant, the week', `/v1/admin/reports/leads.csv?tenant=${biggest}`],
    ['Webhook events, biggest tenant', `/v1/admin/webhook-events?tenant=${biggest}`],
    ['Webhook events, all tenants, unmatched', '/v1/admin/webhook-events?state=unmatched'],
    ['Sync jobs, biggest tenant', `/v1/admin/sync-jobs?tenant=${biggest}`],
    ['Sync jobs, all tenants, in review', '/v1/admin/sync-jobs?state=review'],
  ];
  for (const [name, path] of queries) timings.push(await timeAdminQuery(server, name, path));
} finally {
  await server.stop();
}

const file = d1File(persistTo);
const fileBytes = statSync(file).size;
const found = inspect(file, timings);
rmSync(persistTo, { recursive: true, force: true });
rmSync(server.appDir, { recursive: true, force: true });
const explained = found.plans;

const leadsOf = (tenant: string) =>
  plan.filter((p) => p.kind === 'lead' && p.tenant === tenant).length;
const perTenantLeads = tenants.map(leadsOf).sort((a, b) => a - b);
const pct = (q: number) =>
  perTenantLeads[Math.min(perTenantLeads.length - 1, Math.floor(q * perTenantLeads.length))]!;
const perLead = (found.bytes.leads ?? 0) / Math.max(1, found.rows.leads ?? 0);
const perEvent = (found.bytes.webhook_events ?? 0) / Math.max(1, found.rows.webhook_events ?? 0);
const perJob = (found.bytes.sync_jobs ?? 0) / Math.max(1, found.rows.sync_jobs ?? 0);

const tableRows = found.tables
  .filter((t) => (found.rows[t] ?? 0) > 0)
  .map((t) => [
    t,
    (found.rows[t] ?? 0).toLocaleString('en-US'),
    kib(found.bytes[t] ?? 0),
    kib((found.bytes[t] ?? 0) / TENANTS),
  ]);
const queryRows = [...explained]
  .sort((a, b) => b.medianMs - a.medianMs)
  .map((t) => [
    t.name,
    String(t.status),
    `${t.medianMs.toFixed(1)} ms`,
    t.statements.map((s) => `${s.sqliteMs.toFixed(2)} ms`).join(' + ') || '—',
    t.statements
      .map((s) => compactPlan(s.plan))
      .join(' ‖ ')
      .replaceAll('|', '\\|') || '—',
  ]);

const report = [
  `Produced by \`npm run bench:scale\` at ${new Date().toISOString()} (${TENANTS} tenants, scale ${scale}; ${counts.leads.toLocaleString('en-US')} leads and ${counts.events.toLocaleString('en-US')} webhook events over HTTP in ${trafficS.toFixed(0)} s, drafts drained ${draftsS.toFixed(0)} s later; ${((Date.now() - started) / 1000).toFixed(0)} s in all). Responses: ${Object.entries(
    statuses,
  )
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')}.${Object.entries(failures)
    .map(
      ([k, bodies]) =>
        ` First ${k} answers: ${bodies.map((b) => `\`${b.replaceAll('`', "'")}\``).join('; ')}.`,
    )
    .join('')}`,
  `Leads per tenant in the week: median ${pct(0.5)}, p90 ${pct(0.9)}, p99 ${pct(0.99)}, max ${perTenantLeads.at(-1)}. D1 file: ${kib(fileBytes)} (${kib(fileBytes / TENANTS)} per tenant). Bytes per row with its indexes: lead ${perLead.toFixed(0)} B, webhook event ${perEvent.toFixed(0)} B, sync job ${perJob.toFixed(0)} B.`,
  plainTable(['Table', 'Rows', 'Storage (with indexes)', 'Per tenant'], tableRows),
  'Admin queries, slowest first (HTTP: median of 5 through `wrangler dev`; SQLite: the same statements run directly on the D1 file):',
  plainTable(['Query', 'Status', 'HTTP', 'SQLite per statement', 'EXPLAIN QUERY PLAN'], queryRows),
].join('\n\n');
console.log(`\n${report}\n`);
writeFileSync(DOC, replaceBetweenMarkers(readFileSync(DOC, 'utf8'), report, 'scale-table'));
writeFileSync(
  RESULTS,
  `${JSON.stringify({ command: 'npm run bench:scale', generatedAt: new Date().toISOString(), tenants: TENANTS, scale, counts, statuses, trafficS, draftsS, fileBytes, failures, tables: found.tables, rows: found.rows, bytes: found.bytes, queries: explained }, null, 2)}\n`,
);
console.log(`written to ${RESULTS} and ${DOC}`);
