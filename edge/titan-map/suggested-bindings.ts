/**
 * @module
 * Suggestions for a tenant's services against its draft (so job types from a file still in
 * review are suggested too, marked as such), and accepting one as the service's draft binding.
 */
import { ApiError } from '../http/errors.ts';
import { offeredService, saveDraftBinding } from './bindings.ts';
import { draftEntries, draftTaxonomy, type MapState } from './state.ts';
import { defaultCampaign, suggestJobTypes } from './suggestions.ts';

export function suggestionsFor(state: MapState, serviceKey?: string) {
  const services = serviceKey ? [offeredService(state, serviceKey)] : state.config.services;
  const taxonomy = draftTaxonomy(state);
  const entries = draftEntries(state);
  const defaultCampaignId = defaultCampaign(entries.values(), taxonomy);
  return services.map((service) => ({
    service: service.key,
    label: service.label,
    current: entries.get(service.key) ?? null,
    suggestions: suggestJobTypes({
      service,
      current: entries.get(service.key),
      taxonomy,
      pending: state.pending,
      defaultCampaignId,
    }),
  }));
}

export async function acceptSuggestion(
  db: D1Database,
  state: MapState,
  serviceKey: string,
  jobTypeId: number | undefined,
  actor: string,
) {
  const [forService] = suggestionsFor(state, serviceKey);
  const ranked = forService?.suggestions ?? [];
  const chosen =
    jobTypeId === undefined ? ranked[0] : ranked.find((s) => s.jobTypeId === jobTypeId);
  if (!chosen) {
    throw new ApiError(
      422,
      'no_such_suggestion',
      jobTypeId === undefined
        ? `No active job type resembles "${serviceKey}"; bind it by hand.`
        : `Job type ${jobTypeId} is not among the suggestions for "${serviceKey}"; bind it by hand.`,
    );
  }
  const { businessUnitId, campaignId } = chosen.binding;
  if (businessUnitId === null || campaignId === null) {
    throw new ApiError(
      422,
      'suggestion_incomplete',
      `The suggestion lacks an active ${businessUnitId === null ? 'business unit' : 'campaign'}; bind it by hand.`,
    );
  }
  return saveDraftBinding(
    db,
    state,
    serviceKey,
    { ...chosen.binding, businessUnitId, campaignId },
    actor,
  );
}
