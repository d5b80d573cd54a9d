/**
 * @module
 * Drift detection for an import: which candidates deactivate, remove or change something the
 * published map uses (a bound job type, business unit or campaign, or a zone covering a
 * service-area zip). Each hit becomes a drift finding for a reviewer; the published map, and so
 * what visitors see, stays as it is until someone publishes a reviewed change.
 */
import type { TaxonomyKind } from '../../shared/titan-map.ts';
import type { NewDriftFinding } from './db/drift-findings.ts';
import type { TitanMapEntry } from './db/entries.ts';
import type { Candidate } from './diff.ts';
import {
  businessUnitIdsOf,
  overlayTaxonomy,
  zipsInActiveZones,
  zipsOf,
  type TaxonomyIndex,
} from './taxonomy.ts';

/** Whoever keeps the ServiceTitan setup and the map: the contractor's office. */
export const FINDING_OWNER = 'contractor-office';

export interface DriftInput {
  tenant: string;
  batchId: string;
  kind: TaxonomyKind;
  candidates: Candidate[];
  services: { key: string; label: string }[];
  /** The published map's entries by service key. */
  entries: Map<string, TitanMapEntry>;
  published: TaxonomyIndex;
  serviceAreaZips: string[];
  /** The widget config URL that serves the affected bindings. */
  widgetUrl: string;
}

const BOUND_FIELD = {
  'job-type': 'jobTypeId',
  'business-unit': 'businessUnitId',
  campaign: 'campaignId',
} as const;

const NOUN = {
  'job-type': 'job type',
  'business-unit': 'business unit',
  campaign: 'campaign',
} as const;

type BoundKind = keyof typeof BOUND_FIELD;

/** The one most serious way a candidate breaks an entry, or null when the entry still holds. */
function breakage(kind: BoundKind, candidate: Candidate, entry: TitanMapEntry) {
  const slug = kind.replace('-', '_');
  if (candidate.change === 'removed')
    return {
      kind: `${slug}_removed`,
      severity: 'high',
      what: 'is missing from the new export',
    } as const;
  if (candidate.changedFields.includes('active') && !candidate.item.active) {
    return {
      kind: `${slug}_deactivated`,
      severity: 'high',
      what: 'is inactive in the new export',
    } as const;
  }
  if (
    kind === 'job-type' &&
    candidate.changedFields.includes('businessUnitIds') &&
    entry.businessUnitId !== null &&
    !businessUnitIdsOf(candidate.item).includes(entry.businessUnitId)
  ) {
    return {
      kind: 'job_type_business_units_changed',
      severity: 'high',
      what: `no longer lists business unit ${entry.businessUnitId}`,
    } as const;
  }
  if (candidate.changedFields.includes('name')) {
    return {
      kind: `${slug}_renamed`,
      severity: 'low',
      what: `was renamed to "${candidate.item.name}"`,
    } as const;
  }
  return null;
}

function bindingFindings(input: DriftInput, kind: BoundKind): NewDriftFinding[] {
  const field = BOUND_FIELD[kind];
  const findings: NewDriftFinding[] = [];
  for (const candidate of input.candidates) {
    if (candidate.change !== 'changed' && candidate.change !== 'removed') continue;
    for (const service of input.services) {
      const entry = input.entries.get(service.key);
      if (!entry?.active || entry[field] !== candidate.item.id) continue;
      const hit = breakage(kind, candidate, entry);
      if (!hit) continue;
      const subject = `${NOUN[kind]} ${candidate.item.id} "${candidate.previous?.name ?? candidate.item.name}"`;
      findings.push({
        tenant: input.tenant,
        origin: 'import',
        kind: hit.kind,
        severity: hit.severity,
        owner: FINDING_OWNER,
        affectedService: service.key,
        affectedWidgetUrl: input.widgetUrl,
        summary: `"${service.label}" books as ${subject}, which ${hit.what}.`,
        recommendedFix:
          hit.severity === 'low'
            ? `Check that "${service.label}" should still book as ${NOUN[kind]} ${candidate.item.id}; accept the rename and publish, or dismiss.`
            : `Bind "${service.label}" to an active ${NOUN[kind]} (see the suggestions), accept the import's candidates and publish; or fix it in ServiceTitan and re-import.`,
        detail: detailOf(input, candidate),
      });
    }
  }
  return findings;
}

function detailOf(input: DriftInput, candidate: Candidate) {
  return {
    batchId: input.batchId,
    subject: { kind: input.kind, id: candidate.item.id, name: candidate.item.name },
    change: candidate.change,
    changedFields: candidate.changedFields,
    previous: candidate.previous,
    current: {
      name: candidate.item.name,
      active: candidate.item.active,
      data: candidate.item.data,
    },
  };
}

/** Service-area zips that an active published zone covers and no active zone covers after the file. */
function zoneFindings(input: DriftInput): NewDriftFinding[] {
  const before = zipsInActiveZones(input.published);
  const after = zipsInActiveZones(
    overlayTaxonomy(
      input.published,
      input.candidates.map((c) => c.item),
    ),
  );
  const zones = [...(input.published.get('zone')?.values() ?? [])];
  const findings: NewDriftFinding[] = [];
  for (const zip of input.serviceAreaZips) {
    if (!before.has(zip) || after.has(zip)) continue;
    const lost = zones.filter((zone) => zone.active && zipsOf(zone).includes(zip));
    const candidate = input.candidates.find((c) => c.item.id === lost[0]?.id);
    findings.push({
      tenant: input.tenant,
      origin: 'import',
      kind: 'zip_lost_zone',
      severity: 'high',
      owner: FINDING_OWNER,
      affectedZip: zip,
      affectedWidgetUrl: input.widgetUrl,
      summary: `Service-area zip ${zip} is in no active zone in the new export (was in ${lost.map((z) => `zone ${z.id} "${z.name}"`).join(', ')}).`,
      recommendedFix: `Add ${zip} to an active zone in ServiceTitan and re-import, or remove it from the widget's service area.`,
      detail: candidate ? detailOf(input, candidate) : { batchId: input.batchId },
    });
  }
  return findings;
}

export function detectDrift(input: DriftInput): NewDriftFinding[] {
  return input.kind === 'zone' ? zoneFindings(input) : bindingFindings(input, input.kind);
}

/** Same finding again (e.g. the same file imported twice): same kind, target and subject. */
export function findingKey(finding: {
  kind: string;
  affectedService?: string | null;
  affectedZip?: string | null;
  detail?: Record<string, unknown>;
}): string {
  const subject = finding.detail?.subject as { id?: unknown } | undefined;
  return [
    finding.kind,
    finding.affectedService ?? '',
    finding.affectedZip ?? '',
    subject?.id ?? '',
  ].join('|');
}
