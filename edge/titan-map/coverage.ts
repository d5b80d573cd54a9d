/**
 * @module
 * The coverage score: the share of offered services whose binding is complete, active and
 * consistent (job type active, business unit active and among the job type's units, campaign
 * active), with the reasons for each gap. Also reports service-area zips no active zone covers;
 * those do not count in the score, which is about services.
 */
import type { TitanMapEntry } from './db/entries.ts';
import { businessUnitIdsOf, findItem, zipsInActiveZones, type TaxonomyIndex } from './taxonomy.ts';

export interface CoverageInput {
  services: { key: string; label: string }[];
  entries: Map<string, TitanMapEntry>;
  taxonomy: TaxonomyIndex;
  serviceAreaZips: string[];
}

export interface CoverageGap {
  service: string;
  label: string;
  reasons: string[];
  binding: TitanMapEntry | null;
}

export interface Coverage {
  offered: number;
  covered: number;
  /** covered / offered, 0..1 to four places; 1 when nothing is offered (nothing is missing). */
  score: number;
  gaps: CoverageGap[];
  serviceArea: { zips: number; covered: number; uncoveredZips: string[] };
}

/** Why a binding would not book cleanly; empty when it is complete, active and consistent. */
export function bindingProblems(
  entry: TitanMapEntry | undefined,
  taxonomy: TaxonomyIndex,
): string[] {
  if (!entry) return ['unmapped'];
  const reasons: string[] = entry.active ? [] : ['binding_inactive'];
  const jobType = findItem(taxonomy, 'job-type', entry.jobTypeId);
  const unit = findItem(taxonomy, 'business-unit', entry.businessUnitId);
  const campaign = findItem(taxonomy, 'campaign', entry.campaignId);
  if (entry.jobTypeId == null) reasons.push('missing_job_type');
  else if (!jobType) reasons.push('job_type_unknown');
  else if (!jobType.active) reasons.push('job_type_inactive');
  if (entry.businessUnitId == null) reasons.push('missing_business_unit');
  else if (!unit) reasons.push('business_unit_unknown');
  else if (!unit.active) reasons.push('business_unit_inactive');
  if (
    jobType &&
    entry.businessUnitId != null &&
    !businessUnitIdsOf(jobType).includes(entry.businessUnitId)
  ) {
    reasons.push('business_unit_not_on_job_type');
  }
  if (entry.campaignId == null) reasons.push('missing_campaign');
  else if (!campaign) reasons.push('campaign_unknown');
  else if (!campaign.active) reasons.push('campaign_inactive');
  return reasons;
}

export function computeCoverage(input: CoverageInput): Coverage {
  const gaps: CoverageGap[] = [];
  for (const service of input.services) {
    const entry = input.entries.get(service.key);
    const reasons = bindingProblems(entry, input.taxonomy);
    if (reasons.length > 0) {
      gaps.push({ service: service.key, label: service.label, reasons, binding: entry ?? null });
    }
  }
  const offered = input.services.length;
  const covered = offered - gaps.length;
  const zoned = zipsInActiveZones(input.taxonomy);
  const uncoveredZips = input.serviceAreaZips.filter((zip) => !zoned.has(zip));
  return {
    offered,
    covered,
    score: offered === 0 ? 1 : Math.round((covered / offered) * 10_000) / 10_000,
    gaps,
    serviceArea: {
      zips: input.serviceAreaZips.length,
      covered: input.serviceAreaZips.length - uncoveredZips.length,
      uncoveredZips,
    },
  };
}
