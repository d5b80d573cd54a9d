/**
 * Coverage score and suggestions on small fixtures with answers worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import type { TitanMapEntry } from '../../../edge/titan-map/db/entries.ts';
import { computeCoverage } from '../../../edge/titan-map/coverage.ts';
import { nameSimilarity } from '../../../edge/titan-map/similarity.ts';
import { defaultCampaign, suggestJobTypes } from '../../../edge/titan-map/suggestions.ts';
import { indexTaxonomy, type TaxonomyItem } from '../../../edge/titan-map/taxonomy.ts';

const item = (
  kind: TaxonomyItem['kind'],
  id: number,
  name: string,
  active = true,
  data = {},
): TaxonomyItem => ({
  kind,
  id,
  name,
  active,
  data,
});

const taxonomy = indexTaxonomy([
  item('business-unit', 1, 'HVAC Service'),
  item('business-unit', 2, 'HVAC Install'),
  item('business-unit', 3, 'Old Unit', false),
  item('job-type', 10, 'AC Repair', true, { businessUnitIds: [1] }),
  item('job-type', 11, 'Furnace Repair', false, { businessUnitIds: [1] }),
  item('job-type', 12, 'Duct Cleaning', true, { businessUnitIds: [1, 3] }),
  item('job-type', 13, 'System Estimate', true, { businessUnitIds: [2] }),
  item('job-type', 14, 'AC Repair - Legacy', true, { businessUnitIds: [3] }),
  item('campaign', 100, 'Website'),
  item('campaign', 101, 'Old Mailer', false),
  item('zone', 7, 'Central', true, { zips: ['85001', '85003'] }),
  item('zone', 8, 'Closed', false, { zips: ['85004'] }),
]);

const entry = (
  serviceKey: string,
  jobTypeId: number | null,
  businessUnitId: number | null,
  campaignId: number | null,
  active = true,
): TitanMapEntry => ({
  serviceKey,
  jobTypeId,
  businessUnitId,
  campaignId,
  priorityByUrgency: {},
  active,
});

const service = (key: string, label: string) => ({
  key,
  label,
  urgencies: ['soon' as const, 'flexible' as const],
});

describe('coverage score', () => {
  it('counts only complete, active, consistent bindings and names every gap', () => {
    const services = [
      service('ac', 'AC repair'),
      service('furnace', 'Furnace repair'),
      service('ducts', 'Duct cleaning'),
      service('estimate', 'New system estimate'),
      service('mailer', 'Mailer special'),
      service('paused', 'Paused service'),
      service('ghost', 'Ghost'),
      service('unmapped', 'Unmapped'),
    ];
    const entries = new Map(
      [
        entry('ac', 10, 1, 100),
        entry('furnace', 11, 1, 100),
        entry('ducts', 12, 3, 100),
        entry('estimate', 13, 1, null),
        entry('mailer', 10, 1, 101),
        entry('paused', 10, 1, 100, false),
        entry('ghost', 99, 42, 100),
      ].map((e) => [e.serviceKey, e]),
    );
    const coverage = computeCoverage({
      services,
      entries,
      taxonomy,
      serviceAreaZips: ['85001', '85003', '85004', '85099'],
    });
    expect(coverage).toMatchObject({ offered: 8, covered: 1, score: 0.125 });
    expect(Object.fromEntries(coverage.gaps.map((g) => [g.service, g.reasons]))).toEqual({
      furnace: ['job_type_inactive'],
      ducts: ['business_unit_inactive'],
      estimate: ['business_unit_not_on_job_type', 'missing_campaign'],
      mailer: ['campaign_inactive'],
      paused: ['binding_inactive'],
      ghost: ['job_type_unknown', 'business_unit_unknown'],
      unmapped: ['unmapped'],
    });
    expect(coverage.serviceArea).toEqual({
      zips: 4,
      covered: 2,
      uncoveredZips: ['85004', '85099'],
    });
  });

  it('scores 6 of 7 as 0.8571 and an empty offer as fully covered', () => {
    const services = Array.from({ length: 7 }, (_, i) => service(`s${i}`, `S${i}`));
    const entries = new Map(services.slice(0, 6).map((s) => [s.key, entry(s.key, 10, 1, 100)]));
    expect(computeCoverage({ services, entries, taxonomy, serviceAreaZips: [] })).toMatchObject({
      covered: 6,
      score: 0.8571,
    });
    expect(computeCoverage({ services: [], entries, taxonomy, serviceAreaZips: [] }).score).toBe(1);
  });
});

describe('suggestions', () => {
  it('scores identical names 1 and unrelated ones 0, whatever the punctuation', () => {
    expect(nameSimilarity('Maintenance tune-up', 'Maintenance - Tune Up')).toBe(1);
    expect(nameSimilarity('A/C repair', 'AC Repairs')).toBe(1);
    expect(nameSimilarity('Duct cleaning', 'Water Heater')).toBe(0);
  });

  it('ranks by name, breaks name ties on business-unit consistency, skips inactive job types', () => {
    const ranked = suggestJobTypes({
      service: service('ac-repair', 'AC repair'),
      current: undefined,
      taxonomy,
      pending: new Set(['job-type:14']),
      defaultCampaignId: 100,
    });
    expect(ranked.map((s) => s.jobTypeId)).toEqual([10, 14]);
    expect(ranked[0]).toMatchObject({
      nameScore: 1,
      businessUnitScore: 1,
      score: 1,
      pendingReview: false,
    });
    // "AC Repair - Legacy" only lists an inactive unit: no business unit to book with.
    expect(ranked[1]).toMatchObject({
      businessUnitScore: 0,
      pendingReview: true,
      binding: { businessUnitId: null },
    });
    expect(ranked[0]?.binding).toEqual({
      jobTypeId: 10,
      businessUnitId: 1,
      campaignId: 100,
      priorityByUrgency: { soon: 'High', flexible: 'Normal' },
    });
  });

  it("keeps the service's business unit and active campaign when the job type allows them", () => {
    const [top] = suggestJobTypes({
      service: service('ducts', 'Duct cleaning'),
      current: { ...entry('ducts', 11, 1, 101), priorityByUrgency: { soon: 'Low' } },
      taxonomy,
      pending: new Set(),
      defaultCampaignId: 100,
    });
    expect(top?.binding).toEqual({
      jobTypeId: 12,
      businessUnitId: 1,
      campaignId: 100,
      priorityByUrgency: { soon: 'Low' },
    });
  });

  it('defaults the campaign to the active one most bindings use', () => {
    const withTwo = indexTaxonomy([
      ...taxonomy.get('campaign')!.values(),
      item('campaign', 102, 'Google'),
    ]);
    const entries = [
      entry('a', 10, 1, 102),
      entry('b', 10, 1, 102),
      entry('c', 10, 1, 100),
      entry('d', 10, 1, 101),
      entry('e', 10, 1, 101),
      entry('f', 10, 1, 101),
    ];
    expect(defaultCampaign(entries, withTwo)).toBe(102);
    expect(defaultCampaign([], withTwo)).toBe(100);
  });
});
