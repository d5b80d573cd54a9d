/**
 * @module
 * Each tenant's conversion action names per stage (they must equal the names of the conversion
 * actions in the tenant's Google Ads and Microsoft Advertising accounts) and the currency of the
 * values. A tenant that never set them gets the defaults below.
 */
import type { ConversionStage } from '../../../shared/outcomes.ts';

export interface ConversionSettings {
  names: Record<ConversionStage, string>;
  currency: string;
}

export const DEFAULT_CONVERSION_SETTINGS: ConversionSettings = {
  names: {
    lead: 'PageToJob lead',
    booked: 'PageToJob booked job',
    completed: 'PageToJob completed job',
    invoiced: 'PageToJob invoiced job',
  },
  currency: 'USD',
};

export async function conversionSettings(
  db: D1Database,
  tenant: string,
): Promise<ConversionSettings> {
  const row = await db
    .prepare('SELECT names, currency FROM conversion_settings WHERE tenant = ?')
    .bind(tenant)
    .first<{ names: string; currency: string }>();
  if (!row) return DEFAULT_CONVERSION_SETTINGS;
  const names = JSON.parse(row.names) as Partial<ConversionSettings['names']>;
  return { names: { ...DEFAULT_CONVERSION_SETTINGS.names, ...names }, currency: row.currency };
}

export function saveConversionSettingsStatement(
  db: D1Database,
  tenant: string,
  settings: ConversionSettings,
  actor: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO conversion_settings (tenant, names, currency, updated_by, updated_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (tenant) DO UPDATE SET names = excluded.names, currency = excluded.currency,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
    )
    .bind(
      tenant,
      JSON.stringify(settings.names),
      settings.currency,
      actor,
      new Date().toISOString(),
    );
}
