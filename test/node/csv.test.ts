/**
 * The CSV writer every export uses (edge/lib/csv.ts): formula starts are defused by the first
 * character alone, then cells are quoted as RFC 4180 says.
 */
import { describe, expect, it } from 'vitest';
import { csvCell, csvLine } from '../../edge/lib/csv.ts';

describe('csvCell', () => {
  it.each(['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'])(
    'defuses a cell starting with %j, whatever follows',
    (start) => {
      const cell = csvCell(`${start}1+1\n"x"`);
      expect(cell).toBe(`"'${start}1+1\n""x"""`);
    },
  );

  it.each([
    ['Ann = Lee', 'Ann = Lee'],
    ['a,b', '"a,b"'],
    [' leading', '" leading"'],
    ['line\nbreak', '"line\nbreak"'],
    ['', ''],
  ])('leaves %j as text, quoted only when needed', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('writes null and undefined as empty cells and other values as text', () => {
    expect(csvLine([null, undefined, true, 42, '=1'])).toBe(`,,true,42,'=1\r\n`);
  });
});
