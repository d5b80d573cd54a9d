/**
 * @module
 * `tn.dis.zone-updated` and `tn.dis.zone-deleted`: a ServiceTitan dispatch zone changed. If that
 * leaves zips of the tenant's service area (the zips the widget books for) outside every zone, a
 * drift finding is raised for a reviewer. Nothing is changed: the widget keeps its service area and
 * the taxonomy keeps its zones until someone decides (re-import, config edit).
 */
import type { WebhookEventData } from '../../../shared/webhook-events.ts';
import {
  insertDriftFindingStatement,
  sameZoneFindingOpen,
} from '../../titan-map/db/drift-findings.ts';
import { readZoneRows } from '../../titan-map/db/taxonomy.ts';
import { getTenantContext } from '../../tenants/context.ts';
import type { EventInput, Plan } from './plan.ts';

export interface KnownZone {
  id: number;
  active: boolean;
  zips: string[];
}

/**
 * Service-area zips that a zone covered before the event and no zone covers after it. "Before" is
 * the published taxonomy, plus, for a deletion, the zips the deleted zone reports; "after" is the
 * taxonomy with this zone replaced by its new state (or removed when deleted or inactive).
 */
export function zipsLeftUncovered(input: {
  serviceAreaZips: readonly string[];
  knownZones: readonly KnownZone[];
  zone: { id: number; active: boolean; zips: readonly string[] };
  deleted: boolean;
}): string[] {
  const others = new Set<string>();
  for (const zone of input.knownZones) {
    if (zone.id !== input.zone.id && zone.active) for (const zip of zone.zips) others.add(zip);
  }
  const known = input.knownZones.find((zone) => zone.id === input.zone.id);
  const before = new Set([
    ...(known?.active ? known.zips : []),
    ...(input.deleted ? input.zone.zips : []),
  ]);
  const after = new Set(!input.deleted && input.zone.active ? input.zone.zips : []);
  return input.serviceAreaZips
    .filter((zip) => before.has(zip) && !after.has(zip) && !others.has(zip))
    .sort();
}

async function knownZones(db: D1Database, tenant: string): Promise<KnownZone[]> {
  return (await readZoneRows(db, tenant)).map((row) => {
    const zips = (JSON.parse(row.data) as { zips?: unknown }).zips;
    return {
      id: row.id,
      active: row.active === 1,
      zips: Array.isArray(zips) ? zips.filter((z): z is string => typeof z === 'string') : [],
    };
  });
}

export async function applyZoneEvent(
  type: 'tn.dis.zone-updated' | 'tn.dis.zone-deleted',
  input: EventInput<WebhookEventData<typeof type>>,
): Promise<Plan> {
  const { zone } = input.data;
  const deleted = type === 'tn.dis.zone-deleted';
  const context = await getTenantContext(input.db, input.tenant);
  const uncovered = zipsLeftUncovered({
    serviceAreaZips: context?.config.serviceAreaZips ?? [],
    knownZones: await knownZones(input.db, input.tenant),
    zone: { id: zone.id, active: zone.active, zips: zone.zips ?? [] },
    deleted,
  });
  const label = zone.name ? `"${zone.name}" (${zone.id})` : `${zone.id}`;
  const applied = { zoneId: zone.id, uncoveredZips: uncovered };
  if (uncovered.length === 0) {
    return {
      result: {
        state: 'processed',
        leadId: null,
        note: null,
        applied: { ...applied, driftFinding: 'none' },
      },
      statements: [],
    };
  }
  const kind = deleted ? 'zone_deleted' : 'zone_coverage_lost';
  if (await sameZoneFindingOpen(input.db, input.tenant, kind, zone.id, uncovered)) {
    return {
      result: {
        state: 'processed',
        leadId: null,
        note: 'The same drift finding is already open.',
        applied: { ...applied, driftFinding: 'already_open' },
      },
      statements: [],
    };
  }
  const what = deleted
    ? 'was deleted'
    : zone.active
      ? 'no longer includes them'
      : 'was deactivated';
  return {
    result: {
      state: 'processed',
      leadId: null,
      note: null,
      applied: { ...applied, driftFinding: 'raised' },
    },
    statements: [
      insertDriftFindingStatement(input.db, {
        tenant: input.tenant,
        origin: 'webhook',
        kind,
        severity: 'high',
        owner: 'operator',
        affectedZip: uncovered.length === 1 ? uncovered[0] : null,
        summary: `ServiceTitan zone ${label} ${what}: ${uncovered.length} service-area zip(s) are in no zone (${uncovered.join(', ')}). The widget still offers booking there.`,
        recommendedFix:
          'Restore the zips to a zone in ServiceTitan, or remove them from the widget service area; then re-import zones.',
        detail: {
          zoneId: zone.id,
          zoneName: zone.name ?? null,
          uncoveredZips: uncovered,
          webhookEventId: input.eventId,
        },
      }),
    ],
  };
}
