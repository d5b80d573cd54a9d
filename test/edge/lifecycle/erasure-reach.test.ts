/**
 * Erasure reaches every copy of a person's data. Each test spreads one contact's name, phone and
 * email over every place the product writes them (the lead and its raw body, the booking draft,
 * operator notes and their audit entries, the delivery log, a webhook envelope), erases, and
 * then reads every table in the database (from sqlite_master, so a table added later is searched
 * too) for any of them.
 */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, call, sendJson } from '../../helpers/api.ts';
import { copyDemoTenant } from '../../helpers/ops.ts';
import { runSyncJob, storeLeadWithJob } from '../handoff/support.ts';

const TENANT = 'erasure-reach';

interface Person {
  name: string;
  /** As the visitor typed it; stored as 10 digits. */
  phone: string;
  email: string;
}

/** What a search must not find: the name, the email, the phone as digits and as written. */
function needles(person: Person): string[] {
  const digits = person.phone.replace(/\D/g, '');
  const last7 = `${digits.slice(3, 6)}-${digits.slice(6)}`;
  return [...person.name.split(' '), person.email, digits, last7].map((n) => n.toLowerCase());
}

/** `table.column` of every stored value, in any table, that contains one of the needles. */
async function copiesOf(person: Person): Promise<string[]> {
  const { results: tables } = await env.DB.prepare(
    `SELECT name FROM sqlite_master
      WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'`,
  ).all<{ name: string }>();
  expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['leads', 'audit_log']));
  const found = new Set<string>();
  for (const { name } of tables) {
    const { results } = await env.DB.prepare(`SELECT * FROM "${name}"`).all();
    for (const row of results) {
      for (const [column, value] of Object.entries(row)) {
        const text = String(value).toLowerCase();
        if (needles(person).some((needle) => text.includes(needle))) found.add(`${name}.${column}`);
      }
    }
  }
  return [...found].sort();
}

/**
 * A lead of `person` with everything that copies its contact: an invalid contact part (kept in
 * raw), a drafted job, a binding fix and a manual completion whose notes name the person, a
 * delivery-log error that echoes the name (as a ServiceTitan error title can), a linked event.
 */
async function spreadLead(person: Person): Promise<{ leadId: string; jobId: string }> {
  const { leadId, jobId } = await storeLeadWithJob(TENANT, {
    service: 'indoor-air-quality',
    contact: { ...person, smsOptIn: 'yes' as never },
    notes: `Ask for ${person.name}`,
  });
  await runSyncJob(env.DB, jobId, new Date());
  const fix = await sendJson('POST', `/v1/admin/sync-jobs/${jobId}/binding`, {
    jobTypeId: 4545,
    businessUnitId: 319,
    campaignId: 1001,
    priority: 'Normal',
    note: `${person.name} (${person.phone}) wants duct cleaning`,
  });
  expect(fix.status).toBe(200);
  const now = new Date().toISOString();
  const echoed = `HTTP 400: Customer '${person.name}' <${person.email}> is a duplicate`;
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO sync_attempts (job_id, at, kind, outcome, http_status, error)
       VALUES (?, ?, 'send', 'blocked', 400, ?)`,
    ).bind(jobId, now, echoed),
    env.DB.prepare('UPDATE sync_jobs SET last_error = ? WHERE id = ?').bind(echoed, jobId),
  ]);
  const done = await sendJson('POST', `/v1/admin/sync-jobs/${jobId}/manual-complete`, {
    note: `Booked ${person.name} by phone, ${person.email}`,
  });
  expect(done.status).toBe(200);
  await storeEvent(leadId, person);
  return { leadId, jobId };
}

async function storeEvent(leadId: string | null, person: Person) {
  const id = `we_${crypto.randomUUID()}`;
  const envelope = JSON.stringify({
    id,
    type: 'tn.crm.booking-updated',
    data: { name: person.name, contacts: [person.phone, person.email] },
  });
  await env.DB.prepare(
    `INSERT INTO webhook_events (id, tenant, webhook_id, event_id, occurrence_id, type, event_time,
       envelope, body_sha256, state, lead_id, received_at)
     VALUES (?1, ?2, ?1, ?1, ?1, 'tn.crm.booking-updated', ?3, ?4, 'x', ?5, ?6, ?3)`,
  )
    .bind(
      id,
      TENANT,
      new Date().toISOString(),
      envelope,
      leadId ? 'processed' : 'unmatched',
      leadId,
    )
    .run();
}

/** Where the product writes a lead's contact: the test would prove nothing without each one. */
const SPREAD = [
  'audit_log.detail',
  'leads.contact_email',
  'leads.contact_name',
  'leads.contact_phone',
  'leads.notes',
  'leads.raw',
  'sync_attempts.error',
  'sync_jobs.last_error',
  'sync_jobs.manual_note',
  'sync_jobs.payload',
  'webhook_events.envelope',
];

beforeAll(async () => {
  await copyDemoTenant(TENANT, `Test ${TENANT}`, {
    timezone: 'America/Phoenix',
    allowedOrigins: [],
  });
});

describe('erasure reaches every table', () => {
  it('DELETE /v1/admin/lifecycle/leads/:id leaves the person nowhere', async () => {
    const person = {
      name: 'Quillon Vexmoor',
      phone: '(602) 555-7731',
      email: 'quillon.vexmoor@example.com',
    };
    const { leadId, jobId } = await spreadLead(person);
    expect(await copiesOf(person)).toEqual(expect.arrayContaining(SPREAD));

    const res = await call(`/v1/admin/lifecycle/leads/${leadId}`, {
      method: 'DELETE',
      headers: ADMIN,
    });
    expect(res.status).toBe(200);
    expect(await copiesOf(person)).toEqual([]);

    // The operator trail stays, without what the notes said.
    const job = await call(`/v1/admin/sync-jobs/${jobId}`, { headers: ADMIN });
    const { audit } = (await job.json()) as { audit: { action: string; detail: any }[] };
    const actions = audit.map((entry) => entry.action);
    expect(actions).toEqual(
      expect.arrayContaining(['sync_job.binding_corrected', 'sync_job.manual_complete']),
    );
    for (const entry of audit.filter((e) => 'note' in e.detail)) {
      expect(entry.detail.note).toBe('(erased)');
    }
  });

  it('POST /v1/admin/lifecycle/contact-erasures leaves the contact nowhere', async () => {
    const person = {
      name: 'Marisol Quennell',
      phone: '602.555.7732',
      email: 'marisol.quennell@example.com',
    };
    await spreadLead(person);
    // A second request of the same person, by email only, and an event that matched no lead.
    await spreadLead({ ...person, phone: '' });
    await storeEvent(null, person);
    expect(await copiesOf(person)).toEqual(expect.arrayContaining(SPREAD));

    const res = await sendJson('POST', '/v1/admin/lifecycle/contact-erasures', {
      tenant: TENANT,
      phone: person.phone,
      email: person.email,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ leadsErased: 2, webhookEventsRedacted: 3 });
    expect(await copiesOf(person)).toEqual([]);
  });
});
