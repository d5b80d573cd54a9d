/**
 * CSV reading, column matching and row checks (pure functions): quoting, BOM, CRLF, header
 * aliases, duplicate ids and one bad row never sinking the rest.
 */
import { describe, expect, it } from 'vitest';
import { matchColumns } from '../../../edge/titan-map/columns.ts';
import { CsvFileError, decodeCsv, readCsv } from '../../../edge/titan-map/csv.ts';
import { parseRows } from '../../../edge/titan-map/rows.ts';
import type { TaxonomyKind } from '../../../shared/titan-map.ts';

const units = new Map([
  ['hvacservice', 319],
  ['hvacinstall', 320],
]);

function parse(kind: TaxonomyKind, text: string) {
  const table = readCsv(text);
  const match = matchColumns(kind, table.headers);
  return { table, match, ...parseRows(kind, table, match, { businessUnitIdByName: units }) };
}

describe('reading CSV', () => {
  it('keeps quoted commas, escaped quotes and embedded newlines in one field, and numbers rows as a spreadsheet does', () => {
    const { items, rejections } = parse(
      'job-type',
      [
        'Job Type ID,Name,Business Units,Active',
        '4521,"AC Repair, Emergency",319,True',
        '4522,"Furnace ""No Heat""\nrepair",319,True',
        '4523,,319,True',
      ].join('\n'),
    );
    expect(items.map((i) => [i.row, i.id, i.name])).toEqual([
      [2, 4521, 'AC Repair, Emergency'],
      [3, 4522, 'Furnace "No Heat"\nrepair'],
    ]);
    expect(rejections).toEqual([{ row: 4, code: 'missing_name', message: '"Name" is empty' }]);
  });

  it('strips a UTF-8 byte order mark and reads CRLF line ends', () => {
    const bytes = new TextEncoder().encode(
      '\uFEFFCampaign ID,Name,Active\r\n1001,Website,True\r\n1002,Yelp,False\r\n',
    );
    const { items, match } = parse('campaign', decodeCsv(bytes));
    expect(match.headerOf).toEqual({ id: 'Campaign ID', name: 'Name', active: 'Active' });
    expect(items.map(({ id, name, active }) => ({ id, name, active }))).toEqual([
      { id: 1001, name: 'Website', active: true },
      { id: 1002, name: 'Yelp', active: false },
    ]);
  });

  it('decodes a Windows-1252 file (Excel "CSV" on Windows) instead of garbling it', () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('ID,Name\n7,Caf'), 0xe9, 0x0a]);
    expect(parse('campaign', decodeCsv(bytes)).items[0]?.name).toBe('Café');
  });

  it('skips blank lines without counting them, and refuses a file with no header', () => {
    const { table } = parse('campaign', '\n\nID,Name\n\n1,A\n \n2,B\n\n');
    expect(table.records.map((r) => r.row)).toEqual([5, 7]);
    expect(() => readCsv(' \n\n')).toThrow(CsvFileError);
  });

  it('reports a row with a broken quote and reads the rows before it', () => {
    const { items, rejections } = parse('campaign', 'ID,Name\n1,Good\n2,"Bad"x\n');
    expect(items.map((i) => i.id)).toEqual([1]);
    expect(rejections).toEqual([expect.objectContaining({ row: 3, code: 'malformed_row' })]);
  });
});

describe('matching columns', () => {
  it('ignores case, spacing and punctuation and accepts aliases', () => {
    const match = matchColumns('job-type', [
      '  ID ',
      'JOB TYPE',
      'business_unit_ids',
      'Is Active',
      'Skills',
      '',
    ]);
    expect(match.headerOf).toEqual({
      id: 'ID',
      name: 'JOB TYPE',
      businessUnitIds: 'business_unit_ids',
      active: 'Is Active',
    });
    expect(match.ignored).toEqual(['Skills']);
    expect(match.missing).toEqual([]);
  });

  it('prefers the most specific header and reports the other one as ignored', () => {
    const match = matchColumns('job-type', ['Id', 'Job Type ID', 'Name', 'Business Units']);
    expect(match.headerOf.id).toBe('Job Type ID');
    expect(match.ignored).toEqual(['Id']);
  });

  it('names the required columns that are missing', () => {
    const match = matchColumns('zone', ['Zone ID', 'Name', 'Cities']);
    expect(match.missing.map((spec) => spec.header)).toEqual(['Zips']);
    expect(match.ignored).toEqual(['Cities']);
  });
});

describe('checking rows', () => {
  it('rejects later rows with an id already used, pointing at the first', () => {
    const { items, rejections, rejectedIds } = parse(
      'campaign',
      'ID,Name\n1001,A\n1002,B\n1001,C\n',
    );
    expect(items.map((i) => i.name)).toEqual(['A', 'B']);
    expect(rejections).toEqual([
      { row: 4, code: 'duplicate_id', message: 'ID 1001 already appears on row 2' },
    ]);
    expect(rejectedIds).toEqual(new Set([1001]));
  });

  it('rejects each bad row with its reason and keeps every good one', () => {
    const { items, rejections } = parse(
      'job-type',
      [
        'Job Type ID,Name,Business Units,Active',
        '4521,AC Repair,319,yes',
        'abc,Bad Id,319,yes',
        '0,Zero Id,319,yes',
        '4523,Bad Active,319,maybe',
        '4524,Unknown Unit,Plumbing East,yes',
        '4525,Too Many,319,yes,extra',
        '4526,By Name,"HVAC Service; hvac install",no',
        '4527,No Active Cell,319,',
      ].join('\r\n'),
    );
    expect(items.map((i) => [i.id, i.data.businessUnitIds, i.active])).toEqual([
      [4521, [319], true],
      [4526, [319, 320], false],
    ]);
    expect(rejections.map((r) => [r.row, r.code])).toEqual([
      [3, 'invalid_id'],
      [4, 'invalid_id'],
      [5, 'invalid_active'],
      [6, 'unknown_business_unit'],
      [7, 'too_many_fields'],
      [9, 'invalid_active'],
    ]);
    expect(rejections[3]?.message).toContain('"Plumbing East"');
  });

  it('reads zone zips in any separator, cutting ZIP+4 and refusing non-zips', () => {
    const { items, rejections } = parse(
      'zone',
      'Zone ID,Name,Zip Codes\n71,Central,"85004, 85001;85003-1234 85001"\n72,Bad,"85020, 8502"\n73,Empty,\n',
    );
    expect(items.map((i) => [i.id, i.data.zips, i.active])).toEqual([
      [71, ['85001', '85003', '85004'], true],
      [73, [], true],
    ]);
    expect(rejections).toEqual([expect.objectContaining({ row: 3, code: 'invalid_zip' })]);
  });
});
