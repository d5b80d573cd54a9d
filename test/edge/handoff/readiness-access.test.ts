/**
 * Who may open the way to live sending (docs/decisions/0030-readiness-global-admin-only.md):
 * satisfying a gate, raising the mode and setting the target are global-admin only; an operator
 * token reads readiness and may only take its tenant down. The ServiceTitan host comes from the
 * SERVICETITAN_ENVIRONMENT Worker var, never from a request or a stored row.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { bearer, call, callWith, sendJson } from '../../helpers/api.ts';
import { copyDemoTenant, mintOperatorToken } from '../../helpers/ops.ts';
import { fakeLog, goLive, liveDeps, runSyncJob, storeLeadWithJob } from './support.ts';

type Json = Record<string, any>;

const GATES = [
  'customer_authorization',
  'app_approval',
  'scopes',
  'encrypted_token_storage',
  'sandbox_validation',
];
const TARGET = { stTenantId: 1234, bookingProviderId: 55 };

let counter = 0;
async function freshTenant(): Promise<string> {
  counter += 1;
  const tenant = `ra-${Date.now().toString(36)}${counter}`;
  await copyDemoTenant(tenant, `Test ${tenant}`, {
    timezone: 'America/Phoenix',
    allowedOrigins: [],
  });
  return tenant;
}

function asOperator(token: string, path: string, method = 'GET', body?: unknown) {
  return call(path, {
    method,
    headers: { ...bearer(token), 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

async function expectAdminOnly(res: Response): Promise<void> {
  expect(res.status).toBe(403);
  expect(((await res.json()) as Json).error).toBe('admin_only');
}

describe('readiness changes an operator token may not make', () => {
  it('reads readiness, but satisfying a gate, raising the mode or setting the target is 403 admin_only', async () => {
    const tenant = await freshTenant();
    const op = await mintOperatorToken(tenant);
    const base = `/v1/admin/connections/${tenant}`;
    expect((await asOperator(op, base)).status).toBe(200);

    await expectAdminOnly(
      await asOperator(op, `${base}/gates/scopes`, 'PUT', { satisfied: true, note: 'trust me' }),
    );
    await expectAdminOnly(
      await asOperator(op, `${base}/mode`, 'PUT', { mode: 'dry-run', target: TARGET }),
    );
    await goLive(tenant);
    await sendJson('PUT', `${base}/mode`, { mode: 'offline-demo' });
    // Every gate attested by the admin and a target recorded: still not the operator's call.
    await expectAdminOnly(await asOperator(op, `${base}/mode`, 'PUT', { mode: 'live' }));
    await expectAdminOnly(await asOperator(op, `${base}/mode`, 'PUT', { mode: 'dry-run' }));
    await expectAdminOnly(
      await asOperator(op, `${base}/mode`, 'PUT', {
        mode: 'offline-demo',
        target: { stTenantId: 999, bookingProviderId: 1 },
      }),
    );

    const { connection } = (await (await sendJson('GET', base)).json()) as Json;
    expect(connection).toMatchObject({ mode: 'offline-demo', openGates: [], target: TARGET });
  });

  it('may take its tenant down: back to offline, reopen a gate, disconnect', async () => {
    const tenant = await freshTenant();
    const op = await mintOperatorToken(tenant);
    const base = `/v1/admin/connections/${tenant}`;
    await goLive(tenant);

    const down = await asOperator(op, `${base}/mode`, 'PUT', { mode: 'offline-demo' });
    expect(down.status).toBe(200);
    expect(((await down.json()) as Json).connection).toMatchObject({
      mode: 'offline-demo',
      senderEnabled: false,
      lastDisconnect: { reason: 'mode changed to offline-demo' },
    });
    const reopen = await asOperator(op, `${base}/gates/scopes`, 'PUT', {
      satisfied: false,
      note: 'scope revoked in ServiceTitan',
    });
    expect(reopen.status).toBe(200);
    expect(((await reopen.json()) as Json).connection.openGates).toEqual(['scopes']);
    const disconnect = await asOperator(op, `${base}/disconnect`, 'POST', { reason: 'pause' });
    expect(disconnect.status).toBe(200);
  });

  it('a gate an operator token satisfied before this rule counts as open, and nothing sends', async () => {
    const tenant = await freshTenant();
    const scenario = `ra-${tenant}`;
    const at = new Date().toISOString();
    const selfAttested = Object.fromEntries(
      GATES.map((gate) => [gate, { satisfied: true, note: 'ok', at, by: 'operator:opt_x' }]),
    );
    await env.DB.prepare(
      `INSERT INTO handoff_connections (tenant, mode, gates, target, updated_at, updated_by)
       VALUES (?, 'live', ?, ?, ?, 'operator:opt_x')`,
    )
      .bind(tenant, JSON.stringify(selfAttested), JSON.stringify(TARGET), at)
      .run();
    const { connection } = (await (
      await sendJson('GET', `/v1/admin/connections/${tenant}`)
    ).json()) as Json;
    expect(connection).toMatchObject({
      senderEnabled: false,
      liveAllowed: false,
      openGates: GATES,
    });
    expect(connection.gates[0]).toMatchObject({ satisfied: false, by: 'operator:opt_x' });

    const { jobId } = await storeLeadWithJob(tenant);
    expect(await runSyncJob(env.DB, jobId, new Date(), liveDeps(scenario))).toBe('ready');
    expect((await fakeLog(scenario)).requests).toHaveLength(0);
  });
});

describe('the ServiceTitan host', () => {
  it('is refused in a request, with the field path', async () => {
    const tenant = await freshTenant();
    const res = await sendJson('PUT', `/v1/admin/connections/${tenant}/mode`, {
      mode: 'dry-run',
      target: { ...TARGET, apiBaseUrl: 'https://attacker.example' },
    });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({
      error: 'api_base_url_not_accepted',
      issues: [{ path: ['target', 'apiBaseUrl'] }],
    });
  });

  it('follows SERVICETITAN_ENVIRONMENT, and a stored host from before is ignored', async () => {
    const tenant = await freshTenant();
    await env.DB.prepare(
      `INSERT INTO handoff_connections (tenant, mode, gates, target, updated_at, updated_by)
       VALUES (?, 'dry-run', '{}', ?, ?, 'admin')`,
    )
      .bind(
        tenant,
        JSON.stringify({ ...TARGET, apiBaseUrl: 'https://attacker.example' }),
        new Date().toISOString(),
      )
      .run();
    const readAs = async (environment: string) => {
      const res = await callWith(
        { SERVICETITAN_ENVIRONMENT: environment },
        `/v1/admin/connections/${tenant}`,
        { headers: { authorization: `Bearer ${env.ADMIN_TOKEN}` } },
      );
      return ((await res.json()) as Json).connection;
    };
    const path = '/crm/v2/tenant/1234/booking-provider/55/bookings';
    expect(await readAs('integration')).toMatchObject({
      environment: 'integration',
      target: TARGET,
      endpoint: `https://api-integration.servicetitan.io${path}`,
    });
    expect((await readAs('integration')).target).not.toHaveProperty('apiBaseUrl');
    expect(await readAs('production')).toMatchObject({
      environment: 'production',
      endpoint: `https://api.servicetitan.io${path}`,
    });
    expect(await readAs('staging')).toMatchObject({ environment: null, endpoint: null });
  });

  it('must be configured for live: 503 servicetitan_environment_unset otherwise', async () => {
    const tenant = await freshTenant();
    await goLive(tenant);
    await sendJson('PUT', `/v1/admin/connections/${tenant}/mode`, { mode: 'dry-run' });
    const res = await callWith(
      { SERVICETITAN_ENVIRONMENT: '' },
      `/v1/admin/connections/${tenant}/mode`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${env.ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ mode: 'live' }),
      },
    );
    expect(res.status).toBe(503);
    expect(((await res.json()) as Json).error).toBe('servicetitan_environment_unset');
  });
});
