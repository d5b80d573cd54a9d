/**
 * Migration 0014 rebuilds `leads` to widen its classification CHECK. D1 keeps foreign keys on, so
 * the DROP inside the rebuild cascades into the children: the migration must put every child row
 * back. Here rows of each kind are written, the migration's statements run again over them, and
 * the tables and the index list must be exactly what they were.
 */
import { env } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import { postJson } from '../../helpers/api.ts';
import { demoLead } from '../../helpers/leads.ts';

const CHILDREN = ['sync_jobs', 'sync_attempts', 'lead_outcomes', 'lead_invoices', 'webhook_events'];

async function snapshot() {
  const tables: Record<string, unknown[]> = {};
  for (const table of ['leads', ...CHILDREN]) {
    const { results } = await env.DB.prepare(`SELECT * FROM ${table} ORDER BY 1`).all();
    tables[table] = results;
  }
  const { results: indexes } = await env.DB.prepare(
    `SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = 'leads'
      ORDER BY name`,
  ).all();
  return { tables, indexes };
}

it('keeps every lead, its children and every index through the table rebuild', async () => {
  const res = await postJson('/v1/leads', demoLead());
  const { leadId } = (await res.json()) as { leadId: string };
  const now = new Date().toISOString();
  const job = await env.DB.prepare('SELECT id FROM sync_jobs WHERE lead_id = ?')
    .bind(leadId)
    .first<{ id: string }>();
  expect(job).not.toBeNull();
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO sync_attempts (job_id, at, kind, outcome) VALUES (?, ?, 'draft', 'ready')`,
    ).bind(job!.id, now),
    env.DB.prepare(
      `INSERT INTO lead_outcomes (lead_id, tenant, booking_id, updated_at)
       VALUES (?, 'desert-peak', 42, ?)`,
    ).bind(leadId, now),
    env.DB.prepare(
      `INSERT INTO lead_invoices (tenant, invoice_id, lead_id, total, event_at, updated_at)
       VALUES ('desert-peak', 7, ?, '120.00', ?, ?)`,
    ).bind(leadId, now, now),
    env.DB.prepare(
      `INSERT INTO webhook_events (id, tenant, webhook_id, event_id, occurrence_id, type,
         event_time, envelope, body_sha256, lead_id, received_at)
       VALUES ('evt-m14', 'desert-peak', 'wh-m14', 'e-m14', 'o-m14', 'booking.created', ?, '{}',
         'sha', ?, ?)`,
    ).bind(now, leadId, now),
  ]);
  const before = await snapshot();
  for (const table of CHILDREN) expect(before.tables[table]!.length).toBeGreaterThan(0);

  const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0014'))!;
  // Later migrations already ran here; in a real deployment they run after 0014, so the indexes
  // they add to `leads` are created on the rebuilt table. Replay them after it, as they would be.
  const laterLeadIndexes = env.TEST_MIGRATIONS.filter((m) => m.name > migration.name)
    .flatMap((m) => m.queries)
    .filter((q) => /CREATE INDEX \w+\s+ON leads\s*\(/i.test(q));
  await env.DB.batch([...migration.queries, ...laterLeadIndexes].map((q) => env.DB.prepare(q)));

  expect(await snapshot()).toEqual(before);
  // And the widened CHECK holds: an unfinished row is now allowed.
  await env.DB.prepare(`UPDATE leads SET classification = 'unfinished' WHERE id = ?`)
    .bind(leadId)
    .run();
});
