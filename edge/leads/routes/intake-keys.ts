/**
 * @module
 * `/v1/admin/intake-keys`: list, create (the key is returned once; only its SHA-256 is stored) and
 * revoke a tenant's intake keys. Tenant-scoped: an operator manages its own tenant's keys (the
 * contractor wires its own backend), the global admin any tenant's. A change drops this isolate's
 * tenant context; other isolates see it within the context cache's 30 s.
 */
import { Hono } from 'hono';
import { IntakeKeyCreateSchema, IntakeKeyListQuerySchema } from '../../../shared/spam.ts';
import { auditStatement } from '../../audit/db/audit-log.ts';
import { assertTenantAccess, hashToken, tenantScope } from '../../http/admin-auth.ts';
import { ADMIN_ACTION_BODY_LIMIT, limitBody } from '../../http/body-limit.ts';
import { parseJsonObject } from '../../http/body.ts';
import { ApiError } from '../../http/errors.ts';
import { parseBody, parseQuery } from '../../http/validate.ts';
import type { AppEnv } from '../../http/app-env.ts';
import { invalidateTenantContext } from '../../tenants/context.ts';
import {
  getIntakeKey,
  insertIntakeKeyStatement,
  intakeKeyToJson,
  listIntakeKeys,
  revokeIntakeKeyStatement,
} from '../db/intake-keys.ts';
import { INTAKE_KEY_PREFIX } from './intake.ts';
import { base64url } from '../../lib/encoding.ts';
import { tenantExists } from '../../tenants/db/tenants.ts';
import { doc } from '../../http/openapi.ts';

export const adminIntakeKeyRoutes = new Hono<AppEnv>()
  .get(
    '/',
    doc('Intake keys', 'List intake keys', { query: IntakeKeyListQuerySchema }),
    async (c) => {
      const query = parseQuery(IntakeKeyListQuerySchema, c.req.query());
      const rows = await listIntakeKeys(c.env.DB, tenantScope(c, query.tenant));
      return c.json({ intakeKeys: rows.map(intakeKeyToJson) });
    },
  )
  .post(
    '/',
    doc('Intake keys', 'Create an intake key (shown once)', {
      body: IntakeKeyCreateSchema,
      status: 201,
      errors: [404],
    }),
    limitBody(ADMIN_ACTION_BODY_LIMIT),
    async (c) => {
      const input = parseBody(IntakeKeyCreateSchema, parseJsonObject(await c.req.text()));
      const tenant = tenantScope(c, input.tenant);
      if (!tenant) {
        throw new ApiError(422, 'invalid_body', 'Some fields are invalid.', {
          issues: [{ path: ['tenant'], code: 'required', message: 'tenant is required' }],
        });
      }
      if (!(await tenantExists(c.env.DB, tenant)))
        throw new ApiError(404, 'unknown_tenant', `No tenant "${tenant}".`);
      const key = `${INTAKE_KEY_PREFIX}${base64url(crypto.getRandomValues(new Uint8Array(32)))}`;
      const id = `ik_${crypto.randomUUID()}`;
      const actor = c.get('actor');
      await c.env.DB.batch([
        insertIntakeKeyStatement(c.env.DB, {
          id,
          tenant,
          label: input.label,
          hash: await hashToken(key),
          hint: key.slice(-4),
          by: actor,
        }),
        auditStatement(c.env.DB, {
          actor,
          tenant,
          action: 'intake_key.created',
          subjectType: 'intake_key',
          subjectId: id,
          detail: { label: input.label },
        }),
      ]);
      invalidateTenantContext(tenant);
      const row = await getIntakeKey(c.env.DB, id);
      return c.json({ key, intakeKey: row && intakeKeyToJson(row) }, 201);
    },
  )
  .delete('/:id', doc('Intake keys', 'Revoke an intake key', { errors: [404] }), async (c) => {
    const id = c.req.param('id');
    const existing = await getIntakeKey(c.env.DB, id);
    if (!existing) throw new ApiError(404, 'intake_key_not_found', `No intake key "${id}".`);
    assertTenantAccess(c, existing.tenant);
    if (!existing.revoked_at) {
      const actor = c.get('actor');
      await c.env.DB.batch([
        revokeIntakeKeyStatement(c.env.DB, id, actor),
        auditStatement(c.env.DB, {
          actor,
          tenant: existing.tenant,
          action: 'intake_key.revoked',
          subjectType: 'intake_key',
          subjectId: id,
        }),
      ]);
      invalidateTenantContext(existing.tenant);
    }
    const row = await getIntakeKey(c.env.DB, id);
    return c.json({ intakeKey: row && intakeKeyToJson(row) });
  });
