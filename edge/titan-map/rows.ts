/**
 * @module
 * Turning CSV records into taxonomy items, one row at a time: a bad row is rejected with its row
 * number and a reason, and the rest of the file carries on. The first row with an id owns it;
 * later rows with the same id are rejected as duplicates.
 */
import type { TaxonomyKind } from '../../shared/titan-map.ts';
import { normalizeHeader, type ColumnMatch, type Field } from './columns.ts';
import type { CsvRecord, CsvTable } from './csv.ts';
import type { TaxonomyItem } from './taxonomy.ts';

export const MAX_NAME_LENGTH = 200;

export interface RowRejection {
  row: number;
  code: string;
  message: string;
}

export interface ParsedItem extends TaxonomyItem {
  row: number;
}

export interface ParsedRows {
  items: ParsedItem[];
  rejections: RowRejection[];
  /** Ids read from rejected rows: such an item is not "missing from the file". */
  rejectedIds: Set<number>;
}

export interface RowContext {
  /** Business unit ids by normalized name, for job type exports that list units by name. */
  businessUnitIdByName: Map<string, number>;
}

class RowError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

const ACTIVE_WORDS: Record<string, boolean> = {
  true: true,
  yes: true,
  y: true,
  '1': true,
  active: true,
  enabled: true,
  false: false,
  no: false,
  n: false,
  '0': false,
  inactive: false,
  disabled: false,
};

function parseId(value: string, header: string): number {
  if (value === '') throw new RowError('missing_id', `"${header}" is empty`);
  if (!/^\d{1,15}$/.test(value) || Number(value) === 0) {
    throw new RowError('invalid_id', `"${header}" must be a positive whole number; got "${value}"`);
  }
  return Number(value);
}

function parseName(value: string, header: string): string {
  if (value === '') throw new RowError('missing_name', `"${header}" is empty`);
  if (value.length > MAX_NAME_LENGTH) {
    throw new RowError('name_too_long', `"${header}" is over ${MAX_NAME_LENGTH} characters`);
  }
  return value;
}

function parseActive(value: string, header: string): boolean {
  const word = ACTIVE_WORDS[value.toLowerCase()];
  if (word === undefined) {
    throw new RowError(
      'invalid_active',
      `"${header}" must be true/false, yes/no, 1/0 or active/inactive; got "${value}"`,
    );
  }
  return word;
}

/** "319, 320" or "HVAC Service; HVAC Install": ids as they are, names looked up. */
function parseBusinessUnitIds(value: string, header: string, context: RowContext): number[] {
  const ids = value
    .split(/[,;|]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      if (/^\d{1,15}$/.test(part)) return Number(part);
      const id = context.businessUnitIdByName.get(normalizeHeader(part));
      if (id === undefined) {
        throw new RowError(
          'unknown_business_unit',
          `"${header}" names "${part}", which is no known business unit (import business units first, or use ids)`,
        );
      }
      return id;
    });
  return [...new Set(ids)].sort((a, b) => a - b);
}

/** "85001, 85003" or "85001 85003-1234": five-digit zips, ZIP+4 cut to five. */
function parseZips(value: string, header: string): string[] {
  const zips = value.split(/[\s,;|]+/).filter((part) => part !== '');
  const bad = zips.find((zip) => !/^\d{5}(-\d{4})?$/.test(zip));
  if (bad !== undefined) {
    throw new RowError(
      'invalid_zip',
      `"${header}" holds "${bad}", which is not a 5-digit ZIP code`,
    );
  }
  return [...new Set(zips.map((zip) => zip.slice(0, 5)))].sort();
}

function parseRecord(
  kind: TaxonomyKind,
  record: CsvRecord,
  headerCount: number,
  match: ColumnMatch,
  context: RowContext,
): TaxonomyItem {
  if (record.malformed)
    throw new RowError('malformed_row', `Could not read the row: ${record.malformed}`);
  const extra = record.cells.slice(headerCount).filter((cell) => cell.trim() !== '');
  if (extra.length > 0) {
    throw new RowError(
      'too_many_fields',
      `The row has ${record.cells.length} fields but the header has ${headerCount} (unquoted comma?)`,
    );
  }
  const cell = (field: Field) => {
    const index = match.indexOf[field];
    return index === undefined ? undefined : (record.cells[index] ?? '').trim();
  };
  const header = (field: Field) => match.headerOf[field] ?? field;
  const id = parseId(cell('id') ?? '', header('id'));
  const name = parseName(cell('name') ?? '', header('name'));
  const activeCell = cell('active');
  // No Active column: the export lists what exists, so it is taken as active.
  const active = activeCell === undefined ? true : parseActive(activeCell, header('active'));
  const data: Record<string, unknown> = {};
  if (kind === 'job-type') {
    data.businessUnitIds = parseBusinessUnitIds(
      cell('businessUnitIds') ?? '',
      header('businessUnitIds'),
      context,
    );
  }
  if (kind === 'zone') data.zips = parseZips(cell('zips') ?? '', header('zips'));
  return { kind, id, name, active, data };
}

/** The id a rejected row was about, when it can be read at all. */
function idOf(record: CsvRecord, match: ColumnMatch): number | undefined {
  const index = match.indexOf.id;
  const value = index === undefined ? '' : (record.cells[index] ?? '').trim();
  return /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

export function parseRows(
  kind: TaxonomyKind,
  table: CsvTable,
  match: ColumnMatch,
  context: RowContext,
): ParsedRows {
  const parsed: ParsedRows = { items: [], rejections: [], rejectedIds: new Set() };
  const rowOfId = new Map<number, number>();
  for (const record of table.records) {
    try {
      const item = parseRecord(kind, record, table.headers.length, match, context);
      const firstRow = rowOfId.get(item.id);
      if (firstRow !== undefined) {
        throw new RowError('duplicate_id', `ID ${item.id} already appears on row ${firstRow}`);
      }
      rowOfId.set(item.id, record.row);
      parsed.items.push({ ...item, row: record.row });
    } catch (error) {
      if (!(error instanceof RowError)) throw error;
      parsed.rejections.push({ row: record.row, code: error.code, message: error.message });
      const id = idOf(record, match);
      if (id !== undefined) {
        parsed.rejectedIds.add(id);
        if (!rowOfId.has(id)) rowOfId.set(id, record.row);
      }
    }
  }
  return parsed;
}
