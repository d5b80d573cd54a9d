/**
 * @module
 * CSV writing for every export this project serves (RFC 4180, CRLF line ends). Each cell is
 * neutralised against formula injection before it is quoted: a spreadsheet runs a cell that
 * starts with `=`, `+`, `-` or `@` (or their full-width forms, which Excel and LibreOffice also
 * read as operators), or with a tab or carriage return before one, as a formula. Such a cell gets
 * a leading `'`, whatever follows it: a check with a regular expression's `.` misses a payload
 * that continues after a line break (`=HYPERLINK(…,\n"Open")`), so this looks at the first
 * character only.
 */

/** First characters that make a spreadsheet read a cell as a formula. */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠']);

/** Cells holding one of these must be quoted (RFC 4180 §2.6), or would lose edge spaces. */
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** The cell as a spreadsheet must show it: text, never a formula. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.has(value.charAt(0)) ? `'${value}` : value;
}

/** One cell: null and undefined are empty, everything else as text, neutralised and quoted. */
export function csvCell(value: unknown): string {
  const cell = neutraliseCell(value == null ? '' : String(value));
  return NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** One record, CRLF-terminated. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
