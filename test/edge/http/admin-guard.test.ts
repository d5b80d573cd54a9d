/**
 * What the admin guard refuses before any route runs: a deployment whose ADMIN_TOKEN is too short
 * to be a secret (503 for every admin route, public routes unaffected), and bodies over a route's
 * cap (every admin route that reads a body answers 413; the table below fails for a new
 * body-reading route without a cap).
 */
import { describe, expect, it } from 'vitest';
import { app } from '../../../edge/app.ts';
import { ADMIN, bearer, call, callWith } from '../../helpers/api.ts';
import { mintOperatorToken } from '../../helpers/ops.ts';

describe('a weak ADMIN_TOKEN', () => {
  it.each([
    ['unset', ''],
    ['short', 'change-me'],
    ['31 characters', 'x'.repeat(31)],
  ])('%s: every admin route answers 503 admin_token_too_short', async (_name, weak) => {
    const operator = await mintOperatorToken('desert-peak');
    for (const headers of [{ authorization: `Bearer ${weak}` }, bearer(operator), {}]) {
      const res = await callWith({ ADMIN_TOKEN: weak }, '/v1/admin/leads', { headers });
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({
        error: 'admin_token_too_short',
        message: expect.stringContaining('32 characters'),
      });
    }
    const publicConfig = await callWith({ ADMIN_TOKEN: weak }, '/v1/tenants/desert-peak/config');
    expect(publicConfig.status).toBe(200);
  });

  it('32 characters are enough', async () => {
    const token = 'y'.repeat(32);
    const res = await callWith({ ADMIN_TOKEN: token }, '/v1/admin/leads', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
  });
});

/** Admin routes with a body-carrying method that read no body: everything is in the path. */
const READS_NO_BODY = new Set([
  'DELETE /v1/admin/tokens/:id',
  'DELETE /v1/admin/intake-keys/:id',
  'POST /v1/admin/lifecycle/retention/:tenant/run',
  'DELETE /v1/admin/lifecycle/leads/:id',
  'POST /v1/admin/sync-jobs/:id/resend',
  'DELETE /v1/admin/titan-map/tenants/:tenant/bindings/:service',
  'POST /v1/admin/webhook-events/:id/reprocess',
  'POST /v1/admin/tenants/:tenant/config/versions/:version{[0-9]+}/restore',
]);

const bodyRoutes = app.routes
  .filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method))
  .filter((r) => r.path.startsWith('/v1/admin/'))
  .map((r) => `${r.method} ${r.path}`)
  .filter((route, i, all) => all.indexOf(route) === i && !READS_NO_BODY.has(route));

/** A concrete path for a route pattern: the demo tenant for `:tenant`, a placeholder otherwise. */
function pathOf(pattern: string): string {
  return pattern.replace(/:(\w+)(\{[^}]*\})?/g, (_m, name: string) =>
    name === 'tenant' ? 'desert-peak' : 'x',
  );
}

describe('admin body caps', () => {
  // Over the largest cap (CSV imports, 5 MiB), declared by Content-Length.
  const oversize = 'x'.repeat(6 * 1024 * 1024);

  it.each(bodyRoutes.map((route) => [route]))(
    '%s answers 413 to an oversize body',
    async (route) => {
      const [method, pattern] = route.split(' ') as [string, string];
      const res = await call(pathOf(pattern), {
        method,
        headers: { ...ADMIN, 'content-type': 'application/json' },
        body: oversize,
      });
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ error: 'payload_too_large' });
    },
  );
});
