/**
 * Draft bindings and publishing: checks on bindings, review before publish, the new version the
 * widget config and lead intake use, old versions readable, and an all-or-nothing publish.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { publishDraft } from '../../../edge/titan-map/publish.ts';
import { ADMIN, adminJson, call, postJson, sendJson } from '../../helpers/api.ts';
import { demoLead } from '../../helpers/leads.ts';
import { acceptAll, importOk, json, serviceBinding, TM, widgetConfig } from './helpers.ts';
import { d1FailingAtEndOfBatch } from '../../helpers/d1.ts';

const JOB_TYPES = `Job Type ID,Name,Business Units,Active
4521,AC Repair,319,True
4522,Furnace Repair,319,True
4530,Water Heater Service,321,True
4540,Maintenance - Tune Up,319,True
4545,Duct Cleaning,319,False
4550,Sales Estimate - Replacement,320,True
4560,Indoor Air Quality,"319, 320",True
4570,Mini Split Repair,319,True
`;

describe('draft bindings', () => {
  it('refuses unknown services and ids, and reports problems that do not block saving', async () => {
    const unknownService = await sendJson('PUT', `${TM}/bindings/roofing`, {
      jobTypeId: 4521,
      businessUnitId: 319,
      campaignId: 1001,
    });
    expect([unknownService.status, (await json(unknownService)).error]).toEqual([
      404,
      'unknown_service',
    ]);
    const unknownIds = await sendJson('PUT', `${TM}/bindings/ac-repair`, {
      jobTypeId: 9999,
      businessUnitId: 319,
      campaignId: 77,
    });
    const body = await json(unknownIds);
    expect([unknownIds.status, body.error]).toEqual([422, 'unknown_reference']);
    expect(body.issues.map((i: any) => i.path)).toEqual([['jobTypeId'], ['campaignId']]);
    const invalid = await sendJson('PUT', `${TM}/bindings/ac-repair`, {
      jobTypeId: 'x',
      businessUnitId: 319,
      campaignId: 1001,
      priorityByUrgency: { asap: 'High' },
    });
    expect([invalid.status, (await json(invalid)).error]).toEqual([422, 'invalid_body']);

    const saved = await json(
      await sendJson('PUT', `${TM}/bindings/ac-repair`, {
        jobTypeId: 4521,
        businessUnitId: 320,
        campaignId: 1001,
      }),
    );
    expect(saved.problems).toEqual(['business_unit_not_on_job_type']);
    // No priorities given: the published ones are kept.
    expect(saved.binding.priorityByUrgency).toEqual({
      emergency: 'Urgent',
      soon: 'High',
      flexible: 'Normal',
    });
    const overview = await adminJson(`${TM}/bindings`);
    expect(overview.services.find((s: any) => s.service === 'ac-repair')).toMatchObject({
      edited: true,
      published: { jobTypeId: 4521, businessUnitId: 319 },
      draft: { jobTypeId: 4521, businessUnitId: 320 },
      problems: ['business_unit_not_on_job_type'],
    });

    expect((await sendJson('DELETE', `${TM}/bindings/ac-repair`)).status).toBe(204);
    const again = await sendJson('DELETE', `${TM}/bindings/ac-repair`);
    expect([again.status, (await json(again)).error]).toEqual([404, 'draft_not_found']);
    const nothing = await sendJson('POST', `${TM}/publish`);
    expect([nothing.status, (await json(nothing)).error]).toEqual([409, 'nothing_to_publish']);
  });
});

describe('publish', () => {
  it('makes reviewed candidates and bindings live as a new version that config and intake use', async () => {
    const etagBefore = (await call('/v1/tenants/desert-peak/config')).headers.get('etag');
    const { batch } = await importOk('job-types', JOB_TYPES);
    await sendJson('POST', `${TM}/imports/${batch.id}/review`, { decision: 'reject', ids: [4570] });
    await acceptAll(batch.id);
    await sendJson('PUT', `${TM}/bindings/indoor-air-quality`, {
      jobTypeId: 4560,
      businessUnitId: 320,
      campaignId: 1002,
      priorityByUrgency: { soon: 'Normal', flexible: 'Low' },
    });
    const result = await json(await sendJson('POST', `${TM}/publish`, { note: 'first' }));
    expect(result.batchIds).toEqual([batch.id]);
    // Duct cleaning's job type is inactive now: published, and shown as a gap.
    expect(result.coverage).toMatchObject({ offered: 7, covered: 6 });
    expect(result.coverage.gaps).toEqual([
      expect.objectContaining({ service: 'duct-cleaning', reasons: ['job_type_inactive'] }),
    ]);

    const taxonomy = await adminJson(`${TM}/taxonomy?kind=job-types`);
    expect(taxonomy.items.map((i: any) => [i.id, i.active])).toEqual([
      [4521, true],
      [4522, true],
      [4530, true],
      [4540, true],
      [4545, false],
      [4550, true],
      [4560, true],
    ]);
    expect((await adminJson(`${TM}/imports/${batch.id}`)).batch).toMatchObject({
      status: 'published',
      publishedVersion: result.version,
    });

    const res = await call('/v1/tenants/desert-peak/config');
    expect(res.headers.get('etag')).not.toBe(etagBefore);
    const config = await widgetConfig();
    expect(serviceBinding(config, 'indoor-air-quality')).toEqual({
      jobTypeId: 4560,
      businessUnitId: 320,
      campaignId: 1002,
      mapVersion: result.version,
    });
    expect(serviceBinding(config, 'ac-repair')).toEqual({
      jobTypeId: 4521,
      businessUnitId: 319,
      campaignId: 1001,
      mapVersion: result.version,
    });

    const lead = demoLead({
      service: 'indoor-air-quality',
      urgency: 'soon',
      titanBinding: serviceBinding(config, 'indoor-air-quality')!,
    });
    const accepted = await json(await postJson('/v1/leads', lead));
    const stored = await adminJson(`/v1/admin/leads/${accepted.leadId}`);
    expect(stored.lead.bindingResolved).toMatchObject({
      jobTypeId: 4560,
      businessUnitId: 320,
      campaignId: 1002,
      priority: 'Normal',
      mapVersion: result.version,
    });
    expect(stored.lead.reviewReasons).not.toContain('binding_missing');

    // The old version is still there to read, with the taxonomy it was published against.
    const versions = await adminJson(`${TM}/versions`);
    expect(versions.versions.map((v: any) => [v.version, v.live])).toEqual([
      [result.version, true],
      ['2026-11-01.1', false],
    ]);
    expect(versions.versions[0]).toMatchObject({
      previousVersion: '2026-11-01.1',
      note: 'first',
      publishedBy: 'admin',
      entryCount: 7,
    });
    const old = await adminJson(`${TM}/versions/2026-11-01.1`);
    expect(old.entries).toHaveLength(6);
    expect(old.taxonomy.find((i: any) => i.id === 4545)).toMatchObject({ active: true });
    expect(old.taxonomy.some((i: any) => i.id === 4560)).toBe(false);
    const current = await adminJson(`${TM}/versions/${result.version}`);
    expect(current.taxonomy.find((i: any) => i.id === 4545)).toMatchObject({ active: false });
    const missing = await call(`${TM}/versions/1999-01-01.1`, { headers: ADMIN });
    expect([missing.status, (await json(missing)).error]).toEqual([404, 'version_not_found']);

    // The next publish the same day gets the next number.
    await sendJson('PUT', `${TM}/bindings/duct-cleaning`, {
      jobTypeId: 4521,
      businessUnitId: 319,
      campaignId: 1001,
    });
    const second = await json(await sendJson('POST', `${TM}/publish`));
    expect(second.version).toBe(result.version.replace(/\.1$/, '.2'));
    expect(second.coverage.covered).toBe(7);
  });

  it('waits for review, and refuses a binding whose id was rejected in review', async () => {
    const live = (await widgetConfig()).mapVersion;
    const { batch } = await importOk('job-types', JOB_TYPES);
    const bound = await sendJson('PUT', `${TM}/bindings/indoor-air-quality`, {
      jobTypeId: 4570,
      businessUnitId: 319,
      campaignId: 1001,
    });
    expect(bound.status).toBe(200);
    const waiting = await json(await sendJson('POST', `${TM}/publish`));
    expect(waiting).toMatchObject({
      error: 'review_incomplete',
      issues: [expect.objectContaining({ path: ['batches', batch.id] })],
    });
    await sendJson('POST', `${TM}/imports/${batch.id}/review`, { decision: 'reject', ids: [4570] });
    await acceptAll(batch.id);
    const refused = await sendJson('POST', `${TM}/publish`);
    const body = await json(refused);
    expect([refused.status, body.error]).toEqual([422, 'unknown_reference']);
    expect(body.issues).toEqual([
      expect.objectContaining({ path: ['bindings', 'indoor-air-quality', 'jobTypeId'] }),
    ]);
    expect((await widgetConfig()).mapVersion).toBe(live);
  });

  it('is all or nothing: a failing write leaves the live map, taxonomy, batches and drafts as they were', async () => {
    const { batch } = await importOk('job-types', JOB_TYPES);
    await acceptAll(batch.id);
    await sendJson('PUT', `${TM}/bindings/indoor-air-quality`, {
      jobTypeId: 4560,
      businessUnitId: 319,
      campaignId: 1001,
    });
    const snapshot = () =>
      env.DB.batch([
        env.DB.prepare(
          `SELECT published_map_version, config_version FROM tenants WHERE slug = 'desert-peak'`,
        ),
        env.DB.prepare(
          `SELECT * FROM titan_taxonomy WHERE tenant = 'desert-peak' ORDER BY kind, id`,
        ),
        env.DB.prepare(`SELECT count(*) AS n FROM titan_map_entries`),
        env.DB.prepare(`SELECT status FROM titan_import_batches WHERE id = ?`).bind(batch.id),
        env.DB.prepare(`SELECT count(*) AS n FROM titan_map_drafts`),
        env.DB.prepare(`SELECT count(*) AS n FROM titan_map_versions`),
      ]).then((results) => results.map((r) => r.results));
    const before = await snapshot();
    const poisoned = d1FailingAtEndOfBatch(env.DB);
    await expect(
      publishDraft(poisoned, 'desert-peak', { note: null, actor: 'admin' }),
    ).rejects.toThrow(/no_such_table/);
    expect(await snapshot()).toEqual(before);
  });
});
