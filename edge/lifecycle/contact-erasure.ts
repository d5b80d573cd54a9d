/**
 * @module
 * "Delete everything for one contact": every lead of the tenant with that phone or email, what was
 * derived from those leads (edge/lifecycle/erase.ts), and webhook events that name the contact
 * without being linked to one of its leads (e.g. an unmatched booking event). The unlinked search
 * looks for the email and the phone's usual spellings in the stored envelope; it cannot find a
 * spelling it does not try, which docs/console.md says.
 */
import { contactLeadIdsStatement } from '../leads/db/erasure.ts';
import { phoneSpellings } from '../leads/phone.ts';
import { eventsNamingStatement } from '../webhooks/db/events.ts';
import { erase, type ErasureResult } from './erase.ts';

export interface ContactErasure {
  tenant: string;
  /** E.164 (edge/leads/phone.ts parsePhone). */
  phone: string | null;
  /** Normalized: lower case (shared/contact.ts normalizeEmail). */
  email: string | null;
  actor: string;
}

export async function eraseContact(
  db: D1Database,
  request: ContactErasure,
): Promise<ErasureResult & { leadIds: string[] }> {
  const needles = [
    ...(request.phone ? phoneSpellings(request.phone) : []),
    ...(request.email ? [request.email] : []),
  ];
  const [leads, events] = await db.batch([
    contactLeadIdsStatement(db, request.tenant, request.phone, request.email),
    eventsNamingStatement(db, request.tenant, needles),
  ]);
  const leadIds = ((leads?.results ?? []) as { id: string }[]).map((row) => row.id);
  const eventIds = ((events?.results ?? []) as { id: string }[]).map((row) => row.id);
  const result = await erase(db, {
    tenant: request.tenant,
    leadIds,
    eventIds,
    reason: 'contact_deletion',
    actor: request.actor,
    summary: {
      action: 'contact.erased',
      subjectType: 'tenant',
      subjectId: request.tenant,
      // Which identifiers matched, never their values: the audit log must not keep the contact.
      detail: {
        matchedBy: [request.phone && 'phone', request.email && 'email'].filter(Boolean),
        leadIds,
      },
    },
  });
  return { ...result, leadIds };
}
