/**
 * @module
 * D1 access for `lead_outcomes`: what ServiceTitan reported about a lead's booking, job and
 * appointment, and the booking/job links later events are matched by. Invoices, of which a job
 * can have several, are in `lead_invoices` (lead-invoices.ts).
 *
 * Each group of columns has one owner and carries the CloudEvents time of the event that set it:
 * an upsert for a group applies only when its event is at least as new, so events delivered out
 * of order cannot roll a lead back. A null in an event means "not reported" and never erases a
 * known value, except when the appointment changes: the times and status of the appointment the
 * lead had no longer describe the new one, so they are replaced, unknowns included.
 */

/** The columns each group owns; the booking and job links may be set by either group. */
const GROUP_COLUMNS = {
  booking: ['booking_id', 'booking_status', 'job_id'],
  job: ['job_id', 'booking_id', 'job_number', 'job_status', 'job_total', 'job_completed_on'],
  appointment: [
    'appointment_id',
    'appointment_number',
    'appointment_status',
    'appointment_start',
    'appointment_end',
    'arrival_window_start',
    'arrival_window_end',
  ],
} as const;

export type OutcomeGroup = keyof typeof GROUP_COLUMNS;
type GroupColumn<G extends OutcomeGroup> = (typeof GROUP_COLUMNS)[G][number];
export type OutcomeColumn = GroupColumn<OutcomeGroup>;

export type OutcomeValues<G extends OutcomeGroup> = Partial<
  Record<GroupColumn<G>, string | number | null | undefined>
>;

export type OutcomeRow = Record<OutcomeColumn | `${OutcomeGroup}_at`, string | number | null> & {
  lead_id: string;
  tenant: string;
  updated_at: string;
};

/** Whether this upsert names another appointment than the one the lead has. */
const NEW_APPOINTMENT = `excluded.appointment_id IS NOT NULL
  AND excluded.appointment_id IS NOT lead_outcomes.appointment_id`;

function updateOf(group: OutcomeGroup, column: OutcomeColumn): string {
  const merged = `COALESCE(excluded.${column}, lead_outcomes.${column})`;
  if (group !== 'appointment' || column === 'appointment_id') return `${column} = ${merged}`;
  return `${column} = CASE WHEN ${NEW_APPOINTMENT} THEN excluded.${column} ELSE ${merged} END`;
}

export function upsertOutcomeStatement<G extends OutcomeGroup>(
  db: D1Database,
  target: { tenant: string; leadId: string },
  group: G,
  values: OutcomeValues<G>,
  eventTime: string,
  now: Date,
): D1PreparedStatement {
  // Every column the group owns, a missing value as null: column names never come from input,
  // and a new appointment clears what the event does not say about it.
  const columns: readonly GroupColumn<G>[] = GROUP_COLUMNS[group];
  const stamp = `${group}_at`;
  const names = ['lead_id', 'tenant', ...columns, stamp, 'updated_at'];
  const updates = [
    ...columns.map((c) => updateOf(group, c)),
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
export function outcomeToJson(row: OutcomeRow) {
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

/** The leads that a signed webhook linked to one of these jobs or bookings. */
export function leadsByLinkStatement(
  db: D1Database,
  tenant: string,
  link: 'job_id' | 'booking_id',
  ids: number[],
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT lead_id, ${link} FROM lead_outcomes
        WHERE tenant = ? AND ${link} IN (SELECT value FROM json_each(?))`,
    )
    .bind(tenant, JSON.stringify(ids));
}
