/**
 * @module
 * D1 access for `lead_outcomes`: what ServiceTitan reported about a lead's booking, job and
 * appointment, and the booking/job links later events are matched by. Invoices, of which a job
 * can have several, are in `lead_invoices` (lead-invoices.ts).
 *
 * Each group of columns carries the CloudEvents time of the event that set it: an upsert for a
 * group applies only when its event is at least as new, so events delivered out of order cannot
 * roll a lead back. A null in an event means "not reported" and never erases a known value.
 */

export type OutcomeGroup = 'booking' | 'job' | 'appointment';

export type OutcomeColumn =
  | 'booking_id'
  | 'booking_status'
  | 'job_id'
  | 'job_number'
  | 'job_status'
  | 'job_total'
  | 'job_completed_on'
  | 'appointment_id'
  | 'appointment_number'
  | 'appointment_status'
  | 'appointment_start'
  | 'appointment_end'
  | 'arrival_window_start'
  | 'arrival_window_end';

export type OutcomeValues = Partial<Record<OutcomeColumn, string | number | null | undefined>>;

export type OutcomeRow = Record<OutcomeColumn | `${OutcomeGroup}_at`, string | number | null> & {
  lead_id: string;
  tenant: string;
  updated_at: string;
};

export function upsertOutcomeStatement(
  db: D1Database,
  target: { tenant: string; leadId: string },
  group: OutcomeGroup,
  values: OutcomeValues,
  eventTime: string,
  now: Date,
): D1PreparedStatement {
  // Column names come from the OutcomeColumn union only, never from input.
  const columns = Object.keys(values) as OutcomeColumn[];
  const stamp = `${group}_at`;
  const names = ['lead_id', 'tenant', ...columns, stamp, 'updated_at'];
  const updates = [
    ...columns.map((c) => `${c} = COALESCE(excluded.${c}, lead_outcomes.${c})`),
    `${stamp} = excluded.${stamp}`,
    'updated_at = excluded.updated_at',
  ];
  return db
    .prepare(
      `INSERT INTO lead_outcomes (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})
       ON CONFLICT (lead_id) DO UPDATE SET ${updates.join(', ')}
       WHERE lead_outcomes.${stamp} IS NULL OR lead_outcomes.${stamp} <= excluded.${stamp}`,
    )
    .bind(
      target.leadId,
      target.tenant,
      ...columns.map((c) => values[c] ?? null),
      eventTime,
      now.toISOString(),
    );
}

/** The lead with this id in this tenant (and its outcomes so far), or null. */
export async function leadWithOutcome(
  db: D1Database,
  tenant: string,
  leadId: string,
): Promise<{ leadId: string; outcome: OutcomeRow | null } | null> {
  const row = await db
    .prepare(
      `SELECT l.id AS found_lead_id, o.* FROM leads l LEFT JOIN lead_outcomes o ON o.lead_id = l.id
        WHERE l.id = ? AND l.tenant = ?`,
    )
    .bind(leadId, tenant)
    .first<OutcomeRow & { found_lead_id: string }>();
  if (!row) return null;
  const { found_lead_id: found, ...outcome } = row;
  return { leadId: found, outcome: outcome.lead_id ? (outcome as OutcomeRow) : null };
}

/** Outcome rows linked to a ServiceTitan job (or, failing that key, its booking). */
export function outcomesLinkedToStatement(
  db: D1Database,
  tenant: string,
  refs: { jobId: number | null; bookingId: number | null },
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT * FROM lead_outcomes
        WHERE tenant = ? AND (job_id = ? OR (job_id IS NULL AND booking_id = ?))`,
    )
    .bind(tenant, refs.jobId, refs.bookingId);
}

export async function outcomeOfLead(db: D1Database, leadId: string): Promise<OutcomeRow | null> {
  return db
    .prepare('SELECT * FROM lead_outcomes WHERE lead_id = ?')
    .bind(leadId)
    .first<OutcomeRow>();
}

/** The outcome as the admin API shows it. */
export function outcomeToJson(row: OutcomeRow): Record<string, unknown> {
  return {
    booking: { id: row.booking_id, status: row.booking_status, at: row.booking_at },
    job: {
      id: row.job_id,
      number: row.job_number,
      status: row.job_status,
      total: row.job_total,
      completedOn: row.job_completed_on,
      at: row.job_at,
    },
    appointment: {
      id: row.appointment_id,
      number: row.appointment_number,
      status: row.appointment_status,
      start: row.appointment_start,
      end: row.appointment_end,
      arrivalWindowStart: row.arrival_window_start,
      arrivalWindowEnd: row.arrival_window_end,
      at: row.appointment_at,
    },
    updatedAt: row.updated_at,
  };
}
