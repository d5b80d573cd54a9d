/**
 * @module
 * The demo tenant, Desert Peak Heating & Air (Phoenix, AZ): widget config, ServiceTitan taxonomy
 * and published Titan Map with plausible ids. Used by `npm start` (rendered to SQL by
 * scripts/seed.ts) and by the tests, so both run against the same tenant.
 */
import demoTenantFile from '../../examples/tenants/desert-peak.json' with { type: 'json' };
import type { StoredWidgetConfig } from '../../shared/config.ts';
import { TenantCreateSchema, WidgetSettingsSchema } from '../../shared/tenant-settings.ts';
import { newTenantStatements, type SqlStatement } from '../tenants/db/new-tenant.ts';

export const DEMO_TENANT = 'desert-peak';
export const DEMO_MAP_VERSION = '2026-11-01.1';

/**
 * The tenant as every tenant is described: the same document `npm run tenant -- create --file`
 * takes and `POST /v1/admin/tenants` accepts. Parsed here, so a broken example fails at import.
 */
const demoDocument = TenantCreateSchema.parse(demoTenantFile);

export const demoTenant = {
  slug: demoDocument.slug,
  name: demoDocument.name,
  timezone: demoDocument.timezone,
  allowedOrigins: demoDocument.allowedOrigins,
};

const demoSettings = WidgetSettingsSchema.parse(demoDocument.config);

export const demoWidgetConfig: StoredWidgetConfig = {
  ...demoSettings,
  ...(demoDocument.testContacts && { testContacts: demoDocument.testContacts }),
};

type TaxonomyItem = {
  kind: 'job-type' | 'business-unit' | 'campaign' | 'zone';
  id: number;
  name: string;
  active: boolean;
  data: Record<string, unknown>;
};

export const demoTaxonomy: TaxonomyItem[] = [
  { kind: 'business-unit', id: 319, name: 'HVAC Service', active: true, data: {} },
  { kind: 'business-unit', id: 320, name: 'HVAC Install', active: true, data: {} },
  { kind: 'business-unit', id: 321, name: 'Plumbing Service', active: true, data: {} },
  { kind: 'job-type', id: 4521, name: 'AC Repair', active: true, data: { businessUnitIds: [319] } },
  {
    kind: 'job-type',
    id: 4522,
    name: 'Furnace Repair',
    active: true,
    data: { businessUnitIds: [319] },
  },
  {
    kind: 'job-type',
    id: 4530,
    name: 'Water Heater Service',
    active: true,
    data: { businessUnitIds: [321] },
  },
  {
    kind: 'job-type',
    id: 4540,
    name: 'Maintenance - Tune Up',
    active: true,
    data: { businessUnitIds: [319] },
  },
  {
    kind: 'job-type',
    id: 4545,
    name: 'Duct Cleaning',
    active: true,
    data: { businessUnitIds: [319] },
  },
  {
    kind: 'job-type',
    id: 4550,
    name: 'Sales Estimate - Replacement',
    active: true,
    data: { businessUnitIds: [320] },
  },
  { kind: 'campaign', id: 1001, name: 'Website - Booking Widget', active: true, data: {} },
  { kind: 'campaign', id: 1002, name: 'Google Ads - Search', active: true, data: {} },
  {
    kind: 'zone',
    id: 71,
    name: 'Central Phoenix',
    active: true,
    data: {
      zips: [
        '85001',
        '85003',
        '85004',
        '85006',
        '85007',
        '85008',
        '85012',
        '85013',
        '85014',
        '85015',
        '85016',
        '85018',
      ],
    },
  },
  {
    kind: 'zone',
    id: 72,
    name: 'North Phoenix',
    active: true,
    data: { zips: ['85020', '85021', '85022', '85028', '85032', '85050'] },
  },
  {
    kind: 'zone',
    id: 73,
    name: 'East Valley',
    active: true,
    data: {
      zips: ['85044', '85048', '85251', '85254', '85257', '85281', '85282', '85283', '85284'],
    },
  },
];

const service = { emergency: 'Urgent', soon: 'High', flexible: 'Normal' } as const;
const planned = { soon: 'Normal', flexible: 'Low' } as const;

export const demoTitanMap = [
  {
    serviceKey: 'ac-repair',
    jobTypeId: 4521,
    businessUnitId: 319,
    campaignId: 1001,
    priorityByUrgency: service,
  },
  {
    serviceKey: 'furnace-repair',
    jobTypeId: 4522,
    businessUnitId: 319,
    campaignId: 1001,
    priorityByUrgency: service,
  },
  {
    serviceKey: 'water-heater',
    jobTypeId: 4530,
    businessUnitId: 321,
    campaignId: 1001,
    priorityByUrgency: service,
  },
  {
    serviceKey: 'maintenance-tune-up',
    jobTypeId: 4540,
    businessUnitId: 319,
    campaignId: 1001,
    priorityByUrgency: planned,
  },
  {
    serviceKey: 'duct-cleaning',
    jobTypeId: 4545,
    businessUnitId: 319,
    campaignId: 1001,
    priorityByUrgency: planned,
  },
  {
    serviceKey: 'new-system-estimate',
    jobTypeId: 4550,
    businessUnitId: 320,
    campaignId: 1001,
    priorityByUrgency: planned,
  },
  // indoor-air-quality is deliberately unmapped: the demo shows a lead flagged for review.
];

/** Who a seed is for: the demo tenant, or (in tests) a copy of it under another slug. */
export type SeedTenant = Pick<typeof demoTenant, 'slug' | 'name' | 'timezone' | 'allowedOrigins'>;

/**
 * The seed as SQL statements with bound parameters; idempotent (existing rows are kept). `t` gets
 * the demo's widget config, taxonomy and published Titan Map.
 */
export function demoSeedStatements(t: SeedTenant = demoTenant): SqlStatement[] {
  return [
    ...newTenantStatements({
      ...t,
      testContacts: demoDocument.testContacts,
      settings: demoSettings,
      publishedBy: 'seed',
      note: 'demo seed',
      publishedMapVersion: DEMO_MAP_VERSION,
    }),
    ...demoTaxonomy.map((item) => ({
      sql: `INSERT INTO titan_taxonomy (tenant, kind, id, name, active, data) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant, kind, id) DO NOTHING`,
      params: [
        t.slug,
        item.kind,
        item.id,
        item.name,
        item.active ? 1 : 0,
        JSON.stringify(item.data),
      ],
    })),
    ...demoTitanMap.map((entry) => ({
      sql: `INSERT INTO titan_map_entries (tenant, map_version, service_key, job_type_id, business_unit_id,
              campaign_id, priority_by_urgency) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (tenant, map_version, service_key) DO NOTHING`,
      params: [
        t.slug,
        DEMO_MAP_VERSION,
        entry.serviceKey,
        entry.jobTypeId,
        entry.businessUnitId,
        entry.campaignId,
        JSON.stringify(entry.priorityByUrgency),
      ],
    })),
  ];
}
