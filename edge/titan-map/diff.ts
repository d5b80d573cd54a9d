/**
 * @module
 * Comparing an imported file with the published taxonomy of its kind: every accepted row becomes
 * a candidate marked new, changed or unchanged, and every active published item the file no
 * longer lists becomes a "removed" candidate (published as inactive, never deleted, because old
 * map versions still name it). Unchanged rows need no decision and start out accepted.
 */
import type { CandidateChange, ReviewState } from '../../shared/titan-map.ts';
import type { ParsedItem } from './rows.ts';
import type { TaxonomyItem } from './taxonomy.ts';

export interface Candidate {
  item: TaxonomyItem;
  row: number | null;
  change: CandidateChange;
  changedFields: string[];
  previous: Pick<TaxonomyItem, 'name' | 'active' | 'data'> | null;
  reviewState: ReviewState;
}

/** Arrays compare as sets: a re-export may list business units or zips in another order. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    const sort = (list: unknown[]) =>
      list
        .map((v) => JSON.stringify(v))
        .sort()
        .join();
    return sort(a) === sort(b);
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

function changedFields(before: TaxonomyItem, after: TaxonomyItem): string[] {
  const fields: string[] = [];
  if (before.name !== after.name) fields.push('name');
  if (before.active !== after.active) fields.push('active');
  const keys = new Set([...Object.keys(before.data), ...Object.keys(after.data)]);
  for (const key of keys) if (!sameValue(before.data[key], after.data[key])) fields.push(key);
  return fields;
}

const previousOf = (item: TaxonomyItem) => ({
  name: item.name,
  active: item.active,
  data: item.data,
});

export function diffAgainstPublished(
  items: ParsedItem[],
  published: Map<number, TaxonomyItem>,
  rejectedIds: Set<number>,
): Candidate[] {
  const candidates: Candidate[] = items.map(({ row, ...item }) => {
    const before = published.get(item.id);
    if (!before) {
      return {
        item,
        row,
        change: 'new',
        changedFields: [],
        previous: null,
        reviewState: 'pending',
      };
    }
    const fields = changedFields(before, item);
    return fields.length === 0
      ? {
          item,
          row,
          change: 'unchanged',
          changedFields: [],
          previous: previousOf(before),
          reviewState: 'accepted',
        }
      : {
          item,
          row,
          change: 'changed',
          changedFields: fields,
          previous: previousOf(before),
          reviewState: 'pending',
        };
  });
  const listed = new Set(items.map((item) => item.id));
  for (const before of published.values()) {
    if (!before.active || listed.has(before.id) || rejectedIds.has(before.id)) continue;
    candidates.push({
      item: { ...before, active: false },
      row: null,
      change: 'removed',
      changedFields: ['active'],
      previous: previousOf(before),
      reviewState: 'pending',
    });
  }
  return candidates;
}

export function countChanges(candidates: Candidate[]): Record<CandidateChange, number> {
  const counts: Record<CandidateChange, number> = { new: 0, changed: 0, unchanged: 0, removed: 0 };
  for (const candidate of candidates) counts[candidate.change] += 1;
  return counts;
}
