/**
 * @module
 * Connection readiness per tenant, under `/v1/admin/connections/:tenant`: show the mode and gates,
 * record a gate as satisfied (with evidence) or reopened, change the mode (`live` is refused while
 * a gate is open), and disconnect. Every change is audited in the batch that makes it.
 *
 * The gates are PageToJob's attestation, so what opens the way to sending is global-admin only:
 * satisfying a gate, raising the mode (to `dry-run` or `live`) and setting the target answer an
 * operator token `403 admin_only`. An operator may read everything and may take the tenant down:
 * reopen a gate, lower the mode (back to `offline-demo`), disconnect. The ServiceTitan host is
 * never in a request: `SERVICETITAN_ENVIRONMENT` chooses it (../environment.ts).
 */
import { Hono, type Context } from 'hono';
import {
  CONNECTION_MODES,
  DisconnectSchema,
  GateUpdateSchema,
  ModeChangeSchema,
  READINESS_GATES,
  type ConnectionMode,
  type ReadinessGate,
} from '../../../shared/handoff.ts';
import { auditStatement } from '../../audit/db/audit-log.ts';
import { readConnection, saveConnectionStatement } from '../db/connections.ts';
import { countRetrying, holdRetriesStatement } from '../db/jobs.ts';
import { DISCONNECT_AFFECTS, openGates, readinessView, type Connection } from '../readiness.ts';
import { serviceTitanEnvironment } from '../environment.ts';
import { assertTenantAccess, requireGlobalAdmin } from '../../http/admin-auth.ts';
import { ADMIN_ACTION_BODY_LIMIT, limitBody } from '../../http/body-limit.ts';
import { parseJsonObject } from '../../http/body.ts';
import { ApiError } from '../../http/errors.ts';
import { parseBody } from '../../http/validate.ts';
import type { AppEnv } from '../../http/app-env.ts';
import { doc } from '../../http/openapi.ts';

async function connectionFor(c: Context<AppEnv>): Promise<Connection> {
  const tenant = c.req.param('tenant') ?? '';
  assertTenantAccess(c, tenant);
  const connection = await readConnection(c.env.DB, tenant);
  if (!connection) throw new ApiError(404, 'unknown_tenant', `No tenant "${tenant}".`);
  return connection;
}

async function bodyOf(c: Context<AppEnv>) {
  return parseJsonObject(await c.req.text());
}

function view(c: Context<AppEnv>, connection: Connection) {
  return readinessView(connection, serviceTitanEnvironment(c.env));
}

/** The target's host is configuration: a request naming one is told so, not silently ignored. */
function refuseApiBaseUrl(body: Record<string, unknown>): void {
  const target = body.target;
  if (typeof target === 'object' && target !== null && Object.hasOwn(target, 'apiBaseUrl')) {
    throw new ApiError(
      422,
      'api_base_url_not_accepted',
      'The ServiceTitan host is chosen by the SERVICETITAN_ENVIRONMENT Worker var, not by a request.',
      {
        issues: [
          {
            path: ['target', 'apiBaseUrl'],
            code: 'not_accepted',
            message: 'Leave apiBaseUrl out: give stTenantId and bookingProviderId',
          },
        ],
      },
    );
  }
}

/** `offline-demo` < `dry-run` < `live`: an operator may move down this list, never up. */
const modeRank = (mode: ConnectionMode) => CONNECTION_MODES.indexOf(mode);

/**
 * Saves `next` with its audit row in one batch. When it leaves `live` (or is an explicit
 * disconnect), the same batch puts retries waiting for the sender back to `ready` (drafts kept for
 * a resend) and the connection records when, why, by whom and what stopped working.
 */
async function save(
  c: Context<AppEnv>,
  current: Connection,
  next: Connection,
  audit: { action: string; detail: Record<string, unknown> },
  disconnectReason: string | null,
) {
  const db = c.env.DB;
  const actor = c.get('actor');
  const now = new Date().toISOString();
  const disconnects = disconnectReason !== null;
  const saved: Connection = { ...next, updatedAt: now, updatedBy: actor };
  if (disconnectReason !== null) {
    saved.lastDisconnect = {
      at: now,
      by: actor,
      reason: disconnectReason,
      previousMode: current.mode,
      affectedFeatures: current.mode === 'live' ? DISCONNECT_AFFECTS : [],
      jobsHeld: await countRetrying(db, current.tenant),
    };
  }
  await db.batch([
    saveConnectionStatement(db, saved),
    ...(disconnects ? [holdRetriesStatement(db, current.tenant, disconnectReason, now)] : []),
    auditStatement(db, {
      actor,
      tenant: current.tenant,
      action: audit.action,
      subjectType: 'connection',
      subjectId: current.tenant,
      detail: { ...audit.detail, ...(disconnects && { disconnect: saved.lastDisconnect }) },
    }),
  ]);
  return c.json({ connection: view(c, saved) });
}

/** Where a disconnect leaves the mode: a live tenant falls back to dry-run drafts. */
function modeAfterDisconnect(mode: ConnectionMode): ConnectionMode {
  return mode === 'live' ? 'dry-run' : mode;
}

export const adminConnectionRoutes = new Hono<AppEnv>()
  .get(
    '/:tenant',
    doc('Handoff', 'A tenant’s ServiceTitan connection and readiness', { errors: [404] }),
    async (c) => c.json({ connection: view(c, await connectionFor(c)) }),
  )
  .put(
    '/:tenant/gates/:gate',
    doc('Handoff', 'Satisfy or reopen a readiness gate', { body: GateUpdateSchema, errors: [404] }),
    limitBody(ADMIN_ACTION_BODY_LIMIT),
    async (c) => {
      const connection = await connectionFor(c);
      const gate = c.req.param('gate') as ReadinessGate;
      if (!READINESS_GATES.includes(gate)) {
        throw new ApiError(404, 'unknown_gate', `No readiness gate "${gate}".`, {
          issues: [
            {
              path: ['gate'],
              code: 'unknown_gate',
              message: `One of ${READINESS_GATES.join(', ')}`,
            },
          ],
        });
      }
      const { satisfied, note } = parseBody(GateUpdateSchema, await bodyOf(c));
      if (satisfied) requireGlobalAdmin(c);
      const record = { satisfied, note, at: new Date().toISOString(), by: c.get('actor') };
      // Live needs every gate closed, so reopening one under a live sender takes the sender down.
      const takesDown = !satisfied && connection.mode === 'live';
      const next: Connection = {
        ...connection,
        mode: takesDown ? modeAfterDisconnect(connection.mode) : connection.mode,
        gates: { ...connection.gates, [gate]: record },
      };
      const audit = { action: 'connection.gate_updated', detail: { gate, satisfied, note } };
      return save(c, connection, next, audit, takesDown ? `gate ${gate} reopened: ${note}` : null);
    },
  )
  .put(
    '/:tenant/mode',
    doc('Handoff', 'Change the handoff mode', { body: ModeChangeSchema, errors: [404, 409] }),
    limitBody(ADMIN_ACTION_BODY_LIMIT),
    async (c) => {
      const connection = await connectionFor(c);
      const body = await bodyOf(c);
      refuseApiBaseUrl(body);
      const { mode, target: newTarget } = parseBody(ModeChangeSchema, body);
      if (newTarget || modeRank(mode) > modeRank(connection.mode)) requireGlobalAdmin(c);
      const target = newTarget ?? connection.target;
      if (mode !== 'offline-demo' && !target) {
        throw new ApiError(422, 'target_required', `Mode ${mode} needs the ServiceTitan target.`, {
          issues: [
            {
              path: ['target'],
              code: 'required',
              message: 'Give stTenantId and bookingProviderId',
            },
          ],
        });
      }
      const open = openGates(connection);
      if (mode === 'live' && open.length > 0) {
        throw new ApiError(
          409,
          'gates_open',
          'Live sending stays off while a readiness gate is open.',
          {
            issues: open.map((gate) => ({
              path: ['gates', gate],
              code: 'gate_open',
              message: `${gate} is not satisfied`,
            })),
          },
        );
      }
      if (mode === 'live' && !serviceTitanEnvironment(c.env)) {
        throw new ApiError(
          503,
          'servicetitan_environment_unset',
          'Live sending needs the SERVICETITAN_ENVIRONMENT Worker var set to production or integration.',
        );
      }
      const leavesLive = connection.mode === 'live' && mode !== 'live';
      const audit = {
        action: 'connection.mode_changed',
        detail: { from: connection.mode, to: mode, target },
      };
      return save(
        c,
        connection,
        { ...connection, mode, target },
        audit,
        leavesLive ? `mode changed to ${mode}` : null,
      );
    },
  )
  .post(
    '/:tenant/disconnect',
    doc('Handoff', 'Disconnect from ServiceTitan', { body: DisconnectSchema, errors: [404] }),
    limitBody(ADMIN_ACTION_BODY_LIMIT),
    async (c) => {
      const connection = await connectionFor(c);
      const { reason } = parseBody(DisconnectSchema, await bodyOf(c));
      const next = { ...connection, mode: modeAfterDisconnect(connection.mode) };
      const audit = {
        action: 'connection.disconnected',
        detail: { reason, previousMode: connection.mode },
      };
      return save(c, connection, next, audit, reason);
    },
  );
