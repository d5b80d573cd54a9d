/**
 * @module
 * The tenant context (widget config + published Titan Map) that intake classifies against and the
 * config route serves. Cached per isolate for a short time: this is what keeps the lead request
 * path at one D1 round trip (the insert batch) whenever the isolate is warm.
 */
import {
  StoredWidgetConfigSchema,
  type StoredWidgetConfig,
  type TenantStatus,
} from '../../shared/config.ts';
import { TENANT_PATTERN } from '../../shared/lead-rules.ts';
import { ApiError } from '../http/errors.ts';
import { toTitanMapEntry, type TitanMapEntry } from '../titan-map/db/entries.ts';
import { readTenantWithMap } from './db/tenants.ts';

export interface TenantContext {
  slug: string;
  name: string;
  timezone: string;
  allowedOrigins: string[];
  status: TenantStatus;
  config: StoredWidgetConfig;
  configVersion: number;
  mapVersion: string | null;
  bindings: Map<string, TitanMapEntry>;
  /** SHA-256 hex of the tenant's live intake keys: checked in memory on a warm isolate. */
  intakeKeyHashes: Set<string>;
}

/** How long an isolate trusts its copy; config edits made elsewhere show up within this time. */
export const TENANT_CACHE_TTL_MS = 30_000;

/** Bounds the cache: tenant names come from requests, so unknown ones must not pile up. */
export const TENANT_CACHE_MAX_ENTRIES = 1_000;

const cache = new Map<string, { context: TenantContext | null; expiresAt: number }>();

function remember(slug: string, context: TenantContext | null): void {
  cache.delete(slug);
  // A Map iterates in insertion order: the first key is the least recently loaded.
  if (cache.size >= TENANT_CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(slug, { context, expiresAt: Date.now() + TENANT_CACHE_TTL_MS });
}

async function loadTenantContext(db: D1Database, slug: string): Promise<TenantContext | null> {
  const found = await readTenantWithMap(db, slug);
  return (
    found && {
      slug: found.tenant.slug,
      name: found.tenant.name,
      timezone: found.tenant.timezone,
      allowedOrigins: JSON.parse(found.tenant.allowed_origins) as string[],
      status: found.tenant.status,
      config: StoredWidgetConfigSchema.parse(JSON.parse(found.tenant.widget_config)),
      configVersion: found.tenant.config_version,
      mapVersion: found.tenant.published_map_version,
      bindings: new Map(found.map.map((row) => [row.service_key, toTitanMapEntry(row)])),
      intakeKeyHashes: new Set(found.intakeKeyHashes),
    }
  );
}

/**
 * The tenant's context, from this isolate's cache while fresh. When D1 cannot be read, an expired
 * copy is still served (stale-if-error) so intake keeps working; with no copy at all the caller
 * gets 503 + Retry-After, which the widget's outbox retries.
 */
export async function getTenantContext(
  db: D1Database,
  slug: string,
): Promise<TenantContext | null> {
  // Not a slug: no tenant can have it, so neither D1 nor the cache is asked.
  if (!TENANT_PATTERN.test(slug)) return null;
  const cached = cache.get(slug);
  if (cached && cached.expiresAt > Date.now()) return cached.context;
  let context: TenantContext | null;
  try {
    context = await loadTenantContext(db, slug);
  } catch (err) {
    console.error('tenant context read failed', (err as Error).message);
    if (cached) return cached.context;
    throw new ApiError(503, 'storage_unavailable', 'The service is briefly unavailable; retry.', {
      headers: { 'Retry-After': '30' },
    });
  }
  remember(slug, context);
  return context;
}

/** Drop this isolate's copy after a change made here (config edit, map publish, intake key). */
export function invalidateTenantContext(slug: string): void {
  cache.delete(slug);
}
