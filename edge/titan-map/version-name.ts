/**
 * @module
 * Map version names: `YYYY-MM-DD.N`, the publish date (UTC) and the Nth publish that day, like
 * the seed's "2026-11-01.1". Readable in lead records and unique per tenant.
 */

export function nextVersionName(existing: string[], now: Date): string {
  const day = now.toISOString().slice(0, 10);
  const taken = existing
    .filter((name) => name.startsWith(`${day}.`))
    .map((name) => Number(name.slice(day.length + 1)))
    .filter(Number.isInteger);
  return `${day}.${Math.max(0, ...taken) + 1}`;
}
