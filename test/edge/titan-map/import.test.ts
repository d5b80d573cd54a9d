/**
 * CSV imports through the admin API: batch accounting, candidates, refusals, supersession,
 * review decisions, a 10,000-row file, and that nothing live changes before a publish.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../../edge/titan-map/import.ts';
import { ADMIN_TOKEN, adminJson, bearer, call, sendJson } from '../../helpers/api.ts';
import { copyDemoTenant, mintOperatorToken } from '../../helpers/ops.ts';
import { importCsv, importOk, json, TM, widgetConfig } from './helpers.ts';
import { d1FailingAtEndOfBatch } from '../../helpers/d1.ts';

const JOB_TYPES_HEADER = 'Job Type ID,Name,Business Units,Active';

/** Everything visitors' bookings depend on: the tenant row, the published taxonomy and map. */
async function liveState() {
  const [tenant, taxonomy, entries] = await env.DB.batch([
    env.DB.prepare('SELECT published_map_version, config_version FROM tenants WHERE slug = ?').bind(
      'desert-peak',
    ),
    env.DB.prepare(`SELECT * FROM titan_taxonomy WHERE tenant = 'desert-peak' ORDER BY kind, id`),
    env.DB.prepare(
      `SELECT * FROM titan_map_entries WHERE tenant = 'desert-peak' ORDER BY map_version, service_key`,
    ),
  ]);
  return { tenant: tenant?.results, taxonomy: taxonomy?.results, entries: entries?.results };
}

async function candidateCount(batchId: string): Promise<number> {
  const row = await env.DB.prepare(
    'SELECT count(*) AS n FROM titan_import_candidates WHERE batch_id = ?',
  )
    .bind(batchId)
    .first<{ n: number }>();
  return row?.n ?? -1;
}

describe('batch accounting', () => {
  it('counts rows read, accepted and rejected, lists rejections with row numbers, and stores candidates', async () => {
    const csv = [
      `${JOB_TYPES_HEADER},Skills`,
      '4521,AC Repair,319,True,',
      '',
      '4522,Furnace Repair,"319, 320",True,',
      'x,Broken,319,True,',
      '4600,Heat Pump Repair,319,True,HVAC',
      '4600,Heat Pump Again,319,True,',
    ].join('\n');
    const { batch, superseded, driftFindings } = await importOk('job-types', csv);
    expect(batch).toMatchObject({
      provider: 'servicetitan',
      kind: 'job-types',
      fileName: 'job-types.csv',
      status: 'review',
      rowsRead: 5,
      rowsAccepted: 3,
      rowsRejected: 2,
      createdBy: 'admin',
      columns: {
        id: 'Job Type ID',
        name: 'Name',
        businessUnitIds: 'Business Units',
        active: 'Active',
      },
      ignoredColumns: ['Skills'],
      // 4530, 4540, 4545 and 4550 are published and active but absent from this file.
      changes: { new: 1, changed: 1, unchanged: 1, removed: 4 },
    });
    expect(batch.rejectedRows).toEqual([
      expect.objectContaining({ row: 5, code: 'invalid_id' }),
      expect.objectContaining({
        row: 7,
        code: 'duplicate_id',
        message: 'ID 4600 already appears on row 6',
      }),
    ]);
    expect(superseded).toEqual([]);
    // The removed job types are bound by the published map: each is a finding.
    expect(driftFindings.map((f: any) => [f.kind, f.affectedService]).sort()).toEqual([
      ['job_type_removed', 'duct-cleaning'],
      ['job_type_removed', 'maintenance-tune-up'],
      ['job_type_removed', 'new-system-estimate'],
      ['job_type_removed', 'water-heater'],
    ]);
    expect(await candidateCount(batch.id)).toBe(3 + 4);

    const stored = await adminJson(`${TM}/imports/${batch.id}`);
    expect(stored.batch).toEqual(batch);
    const changed = await adminJson(`${TM}/imports/${batch.id}/candidates?change=changed`);
    expect(changed.candidates).toEqual([
      expect.objectContaining({
        id: 4522,
        row: 4,
        changedFields: ['businessUnitIds'],
        previous: { name: 'Furnace Repair', active: true, data: { businessUnitIds: [319] } },
        data: { businessUnitIds: [319, 320] },
        reviewState: 'pending',
      }),
    ]);
    const unchanged = await adminJson(`${TM}/imports/${batch.id}/candidates?change=unchanged`);
    expect(unchanged.candidates.map((c: any) => [c.id, c.reviewState])).toEqual([
      [4521, 'accepted'],
    ]);
  });

  it('reads a 10,000-row file in one request and accounts for every row', async () => {
    const lines = [JOB_TYPES_HEADER];
    for (let i = 0; i < 10_000; i += 1)
      lines.push(`${100_000 + i},"Job type ${i}, bulk",319,${i % 2 ? 'True' : 'False'}`);
    lines[5_001] = '100000,Duplicate of the first,319,True';
    lines[9_000] = '108999,"No business unit",Nowhere Unit,True';
    const started = Date.now();
    const { batch } = await importOk('job-types', lines.join('\r\n'));
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(batch).toMatchObject({ rowsRead: 10_000, rowsAccepted: 9_998, rowsRejected: 2 });
    expect(batch.rejectedRows.map((r: any) => [r.row, r.code])).toEqual([
      [5_002, 'duplicate_id'],
      [9_001, 'unknown_business_unit'],
    ]);
    expect(batch.changes).toEqual({ new: 9_998, changed: 0, unchanged: 0, removed: 6 });
    expect(await candidateCount(batch.id)).toBe(9_998 + 6);

    // Candidates page by id with a cursor, without gaps or repeats.
    const seen: number[] = [];
    let cursor: string | null = '';
    for (let pages = 0; cursor !== null && pages < 3; pages += 1) {
      const page: any = await adminJson(
        `${TM}/imports/${batch.id}/candidates?limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.candidates.map((c: any) => c.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(
      Array.from(
        { length: 300 },
        (_, i) => [4521, 4522, 4530, 4540, 4545, 4550][i] ?? 100_000 + i - 6,
      ),
    );
  });
});

describe('refusing a file', () => {
  it('records a file missing a required column as a failed batch and names the column', async () => {
    const res = await importCsv('job-types', 'Job Type ID,Name,Active\n4521,AC Repair,True\n');
    expect(res.status).toBe(422);
    const body = await json(res);
    expect(body.error).toBe('missing_required_column');
    expect(body.issues).toEqual([
      expect.objectContaining({
        path: ['columns', 'Business Units'],
        code: 'missing_required_column',
      }),
    ]);
    const failed = await adminJson(`${TM}/imports?status=failed`);
    expect(failed.batches[0]).toMatchObject({
      status: 'failed',
      rowsRead: 1,
      rowsAccepted: 0,
      rowsRejected: 1,
      errorNote: 'The file has no "Business Units" column.',
    });
    expect(body.message).toContain(failed.batches[0].id);
    expect(await candidateCount(failed.batches[0].id)).toBe(0);
  });

  it('refuses an empty file, a header without rows and a file where no row is usable', async () => {
    const cases = [
      ['', 'empty_file'],
      ['Campaign ID,Name\r\n', 'no_rows_accepted'],
      ['Campaign ID,Name\n-1,Bad\n', 'no_rows_accepted'],
    ] as const;
    for (const [csv, code] of cases) {
      const res = await importCsv('campaigns', csv);
      expect(res.status).toBe(422);
      expect((await json(res)).error).toBe(code);
    }
    // A file nobody could use must not mark every published campaign as removed.
    const findings = await env.DB.prepare(
      `SELECT count(*) AS n FROM titan_import_candidates WHERE kind = 'campaign'`,
    ).first<{ n: number }>();
    expect(findings?.n).toBe(0);
  });

  it('answers wrong requests before reading the file', async () => {
    expect((await call(`${TM}/imports?kind=job-types`, { method: 'POST', body: 'x' })).status).toBe(
      401,
    );
    const wrongType = await call(`${TM}/imports?kind=job-types`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(wrongType.status).toBe(415);
    const badKind = await importCsv('technicians', 'ID,Name\n1,A\n');
    expect([badKind.status, (await json(badKind)).error]).toEqual([400, 'invalid_query']);
    const unknownTenant = await call('/v1/admin/titan-map/tenants/nobody-here/imports?kind=zones', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'text/csv' },
      body: 'Zone ID,Name,Zips\n1,A,85001\n',
    });
    expect([unknownTenant.status, (await json(unknownTenant)).error]).toEqual([
      404,
      'unknown_tenant',
    ]);
    const huge = await importCsv('zones', new Uint8Array(5 * 1024 * 1024 + 1).fill(0x41));
    expect([huge.status, (await json(huge)).error]).toEqual([413, 'payload_too_large']);
  });
});

describe('review', () => {
  it('supersedes an open batch of the same kind and decides candidates only in open batches', async () => {
    const first = await importOk(
      'campaigns',
      'Campaign ID,Name,Active\n1001,Website - Booking Widget,True\n1002,Google Ads - Search,True\n1003,Yelp,True\n',
    );
    const second = await importOk(
      'campaigns',
      'Campaign ID,Name,Active\n1001,Website - Booking Widget,True\n1002,Google Ads - Search,True\n1004,Angi,True\n1005,Nextdoor,True\n',
    );
    expect(second.superseded).toEqual([first.batch.id]);
    expect((await adminJson(`${TM}/imports/${first.batch.id}`)).batch).toMatchObject({
      status: 'superseded',
      supersededBy: second.batch.id,
    });
    const closed = await sendJson('POST', `${TM}/imports/${first.batch.id}/review`, {
      decision: 'accept',
      all: true,
    });
    expect([closed.status, (await json(closed)).error]).toEqual([409, 'batch_not_in_review']);

    const unknown = await sendJson('POST', `${TM}/imports/${second.batch.id}/review`, {
      decision: 'accept',
      ids: [1004, 9999],
    });
    expect([unknown.status, (await json(unknown)).error]).toEqual([422, 'unknown_candidate']);
    const invalid = await sendJson('POST', `${TM}/imports/${second.batch.id}/review`, {
      decision: 'accept',
    });
    expect([invalid.status, (await json(invalid)).error]).toEqual([422, 'invalid_body']);

    const rejected = await json(
      await sendJson('POST', `${TM}/imports/${second.batch.id}/review`, {
        decision: 'reject',
        ids: [1005],
      }),
    );
    expect(rejected).toMatchObject({ decision: 'rejected', updated: 1, pending: 1 });
    const rest = await json(
      await sendJson('POST', `${TM}/imports/${second.batch.id}/review`, {
        decision: 'accept',
        all: true,
      }),
    );
    expect(rest).toMatchObject({ decision: 'accepted', updated: 1, pending: 0 });
    const states = await adminJson(`${TM}/imports/${second.batch.id}/candidates`);
    expect(states.candidates.map((c: any) => [c.id, c.reviewState])).toEqual([
      [1001, 'accepted'],
      [1002, 'accepted'],
      [1004, 'accepted'],
      [1005, 'rejected'],
    ]);
    const audit = await env.DB.prepare(
      `SELECT action FROM audit_log WHERE subject_type = 'titan_import_batch' AND subject_id = ? ORDER BY id`,
    )
      .bind(second.batch.id)
      .all<{ action: string }>();
    expect(audit.results.map((r) => r.action)).toEqual([
      'titan_map.import',
      'titan_map.candidates_rejected',
      'titan_map.candidates_accepted',
    ]);
  });

  it('changes nothing live: taxonomy, map, tenant row and widget config stay as published', async () => {
    const live = await liveState();
    const config = await widgetConfig();
    await importOk(
      'job-types',
      `${JOB_TYPES_HEADER}\n4521,AC Repair (renamed),319,False\n4700,Brand New,320,True\n`,
    );
    await importOk('zones', 'Zone ID,Name,Zips,Active\n71,Central Phoenix,85001,False\n');
    const batch = (await adminJson(`${TM}/imports?kind=job-types&status=review`)).batches[0];
    await sendJson('POST', `${TM}/imports/${batch.id}/review`, { decision: 'accept', all: true });
    await sendJson('PUT', `${TM}/bindings/ac-repair`, {
      jobTypeId: 4700,
      businessUnitId: 320,
      campaignId: 1001,
    });
    expect(await liveState()).toEqual(live);
    expect(await widgetConfig()).toEqual(config);
  });

  it('never half-applies a file: if the write fails, no batch, candidate or finding is left', async () => {
    const before = await env.DB.prepare(
      'SELECT (SELECT count(*) FROM titan_import_batches) AS b, (SELECT count(*) FROM titan_import_candidates) AS c, (SELECT count(*) FROM drift_findings) AS f',
    ).first();
    // The import's one batch gets a statement that fails at the very end.
    const poisoned = d1FailingAtEndOfBatch(env.DB);
    await expect(
      importFile(poisoned, {
        tenant: 'desert-peak',
        kind: 'job-type',
        provider: 'servicetitan',
        fileName: 'x.csv',
        bytes: new TextEncoder().encode(`${JOB_TYPES_HEADER}\n4521,AC Repair,319,False\n`),
        actor: 'admin',
        widgetUrl: 'https://example.test/v1/tenants/desert-peak/config',
      }),
    ).rejects.toThrow(/no_such_table/);
    const after = await env.DB.prepare(
      'SELECT (SELECT count(*) FROM titan_import_batches) AS b, (SELECT count(*) FROM titan_import_candidates) AS c, (SELECT count(*) FROM drift_findings) AS f',
    ).first();
    expect(after).toEqual(before);
  });
});

describe('tenant scoping', () => {
  it("refuses an operator token another tenant's map, and lets it use its own", async () => {
    await copyDemoTenant('cool-breeze');
    const token = await mintOperatorToken('cool-breeze');
    const other = await call(`${TM}/coverage`, { headers: bearer(token) });
    expect([other.status, (await json(other)).error]).toEqual([403, 'forbidden_tenant']);
    const own = await call('/v1/admin/titan-map/tenants/cool-breeze/coverage', {
      headers: bearer(token),
    });
    expect(own.status).toBe(200);
    expect((await json(own)).tenant).toBe('cool-breeze');
  });
});
