/**
 * @module
 * Connection readiness per tenant: the mode (`offline-demo`, `dry-run`, `live`), the gates live
 * sending needs, recorded as data with who closed them and on what evidence, and the one place that
 * decides whether a live sender exists for a tenant. Everything here is pure.
 *
 * The gates are PageToJob's attestation, not the contractor's: a gate counts as satisfied only when
 * the global admin closed it, so a record an operator token wrote (before that was refused) still
 * counts as open (docs/decisions/0030-readiness-global-admin-only.md).
 */
import {
  READINESS_GATES,
  type ConnectionMode,
  type ReadinessGate,
  type SenderTarget,
} from '../../shared/handoff.ts';
import type { HandoffDeps } from './deps.ts';
import { SERVICETITAN_API_HOSTS, type ServiceTitanEnvironment } from './environment.ts';
import { bookingsEndpoint, httpBookingSender, type BookingSender } from './sender.ts';

export const GATE_DESCRIPTIONS: Record<ReadinessGate, string> = {
  customer_authorization:
    'The contractor authorized PageToJob in writing to create bookings in their ServiceTitan tenant.',
  app_approval: "ServiceTitan approved the PageToJob app for this tenant's environment.",
  scopes: 'The granted API scopes include CRM booking-provider bookings (create and read).',
  encrypted_token_storage:
    'Client credentials are stored encrypted and a credential source is wired to the sender (PageToJob ships none).',
  sandbox_validation:
    "Drafts were sent to ServiceTitan's integration environment and accepted as bookings.",
};

export interface GateRecord {
  satisfied: boolean;
  note: string;
  at: string;
  by: string;
}

export interface DisconnectRecord {
  at: string;
  by: string;
  reason: string;
  previousMode: ConnectionMode;
  /** What stops working until the tenant is live again. */
  affectedFeatures: string[];
  /** Jobs that were waiting to retry a send and were put back to `ready`. */
  jobsHeld: number;
}

export interface Connection {
  tenant: string;
  mode: ConnectionMode;
  gates: Partial<Record<ReadinessGate, GateRecord>>;
  target: SenderTarget | null;
  lastDisconnect: DisconnectRecord | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** What a disconnect turns off; lead intake, drafts and operator actions keep working. */
export const DISCONNECT_AFFECTS = ['booking-send', 'send-retries', 'resend-to-servicetitan'];

/** A tenant nobody has configured yet: nothing leaves PageToJob. */
export function defaultConnection(tenant: string): Connection {
  return {
    tenant,
    mode: 'offline-demo',
    gates: {},
    target: null,
    lastDisconnect: null,
    updatedAt: null,
    updatedBy: null,
  };
}

/** The actor the global admin token writes as (edge/http/admin-auth.ts). */
const GLOBAL_ADMIN_ACTOR = 'admin';

/** Satisfied, and by the global admin: the only attestation live sending accepts. */
function attested(record: GateRecord | undefined): boolean {
  return record?.satisfied === true && record.by === GLOBAL_ADMIN_ACTOR;
}

export function openGates(connection: Connection): ReadinessGate[] {
  return READINESS_GATES.filter((gate) => !attested(connection.gates[gate]));
}

/** Live, with a target and every gate attested: the sender would run (given credentials). */
function senderEnabled(
  connection: Connection,
): connection is Connection & { target: SenderTarget } {
  return (
    connection.mode === 'live' && connection.target !== null && openGates(connection).length === 0
  );
}

/** The readiness as the admin API shows it, with the deployment's ServiceTitan environment. */
export function readinessView(connection: Connection, environment: ServiceTitanEnvironment | null) {
  const open = openGates(connection);
  return {
    tenant: connection.tenant,
    mode: connection.mode,
    senderEnabled: senderEnabled(connection),
    liveAllowed: open.length === 0 && connection.target !== null && environment !== null,
    openGates: open,
    gates: READINESS_GATES.map((key) => ({
      key,
      description: GATE_DESCRIPTIONS[key],
      satisfied: attested(connection.gates[key]),
      note: connection.gates[key]?.note ?? null,
      at: connection.gates[key]?.at ?? null,
      by: connection.gates[key]?.by ?? null,
    })),
    environment,
    target: connection.target,
    endpoint:
      connection.target && environment
        ? bookingsEndpoint(SERVICETITAN_API_HOSTS[environment], connection.target)
        : null,
    lastDisconnect: connection.lastDisconnect,
    updatedAt: connection.updatedAt,
    updatedBy: connection.updatedBy,
  };
}

export type SenderAvailability =
  { kind: 'off' } | { kind: 'unavailable'; error: string } | { kind: 'on'; sender: BookingSender };

/**
 * The live sender for a tenant, if it may send at all. Off unless the tenant is `live` with every
 * gate attested and a target; unavailable (the job is blocked, visibly) when live but nothing can
 * authenticate it or no ServiceTitan environment is configured.
 */
export function senderFor(connection: Connection, deps: HandoffDeps): SenderAvailability {
  if (!senderEnabled(connection)) return { kind: 'off' };
  if (!deps.credentials) {
    return {
      kind: 'unavailable',
      error: 'credentials_unavailable: PageToJob stores no ServiceTitan credentials',
    };
  }
  if (!deps.apiBaseUrl) {
    return {
      kind: 'unavailable',
      error: 'servicetitan_environment_unset: SERVICETITAN_ENVIRONMENT names no environment',
    };
  }
  const endpoint = bookingsEndpoint(deps.apiBaseUrl, connection.target);
  return { kind: 'on', sender: httpBookingSender(endpoint, deps.credentials, deps.sendTimeoutMs) };
}
