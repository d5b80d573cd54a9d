/**
 * @module
 * The demo tenant, Desert Peak Heating & Air (Phoenix, AZ): widget config, ServiceTitan taxonomy
 * and published Titan Map with plausible ids. Used by `npm start` (rendered to SQL by
 * scripts/seed.ts) and by the tests, so both run against the same tenant.
 */
import type { StoredWidgetConfig } from '../../shared/config.ts';

export const DEMO_TENANT = 'desert-peak';
export const DEMO_MAP_VERSION = '2026-11-01.1';

export const demoTenant = {
  slug: DEMO_TENANT,
  name: 'Desert Peak Heating & Air',
  timezone: 'America/Phoenix',
  allowedOrigins: [
    'http://127.0.0.1:8787',
    'http://localhost:8787',
    'https://desertpeakair.example',
  ],
};

const allUrgencies: StoredWidgetConfig['services'][number]['urgencies'] = [
  'emergency',
  'soon',
  'flexible',
];

export const demoWidgetConfig: StoredWidgetConfig = {
  services: [
    {
      key: 'ac-repair',
      label: 'AC repair',
      labelEs: 'Reparación de aire acondicionado',
      description: 'Warm air, strange noises, not turning on',
      descriptionEs: 'Aire caliente, ruidos extraños, no enciende',
      urgencies: allUrgencies,
    },
    {
      key: 'furnace-repair',
      label: 'Furnace repair',
      labelEs: 'Reparación de calefacción',
      description: 'No heat, short cycling, pilot problems',
      descriptionEs: 'Sin calefacción, ciclos cortos, piloto',
      urgencies: allUrgencies,
    },
    {
      key: 'water-heater',
      label: 'Water heater repair or replacement',
      labelEs: 'Calentador de agua',
      description: 'No hot water, leaks, tank or tankless',
      descriptionEs: 'Sin agua caliente, fugas, con o sin tanque',
      urgencies: allUrgencies,
    },
    {
      key: 'maintenance-tune-up',
      label: 'Maintenance tune-up',
      labelEs: 'Mantenimiento preventivo',
      description: 'Seasonal AC or furnace check',
      descriptionEs: 'Revisión de temporada de aire o calefacción',
      urgencies: ['soon', 'flexible'],
    },
    {
      key: 'duct-cleaning',
      label: 'Duct cleaning',
      labelEs: 'Limpieza de ductos',
      description: 'Dust, allergies, airflow',
      descriptionEs: 'Polvo, alergias, flujo de aire',
      urgencies: ['soon', 'flexible'],
    },
    {
      key: 'new-system-estimate',
      label: 'New system estimate',
      labelEs: 'Cotización de equipo nuevo',
      description: 'Free in-home estimate for a new AC, heat pump or furnace',
      descriptionEs: 'Cotización gratis en casa',
      urgencies: ['soon', 'flexible'],
    },
    {
      key: 'indoor-air-quality',
      label: 'Indoor air quality',
      labelEs: 'Calidad del aire interior',
      description: 'Filters, purifiers, humidity',
      descriptionEs: 'Filtros, purificadores, humedad',
      urgencies: ['soon', 'flexible'],
    },
  ],
  windows: [
    {
      key: 'morning',
      label: 'Morning (8–12)',
      labelEs: 'Mañana (8–12)',
      start: '08:00',
      end: '12:00',
    },
    {
      key: 'afternoon',
      label: 'Afternoon (12–4)',
      labelEs: 'Tarde (12–4)',
      start: '12:00',
      end: '16:00',
    },
    {
      key: 'evening',
      label: 'Evening (4–7)',
      labelEs: 'Noche (4–7)',
      start: '16:00',
      end: '19:00',
    },
    { key: 'anytime', label: 'Any time', labelEs: 'Cualquier hora' },
  ],
  businessHours: { days: [1, 2, 3, 4, 5, 6], open: '07:00', close: '19:00' },
  serviceAreaZips: [
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
    '85020',
    '85021',
    '85022',
    '85028',
    '85032',
    '85044',
    '85048',
    '85050',
    '85251',
    '85254',
    '85257',
    '85281',
    '85282',
    '85283',
    '85284',
  ],
  emergencyPhone: '(602) 555-0147',
  consent: {
    text: 'By submitting, you agree that Desert Peak Heating & Air may call or email you about this request. If you check the SMS box, you agree to receive text messages about your appointment; message and data rates may apply; reply STOP to opt out.',
    textEs:
      'Al enviar, acepta que Desert Peak Heating & Air le llame o le escriba sobre esta solicitud. Si marca la casilla de SMS, acepta recibir mensajes de texto sobre su cita; pueden aplicarse tarifas; responda STOP para cancelar.',
    version: '2026-11',
  },
  branding: {
    primaryColor: '#c2410c',
    accentColor: '#0f766e',
    textColor: '#1c1917',
    backgroundColor: '#ffffff',
    radius: '10px',
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
    buttonLabel: 'Book service',
  },
  locales: ['en', 'es'],
  testContacts: { phones: ['6025550100'], emails: ['test@desertpeakair.example'] },
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
export function demoSeedStatements(
  t: SeedTenant = demoTenant,
): { sql: string; params: unknown[] }[] {
  return [
    {
      sql: `INSERT INTO tenants (slug, name, timezone, allowed_origins, widget_config, published_map_version)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (slug) DO NOTHING`,
      params: [
        t.slug,
        t.name,
        t.timezone,
        JSON.stringify(t.allowedOrigins),
        JSON.stringify(demoWidgetConfig),
        DEMO_MAP_VERSION,
      ],
    },
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
