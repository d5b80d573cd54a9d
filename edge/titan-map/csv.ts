/**
 * @module
 * Reading an uploaded CSV file into a header and numbered records with papaparse (quoted fields,
 * embedded commas and newlines, CRLF, BOM). A record papaparse cannot read cleanly (a broken
 * quote) is flagged on its own; only a file with no header at all is refused as a whole.
 */
import Papa from 'papaparse';

/** Most rows a single file may hold; a ServiceTitan taxonomy export is far smaller. */
export const MAX_DATA_ROWS = 50_000;

export interface CsvRecord {
  /** The row number a spreadsheet shows for this record: the header is row 1. */
  row: number;
  cells: string[];
  /** Why papaparse could not read this record cleanly, if it could not. */
  malformed?: string;
}

export interface CsvTable {
  headers: string[];
  records: CsvRecord[];
}

/** The file as a whole is unusable; `code` becomes the API error code. */
export class CsvFileError extends Error {
  readonly code: 'empty_file' | 'too_many_rows';

  constructor(code: CsvFileError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * UTF-8 (with or without BOM) is what ServiceTitan exports. Excel's plain "CSV" on Windows
 * writes Windows-1252 instead; such a file is not valid UTF-8, so it is decoded as that.
 */
export function decodeCsv(bytes: ArrayBuffer | ArrayBufferView): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

const isBlank = (cells: string[]) => cells.every((cell) => cell.trim() === '');

export function readCsv(text: string): CsvTable {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    header: false,
    skipEmptyLines: false,
    delimitersToGuess: [',', ';', '\t', '|'],
  });
  const malformed = new Map<number, string>();
  for (const error of parsed.errors) {
    // UndetectableDelimiter only means "one column or ambiguous, assumed a comma".
    if (error.type === 'Delimiter' || error.row === undefined) continue;
    if (!malformed.has(error.row)) malformed.set(error.row, error.message);
  }
  const headerIndex = parsed.data.findIndex((cells) => !isBlank(cells));
  if (headerIndex < 0) throw new CsvFileError('empty_file', 'The file has no header row.');
  const records: CsvRecord[] = [];
  parsed.data.forEach((cells, index) => {
    if (index <= headerIndex || isBlank(cells)) return;
    const problem = malformed.get(index);
    records.push({ row: index + 1, cells, ...(problem && { malformed: problem }) });
  });
  if (records.length > MAX_DATA_ROWS) {
    throw new CsvFileError(
      'too_many_rows',
      `The file has ${records.length} rows; at most ${MAX_DATA_ROWS} are accepted per file.`,
    );
  }
  return { headers: (parsed.data[headerIndex] ?? []).map((h) => h.trim()), records };
}
