/**
 * @module
 * The rows of a ServiceTitan jobs or invoices export, read and checked. Headers are matched like
 * the Titan Map import's (case, spacing and punctuation ignored, aliases most specific first); a
 * row that cannot be used is listed with the reason and never half-read. Dates are the local days
 * ServiceTitan's reports print (`3/9/2026`, `3/9/2026 2:15 PM`, `2026-03-09`).
 */
import type { OutcomeImportKind } from '../../shared/outcomes.ts';
import {
  matchFields,
  type ColumnMatch as GenericMatch,
  type FieldSpec as GenericSpec,
} from '../titan-map/columns.ts';
import type { CsvTable } from '../titan-map/csv.ts';
import { parsePhone } from '../leads/phone.ts';

type Field =
  | 'recordId'
  | 'jobId'
  | 'jobNumber'
  | 'externalId'
  | 'bookingId'
  | 'status'
  | 'createdOn'
  | 'completedOn'
  | 'total'
  | 'phone'
  | 'email';

type FieldSpec = GenericSpec<Field>;

const common: FieldSpec[] = [
  {
    field: 'externalId',
    header: 'External ID',
    aliases: ['bookingexternalid', 'externalid', 'leadexternalid'],
    required: false,
  },
  { field: 'bookingId', header: 'Booking ID', aliases: ['bookingid'], required: false },
  {
    field: 'phone',
    header: 'Customer Phone',
    aliases: ['customerphone', 'phone', 'phonenumber', 'customerphonenumber', 'mobilephone'],
    required: false,
  },
  {
    field: 'email',
    header: 'Customer Email',
    aliases: ['customeremail', 'email', 'emailaddress'],
    required: false,
  },
];

const SPECS: Record<OutcomeImportKind, FieldSpec[]> = {
  jobs: [
    { field: 'recordId', header: 'Job ID', aliases: ['jobid', 'id', 'job'], required: true },
    { field: 'jobNumber', header: 'Job #', aliases: ['jobnumber', 'job'], required: false },
    {
      field: 'createdOn',
      header: 'Created Date',
      aliases: ['createddate', 'jobcreateddate', 'createdon', 'created', 'jobcreatedon'],
      required: true,
    },
    {
      field: 'completedOn',
      header: 'Completed Date',
      aliases: ['completeddate', 'jobcompletiondate', 'completedon', 'completiondate'],
      required: false,
    },
    { field: 'status', header: 'Job Status', aliases: ['jobstatus', 'status'], required: false },
    {
      field: 'total',
      header: 'Jobs Total',
      aliases: ['jobstotal', 'jobtotal', 'total', 'jobssubtotal'],
      required: false,
    },
    ...common,
  ],
  invoices: [
    {
      field: 'recordId',
      header: 'Invoice ID',
      aliases: ['invoiceid', 'invoicenumber', 'invoice', 'id'],
      required: true,
    },
    { field: 'jobId', header: 'Job ID', aliases: ['jobid', 'jobnumber', 'job'], required: false },
    {
      field: 'createdOn',
      header: 'Invoice Date',
      aliases: ['invoicedate', 'date', 'createddate', 'postedon'],
      required: true,
    },
    {
      field: 'total',
      header: 'Total',
      aliases: ['total', 'invoicetotal', 'amount'],
      required: true,
    },
    ...common,
  ],
};

export type ColumnMatch = GenericMatch<Field>;

export function matchColumns(kind: OutcomeImportKind, headers: string[]): ColumnMatch {
  return matchFields(SPECS[kind], headers);
}

/** One usable export row. Contact details are only used for matching, never stored. */
export interface ExportRow {
  row: number;
  recordId: number;
  jobId: number | null;
  jobNumber: string | null;
  externalId: string | null;
  bookingId: number | null;
  status: string | null;
  /** Local day, YYYY-MM-DD. */
  createdOn: string;
  completedOn: string | null;
  /** Decimal string, two places. */
  total: string | null;
  phone: string | null;
  email: string | null;
}

export interface RowRejection {
  row: number;
  code: string;
  message: string;
}

class RowError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?\s*([AaPp][Mm])?)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/;

/** A local calendar day, or null when the text is not one. */
export function parseDay(text: string): string | null {
  const us = US_DATE.exec(text);
  const iso = ISO_DATE.exec(text);
  const [y, m, d] = us ? [us[3], us[1], us[2]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (!y || !m || !d) return null;
  const day = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const back = new Date(Date.parse(`${day}T00:00:00Z`) || 0).toISOString().slice(0, 10);
  return back === day ? day : null;
}

/** `$1,234.50`, `1234.5`, `(12.00)` (accounting negative) -> `1234.50`; null when not money. */
export function parseMoney(text: string): string | null {
  const negative = /^\(.*\)$/.test(text) || text.startsWith('-');
  const digits = text.replace(/[()$,\s-]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(digits)) return null;
  const cents = Math.round(Number(digits) * 100) * (negative ? -1 : 1);
  return `${cents < 0 ? '-' : ''}${(Math.abs(cents) / 100).toFixed(2)}`;
}

function parseId(text: string, header: string): number {
  const id = Number(text.replace(/^#/, ''));
  if (!/^#?\d+$/.test(text) || !Number.isSafeInteger(id) || id <= 0) {
    throw new RowError('invalid_id', `"${text}" in "${header}" is not a ServiceTitan id`);
  }
  return id;
}

function readRow(
  kind: OutcomeImportKind,
  cells: string[],
  match: ColumnMatch,
  row: number,
): ExportRow {
  const cell = (field: Field) => {
    const index = match.indexOf[field];
    const value = index === undefined ? '' : (cells[index] ?? '').trim();
    return value === '' ? null : value;
  };
  const header = (field: Field) => match.headerOf[field] ?? field;
  const id = (field: Field) => {
    const text = cell(field);
    return text === null ? null : parseId(text, header(field));
  };
  const day = (field: Field) => {
    const text = cell(field);
    if (text === null) return null;
    const parsed = parseDay(text);
    if (!parsed)
      throw new RowError('invalid_date', `"${text}" in "${header(field)}" is not a date`);
    return parsed;
  };
  const recordId = id('recordId');
  if (recordId === null) throw new RowError('missing_id', `No value in "${header('recordId')}"`);
  const createdOn = day('createdOn');
  if (createdOn === null)
    throw new RowError('missing_date', `No value in "${header('createdOn')}"`);
  const totalText = cell('total');
  const total = totalText === null ? null : parseMoney(totalText);
  if (totalText !== null && total === null) {
    throw new RowError('invalid_amount', `"${totalText}" in "${header('total')}" is not an amount`);
  }
  const phoneText = cell('phone');
  return {
    row,
    recordId,
    jobId: kind === 'jobs' ? recordId : id('jobId'),
    jobNumber: cell('jobNumber'),
    externalId: cell('externalId'),
    bookingId: id('bookingId'),
    status: cell('status'),
    createdOn,
    completedOn: day('completedOn'),
    total,
    phone: phoneText === null ? null : (parsePhone(phoneText)?.e164 ?? null),
    email: cell('email')?.toLowerCase() ?? null,
  };
}

export function parseRows(kind: OutcomeImportKind, table: CsvTable, match: ColumnMatch) {
  const items: ExportRow[] = [];
  const rejections: RowRejection[] = [];
  const seen = new Set<number>();
  for (const record of table.records) {
    if (record.malformed) {
      rejections.push({ row: record.row, code: 'malformed_row', message: record.malformed });
      continue;
    }
    try {
      const item = readRow(kind, record.cells, match, record.row);
      if (seen.has(item.recordId)) {
        throw new RowError('duplicate_id', `${item.recordId} appears earlier in the file`);
      }
      seen.add(item.recordId);
      items.push(item);
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      rejections.push({ row: record.row, code: error.code, message: error.message });
    }
  }
  return { items, rejections };
}
