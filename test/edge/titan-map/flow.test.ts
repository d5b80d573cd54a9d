/**
 * The "done when", through the API with the repo's example files: import, review,
 * publish, coverage rises, and a re-import that deactivates a mapped job type raises a drift
 * finding without changing what visitors see.
 */
import { describe, expect, it } from 'vitest';
import businessUnits from '../../../examples/titan-map/business-units.csv?raw';
import campaigns from '../../../examples/titan-map/campaigns.csv?raw';
import jobTypesDeactivated from '../../../examples/titan-map/job-types-duct-cleaning-inactive.csv?raw';
import jobTypes from '../../../examples/titan-map/job-types.csv?raw';
import zones from '../../../examples/titan-map/zones.csv?raw';
import { adminJson, sendJson } from '../../helpers/api.ts';
import { acceptAll, importOk, json, serviceBinding, TM, widgetConfig } from './helpers.ts';

describe('Titan Map from the demo tenant', () => {
  it('imports, reviews, publishes, raises coverage, and reports drift on a re-import', async () => {
    const before = await adminJson(`${TM}/coverage`);
    expect(before).toMatchObject({ offered: 7, covered: 6, mapVersion: '2026-11-01.1' });
    expect(before.gaps).toEqual([
      expect.objectContaining({ service: 'indoor-air-quality', reasons: ['unmapped'] }),
    ]);
    const configBefore = await widgetConfig();
    expect(serviceBinding(configBefore, 'indoor-air-quality')).toBeNull();

    const batches = [];
    for (const [kind, csv] of [
      ['business-units', businessUnits],
      ['campaigns', campaigns],
      ['zones', zones],
      ['job-types', jobTypes],
    ] as const) {
      const result = await importOk(kind, csv);
      expect(result.batch).toMatchObject({ kind, status: 'review', rowsRejected: 0 });
      expect(result.driftFindings).toEqual([]);
      batches.push(result.batch);
    }
    const jobTypeBatch = batches[3]!;
    expect(jobTypeBatch).toMatchObject({
      rowsRead: 8,
      rowsAccepted: 8,
      changes: { new: 2, changed: 0, unchanged: 6, removed: 0 },
      ignoredColumns: ['Class', 'Priority', 'Duration', 'Summary'],
    });
    // "HVAC Install; IAQ Service" was resolved by name, IAQ Service from the pending BU import.
    const purifier = await adminJson(`${TM}/imports/${jobTypeBatch.id}/candidates?change=new`);
    expect(purifier.candidates.map((c: any) => [c.id, c.data.businessUnitIds])).toEqual([
      [4560, [319, 322]],
      [4561, [320, 322]],
    ]);

    // Nothing is live yet.
    expect((await adminJson(`${TM}/coverage`)).covered).toBe(6);
    const suggested = await adminJson(`${TM}/suggestions?service=indoor-air-quality`);
    const top = suggested.services[0].suggestions[0];
    expect(top).toMatchObject({
      jobTypeId: 4560,
      jobTypeName: 'Indoor Air Quality',
      pendingReview: true,
    });
    expect(top.binding).toMatchObject({ jobTypeId: 4560, businessUnitId: 319, campaignId: 1001 });

    const refused = await sendJson('POST', `${TM}/publish`, {});
    expect(refused.status).toBe(409);
    expect((await json(refused)).error).toBe('review_incomplete');

    for (const batch of batches) expect((await acceptAll(batch.id)).pending).toBe(0);
    const accepted = await sendJson('POST', `${TM}/suggestions/indoor-air-quality/accept`, {});
    expect(accepted.status).toBe(200);
    expect((await json(accepted)).problems).toEqual([]);
    expect(await adminJson(`${TM}/coverage?of=draft`)).toMatchObject({ covered: 7, score: 1 });
    expect(serviceBinding(await widgetConfig(), 'indoor-air-quality')).toBeNull();

    const published = await sendJson('POST', `${TM}/publish`, {
      note: 'IAQ from the office exports',
    });
    expect(published.status).toBe(201);
    const result = await json(published);
    expect(result).toMatchObject({
      previousVersion: '2026-11-01.1',
      servicesChanged: ['indoor-air-quality'],
    });
    expect(result.version).toMatch(/^\d{4}-\d{2}-\d{2}\.1$/);

    const after = await adminJson(`${TM}/coverage`);
    expect(after).toMatchObject({ covered: 7, score: 1, gaps: [], mapVersion: result.version });
    const configAfter = await widgetConfig();
    expect(configAfter.mapVersion).toBe(result.version);
    expect(serviceBinding(configAfter, 'indoor-air-quality')).toEqual({
      jobTypeId: 4560,
      businessUnitId: 319,
      campaignId: 1001,
      mapVersion: result.version,
    });

    // Re-import with Duct Cleaning deactivated: a finding, but visitors see the same map.
    const reimport = await importOk('job-types', jobTypesDeactivated);
    expect(reimport.batch.changes).toEqual({ new: 0, changed: 1, unchanged: 7, removed: 0 });
    expect(reimport.driftFindings).toEqual([
      expect.objectContaining({
        origin: 'import',
        kind: 'job_type_deactivated',
        severity: 'high',
        owner: 'contractor-office',
        affectedService: 'duct-cleaning',
        affectedWidgetUrl: 'https://pagetojob.test/v1/tenants/desert-peak/config',
        reviewState: 'open',
      }),
    ]);
    expect(reimport.driftFindings[0].recommendedFix).toContain('Duct cleaning');
    const configDrifted = await widgetConfig();
    expect(configDrifted.mapVersion).toBe(result.version);
    expect(serviceBinding(configDrifted, 'duct-cleaning')).toMatchObject({ jobTypeId: 4545 });
    expect((await adminJson(`${TM}/coverage`)).covered).toBe(7);
    const draft = await adminJson(`${TM}/coverage?of=draft`);
    expect(draft.gaps).toEqual([
      expect.objectContaining({ service: 'duct-cleaning', reasons: ['job_type_inactive'] }),
    ]);

    const open = await adminJson(
      `/v1/admin/titan-map/drift-findings?tenant=desert-peak&state=open`,
    );
    expect(open.findings.map((f: any) => f.id)).toEqual([reimport.driftFindings[0].id]);
  });
});
