/**
 * @module
 * What a lead keeps of its request body in `raw`: only the parts that failed validation, as they
 * came, so a reviewer can see what the visitor sent where a field could not be used. Valid parts
 * are already in their columns and unknown keys are dropped, so `raw` cannot be used to park
 * padding in the database. The kept parts are capped at `RAW_LIMIT` bytes of JSON in all: past it,
 * the smallest parts are kept whole, the rest as the start of their JSON text, and
 * `$truncated` names the cut parts and the size they had.
 */

export const RAW_LIMIT = 8 * 1024;
/** Not a key of the lead schema, so it cannot collide with a kept part. */
export const TRUNCATED_KEY = '$truncated';

const encoder = new TextEncoder();
const size = (value: unknown) => encoder.encode(JSON.stringify(value)).length;

/** The longest start of `text` (whole code points) that `fits`, or '' (a binary search). */
function longestFitting(text: string, fits: (start: string) => boolean): string {
  const points = Array.from(text);
  let [low, high] = [0, points.length];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(points.slice(0, mid).join(''))) low = mid;
    else high = mid - 1;
  }
  return points.slice(0, low).join('');
}

/** The failed parts of `body`, named by `keys`, within `limit` bytes of JSON. */
export function rawForReview(
  body: Record<string, unknown>,
  keys: readonly string[],
  limit = RAW_LIMIT,
): Record<string, unknown> {
  const parts: Record<string, unknown> = {};
  for (const key of keys) parts[key] = body[key];
  const whole = size(parts);
  if (whole <= limit) return parts;

  // Sized with every part named in the marker: the real marker can only be smaller.
  const marked = (kept: Record<string, unknown>) => ({
    ...kept,
    [TRUNCATED_KEY]: { parts: keys, bytes: whole },
  });
  const kept: Record<string, unknown> = {};
  const sizes = new Map(keys.map((key) => [key, size(parts[key])]));
  const bySize = [...keys].sort((a, b) => (sizes.get(a) ?? 0) - (sizes.get(b) ?? 0));
  for (const key of bySize) {
    if (size(marked({ ...kept, [key]: parts[key] })) <= limit) kept[key] = parts[key];
  }
  const cut = keys.filter((key) => !Object.hasOwn(kept, key));
  for (const key of cut) {
    const text = JSON.stringify(parts[key]) ?? '';
    const start = longestFitting(text, (s) => size(marked({ ...kept, [key]: s })) <= limit);
    if (start) kept[key] = start;
  }
  return { ...kept, [TRUNCATED_KEY]: { parts: cut, bytes: whole } };
}
