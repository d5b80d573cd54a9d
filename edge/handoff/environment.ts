/**
 * @module
 * Which ServiceTitan environment this deployment talks to, and so the one API host a sender may
 * post to. It is the Worker var `SERVICETITAN_ENVIRONMENT` (wrangler.toml), never a request: the
 * hosts are ServiceTitan's documented ones (production `api.servicetitan.io`; the integration
 * environment `api-integration.servicetitan.io`, the `servers` of its OpenAPI files), so no token
 * can point a tenant's bookings, and the credentials that go with them, at another host.
 */

export const SERVICETITAN_API_HOSTS = {
  production: 'https://api.servicetitan.io',
  integration: 'https://api-integration.servicetitan.io',
} as const;

export type ServiceTitanEnvironment = keyof typeof SERVICETITAN_API_HOSTS;

/** The environment the var names, or null when it is unset or names none (nothing may send). */
export function serviceTitanEnvironment(env: {
  SERVICETITAN_ENVIRONMENT?: string;
}): ServiceTitanEnvironment | null {
  const name = env.SERVICETITAN_ENVIRONMENT ?? '';
  return Object.hasOwn(SERVICETITAN_API_HOSTS, name) ? (name as ServiceTitanEnvironment) : null;
}

/** The API base URL of the configured environment, or null. */
export function serviceTitanApiBase(env: { SERVICETITAN_ENVIRONMENT?: string }): string | null {
  const environment = serviceTitanEnvironment(env);
  return environment && SERVICETITAN_API_HOSTS[environment];
}
