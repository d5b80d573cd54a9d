/**
 * @module
 * The binding a lead drafts with — the tenant's published Titan Map entry for its service, with an
 * operator's correction on top — and everything that makes it incomplete or inconsistent with the
 * tenant's ServiceTitan taxonomy. Pure: the caller reads the map and taxonomy.
 */
import type { BookingPriority } from './booking-request.ts';

/** The parts of a published Titan Map entry a draft needs (edge/titan-map/db/entries.ts `TitanMapEntry`). */
export interface MapEntry {
  jobTypeId: number | null;
  businessUnitId: number | null;
  campaignId: number | null;
  priorityByUrgency: Partial<Record<string, BookingPriority>>;
  active: boolean;
}

/** An operator's correction: a field present replaces the map's value, `null` clears it. */
export interface BindingOverride {
  jobTypeId?: number | null;
  businessUnitId?: number | null;
  campaignId?: number | null;
  priority?: BookingPriority | null;
}

export interface EffectiveBinding {
  jobTypeId: number | null;
  businessUnitId: number | null;
  campaignId: number | null;
  priority: BookingPriority | null;
  /** Whether an operator correction was applied. */
  corrected: boolean;
}

interface TaxonomyItem {
  active: boolean;
}

/** The tenant's ServiceTitan taxonomy by id (table `titan_taxonomy`). */
export interface Taxonomy {
  jobTypes: Map<number, TaxonomyItem & { businessUnitIds: number[] }>;
  businessUnits: Map<number, TaxonomyItem>;
  campaigns: Map<number, TaxonomyItem>;
}

export function effectiveBinding(
  entry: MapEntry | undefined,
  urgency: string | null,
  override: BindingOverride | null,
): EffectiveBinding {
  const pick = <K extends keyof BindingOverride>(key: K, fromMap: EffectiveBinding[K]) =>
    override && Object.hasOwn(override, key) ? (override[key] ?? null) : fromMap;
  return {
    jobTypeId: pick('jobTypeId', entry?.jobTypeId ?? null),
    businessUnitId: pick('businessUnitId', entry?.businessUnitId ?? null),
    campaignId: pick('campaignId', entry?.campaignId ?? null),
    priority: pick('priority', (urgency && entry?.priorityByUrgency[urgency]) || null),
    corrected: override !== null,
  };
}

function itemReasons(
  name: 'job_type' | 'business_unit' | 'campaign',
  id: number | null,
  items: Map<number, TaxonomyItem>,
): string[] {
  if (id === null) return [`${name}_missing`];
  const item = items.get(id);
  if (!item) return [`${name}_unknown`];
  return item.active ? [] : [`${name}_inactive`];
}

/**
 * Why this binding cannot be drafted as is. An inactive map entry only counts when no operator
 * corrected it: the correction is the operator's answer to that very problem.
 */
export function bindingReviewReasons(
  entry: MapEntry | undefined,
  binding: EffectiveBinding,
  taxonomy: Taxonomy,
): string[] {
  // Unmapped and uncorrected: "missing" for every part would only repeat the one cause.
  if (!entry && !binding.corrected) return ['service_unmapped'];
  const reasons: string[] = [];
  if (entry && !entry.active && !binding.corrected) reasons.push('binding_inactive');
  reasons.push(
    ...itemReasons('job_type', binding.jobTypeId, taxonomy.jobTypes),
    ...itemReasons('business_unit', binding.businessUnitId, taxonomy.businessUnits),
    ...itemReasons('campaign', binding.campaignId, taxonomy.campaigns),
  );
  const jobType = binding.jobTypeId === null ? undefined : taxonomy.jobTypes.get(binding.jobTypeId);
  if (
    jobType &&
    binding.businessUnitId !== null &&
    !jobType.businessUnitIds.includes(binding.businessUnitId)
  ) {
    reasons.push('business_unit_not_allowed_for_job_type');
  }
  if (binding.priority === null) reasons.push('priority_missing');
  return reasons;
}
