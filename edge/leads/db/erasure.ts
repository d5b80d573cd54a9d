/**
 * @module
 * The `leads` side of erasure (edge/lifecycle/erase.ts runs these in its one batch): which leads
 * a contact or a retention cutoff reaches, freezing the duplicate flag of the leads that share a
 * contact with them, and blanking a lead in place. Lead ids are bound as one JSON array.
 */
import { liveDuplicateSql } from './duplicates.ts';

/** The tenant's unerased leads with this phone (E.164) or email (normalized), either may be null. */
export function contactLeadIdsStatement(
  db: D1Database,
  tenant: string,
  phone: string | null,
  email: string | null,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT id FROM leads WHERE tenant = ?1 AND erased_at IS NULL
          AND ((?2 IS NOT NULL AND contact_phone = ?2) OR (?3 IS NOT NULL AND contact_email = ?3))`,
    )
    .bind(tenant, phone, email);
}

/** Up to `limit` unerased leads received before `cutoff`, oldest first. */
export function expiredLeadIdsStatement(
  db: D1Database,
  tenant: string,
  cutoff: string,
  limit: number,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT id FROM leads WHERE tenant = ? AND erased_at IS NULL AND received_at < ?
        ORDER BY received_at LIMIT ?`,
    )
    .bind(tenant, cutoff, limit);
}

/**
 * Freezes the duplicate flag of every lead that shares a phone or email with one of `leadIds`
 * while the contact data it is computed from still exists (./duplicates.ts).
 */
export function freezeDuplicatesStatement(
  db: D1Database,
  tenant: string,
  leadIds: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE leads SET duplicate_frozen = ${liveDuplicateSql('leads')}
        WHERE tenant = ?1 AND duplicate_frozen IS NULL AND erased_at IS NULL
          AND (contact_phone IN (SELECT contact_phone FROM leads WHERE id IN (SELECT value FROM json_each(?2)))
            OR contact_email IN (SELECT contact_email FROM leads WHERE id IN (SELECT value FROM json_each(?2))))`,
    )
    .bind(tenant, leadIds);
}

/**
 * Blanks the personal fields of the leads (name, phone and extension, email, address, notes, the
 * source context, the consent record, the raw body); every counted column stays.
 */
export function blankLeadsStatement(
  db: D1Database,
  tenant: string,
  leadIds: string,
  at: string,
  reason: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE leads SET contact_name = NULL, contact_phone = NULL, contact_phone_ext = NULL,
              contact_email = NULL,
              address_street = NULL, address_unit = NULL, address_city = NULL,
              address_zip = NULL, notes = NULL, source = '{}', consent = NULL, raw = '{}',
              erased_at = ?3, erase_reason = ?4
        WHERE tenant = ?1 AND erased_at IS NULL AND id IN (SELECT value FROM json_each(?2))`,
    )
    .bind(tenant, leadIds, at, reason);
}
