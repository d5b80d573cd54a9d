-- 0016: two indexes the scale simulation asked for (docs/bench.md, "Beyond one machine"). With one
-- database holding many tenants, a query that names a tenant and a state must not walk every
-- tenant's rows of that state.

-- The console's leads list filtered by status: WHERE tenant = ? AND status = ? ORDER BY
-- received_at DESC, id DESC (edge/leads/db/leads.ts). Until now it used leads_by_status_time and
-- filtered the tenant row by row.
CREATE INDEX leads_by_tenant_status_time ON leads (tenant, status, received_at DESC, id DESC);

-- The report's unmatched events: WHERE tenant = ? AND state = 'unmatched' AND received_at in the
-- period (edge/reports/lead-report.ts), and the events list filtered by state for one tenant.
-- Until now both used webhook_events_by_state across every tenant.
CREATE INDEX webhook_events_by_tenant_state_time
  ON webhook_events (tenant, state, received_at DESC, id DESC);
