/**
 * Drift findings: which re-imports raise one (deactivated, removed, changed units, renamed,
 * zones losing service-area zips), no duplicates, and the review routes (list, read, resolve,
 * dismiss), including findings the zone webhook writes.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { insertDriftFindingStatement } from '../../../edge/titan-map/db/drift-findings.ts';
import { ADMIN, adminJson, call, sendJson } from '../../helpers/api.ts';
import { importOk, json, serviceBinding, widgetConfig } from './helpers.ts';

const FINDINGS = '/v1/admin/titan-map/drift-findings';

const summary = (findings: any[]) =>
  findings
    .map((f) => [f.kind, f.severity, f.affectedService ?? f.affectedZip])
    .sort((a, b) => String(a).localeCompare(String(b)));

describe('drift detection on re-import', () => {
  it('flags every service bound to a deactivated business unit, and leaves the widget alone', async () => {
    const config = await widgetConfig();
    const { driftFindings } = await importOk(
      'business-units',
      'Business Unit ID,Name,Active\n319,HVAC Service,False\n320,HVAC Install,True\n321,Plumbing Service,True\n',
    );
    expect(summary(driftFindings)).toEqual([
      ['business_unit_deactivated', 'high', 'ac-repair'],
      ['business_unit_deactivated', 'high', 'duct-cleaning'],
      ['business_unit_deactivated', 'high', 'furnace-repair'],
      ['business_unit_deactivated', 'high', 'maintenance-tune-up'],
    ]);
    expect(driftFindings[0].detail).toMatchObject({
      subject: { kind: 'business-unit', id: 319, name: 'HVAC Service' },
      change: 'changed',
      changedFields: ['active'],
      previous: { active: true },
    });
    expect(await widgetConfig()).toEqual(config);
  });

  it('flags removed campaigns, units dropped from a bound job type, and renames (low)', async () => {
    const campaigns = await importOk(
      'campaigns',
      'Campaign ID,Name,Active\n1002,Google Ads - Search,True\n',
    );
    expect(new Set(summary(campaigns.driftFindings).map((f) => f[0]))).toEqual(
      new Set(['campaign_removed']),
    );
    expect(campaigns.driftFindings).toHaveLength(6);

    const jobTypes = await importOk(
      'job-types',
      [
        'Job Type ID,Name,Business Units,Active',
        '4521,AC Repair,320,True',
        '4522,Furnace Repair & Heat,319,True',
        '4530,Water Heater Service,"321, 320",True',
        '4540,Maintenance - Tune Up,319,True',
        '4545,Duct Cleaning,319,True',
        '4550,Sales Estimate - Replacement,320,True',
      ].join('\n'),
    );
    expect(summary(jobTypes.driftFindings)).toEqual([
      ['job_type_business_units_changed', 'high', 'ac-repair'],
      ['job_type_renamed', 'low', 'furnace-repair'],
    ]);
  });

  it('flags service-area zips that no active zone covers any more, not zones that changed harmlessly', async () => {
    const { driftFindings } = await importOk(
      'zones',
      [
        'Zone ID,Name,Zips,Active',
        '71,Central Phoenix (renamed),"85001, 85003, 85004, 85006, 85007, 85008, 85012, 85013, 85014, 85015, 85016, 85018",True',
        '72,North Phoenix,"85020, 85021, 85022, 85028, 85032, 85050",False',
        '73,East Valley,"85044, 85048, 85251, 85254, 85257, 85281, 85282, 85283",True',
        '75,North Overlap,"85020, 85021",True',
      ].join('\n'),
    );
    expect(summary(driftFindings)).toEqual(
      ['85022', '85028', '85032', '85050', '85284'].map((zip) => ['zip_lost_zone', 'high', zip]),
    );
    expect(driftFindings.find((f: any) => f.affectedZip === '85022').summary).toContain(
      'zone 72 "North Phoenix"',
    );
  });

  it('does not raise the same open finding twice when the same file comes again', async () => {
    const csv = 'Job Type ID,Name,Business Units,Active\n4521,AC Repair,319,False\n';
    const first = await importOk('job-types', csv);
    expect(summary(first.driftFindings).filter((f) => f[2] === 'ac-repair')).toEqual([
      ['job_type_deactivated', 'high', 'ac-repair'],
    ]);
    const second = await importOk('job-types', csv);
    expect(second.driftFindings).toEqual([]);
    expect(second.superseded).toEqual([first.batch.id]);
    expect(serviceBinding(await widgetConfig(), 'ac-repair')).toMatchObject({ jobTypeId: 4521 });
  });
});

describe('reviewing findings', () => {
  it('lists, reads, resolves with a note and dismisses, each step audited, never twice', async () => {
    const { driftFindings } = await importOk(
      'campaigns',
      'Campaign ID,Name,Active\n1001,Website - Booking Widget,False\n1002,Google Ads - Search,True\n',
    );
    await env.DB.batch([
      insertDriftFindingStatement(env.DB, {
        tenant: 'desert-peak',
        origin: 'webhook',
        kind: 'zone_deactivated',
        severity: 'medium',
        owner: 'contractor-office',
        affectedZip: '85001',
        summary: 'Zone 71 was deactivated in ServiceTitan.',
        recommendedFix: 'Re-import zones and review.',
      }),
    ]);
    const webhook = await adminJson(`${FINDINGS}?tenant=desert-peak&origin=webhook`);
    expect(webhook.findings).toEqual([
      expect.objectContaining({ origin: 'webhook', affectedZip: '85001', reviewState: 'open' }),
    ]);

    const [first, second] = driftFindings;
    const needsNote = await sendJson('POST', `${FINDINGS}/${first.id}/resolve`, { note: '  ' });
    expect([needsNote.status, (await json(needsNote)).error]).toEqual([422, 'invalid_body']);
    const resolved = await json(
      await sendJson('POST', `${FINDINGS}/${first.id}/resolve`, { note: 'Rebound to Google Ads' }),
    );
    expect(resolved.finding).toMatchObject({
      reviewState: 'resolved',
      resolvedBy: 'admin',
      resolutionNote: 'Rebound to Google Ads',
    });
    expect(resolved.finding.resolvedAt).toEqual(expect.any(String));
    const twice = await sendJson('POST', `${FINDINGS}/${first.id}/dismiss`, {});
    expect([twice.status, (await json(twice)).error]).toEqual([409, 'finding_not_open']);
    const dismissed = await json(await sendJson('POST', `${FINDINGS}/${second.id}/dismiss`));
    expect(dismissed.finding).toMatchObject({ reviewState: 'dismissed', resolutionNote: null });
    const webhookDismissed = await sendJson(
      'POST',
      `${FINDINGS}/${webhook.findings[0].id}/dismiss`,
      {
        note: 'known',
      },
    );
    expect(webhookDismissed.status).toBe(200);

    const read = await adminJson(`${FINDINGS}/${first.id}`);
    expect(read.audit.map((a: any) => [a.action, a.detail.note])).toEqual([
      ['drift_finding.resolved', 'Rebound to Google Ads'],
    ]);
    const stillOpen = await adminJson(`${FINDINGS}?tenant=desert-peak&state=open`);
    expect(stillOpen.findings.map((f: any) => f.id)).not.toContain(first.id);
    expect(stillOpen.findings.map((f: any) => f.id)).not.toContain(second.id);
    const unknown = await call(`${FINDINGS}/df_nope/resolve`, {
      method: 'POST',
      headers: ADMIN,
      body: '{"note":"x"}',
    });
    expect([unknown.status, (await json(unknown)).error]).toEqual([404, 'finding_not_found']);
  });

  it('pages findings newest first with a cursor', async () => {
    const all = await adminJson(`${FINDINGS}?tenant=desert-peak&limit=100`);
    expect(all.findings.length).toBeGreaterThan(3);
    const firstPage = await adminJson(`${FINDINGS}?tenant=desert-peak&limit=2`);
    const nextPage = await adminJson(
      `${FINDINGS}?tenant=desert-peak&limit=2&cursor=${firstPage.nextCursor}`,
    );
    expect([...firstPage.findings, ...nextPage.findings].map((f: any) => f.id)).toEqual(
      all.findings.slice(0, 4).map((f: any) => f.id),
    );
  });
});
