import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, getJson, sendJson } from '../../helpers/api.ts';
import { copyDemoTenant } from '../../helpers/ops.ts';
import { leadAt, linkJob, upload, type ImportResult } from './support.ts';

const TENANT = 'proof-import';
const ids: Record<string, string> = {};

// Phoenix (UTC-7). Leads on 2026-03-02.
beforeAll(async () => {
  await copyDemoTenant(TENANT);
  ids.external = await leadAt(TENANT, '2026-03-02T16:00:00.000Z', '6025550301', 'ext@example.com');
  ids.webhook = await leadAt(TENANT, '2026-03-02T17:00:00.000Z', '6025550302', 'hook@example.com');
  ids.phone = await leadAt(TENANT, '2026-03-02T18:00:00.000Z', '6025550303', 'phone@example.com');
  ids.email = await leadAt(TENANT, '2026-03-02T19:00:00.000Z', '6025550304', 'Mail@Example.com');
  await linkJob(TENANT, ids.webhook!, { booking_id: 71, job_id: 9002, job_status: 'Scheduled' });
});

function jobsCsv(): string {
  // BOM, reordered and aliased headers, a quoted comma, a blank row, a bad date, a missing id.
  return [
    '\uFEFFStatus,job_id,"Customer Phone",Email,Created Date,Completed Date,Jobs Total,External ID,Notes',
    `Completed,9001,,,3/3/2026,3/4/2026,"$1,250.00",ptj-${ids.external},"roof, attic"`,
    'Scheduled,9002,,,2026-03-05,,,,',
    '',
    'Completed,9003,(602) 555-0303,,03/10/2026 2:15 PM,3/11/2026,400.00,,',
    'Completed,9004,,MAIL@example.com,3/12/2026,,,,',
    // 15 days after the lead: outside the probable window.
    'Completed,9005,602-555-0303,,3/18/2026,,,,',
    'Completed,9006,,,13/45/2026,,,,',
    'Completed,,,,3/3/2026,,,,',
  ].join('\r\n');
}

describe('importing a ServiceTitan jobs export', () => {
  let result: ImportResult;

  beforeAll(async () => {
    const res = await upload(TENANT, 'jobs', jobsCsv());
    expect(res.status).toBe(201);
    result = (await res.json()) as ImportResult;
  });

  it('reads the quirky file and lists the rejected rows with the reason', () => {
    expect(result.batch).toMatchObject({ rowsRead: 7, rowsAccepted: 5, rowsRejected: 2 });
    expect(result.batch.rejectedRows.map((r) => [r.row, r.code])).toEqual([
      [8, 'invalid_date'],
      [9, 'missing_id'],
    ]);
    expect(result.batch.ignoredColumns).toEqual(['Notes']);
  });

  it('labels each row exact, probable or none, with the reason', () => {
    const byId = Object.fromEntries(result.outcomes.map((o) => [o.recordId, o]));
    expect(byId[9001]).toMatchObject({
      leadId: ids.external,
      quality: 'exact',
      reason: 'external_id',
      review: null,
      total: '1250.00',
    });
    expect(byId[9002]).toMatchObject({
      leadId: ids.webhook,
      quality: 'exact',
      reason: 'webhook_job',
    });
    expect(byId[9003]).toMatchObject({
      leadId: ids.phone,
      quality: 'probable',
      reason: 'phone',
      review: 'pending',
    });
    expect(byId[9004]).toMatchObject({ leadId: ids.email, quality: 'probable', reason: 'email' });
    expect(byId[9005]).toMatchObject({ leadId: null, quality: 'none' });
    expect(result.batch.matches).toEqual({ exact: 2, probable: 2, none: 1 });
    expect(result.outcomes.every((o) => o.source === `export:${result.batch.id}`)).toBe(true);
  });

  it('changes nothing when the same file is uploaded again', async () => {
    const before = await env.DB.prepare(
      'SELECT * FROM export_outcomes WHERE tenant = ? ORDER BY record_id',
    )
      .bind(TENANT)
      .all();
    const res = await upload(TENANT, 'jobs', jobsCsv());
    expect(res.status).toBe(200);
    const again = (await res.json()) as ImportResult;
    expect(again.unchanged).toBe(true);
    expect(again.batch.id).toBe(result.batch.id);
    const after = await env.DB.prepare(
      'SELECT * FROM export_outcomes WHERE tenant = ? ORDER BY record_id',
    )
      .bind(TENANT)
      .all();
    expect(after.results).toEqual(before.results);
    const listed = await getJson<{ imports: unknown[] }>(`/v1/admin/outcomes/${TENANT}/imports`);
    expect(listed.body.imports).toHaveLength(1);
  });

  it('lets an operator confirm or reject probable matches, audited, and only those', async () => {
    const path = `/v1/admin/outcomes/${TENANT}/imports/${result.batch.id}/review`;
    const wrong = await sendJson('POST', path, {
      decisions: [{ recordId: 9001, decision: 'confirm' }],
    });
    expect(wrong.status).toBe(422);
    expect(((await wrong.json()) as { error: string }).error).toBe('not_probable');
    const res = await sendJson('POST', path, {
      decisions: [
        { recordId: 9003, decision: 'confirm' },
        { recordId: 9004, decision: 'reject' },
      ],
    });
    expect(res.status).toBe(200);
    const reviewed = (await res.json()) as ImportResult;
    const review = Object.fromEntries(reviewed.outcomes.map((o) => [o.recordId, o.review]));
    expect(review).toMatchObject({ 9003: 'confirmed', 9004: 'rejected' });
    const audit = await env.DB.prepare(
      `SELECT action FROM audit_log WHERE subject_id = ? ORDER BY id`,
    )
      .bind(result.batch.id)
      .all<{ action: string }>();
    expect(audit.results.map((r) => r.action)).toEqual(['outcomes.import', 'outcomes.review']);
  });

  it('refuses a file without the required columns with the field path', async () => {
    const res = await upload(TENANT, 'jobs', 'Name,Phone\r\nA,1\r\n');
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: string; issues: { path: unknown[] }[] };
    expect(body.error).toBe('missing_required_column');
    expect(body.issues.map((i) => i.path)).toEqual([
      ['columns', 'Job ID'],
      ['columns', 'Created Date'],
    ]);
  });

  it("keeps tenants apart: another tenant's operator cannot read or import", async () => {
    await copyDemoTenant('proof-import-other');
    const { mintOperatorToken } = await import('../../helpers/ops.ts');
    const other = bearer(await mintOperatorToken('proof-import-other'));
    expect((await getJson(`/v1/admin/outcomes/${TENANT}/imports`, other)).status).toBe(403);
    expect((await upload(TENANT, 'jobs', jobsCsv(), other)).status).toBe(403);
    const own = await getJson<{ imports: unknown[] }>(
      '/v1/admin/outcomes/proof-import-other/imports',
      other,
    );
    expect(own.body.imports).toEqual([]);
  });
});
