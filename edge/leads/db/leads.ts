/**
 * @module
 * D1 access for leads: the idempotent insert (one batch = one round trip) and the operator reads.
 */
import { NONE_FILTER } from '../../../shared/admin.ts';
import type {
  AdminLead,
  AdminLeadSummary,
  IngestPath,
  LeadRecord,
} from '../../../shared/lead-record.ts';
import {
  Conditions,
  listNewestFirst,
  newestFirstStatement,
  type NewestFirstQuery,
} from '../../lib/newest-first.ts';

const COLUMNS = {
  id: 'id',
  tenant: 'tenant',
  submissionId: 'submission_id',
  status: 'status',
  classification: 'classification',
  spamReasons: 'spam_reasons',
  formTokenNonce: 'form_token_nonce',
  reviewReasons: 'review_reasons',
  serviceKey: 'service_key',
  urgency: 'urgency',
  preferredDate: 'preferred_date',
  preferredWindow: 'preferred_window',
  contactName: 'contact_name',
  contactPhone: 'contact_phone',
  contactPhoneExt: 'contact_phone_ext',
  contactEmail: 'contact_email',
  smsOptIn: 'sms_opt_in',
  addressStreet: 'address_street',
  addressUnit: 'address_unit',
  addressCity: 'address_city',
  addressState: 'address_state',
  addressZip: 'address_zip',
  notes: 'notes',
  isFirstTimeClient: 'is_first_time_client',
  source: 'source',
  utmSource: 'utm_source',
  utmMedium: 'utm_medium',
  utmCampaign: 'utm_campaign',
  bindingSent: 'binding_sent',
  bindingResolved: 'binding_resolved',
  consent: 'consent',
  raw: 'raw',
  origin: 'origin',
  elapsedMs: 'elapsed_ms',
  receivedAt: 'received_at',
} as const satisfies Record<keyof LeadRecord, string>;

const FIELDS = Object.keys(COLUMNS) as (keyof LeadRecord)[];
/** Lists and exports leave out `raw`: only the lead's own page shows it (docs/api.md). */
const SUMMARY_FIELDS = FIELDS.filter((f) => f !== 'raw');
const SUMMARY_COLUMNS = [
  ...SUMMARY_FIELDS.map((f) => COLUMNS[f]),
  'ingest_path',
  'erased_at',
  'erase_reason',
];
const JSON_FIELDS = new Set<keyof LeadRecord>([
  'reviewReasons',
  'spamReasons',
  'source',
  'bindingSent',
  'bindingResolved',
  'consent',
  'raw',
]);

function toColumnValue(field: keyof LeadRecord, value: unknown): unknown {
  // A fallback message queued before migration 0013 has no spamReasons: the column is NOT NULL.
  if (field === 'spamReasons') return JSON.stringify(value ?? []);
  if (JSON_FIELDS.has(field)) return value == null ? null : JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value ?? null;
}

/** The idempotent insert: a second submission of the same (tenant, submissionId) changes nothing. */
export function insertLeadStatement(
  db: D1Database,
  lead: LeadRecord,
  path: IngestPath,
): D1PreparedStatement {
  const names = [...FIELDS.map((f) => COLUMNS[f]), 'ingest_path'];
  const values = [...FIELDS.map((f) => toColumnValue(f, lead[f])), path];
  return db
    .prepare(
      `INSERT INTO leads (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})
       ON CONFLICT (tenant, submission_id) DO NOTHING`,
    )
    .bind(...values);
}

export interface StoredLead {
  leadId: string;
  status: LeadRecord['status'];
  duplicate: boolean;
}

/**
 * Stores a lead and reads back the row that holds its (tenant, submissionId), in one batch.
 * `extra` statements (e.g. the handoff job row) ride in the same round trip and transaction.
 */
export async function storeLead(
  db: D1Database,
  lead: LeadRecord,
  path: IngestPath,
  extra: D1PreparedStatement[] = [],
): Promise<StoredLead> {
  const [insert, ...rest] = await db.batch([
    insertLeadStatement(db, lead, path),
    ...extra,
    db
      .prepare('SELECT id, status FROM leads WHERE tenant = ? AND submission_id = ?')
      .bind(lead.tenant, lead.submissionId),
  ]);
  const row = rest.at(-1)?.results[0] as { id: string; status: LeadRecord['status'] } | undefined;
  if (!row) throw new Error('lead row missing after insert');
  return { leadId: row.id, status: row.status, duplicate: insert?.meta.changes === 0 };
}

export type LeadRow = Record<string, unknown> & { id: string; received_at: string };

function rowToJson(row: LeadRow, fields: readonly (keyof LeadRecord)[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = row[COLUMNS[field]];
    if (JSON_FIELDS.has(field)) out[field] = typeof value === 'string' ? JSON.parse(value) : null;
    else if (field === 'smsOptIn' || field === 'isFirstTimeClient') {
      out[field] = value == null ? null : value === 1;
    } else out[field] = value ?? null;
  }
  out.ingestPath = row.ingest_path;
  // Set when the personal fields were erased (retention or a deletion request): see edge/lifecycle.
  out.erasedAt = row.erased_at ?? null;
  out.eraseReason = row.erase_reason ?? null;
  return out;
}

/** A row as the admin API shows it: camelCase keys, JSON columns parsed, booleans as booleans. */
export function leadRowToJson(row: LeadRow): AdminLead {
  return rowToJson(row, FIELDS) as unknown as AdminLead;
}

/** A list or export row (read without `raw`) as the admin API shows it. */
export function leadSummaryToJson(row: LeadRow): AdminLeadSummary {
  return rowToJson(row, SUMMARY_FIELDS) as unknown as AdminLeadSummary;
}

export interface LeadListFilter {
  tenant?: string | undefined;
  status?: string | undefined;
  classification?: string | undefined;
  /** Service key, utm_source, utm_campaign: `NONE_FILTER` matches leads without one. */
  service?: string | undefined;
  source?: string | undefined;
  campaign?: string | undefined;
  since?: string | undefined;
  /** Exclusive upper bound on received_at. */
  until?: string | undefined;
  /** Keyset cursor: rows strictly older than (receivedAt, id). */
  before?: { receivedAt: string; id: string } | undefined;
  limit: number;
}

function leadListQuery(filter: LeadListFilter): NewestFirstQuery {
  const where = new Conditions()
    .equals('tenant', filter.tenant)
    .equals('status', filter.status)
    .equals('classification', filter.classification);
  const matchOrNone = (column: string, value: string | undefined) => {
    if (value === NONE_FILTER) where.add(`${column} IS NULL`);
    else where.equals(column, value);
  };
  matchOrNone('service_key', filter.service);
  matchOrNone('utm_source', filter.source);
  matchOrNone('utm_campaign', filter.campaign);
  // Compared as text with received_at (UTC ISO), so normalize offsets and bare dates first.
  if (filter.since) where.add('received_at >= ?', new Date(filter.since).toISOString());
  if (filter.until) where.add('received_at < ?', new Date(filter.until).toISOString());
  const before = filter.before && { at: filter.before.receivedAt, id: filter.before.id };
  return {
    table: 'leads',
    timeColumn: 'received_at',
    where,
    before,
    limit: filter.limit,
    columns: SUMMARY_COLUMNS,
  };
}

/** A page of leads, newest first, without `raw` (read it with `getLead`). */
export async function listLeads(db: D1Database, filter: LeadListFilter): Promise<LeadRow[]> {
  return listNewestFirst<LeadRow>(db, leadListQuery(filter));
}

/** The statement of `listLeads`, to run in a batch. */
export function listLeadsStatement(db: D1Database, filter: LeadListFilter): D1PreparedStatement {
  return newestFirstStatement(db, leadListQuery(filter));
}

/** Reads one id if more than `skip` leads match the filter: tells a capped list it was cut. */
export function leadsBeyondStatement(
  db: D1Database,
  filter: Omit<LeadListFilter, 'limit'>,
  skip: number,
): D1PreparedStatement {
  const query = leadListQuery({ ...filter, limit: 1 });
  return newestFirstStatement(db, { ...query, columns: ['id'], offset: skip });
}

export async function getLead(db: D1Database, id: string): Promise<LeadRow | null> {
  return db.prepare('SELECT * FROM leads WHERE id = ?').bind(id).first<LeadRow>();
}

/** Several leads by id in one query (a notify batch's announcements); missing ids are left out. */
export async function getLeads(db: D1Database, ids: string[]): Promise<LeadRow[]> {
  if (ids.length === 0) return [];
  const { results } = await db
    .prepare(`SELECT * FROM leads WHERE id IN (${ids.map(() => '?').join(', ')})`)
    .bind(...ids)
    .all<LeadRow>();
  return results;
}

/** An operator's reclassification (edge/leads/routes/admin.ts); the spam reasons stay as history. */
export function setClassificationStatement(
  db: D1Database,
  id: string,
  classification: LeadRecord['classification'],
): D1PreparedStatement {
  return db.prepare('UPDATE leads SET classification = ? WHERE id = ?').bind(classification, id);
}

/** Which of `ids` are leads of the tenant (an export row's externalId names one). */
export function existingLeadIdsStatement(
  db: D1Database,
  tenant: string,
  ids: string[],
): D1PreparedStatement {
  return db
    .prepare('SELECT id FROM leads WHERE tenant = ? AND id IN (SELECT value FROM json_each(?))')
    .bind(tenant, JSON.stringify(ids));
}

/** The tenant's real leads with one of these phones (E.164) or emails (any case). */
export function realLeadsByContactStatement(
  db: D1Database,
  tenant: string,
  by: 'phone' | 'email',
  values: string[],
): D1PreparedStatement {
  const column = by === 'phone' ? 'contact_phone' : 'lower(contact_email)';
  return db
    .prepare(
      `SELECT id, contact_phone, lower(contact_email) AS contact_email, received_at FROM leads
        WHERE tenant = ? AND classification = 'real'
          AND ${column} IN (SELECT value FROM json_each(?))`,
    )
    .bind(tenant, JSON.stringify(values));
}

/** The leads of the sync jobs among `jobIds` (JSON array) that hold the lease `leaseUntil`. */
export function leadsOfLeasedJobsStatement(
  db: D1Database,
  jobIds: string,
  leaseUntil: string,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT * FROM leads WHERE id IN (
         SELECT lead_id FROM sync_jobs
          WHERE id IN (SELECT value FROM json_each(?1)) AND lease_until = ?2)`,
    )
    .bind(jobIds, leaseUntil);
}
