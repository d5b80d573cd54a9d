/**
 * The tenant-scoped queries the scale simulation flagged (docs/bench.md, "Beyond one machine")
 * use the tenant-first indexes of migration 0016: the leads list filtered by status and the
 * report's unmatched webhook events, each `EXPLAIN QUERY PLAN` of the SQL the product runs.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

/** The plan's steps; every parameter bound to a placeholder value (the plan does not run). */
async function plan(sql: string): Promise<string[]> {
  const params = Array.from(sql.matchAll(/\?/g), () => 1);
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return results.map((row) => row.detail);
}

describe('query plans (migration 0016)', () => {
  it('the leads list by status searches one tenant and status, newest first, no sort', async () => {
    const steps = await plan(
      `SELECT * FROM leads WHERE tenant = ? AND status = ?
        ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?`,
    );
    expect(steps).toEqual([
      'SEARCH leads USING INDEX leads_by_tenant_status_time (tenant=? AND status=?)',
    ]);
  });

  it("the report's unmatched events search one tenant, state and period", async () => {
    const steps = await plan(
      `SELECT type, COUNT(*) AS events FROM webhook_events
        WHERE tenant = ? AND state = 'unmatched' AND received_at >= ? AND received_at < ?
        GROUP BY type ORDER BY type`,
    );
    expect(steps[0]).toBe(
      'SEARCH webhook_events USING INDEX webhook_events_by_tenant_state_time (tenant=? AND state=? AND received_at>? AND received_at<?)',
    );
  });

  it('the events list by state for one tenant needs no sort', async () => {
    const steps = await plan(
      `SELECT * FROM webhook_events WHERE tenant = ? AND state = ?
        ORDER BY received_at DESC, id DESC LIMIT ? OFFSET ?`,
    );
    expect(steps).toEqual([
      'SEARCH webhook_events USING INDEX webhook_events_by_tenant_state_time (tenant=? AND state=?)',
    ]);
  });
});
