/**
 * @module
 * Per-tenant retention: how long personal data is kept, and the purge that erases it once a lead
 * or webhook event is older than that (edge/lifecycle/erase.ts: the rows and their counts stay).
 * The purge also redacts webhook events that arrived after the lead they name was erased.
 * The cron runs `purgeExpiredPersonalData` for every tenant; operators can run one tenant's purge
 * at once after shortening its period. Each run handles a bounded number of rows per tenant so a
 * backlog (e.g. after shortening the period) is worked off over a few runs, not in one that times
 * out.
 */
import { RETENTION_DAYS } from '../../shared/ops.ts';
import { expiredLeadIdsStatement } from '../leads/db/erasure.ts';
import { expiredEventIdsStatement } from '../webhooks/db/events.ts';
import { ERASURE_COUNTS, erase, type ErasureResult } from './erase.ts';

/** Leads (and, separately, events) erased per tenant per batch, and batches per run. */
const BATCH_SIZE = 200;
const BATCHES_PER_RUN = 5;

export interface RetentionSetting {
  tenant: string;
  retentionDays: number;
  /** False when the tenant has no row and the default applies. */
  custom: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
}

interface RetentionRow {
  slug: string;
  retention_days: number | null;
  updated_by: string | null;
  updated_at: string | null;
}

const SELECT_SETTINGS = `SELECT t.slug, r.retention_days, r.updated_by, r.updated_at
  FROM tenants t LEFT JOIN tenant_retention r ON r.tenant = t.slug`;

function toSetting(row: RetentionRow): RetentionSetting {
  return {
    tenant: row.slug,
    retentionDays: row.retention_days ?? RETENTION_DAYS.default,
    custom: row.retention_days != null,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

/** The tenant's setting, or null for an unknown tenant. */
export async function getRetention(db: D1Database, tenant: string) {
  const row = await db
    .prepare(`${SELECT_SETTINGS} WHERE t.slug = ?`)
    .bind(tenant)
    .first<RetentionRow>();
  return row && toSetting(row);
}

export async function listRetention(db: D1Database, tenant: string | undefined) {
  const { results } = await db
    .prepare(`${SELECT_SETTINGS} WHERE ?1 IS NULL OR t.slug = ?1 ORDER BY t.slug`)
    .bind(tenant ?? null)
    .all<RetentionRow>();
  return results.map(toSetting);
}

export function setRetentionStatement(
  db: D1Database,
  tenant: string,
  retentionDays: number,
  by: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO tenant_retention (tenant, retention_days, updated_by) VALUES (?1, ?2, ?3)
       ON CONFLICT (tenant) DO UPDATE SET retention_days = ?2, updated_by = ?3,
         updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
    )
    .bind(tenant, retentionDays, by);
}

/** The instant before which a tenant's personal data is past retention. */
export function retentionCutoff(retentionDays: number, now: Date): string {
  return new Date(now.getTime() - retentionDays * 86_400_000).toISOString();
}

async function expiredIds(db: D1Database, tenant: string, cutoff: string) {
  const [leads, events] = await db.batch([
    expiredLeadIdsStatement(db, tenant, cutoff, BATCH_SIZE),
    expiredEventIdsStatement(db, tenant, cutoff, BATCH_SIZE),
  ]);
  const ids = (result: D1Result | undefined) =>
    ((result?.results ?? []) as { id: string }[]).map((row) => row.id);
  return { leadIds: ids(leads), eventIds: ids(events) };
}

export interface PurgeResult extends ErasureResult {
  tenant: string;
  cutoff: string;
  /** True when rows past the cutoff were left for the next run. */
  more: boolean;
}

/** Erases one tenant's personal data received before its retention cutoff. */
export async function purgeTenant(
  db: D1Database,
  setting: RetentionSetting,
  now: Date,
  actor: string,
): Promise<PurgeResult> {
  const cutoff = retentionCutoff(setting.retentionDays, now);
  const total: PurgeResult = {
    tenant: setting.tenant,
    cutoff,
    leadsErased: 0,
    syncJobsRedacted: 0,
    syncAttemptsRedacted: 0,
    auditEntriesRedacted: 0,
    webhookEventsRedacted: 0,
    more: false,
  };
  for (let batch = 0; batch < BATCHES_PER_RUN; batch++) {
    const { leadIds, eventIds } = await expiredIds(db, setting.tenant, cutoff);
    if (leadIds.length === 0 && eventIds.length === 0) return total;
    const result = await erase(db, {
      tenant: setting.tenant,
      leadIds,
      eventIds,
      reason: 'retention',
      actor,
      summary: {
        action: 'retention.purged',
        subjectType: 'tenant',
        subjectId: setting.tenant,
        detail: { retentionDays: setting.retentionDays, cutoff },
      },
    });
    for (const count of ERASURE_COUNTS) total[count] += result[count];
    total.more = leadIds.length === BATCH_SIZE || eventIds.length === BATCH_SIZE;
    if (!total.more) return total;
  }
  return total;
}

/** Cron upkeep: every tenant's purge. One tenant failing does not stop the others. */
export async function purgeExpiredPersonalData(env: Env, now = new Date()): Promise<void> {
  for (const setting of await listRetention(env.DB, undefined)) {
    try {
      const result = await purgeTenant(env.DB, setting, now, 'system:retention');
      if (result.leadsErased || result.webhookEventsRedacted) {
        console.log(
          'retention purge',
          setting.tenant,
          result.leadsErased,
          result.webhookEventsRedacted,
        );
      }
    } catch (err) {
      console.error('retention purge failed', setting.tenant, (err as Error).message);
    }
  }
}
