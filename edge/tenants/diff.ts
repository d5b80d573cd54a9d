/**
 * @module
 * Field-by-field differences between two settings documents, for the review before publishing.
 * Lists of keyed items (services, windows) are matched by key, so reordering one service does not
 * show every later service as changed; other lists and values are compared whole.
 */

export interface SettingsChange {
  path: (string | number)[];
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function keyed(list: Json[]): Map<string, Json> | null {
  const map = new Map<string, Json>();
  for (const item of list) {
    if (!isObject(item) || typeof item.key !== 'string' || map.has(item.key)) return null;
    map.set(item.key, item);
  }
  return map;
}

function same(a: Json, b: Json): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function walk(path: SettingsChange['path'], before: Json, after: Json, out: SettingsChange[]) {
  if (same(before, after)) return;
  if (before === undefined) return void out.push({ path, change: 'added', after });
  if (after === undefined) return void out.push({ path, change: 'removed', before });
  if (isObject(before) && isObject(after)) {
    for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
      walk([...path, key], before[key], after[key], out);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const [a, b] = [keyed(before), keyed(after)];
    if (a && b) {
      for (const key of new Set([...a.keys(), ...b.keys()])) {
        walk([...path, key], a.get(key), b.get(key), out);
      }
      return;
    }
  }
  out.push({ path, change: 'changed', before, after });
}

export function diffSettings(before: Json, after: Json): SettingsChange[] {
  const out: SettingsChange[] = [];
  walk([], before, after, out);
  return out;
}
