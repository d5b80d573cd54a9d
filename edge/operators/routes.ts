/**
 * @module
 * Operator tokens: `GET /v1/admin/tokens/current` (who am I, which tenants can I see — the console
 * signs in with it) and, for the global admin only, list / create / revoke tenant-scoped tokens.
 * A new token is returned once, in the create response; only its SHA-256 is stored. Minting is
 * admin-only so a leaked operator token cannot mint more tokens or outlive its revocation.
 */
import { Hono } from 'hono';
import { OperatorTokenCreateSchema, OperatorTokenListQuerySchema } from '../../shared/ops.ts';
import { auditStatement } from '../audit/db/audit-log.ts';
import {
  getOperatorToken,
  insertOperatorTokenStatement,
  listOperatorTokens,
  operatorTokenToJson,
  revokeOperatorTokenStatement,
} from './db/operator-tokens.ts';
import { hashToken, OPERATOR_TOKEN_PREFIX, requireGlobalAdmin } from '../http/admin-auth.ts';
import { ADMIN_ACTION_BODY_LIMIT, limitBody } from '../http/body-limit.ts';
import { parseJsonObject } from '../http/body.ts';
import { ApiError } from '../http/errors.ts';
import { parseBody, parseQuery } from '../http/validate.ts';
import type { AppEnv } from '../http/app-env.ts';
import { base64url } from '../lib/encoding.ts';
import { listTenantNames, tenantExists } from '../tenants/db/tenants.ts';
import { doc } from '../http/openapi.ts';

/** 256 random bits behind a recognizable prefix (so secret scanners and the guard can spot it). */
function newToken(): string {
  return `${OPERATOR_TOKEN_PREFIX}${base64url(crypto.getRandomValues(new Uint8Array(32)))}`;
}

export const adminTokenRoutes = new Hono<AppEnv>()
  .get(
    '/current',
    doc('Operator tokens', 'Who this token is and the tenants it sees'),
    async (c) => {
      const principal = c.get('principal');
      const tenant = principal.kind === 'operator' ? principal.tenant : null;
      return c.json({ principal, tenants: await listTenantNames(c.env.DB, tenant) });
    },
  )
  .get(
    '/',
    doc('Operator tokens', 'List operator tokens', { query: OperatorTokenListQuerySchema }),
    async (c) => {
      requireGlobalAdmin(c);
      const query = parseQuery(OperatorTokenListQuerySchema, c.req.query());
      const rows = await listOperatorTokens(c.env.DB, query.tenant);
      return c.json({ tokens: rows.map(operatorTokenToJson) });
    },
  )
  .post(
    '/',
    doc('Operator tokens', 'Create an operator token (shown once)', {
      body: OperatorTokenCreateSchema,
      status: 201,
      errors: [404],
    }),
    limitBody(ADMIN_ACTION_BODY_LIMIT),
    async (c) => {
      requireGlobalAdmin(c);
      const input = parseBody(OperatorTokenCreateSchema, parseJsonObject(await c.req.text()));
      if (!(await tenantExists(c.env.DB, input.tenant)))
        throw new ApiError(404, 'unknown_tenant', `No tenant "${input.tenant}".`);
      const expiresAt = input.expiresAt ? new Date(input.expiresAt).toISOString() : null;
      if (expiresAt !== null && expiresAt <= new Date().toISOString()) {
        throw new ApiError(422, 'invalid_body', 'Some fields are invalid.', {
          issues: [
            { path: ['expiresAt'], code: 'in_past', message: 'expiresAt must be in the future' },
          ],
        });
      }
      const token = newToken();
      const id = `opt_${crypto.randomUUID()}`;
      const actor = c.get('actor');
      await c.env.DB.batch([
        insertOperatorTokenStatement(c.env.DB, {
          id,
          tenant: input.tenant,
          label: input.label,
          hash: await hashToken(token),
          hint: token.slice(-4),
          by: actor,
          expiresAt,
        }),
        auditStatement(c.env.DB, {
          actor,
          tenant: input.tenant,
          action: 'operator_token.created',
          subjectType: 'operator_token',
          subjectId: id,
          detail: { label: input.label, expiresAt },
        }),
      ]);
      const row = await getOperatorToken(c.env.DB, id);
      return c.json({ token, operatorToken: row && operatorTokenToJson(row) }, 201);
    },
  )
  .delete(
    '/:id',
    doc('Operator tokens', 'Revoke an operator token', { errors: [404] }),
    async (c) => {
      requireGlobalAdmin(c);
      const id = c.req.param('id');
      const existing = await getOperatorToken(c.env.DB, id);
      if (!existing) throw new ApiError(404, 'token_not_found', `No operator token "${id}".`);
      if (!existing.revoked_at) {
        const actor = c.get('actor');
        await c.env.DB.batch([
          revokeOperatorTokenStatement(c.env.DB, id, actor),
          auditStatement(c.env.DB, {
            actor,
            tenant: existing.tenant,
            action: 'operator_token.revoked',
            subjectType: 'operator_token',
            subjectId: id,
          }),
        ]);
      }
      const row = await getOperatorToken(c.env.DB, id);
      return c.json({ operatorToken: row && operatorTokenToJson(row) });
    },
  );
