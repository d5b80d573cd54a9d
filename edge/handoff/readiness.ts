/**
 * @module
 * Connection readiness per tenant: the mode (`offline-demo`, `dry-run`, `live`), the gates live
 * sending needs, recorded as data with who closed them and on what evidence, and the one place that
 * decides whether a live sender exists for a tenant. Everything here is pure.
 */
import {
  READINESS_GATES,
  type ConnectionMode,
  type ReadinessGate,
  type SenderTarget,
} from '../../shared/handoff.ts';
import {
  bookingsEndpoint,
  httpBookingSender,
  type BookingSender,
  type ServiceTitanCredentials,
} from './sender.ts';

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

export function openGates(connection: Connection): ReadinessGate[] {
  return READINESS_GATES.filter((gate) => !connection.gates[gate]?.satisfied);
}

/** The readiness as the admin API shows it. */
export function readinessView(connection: Connection) {
  const open = openGates(connection);
  return {
    tenant: connection.tenant,
    mode: connection.mode,
    senderEnabled: connection.mode === 'live',
    liveAllowed: open.length === 0 && connection.target !== null,
    openGates: open,
    gates: READINESS_GATES.map((key) => ({
      key,
      description: GATE_DESCRIPTIONS[key],
      satisfied: connection.gates[key]?.satisfied ?? false,
      note: connection.gates[key]?.note ?? null,
      at: connection.gates[key]?.at ?? null,
      by: connection.gates[key]?.by ?? null,
    })),
    target: connection.target,
    endpoint: connection.target ? bookingsEndpoint(connection.target) : null,
    lastDisconnect: connection.lastDisconnect,
    updatedAt: connection.updatedAt,
    updatedBy: connection.updatedBy,
  };
}

export type SenderAvailability =
  { kind: 'off' } | { kind: 'unavailable'; error: string } | { kind: 'on'; sender: BookingSender };

/**
 * The live sender for a tenant, if it may send at all. Off unless the tenant is `live` with every
 * gate closed and a target; unavailable (the job is blocked, visibly) when live but nothing can
 * authenticate it.
 */
export function senderFor(
  connection: Connection,
  credentials: ServiceTitanCredentials | null,
  timeoutMs: number,
): SenderAvailability {
  if (connection.mode !== 'live' || !connection.target || openGates(connection).length > 0) {
    return { kind: 'off' };
  }
  if (!credentials) {
    return {
      kind: 'unavailable',
      error: 'credentials_unavailable: PageToJob stores no ServiceTitan credentials',
    };
  }
  return { kind: 'on', sender: httpBookingSender(connection.target, credentials, timeoutMs) };
}
