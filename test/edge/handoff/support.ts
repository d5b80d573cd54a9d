/**
 * Helpers for the handoff tests: extra tenants (other time zones, live mode), leads stored with
 * their job but without a queue message (so only the test runs the job), and the fake
 * ServiceTitan endpoint (test/fakes/servicetitan.ts) reached through miniflare's outbound service.
 */
import { env } from 'cloudflare:workers';
import { expect } from 'vitest';
import { storeLead } from '../../../edge/leads/db/leads.ts';
import {
  insertSyncJobStatement,
  syncJobIdFor,
  type SyncJobRow,
} from '../../../edge/handoff/db/jobs.ts';
import type { HandoffDeps } from '../../../edge/handoff/deps.ts';
import { runSyncJobs } from '../../../edge/handoff/process.ts';
import type { SyncJobState } from '../../../shared/handoff.ts';
import { buildLeadRecord } from '../../../edge/leads/intake.ts';
import { getTenantContext } from '../../../edge/tenants/context.ts';
import type { LeadSubmission } from '../../../shared/lead.ts';
import { ADMIN, call, sendJson } from '../../helpers/api.ts';
import { demoLead } from '../../helpers/leads.ts';
import { INTAKE_KEY_SIGNALS } from '../../helpers/form-token.ts';

export const FAKE_ST = 'https://servicetitan.fake';

/** Stores a lead and its job as intake does, but sends no queue message: the test runs the job. */
export async function storeLeadWithJob(
  tenant: string,
  overrides: Partial<LeadSubmission> = {},
): Promise<{ leadId: string; jobId: string }> {
  const context = await getTenantContext(env.DB, tenant);
  if (!context) throw new Error(`tenant ${tenant} not seeded`);
  const lead = await buildLeadRecord({ ...demoLead({ tenant, ...overrides }) }, context, {
    origin: null,
    now: new Date(),
    signals: INTAKE_KEY_SIGNALS,
  });
  await storeLead(env.DB, lead, 'direct', [
    insertSyncJobStatement(env.DB, lead, new Date().toISOString()),
  ]);
  return { leadId: lead.id, jobId: syncJobIdFor(lead.id) };
}

export async function jobRow(jobId: string): Promise<SyncJobRow> {
  const row = await env.DB.prepare('SELECT * FROM sync_jobs WHERE id = ?')
    .bind(jobId)
    .first<SyncJobRow>();
  if (!row) throw new Error(`no job ${jobId}`);
  return row;
}

export async function attemptsOf(jobId: string) {
  const { results } = await env.DB.prepare(
    'SELECT kind, outcome, http_status, error, at FROM sync_attempts WHERE job_id = ? ORDER BY id',
  )
    .bind(jobId)
    .all<{
      kind: string;
      outcome: string;
      http_status: number | null;
      error: string | null;
      at: string;
    }>();
  return results;
}

/** Validates a payload with ajv against the fixture schema, in Node, through the fake endpoint. */
export async function validateWithAjv(
  payload: unknown,
): Promise<{ valid: boolean; errors: unknown[] }> {
  const res = await fetch(`${FAKE_ST}/__fake/validate`, {
    method: 'POST',
    body: JSON.stringify(payload),
  });
  return (await res.json()) as { valid: boolean; errors: unknown[] };
}

export async function scriptFake(scenario: string, creates: unknown[]): Promise<void> {
  const res = await fetch(`${FAKE_ST}/${scenario}/__fake/script`, {
    method: 'POST',
    body: JSON.stringify({ creates }),
  });
  expect(res.status).toBe(200);
}

export interface FakeLog {
  requests: { method: string; path: string; query: string; authorized: boolean; body: unknown }[];
  bookings: { id: number; externalId: string }[];
}

export async function fakeLog(scenario: string): Promise<FakeLog> {
  return (await (await fetch(`${FAKE_ST}/${scenario}/__fake/log`)).json()) as FakeLog;
}

/** Runs one job as the consumer and cron do: its outcome, with a job's error thrown. */
export async function runSyncJob(
  db: D1Database,
  jobId: string,
  now: Date,
  deps?: HandoffDeps,
): Promise<SyncJobState | null> {
  const outcome = (await runSyncJobs(db, [jobId], now, deps)).get(jobId) ?? null;
  if (outcome instanceof Error) throw outcome;
  return outcome;
}

/** Credentials for the fake: the fake checks they are present, as ServiceTitan would. */
/**
 * A live sender's dependencies for the fake's `scenario`: credentials, and the fake's address as
 * the API host (the Worker takes the host from SERVICETITAN_ENVIRONMENT; only tests override it).
 */
export function liveDeps(scenario: string, overrides: Partial<HandoffDeps> = {}): HandoffDeps {
  return {
    credentials: { appKey: 'fake-app-key', accessToken: async () => 'fake-access-token' },
    apiBaseUrl: `${FAKE_ST}/${scenario}`,
    random: () => 0.5,
    sendTimeoutMs: 2_000,
    leaseMs: 60_000,
    ...overrides,
  };
}

/** Closes every readiness gate as the global admin and switches the tenant live. */
export async function goLive(tenant: string): Promise<void> {
  for (const gate of [
    'customer_authorization',
    'app_approval',
    'scopes',
    'encrypted_token_storage',
    'sandbox_validation',
  ]) {
    const res = await sendJson('PUT', `/v1/admin/connections/${tenant}/gates/${gate}`, {
      satisfied: true,
      note: `test evidence for ${gate}`,
    });
    expect(res.status).toBe(200);
  }
  const res = await sendJson('PUT', `/v1/admin/connections/${tenant}/mode`, {
    mode: 'live',
    target: { stTenantId: 1234, bookingProviderId: 55 },
  });
  expect(res.status).toBe(200);
}
