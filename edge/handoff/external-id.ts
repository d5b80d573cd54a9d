/**
 * @module
 * The booking `externalId` we give ServiceTitan for a lead: stable per lead (it is the idempotency
 * key of the handoff) and reversible, so a webhook's booking can be matched back to its lead
 * without guessing.
 */

const PREFIX = 'ptj-';

export function externalIdForLead(leadId: string): string {
  return `${PREFIX}${leadId}`;
}

/** The lead id inside an externalId we issued, or null for any other value. */
export function leadIdFromExternalId(externalId: string): string | null {
  return externalId.startsWith(PREFIX) && externalId.length > PREFIX.length
    ? externalId.slice(PREFIX.length)
    : null;
}
