/**
 * @module
 * Suggested bindings: for a website service, the active job types ranked by name similarity
 * (three quarters of the score) and business-unit consistency (one quarter: the job type has an
 * active business unit, ideally the one the service is bound to now). Each suggestion carries a
 * ready binding the reviewer can accept as the service's draft.
 */
import type { Urgency } from '../../shared/lead.ts';
import type { PriorityByUrgency } from '../../shared/titan-map.ts';
import type { TitanMapEntry } from './db/entries.ts';
import { priorityFor } from './priorities.ts';
import { nameSimilarity } from './similarity.ts';
import { businessUnitIdsOf, findItem, itemsOf, type TaxonomyIndex } from './taxonomy.ts';

export const NAME_WEIGHT = 0.75;
export const MAX_SUGGESTIONS = 5;

export interface SuggestedBinding {
  jobTypeId: number;
  businessUnitId: number | null;
  campaignId: number | null;
  priorityByUrgency: PriorityByUrgency;
}

export interface Suggestion {
  jobTypeId: number;
  jobTypeName: string;
  score: number;
  nameScore: number;
  businessUnitScore: number;
  /** The job type comes from an import whose candidate is not reviewed yet. */
  pendingReview: boolean;
  binding: SuggestedBinding;
}

export interface SuggestionInput {
  service: { key: string; label: string; urgencies: Urgency[] };
  /** The service's draft binding, if it has one. */
  current: TitanMapEntry | undefined;
  /** The draft taxonomy (published plus open candidates). */
  taxonomy: TaxonomyIndex;
  /** `kind:id` of draft items whose candidate awaits review. */
  pending: Set<string>;
  /** Campaign for services without an active one: the one most bindings use. */
  defaultCampaignId: number | null;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export function suggestJobTypes(input: SuggestionInput): Suggestion[] {
  const { service, current, taxonomy } = input;
  const activeUnit = (id: number) => findItem(taxonomy, 'business-unit', id)?.active === true;
  const currentCampaign = findItem(taxonomy, 'campaign', current?.campaignId ?? null);
  const campaignId = currentCampaign?.active ? currentCampaign.id : input.defaultCampaignId;
  const ranked: Suggestion[] = [];
  for (const jobType of itemsOf(taxonomy, 'job-type')) {
    if (!jobType.active) continue;
    const nameScore = Math.max(
      nameSimilarity(service.label, jobType.name),
      nameSimilarity(service.key, jobType.name),
    );
    if (nameScore === 0) continue;
    const units = businessUnitIdsOf(jobType).filter(activeUnit);
    const keepsUnit = current?.businessUnitId != null && units.includes(current.businessUnitId);
    const businessUnitScore =
      units.length === 0 ? 0 : keepsUnit || current?.businessUnitId == null ? 1 : 0.5;
    ranked.push({
      jobTypeId: jobType.id,
      jobTypeName: jobType.name,
      score: round(NAME_WEIGHT * nameScore + (1 - NAME_WEIGHT) * businessUnitScore),
      nameScore: round(nameScore),
      businessUnitScore,
      pendingReview: input.pending.has(`job-type:${jobType.id}`),
      binding: {
        jobTypeId: jobType.id,
        businessUnitId: keepsUnit ? (current?.businessUnitId ?? null) : (units[0] ?? null),
        campaignId,
        priorityByUrgency: priorityFor(service.urgencies, current),
      },
    });
  }
  return ranked
    .sort((a, b) => b.score - a.score || a.jobTypeId - b.jobTypeId)
    .slice(0, MAX_SUGGESTIONS);
}

/** The active campaign most bindings use (ties: lowest id), else the lowest active campaign id. */
export function defaultCampaign(
  entries: Iterable<TitanMapEntry>,
  taxonomy: TaxonomyIndex,
): number | null {
  const active = itemsOf(taxonomy, 'campaign')
    .filter((c) => c.active)
    .map((c) => c.id)
    .sort((a, b) => a - b);
  const uses = new Map<number, number>();
  for (const entry of entries) {
    if (entry.campaignId != null && active.includes(entry.campaignId)) {
      uses.set(entry.campaignId, (uses.get(entry.campaignId) ?? 0) + 1);
    }
  }
  const [best] = [...uses].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return best?.[0] ?? active[0] ?? null;
}
