/**
 * @module
 * `/v1/admin/tenants`: onboarding without SQL. The global admin creates tenants and changes what
 * needs no review (name, zone, origins, test contacts, status); a tenant's operators read their
 * tenant and edit its settings draft; only the global admin publishes, and every publish is a new
 * version with who and why, audited. Settings are checked by shared/tenant-settings.ts: 422 with
 * every problem and its path, nothing stored.
 */
import { Hono, type Context } from 'hono';
import {
  PublishSchema,
  TenantCreateSchema,
  TenantPatchSchema,
  validateSettings,
  WidgetSettingsSchema,
  type WidgetSettings,
} from '../../../shared/tenant-settings.ts';
import { auditStatement } from '../../audit/db/audit-log.ts';
import { assertTenantAccess, requireGlobalAdmin, tenantScope } from '../../http/admin-auth.ts';
import { parseJsonObject } from '../../http/body.ts';
import { limitBody } from '../../http/body-limit.ts';
import { ApiError } from '../../http/errors.ts';
import { parseBody } from '../../http/validate.ts';
import type { AppEnv } from '../../http/app-env.ts';
import { invalidateTenantContext } from '../context.ts';
import {
  getDraft,
  getVersion,
  latestVersion,
  listVersions,
  publishStatements,
  saveDraftStatement,
} from '../db/settings.ts';
import { newTenantStatements } from '../db/new-tenant.ts';
import {
  bindAll,
  getTenantSummary,
  listTenants,
  patchTenantStatement,
  tenantSummaryToJson,
} from '../db/tenants.ts';
import { diffSettings } from '../diff.ts';
import { doc } from '../../http/openapi.ts';

/** A settings document with every service in two languages stays far below this. */
const settingsBodyLimit = limitBody(128 * 1024);

function settingsOrThrow(input: unknown, prefix: (string | number)[]): WidgetSettings {
  const result = validateSettings(input);
  if (result.ok) return result.settings;
  throw new ApiError(422, 'invalid_settings', 'The settings have problems; nothing was stored.', {
    issues: result.issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] })),
  });
}

async function readBody(c: Context<AppEnv>): Promise<Record<string, unknown>> {
  return parseJsonObject(await c.req.text());
}

/** The `:tenant` the caller may access, and its summary (404 when there is no such tenant). */
async function requireTenant(c: Context<AppEnv>) {
  const slug = c.req.param('tenant') ?? '';
  assertTenantAccess(c, slug);
  const row = await getTenantSummary(c.env.DB, slug);
  if (!row) throw new ApiError(404, 'unknown_tenant', `No tenant "${slug}".`);
  return row;
}

async function publishedSettings(db: D1Database, tenant: string) {
  const latest = await latestVersion(db, tenant);
  if (!latest) throw new ApiError(409, 'no_published_version', 'This tenant has no settings yet.');
  return { version: latest.version, settings: JSON.parse(latest.config) as WidgetSettings };
}

/** The open draft (or null) beside the published settings: what the draft and diff views read. */
function draftAndPublished(db: D1Database, tenant: string) {
  return Promise.all([getDraft(db, tenant), publishedSettings(db, tenant)]);
}

const configRoutes = new Hono<AppEnv>()
  .get(
    '/draft',
    doc('Tenants', 'The settings draft (or the published settings)', { errors: [404, 409] }),
    async (c) => {
      const tenant = await requireTenant(c);
      const [draft, published] = await draftAndPublished(c.env.DB, tenant.slug);
      return c.json({
        tenant: tenant.slug,
        exists: draft !== null,
        publishedVersion: published.version,
        baseVersion: draft?.base_version ?? published.version,
        updatedBy: draft?.updated_by ?? null,
        updatedAt: draft?.updated_at ?? null,
        // With no open draft, editing starts from what is published.
        config: draft ? (JSON.parse(draft.config) as WidgetSettings) : published.settings,
      });
    },
  )
  .put(
    '/draft',
    doc('Tenants', 'Save the settings draft', { body: WidgetSettingsSchema, errors: [404, 409] }),
    settingsBodyLimit,
    async (c) => {
      const tenant = await requireTenant(c);
      const settings = settingsOrThrow(await readBody(c), []);
      const published = await publishedSettings(c.env.DB, tenant.slug);
      await c.env.DB.batch([
        saveDraftStatement(c.env.DB, tenant.slug, {
          settings,
          baseVersion: published.version,
          by: c.get('actor'),
        }),
      ]);
      return c.json({ tenant: tenant.slug, baseVersion: published.version, config: settings });
    },
  )
  .get(
    '/diff',
    doc('Tenants', 'What publishing the draft would change', { errors: [404, 409] }),
    async (c) => {
      const tenant = await requireTenant(c);
      const [draft, published] = await draftAndPublished(c.env.DB, tenant.slug);
      return c.json({
        tenant: tenant.slug,
        publishedVersion: published.version,
        draft: draft !== null,
        changes: draft ? diffSettings(published.settings, JSON.parse(draft.config)) : [],
      });
    },
  )
  .post(
    '/publish',
    doc('Tenants', 'Publish the draft as a new version', {
      body: PublishSchema,
      status: 201,
      errors: [404, 409],
    }),
    limitBody(8 * 1024),
    async (c) => {
      requireGlobalAdmin(c);
      const tenant = await requireTenant(c);
      const { note } = parseBody(PublishSchema, await readBody(c));
      const draft = await getDraft(c.env.DB, tenant.slug);
      if (!draft) throw new ApiError(409, 'no_draft', 'There is no draft to publish.');
      const published = await publishedSettings(c.env.DB, tenant.slug);
      if (draft.base_version !== published.version) {
        throw new ApiError(
          409,
          'draft_outdated',
          `The draft was based on version ${draft.base_version}, but version ${published.version} ` +
            'has been published since: save the draft again after checking the diff.',
        );
      }
      // Rules may have tightened since the draft was saved: publish only what passes them now.
      const settings = settingsOrThrow(JSON.parse(draft.config), ['draft']);
      const changes = diffSettings(published.settings, settings);
      const version = published.version + 1;
      const actor = c.get('actor');
      try {
        await c.env.DB.batch([
          ...publishStatements(c.env.DB, tenant.slug, { settings, version, note, by: actor }),
          auditStatement(c.env.DB, {
            actor,
            tenant: tenant.slug,
            action: 'tenant_config.published',
            subjectType: 'tenant',
            subjectId: tenant.slug,
            detail: { version, note, changed: changes.map((change) => change.path.join('.')) },
          }),
        ]);
      } catch (err) {
        if (!/UNIQUE|PRIMARY KEY/i.test((err as Error).message)) throw err;
        throw new ApiError(409, 'draft_outdated', 'Another publish happened at the same time.');
      }
      invalidateTenantContext(tenant.slug);
      return c.json({ tenant: tenant.slug, version, note, changes }, 201);
    },
  )
  .get('/versions', doc('Tenants', 'List settings versions', { errors: [404] }), async (c) => {
    const tenant = await requireTenant(c);
    return c.json({ tenant: tenant.slug, versions: await listVersions(c.env.DB, tenant.slug) });
  })
  .get(
    '/versions/:version{[0-9]+}',
    doc('Tenants', 'One settings version', { errors: [404] }),
    async (c) => {
      const tenant = await requireTenant(c);
      const row = await getVersion(c.env.DB, tenant.slug, Number(c.req.param('version')));
      if (!row) throw new ApiError(404, 'version_not_found', 'No such settings version.');
      return c.json({
        tenant: tenant.slug,
        version: row.version,
        note: row.note,
        publishedBy: row.published_by,
        publishedAt: row.published_at,
        config: JSON.parse(row.config) as WidgetSettings,
      });
    },
  )
  .post(
    '/versions/:version{[0-9]+}/restore',
    doc('Tenants', 'Restore a version into the draft', { errors: [404, 409] }),
    async (c) => {
      const tenant = await requireTenant(c);
      const row = await getVersion(c.env.DB, tenant.slug, Number(c.req.param('version')));
      if (!row) throw new ApiError(404, 'version_not_found', 'No such settings version.');
      const published = await publishedSettings(c.env.DB, tenant.slug);
      const settings = JSON.parse(row.config) as WidgetSettings;
      const actor = c.get('actor');
      await c.env.DB.batch([
        saveDraftStatement(c.env.DB, tenant.slug, {
          settings,
          baseVersion: published.version,
          by: actor,
        }),
        auditStatement(c.env.DB, {
          actor,
          tenant: tenant.slug,
          action: 'tenant_config.restored_to_draft',
          subjectType: 'tenant',
          subjectId: tenant.slug,
          detail: { version: row.version },
        }),
      ]);
      return c.json({
        tenant: tenant.slug,
        restoredVersion: row.version,
        baseVersion: published.version,
        config: settings,
      });
    },
  );

export const adminTenantRoutes = new Hono<AppEnv>()
  .get('/', doc('Tenants', 'List tenants'), async (c) => {
    const rows = await listTenants(c.env.DB, tenantScope(c));
    return c.json({ tenants: rows.map(tenantSummaryToJson) });
  })
  .post(
    '/',
    doc('Tenants', 'Create a tenant', { body: TenantCreateSchema, status: 201, errors: [409] }),
    settingsBodyLimit,
    async (c) => {
      requireGlobalAdmin(c);
      const input = parseBody(TenantCreateSchema, await readBody(c));
      const settings = settingsOrThrow(input.config, ['config']);
      if (await getTenantSummary(c.env.DB, input.slug)) {
        throw new ApiError(409, 'tenant_exists', `Tenant "${input.slug}" already exists.`);
      }
      const actor = c.get('actor');
      const [inserted] = await c.env.DB.batch([
        ...bindAll(
          c.env.DB,
          newTenantStatements({ ...input, settings, publishedBy: actor, note: 'created' }),
        ),
        auditStatement(c.env.DB, {
          actor,
          tenant: input.slug,
          action: 'tenant.created',
          subjectType: 'tenant',
          subjectId: input.slug,
          detail: { name: input.name },
        }),
      ]);
      // Lost a race with another create of the same slug: the other one won.
      if (!inserted?.meta.changes) {
        throw new ApiError(409, 'tenant_exists', `Tenant "${input.slug}" already exists.`);
      }
      invalidateTenantContext(input.slug);
      const row = await getTenantSummary(c.env.DB, input.slug);
      return c.json({ tenant: row && tenantSummaryToJson(row) }, 201);
    },
  )
  .get('/:tenant', doc('Tenants', 'One tenant', { errors: [404] }), async (c) =>
    c.json({ tenant: tenantSummaryToJson(await requireTenant(c)) }),
  )
  .patch(
    '/:tenant',
    doc('Tenants', 'Change a tenant (no review needed)', {
      body: TenantPatchSchema,
      errors: [404],
    }),
    limitBody(16 * 1024),
    async (c) => {
      requireGlobalAdmin(c);
      const tenant = await requireTenant(c);
      const patch = parseBody(TenantPatchSchema, await readBody(c));
      const actor = c.get('actor');
      await c.env.DB.batch([
        patchTenantStatement(c.env.DB, tenant.slug, patch),
        auditStatement(c.env.DB, {
          actor,
          tenant: tenant.slug,
          action: 'tenant.updated',
          subjectType: 'tenant',
          subjectId: tenant.slug,
          // Which fields changed, not their values: test contacts are personal data.
          detail: { fields: Object.keys(patch), ...(patch.status && { status: patch.status }) },
        }),
      ]);
      invalidateTenantContext(tenant.slug);
      const row = await getTenantSummary(c.env.DB, tenant.slug);
      return c.json({ tenant: row && tenantSummaryToJson(row) });
    },
  )
  .route('/:tenant/config', configRoutes);
