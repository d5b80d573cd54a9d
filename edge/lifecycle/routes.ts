/**
 * @module
 * Data lifecycle for operators: per-tenant retention settings (and running a tenant's purge now),
 * erasing one lead, and erasing everything for one contact. Erasure blanks personal fields and
 * keeps the rows, so counts and reports do not change (edge/lifecycle/erase.ts); every action is
 * written to the audit log.
 */
import { Hono } from 'hono';
import { normalizeEmail } from '../../shared/contact.ts';
import { ContactErasureSchema, RetentionUpdateSchema } from '../../shared/ops.ts';
import { auditStatement } from '../audit/db/audit-log.ts';
import { getLead } from '../leads/db/leads.ts';
import { PHONE_HINT, parsePhone } from '../leads/phone.ts';
import { assertTenantAccess, tenantScope } from '../http/admin-auth.ts';
import { ADMIN_ACTION_BODY_LIMIT, limitBody } from '../http/body-limit.ts';
import { parseJsonObject } from '../http/body.ts';
import { ApiError } from '../http/errors.ts';
import { parseBody } from '../http/validate.ts';
import { eraseContact } from './contact-erasure.ts';
import { erase } from './erase.ts';
import { getRetention, listRetention, purgeTenant, setRetentionStatement } from './retention.ts';
import type { AppEnv } from '../http/app-env.ts';
import { doc } from '../http/openapi.ts';

async function retentionOf(db: D1Database, tenant: string) {
  const setting = await getRetention(db, tenant);
  if (!setting) throw new ApiError(404, 'unknown_tenant', `No tenant "${tenant}".`);
  return setting;
}

function invalidContact(field: 'phone' | 'email', message: string): never {
  throw new ApiError(422, 'invalid_body', 'Some fields are invalid.', {
    issues: [{ path: [field], code: `invalid_${field}`, message }],
  });
}

export const adminLifecycleRoutes = new Hono<AppEnv>()
  .get('/retention', doc('Lifecycle', 'Retention settings'), async (c) => {
    const tenant = tenantScope(c, c.req.query('tenant'));
    return c.json({ retention: await listRetention(c.env.DB, tenant) });
  })
  .put(
    '/retention/:tenant',
    doc('Lifecycle', 'Change a tenant’s retention', { body: RetentionUpdateSchema, errors: [404] }),
    limitBody(ADMIN_ACTION_BODY_LIMIT),
    async (c) => {
      const tenant = c.req.param('tenant');
      assertTenantAccess(c, tenant);
      const input = parseBody(RetentionUpdateSchema, parseJsonObject(await c.req.text()));
      const before = await retentionOf(c.env.DB, tenant);
      const actor = c.get('actor');
      await c.env.DB.batch([
        setRetentionStatement(c.env.DB, tenant, input.retentionDays, actor),
        auditStatement(c.env.DB, {
          actor,
          tenant,
          action: 'retention.updated',
          subjectType: 'tenant',
          subjectId: tenant,
          detail: { from: before.retentionDays, to: input.retentionDays },
        }),
      ]);
      return c.json({ retention: await retentionOf(c.env.DB, tenant) });
    },
  )
  .post(
    '/retention/:tenant/run',
    doc('Lifecycle', 'Purge what is past retention now', { errors: [404] }),
    async (c) => {
      const tenant = c.req.param('tenant');
      assertTenantAccess(c, tenant);
      const setting = await retentionOf(c.env.DB, tenant);
      return c.json({ purge: await purgeTenant(c.env.DB, setting, new Date(), c.get('actor')) });
    },
  )
  .delete('/leads/:id', doc('Lifecycle', 'Erase a lead', { errors: [404] }), async (c) => {
    const id = c.req.param('id');
    const lead = await getLead(c.env.DB, id);
    if (!lead) throw new ApiError(404, 'lead_not_found', `No lead "${id}".`);
    const tenant = lead.tenant as string;
    assertTenantAccess(c, tenant);
    const result = await erase(c.env.DB, {
      tenant,
      leadIds: [id],
      eventIds: [],
      reason: 'lead_deletion',
      actor: c.get('actor'),
      summary: { action: 'lead.deletion_requested', subjectType: 'lead', subjectId: id },
    });
    const after = await getLead(c.env.DB, id);
    return c.json({
      leadId: id,
      erasedAt: after?.erased_at ?? null,
      eraseReason: after?.erase_reason ?? null,
      ...result,
    });
  })
  .post(
    '/contact-erasures',
    doc('Lifecycle', 'Erase a contact everywhere', { body: ContactErasureSchema }),
    limitBody(ADMIN_ACTION_BODY_LIMIT),
    async (c) => {
      const input = parseBody(ContactErasureSchema, parseJsonObject(await c.req.text()));
      assertTenantAccess(c, input.tenant);
      const phone = input.phone ? (parsePhone(input.phone)?.e164 ?? null) : null;
      const email = input.email ? normalizeEmail(input.email) : null;
      if (input.phone && !phone) invalidContact('phone', PHONE_HINT);
      if (input.email && !email) invalidContact('email', 'Enter a valid email address');
      await retentionOf(c.env.DB, input.tenant); // 404 for an unknown tenant
      const result = await eraseContact(c.env.DB, {
        tenant: input.tenant,
        phone,
        email,
        actor: c.get('actor'),
      });
      return c.json({ tenant: input.tenant, ...result });
    },
  );
