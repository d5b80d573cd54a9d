/**
 * The generated API reference: every route of edge/app.ts is in `GET /v1/openapi.json` with the
 * error responses it can give, the document is OpenAPI 3.1 whose references all resolve, and
 * `/docs/api` renders it under a CSP that allows no script. (test/node/openapi-lint.test.ts lints
 * the same document with redocly.)
 */
import { describe, expect, it } from 'vitest';
import type { OpenAPIV3_1 } from 'openapi-types';
import { app } from '../../../edge/app.ts';
import { call } from '../../helpers/api.ts';

async function openApi(): Promise<OpenAPIV3_1.Document> {
  const res = await call('/v1/openapi.json');
  expect(res.status).toBe(200);
  expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+/);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  return res.json();
}

/** `/v1/admin/leads/:id` and `/x/:version{[0-9]+}` as OpenAPI writes them. */
const openApiPath = (path: string) => path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}');

/** Every (method, path) the app answers, as written in edge/app.ts and the feature routers. */
const routes = [
  ...new Set(app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`)),
];

/** An operation takes input when it has a path value, a query, a body or needs a token. */
function takesInput(operation: OpenAPIV3_1.OperationObject): boolean {
  return (
    (operation.parameters ?? []).length > 0 ||
    operation.requestBody !== undefined ||
    (operation.security ?? []).some((requirement) => Object.keys(requirement).length > 0)
  );
}

describe('GET /v1/openapi.json', () => {
  it('is OpenAPI 3.1 and lists every route of the app', async () => {
    const document = await openApi();
    expect(document.openapi).toBe('3.1.0');
    expect(routes.length).toBeGreaterThan(80);
    const missing = routes.filter((route) => {
      const [method, path] = route.split(' ') as [string, string];
      return !document.paths?.[openApiPath(path)]?.[method.toLowerCase() as 'get'];
    });
    expect(missing).toEqual([]);
  });

  it('gives every operation that takes input at least one 4xx, and admin ones 401 and 403', async () => {
    const document = await openApi();
    const problems: string[] = [];
    for (const [path, item] of Object.entries(document.paths ?? {})) {
      for (const [method, operation] of Object.entries(item ?? {})) {
        const op = operation as OpenAPIV3_1.OperationObject;
        const statuses = Object.keys(op.responses ?? {});
        if (!op.summary || !op.tags?.length) problems.push(`${method} ${path}: no summary or tag`);
        if (takesInput(op) && !statuses.some((s) => /^4\d\d$/.test(s)))
          problems.push(`${method} ${path}: no 4xx`);
        if (path.startsWith('/v1/admin/')) {
          if (!statuses.includes('401') || !statuses.includes('403'))
            problems.push(`${method} ${path}: no 401/403`);
          if (!op.security?.some((s) => 'adminBearer' in s))
            problems.push(`${method} ${path}: no bearer security`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('describes inputs from the zod schemas the routes validate with', async () => {
    const document = await openApi();
    const list = document.paths?.['/v1/admin/leads']?.get;
    const names = (list?.parameters as OpenAPIV3_1.ParameterObject[]).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['tenant', 'status', 'cursor', 'limit']));
    const intake = document.paths?.['/v1/leads']?.post;
    const body = intake?.requestBody as OpenAPIV3_1.RequestBodyObject;
    const schema = body.content['application/json']?.schema as OpenAPIV3_1.SchemaObject;
    expect(schema.required).toEqual(expect.arrayContaining(['tenant', 'submissionId']));
    const webhook = document.paths?.['/v1/webhooks/{tenant}']?.post;
    const headers = (webhook?.parameters as OpenAPIV3_1.ParameterObject[])
      .filter((p) => p.in === 'header')
      .map((p) => p.name);
    expect(headers).toEqual(['webhook-id', 'webhook-timestamp', 'webhook-signature']);
  });

  it('answers every error in the one ApiError shape, and every $ref resolves', async () => {
    const document = await openApi();
    const text = JSON.stringify(document);
    const refs = [...new Set([...text.matchAll(/"\$ref":"#\/([^"]+)"/g)].map((m) => m[1]!))];
    const unresolved = refs.filter((ref) => {
      let node: unknown = document;
      for (const key of ref.split('/')) node = (node as Record<string, unknown> | undefined)?.[key];
      return node === undefined;
    });
    expect(unresolved).toEqual([]);
    const notFound = document.components?.responses?.NotFound as OpenAPIV3_1.ResponseObject;
    expect(notFound.content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/ApiError',
    });
    expect(document.components?.schemas?.ApiError?.required).toEqual(['error', 'message']);
  });
});

describe('GET /docs/api', () => {
  it('renders every operation with a CSP that allows no script', async () => {
    const res = await call('/docs/api');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).not.toMatch(/script-src/);
    const html = await res.text();
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('href="/v1/openapi.json"');
    const sections = html.match(/<section /g) ?? [];
    expect(sections.length).toBe(routes.length);
  });
});
