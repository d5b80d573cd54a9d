/**
 * @module
 * The traffic of the scale simulation (bench/scale.ts), as data: a week of leads and webhook
 * events for a list of tenants. Contractors differ by orders of magnitude, so leads per day
 * follow a power law of the tenant's rank: `PEAK_LEADS_PER_DAY × (rank + 1)^−0.8` — for 500
 * tenants the biggest gets 60 a day, the 5th (the 99th percentile) ≈ 17, the median ≈ 0.4.
 * Each lead is followed by one ServiceTitan webhook event per type in `EVENT_TYPES` (its
 * booking, its job, its invoice). Deterministic: the same tenants give the same plan.
 */

export const PEAK_LEADS_PER_DAY = 60;
const TAIL_EXPONENT = 0.8;
const DAYS = 7;
export const EVENT_TYPES = [
  'tn.crm.booking-updated',
  'tn.jpm.job-completed',
  'tn.acc.invoice-posted',
] as const;

export type Sent =
  | { kind: 'lead'; tenant: string; day: number }
  | { kind: 'event'; tenant: string; day: number; type: (typeof EVENT_TYPES)[number] };

/** Leads per day of the tenant at `rank` (0 = the biggest), times `scale`. */
export function leadsPerDay(rank: number, scale = 1): number {
  return PEAK_LEADS_PER_DAY * (rank + 1) ** -TAIL_EXPONENT * scale;
}

/**
 * The week in sending order: day by day; within a day, every tenant's leads spread evenly
 * over the day (so a big tenant's traffic interleaves with everyone else's), then the day's
 * webhook events in the same order.
 */
export function weekPlan(tenants: readonly string[], scale = 1): Sent[] {
  // Sort keys: the day, leads (0) before events (1), then the time of day (0–1).
  const plan: { sent: Sent; phase: number; slot: number }[] = [];
  tenants.forEach((tenant, rank) => {
    const week = Math.round(leadsPerDay(rank, scale) * DAYS);
    for (let day = 0; day < DAYS; day += 1) {
      // The day's share of the week's leads, rounded so the days add up to the week.
      const today = Math.floor(((day + 1) * week) / DAYS) - Math.floor((day * week) / DAYS);
      for (let i = 0; i < today; i += 1) {
        const slot = (i + 0.5) / today;
        plan.push({ sent: { kind: 'lead', tenant, day }, phase: 0, slot });
        for (const type of EVENT_TYPES) {
          plan.push({ sent: { kind: 'event', tenant, day, type }, phase: 1, slot });
        }
      }
    }
  });
  return plan
    .sort((a, b) => a.sent.day - b.sent.day || a.phase - b.phase || a.slot - b.slot)
    .map((p) => p.sent);
}
