/**
 * @module
 * `POST /v1/tenants/:tenant/form-token` → `{"token"}`: the widget asks on the visitor's first
 * interaction (never on page load). Stateless and D1-free (edge/leads/form-token.ts); the tenant is
 * not looked up, since a token for a tenant that does not exist is never accepted for any lead.
 */
import { Hono } from 'hono';
import { TENANT_PATTERN } from '../../../shared/lead-rules.ts';
import { ApiError } from '../../http/errors.ts';
import type { AppEnv } from '../../http/app-env.ts';
import { issueFormToken, usableKey } from '../form-token.ts';
import { doc } from '../../http/openapi.ts';

export const formTokenRoutes = new Hono<AppEnv>().post(
  '/:tenant/form-token',
  doc('Leads', 'Issue a form token', {
    description: 'Asked on the visitor’s first interaction; stateless, never stored.',
    errors: [404, 503],
  }),
  async (c) => {
    const tenant = c.req.param('tenant');
    if (!TENANT_PATTERN.test(tenant))
      throw new ApiError(404, 'unknown_tenant', `No tenant "${tenant}".`);
    const secret = c.env.FORM_TOKEN_KEY;
    // The widget submits without a token then: the lead is flagged `no_form_token`, never lost.
    if (!usableKey(secret)) {
      throw new ApiError(503, 'form_tokens_off', 'FORM_TOKEN_KEY is unset or too short.');
    }
    c.header('Cache-Control', 'no-store');
    return c.json({ token: await issueFormToken(secret, tenant, new Date()) });
  },
);
