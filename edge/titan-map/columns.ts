/**
 * @module
 * Which CSV columns hold which field, per kind. Headers are matched by name, ignoring case,
 * spacing and punctuation ("Job Type ID", "job_type_id" and "JobTypeId" are the same header),
 * against the names ServiceTitan's exports and reports use plus common aliases. Each field takes
 * the column of its most specific alias; every other column is ignored and reported.
 */
import type { TaxonomyKind } from '../../shared/titan-map.ts';

export type Field = 'id' | 'name' | 'active' | 'businessUnitIds' | 'zips';

export interface FieldSpec<F extends string = Field> {
  field: F;
  /** The header ServiceTitan's export uses, shown in error messages. */
  header: string;
  /** Accepted headers, most specific first, already normalized. */
  aliases: string[];
  required: boolean;
}

const active: FieldSpec = {
  field: 'active',
  header: 'Active',
  aliases: ['active', 'isactive', 'status', 'enabled'],
  required: false,
};

export const FIELD_SPECS: Record<TaxonomyKind, FieldSpec[]> = {
  'job-type': [
    { field: 'id', header: 'Job Type ID', aliases: ['jobtypeid', 'id', 'typeid'], required: true },
    { field: 'name', header: 'Name', aliases: ['name', 'jobtypename', 'jobtype'], required: true },
    {
      field: 'businessUnitIds',
      header: 'Business Units',
      aliases: [
        'businessunitids',
        'businessunits',
        'businessunitid',
        'businessunit',
        'buids',
        'bus',
      ],
      required: true,
    },
    active,
  ],
  'business-unit': [
    {
      field: 'id',
      header: 'Business Unit ID',
      aliases: ['businessunitid', 'id', 'buid'],
      required: true,
    },
    {
      field: 'name',
      header: 'Name',
      aliases: ['name', 'businessunitname', 'businessunit'],
      required: true,
    },
    active,
  ],
  campaign: [
    { field: 'id', header: 'Campaign ID', aliases: ['campaignid', 'id'], required: true },
    {
      field: 'name',
      header: 'Name',
      aliases: ['name', 'campaignname', 'campaign'],
      required: true,
    },
    active,
  ],
  zone: [
    { field: 'id', header: 'Zone ID', aliases: ['zoneid', 'id'], required: true },
    { field: 'name', header: 'Name', aliases: ['name', 'zonename', 'zone'], required: true },
    {
      field: 'zips',
      header: 'Zips',
      aliases: ['zips', 'zipcodes', 'zip', 'zipcode', 'postalcodes'],
      required: true,
    },
    active,
  ],
};

/** "Job Type ID" -> "jobtypeid": case, spaces, underscores and punctuation do not matter. */
export function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export interface ColumnMatch<F extends string = Field> {
  /** Field -> index of the column it is read from. */
  indexOf: Partial<Record<F, number>>;
  /** Field -> the header as written in the file (recorded on the batch). */
  headerOf: Partial<Record<F, string>>;
  /** Headers that feed no field, as written in the file. */
  ignored: string[];
  /** Required fields with no column. */
  missing: FieldSpec<F>[];
}

export function matchColumns(kind: TaxonomyKind, headers: string[]): ColumnMatch {
  return matchFields(FIELD_SPECS[kind], headers);
}

/** The columns of `specs`' fields (also used by the outcome-export import). */
export function matchFields<F extends string>(
  specs: FieldSpec<F>[],
  headers: string[],
): ColumnMatch<F> {
  const normalized = headers.map(normalizeHeader);
  const taken = new Set<number>();
  const match: ColumnMatch<F> = { indexOf: {}, headerOf: {}, ignored: [], missing: [] };
  for (const spec of specs) {
    const index = spec.aliases
      .map((alias) => normalized.findIndex((h, i) => h === alias && !taken.has(i)))
      .find((i) => i >= 0);
    if (index === undefined) {
      if (spec.required) match.missing.push(spec);
      continue;
    }
    taken.add(index);
    match.indexOf[spec.field] = index;
    match.headerOf[spec.field] = headers[index]?.trim() ?? '';
  }
  // A blank header (e.g. Excel's trailing comma) is no column at all, so it is not reported.
  match.ignored = headers
    .filter((h, i) => !taken.has(i) && normalized[i] !== '')
    .map((h) => h.trim());
  return match;
}
