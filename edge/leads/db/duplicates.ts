/**
 * @module
 * What reports count as a duplicate. Repeated submissions of one request never make a second row
 * (intake is idempotent by submissionId), so a duplicate here is a person asking again: a real
 * lead whose phone or email matches an earlier real lead of the same tenant received within
 * `DUPLICATE_WINDOW_DAYS` before it. The earliest one counts as the lead; the repeats count as
 * duplicates. Ties on the same instant are broken by id so exactly one of them counts. Phones are
 * stored in E.164 (edge/leads/phone.ts), so a Budapest number never equals the Corpus Christi one
 * with the same digits; the extension (`contact_phone_ext`) is not compared: one line, one person.
 */

export const DUPLICATE_WINDOW_DAYS = 7;

/**
 * SQL boolean (0/1): is the `leads` row aliased `alias` a repeat of an earlier lead? Reads contact
 * fields, so it is only meaningful before erasure; `duplicate_frozen` keeps the answer after.
 */
export function liveDuplicateSql(alias: string): string {
  return `EXISTS (SELECT 1 FROM leads prior
     WHERE prior.tenant = ${alias}.tenant AND prior.classification = 'real' AND prior.id != ${alias}.id
       AND ((${alias}.contact_phone IS NOT NULL AND prior.contact_phone = ${alias}.contact_phone)
         OR (${alias}.contact_email IS NOT NULL AND prior.contact_email = ${alias}.contact_email))
       AND (prior.received_at < ${alias}.received_at
         OR (prior.received_at = ${alias}.received_at AND prior.id < ${alias}.id))
       AND prior.received_at >= strftime('%Y-%m-%dT%H:%M:%fZ', ${alias}.received_at,
                                         '-${DUPLICATE_WINDOW_DAYS} days'))`;
}

/** SQL boolean: the lead counts as a duplicate in reports (frozen answer first). */
export function isDuplicateSql(alias: string): string {
  return `(${alias}.classification = 'real'
     AND COALESCE(${alias}.duplicate_frozen, ${liveDuplicateSql(alias)}) = 1)`;
}
