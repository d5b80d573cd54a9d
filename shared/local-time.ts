/**
 * @module
 * Wall-clock time in a named time zone ↔ UTC instant, with DST handled by the platform's time
 * zone database (Intl), never by fixed offsets: Phoenix has no DST, most tenants do. In shared/
 * because the handoff, the reports and the config's slots (shared/slots.ts) all convert.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** `2026-03-09 08:00:00`: the instant on the zone's wall clock (what ad-platform files want). */
export function zonedTime(iso: string, timeZone: string): string {
  const p = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** Milliseconds the zone's wall clock is ahead of UTC at the instant `utcMs`. */
export function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(utcMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return wall - (utcMs - (utcMs % 1000));
}

/**
 * The UTC instant of `date` (YYYY-MM-DD) at `time` (HH:MM) on the wall clock of `timeZone`, or
 * null when the date or time is not a real one. A wall time skipped by a spring-forward change is
 * moved forward by the gap (02:30 → 03:30), as calendars do; an ambiguous fall-back time resolves
 * to its first occurrence.
 */
export function zonedTimeToUtc(date: string, time: string, timeZone: string): Date | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!d || !t) return null;
  const wall = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]), Number(t[1]), Number(t[2]));
  if (new Date(wall).toISOString().slice(0, 10) !== date) return null;
  // Offsets change at most once around a given wall time: try the offset before and after.
  const before = zoneOffsetMs(wall - 86_400_000, timeZone);
  const after = zoneOffsetMs(wall + 86_400_000, timeZone);
  const candidates = [wall - before, wall - after].filter(
    (utc) => utc + zoneOffsetMs(utc, timeZone) === wall,
  );
  if (candidates.length > 0) return new Date(Math.min(...candidates));
  // No instant shows this wall time (spring-forward gap): keep the pre-change offset.
  return new Date(wall - before);
}
