/**
 * @module
 * `/docs/api`: the OpenAPI document rendered as one plain HTML page on the server: no script, no
 * CDN, nothing but its own inline style (allowed by hash in its CSP), so it works offline and
 * under a CSP as strict as the console's (docs/decisions/0080-api-reference-page.md).
 */
import type { OpenAPIV3_1 } from 'openapi-types';
import { bytesToBase64, sha256 } from '../lib/encoding.ts';

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}
code,pre{font:13px ui-monospace,monospace}pre{background:#f5f5f5;padding:.5rem;overflow:auto;max-height:20rem}
section{border-top:1px solid #ddd;padding:.5rem 0}h3 code{background:#eef;padding:0 .3rem}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}`;

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** An id for a tag's heading: "Lead review" → "lead-review". */
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-');

const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

type Operation = OpenAPIV3_1.OperationObject;
type Parameter = OpenAPIV3_1.ParameterObject;

function json(value: unknown): string {
  return `<pre>${escape(JSON.stringify(value, null, 2))}</pre>`;
}

function parameters(op: Operation): string {
  const rows = ((op.parameters ?? []) as Parameter[]).map(
    (p) =>
      `<tr><td><code>${escape(p.name)}</code></td><td>${p.in}</td><td>${p.required ? 'yes' : ''}</td>` +
      `<td><code>${escape(JSON.stringify(p.schema ?? {}))}</code> ${escape(p.description ?? '')}</td></tr>`,
  );
  if (rows.length === 0) return '';
  return `<table><tr><th>Parameter</th><th>In</th><th>Required</th><th>Schema</th></tr>${rows.join('')}</table>`;
}

function body(op: Operation): string {
  const request = op.requestBody as OpenAPIV3_1.RequestBodyObject | undefined;
  if (!request) return '';
  return Object.entries(request.content)
    .map(([media, { schema }]) => `<p>Body <code>${escape(media)}</code></p>${json(schema)}`)
    .join('');
}

type Responses = Record<string, OpenAPIV3_1.ResponseObject>;

/** Each response with its description; a shared error response by its description, no schema. */
function responses(op: Operation, shared: Responses): string {
  const items = Object.entries(op.responses ?? {}).map(([status, response]) => {
    if ('$ref' in response) {
      const name = String(response.$ref).split('/').pop() ?? '';
      return `<li><b>${status}</b> ${escape(shared[name]?.description ?? name)} (<code>ApiError</code>)</li>`;
    }
    const schema = response.content?.['application/json']?.schema;
    return `<li><b>${status}</b> ${escape(response.description)}${schema ? json(schema) : ''}</li>`;
  });
  return `<ul>${items.join('')}</ul>`;
}

/** Who may call it: nothing for a public route; "optional" when anonymous calls are allowed too. */
function security(op: Operation): string {
  const requirements = op.security ?? [];
  const schemes = requirements.flatMap((requirement) => Object.keys(requirement));
  if (schemes.length === 0) return '';
  const optional = requirements.some((requirement) => Object.keys(requirement).length === 0);
  return `<p>Auth: ${schemes.map((scheme) => `<code>${escape(scheme)}</code>`).join(' or ')}${optional ? ' (optional)' : ''}</p>`;
}

function operation(method: string, path: string, op: Operation, shared: Responses): string {
  return `<section id="${escape(op.operationId ?? `${method}${path}`)}">
<h3><code>${method.toUpperCase()}</code> ${escape(path)}</h3><p>${escape(op.summary ?? '')}</p>
${op.description ? `<p>${escape(op.description)}</p>` : ''}${security(op)}
${parameters(op)}${body(op)}${responses(op, shared)}</section>`;
}

/** The page and its Content-Security-Policy (the style's hash, nothing else allowed). */
export async function apiReferencePage(document: OpenAPIV3_1.Document) {
  const shared = (document.components?.responses ?? {}) as Responses;
  const byTag = new Map<string, string[]>((document.tags ?? []).map((t) => [t.name, []]));
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const op = item?.[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operation(method, path, op, shared)]);
    }
  }
  const sections = [...byTag]
    .filter(([, ops]) => ops.length > 0)
    .map(([tag, ops]) => `<h2 id="${slug(tag)}">${escape(tag)}</h2>${ops.join('')}`);
  const contents = [...byTag.keys()].map((tag) => `<a href="#${slug(tag)}">${escape(tag)}</a>`);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(document.info.title)}</title>
<style>${STYLE}</style></head><body><h1>${escape(document.info.title)}</h1>
<p>${escape(document.info.description ?? '')}</p>
<p>Machine-readable: <a href="/v1/openapi.json">/v1/openapi.json</a> (OpenAPI ${document.openapi}).</p>
<nav>${contents.join(' · ')}</nav>${sections.join('\n')}</body></html>`;
  const hash = bytesToBase64(await sha256(STYLE));
  const csp = `default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
  return { html, csp };
}
