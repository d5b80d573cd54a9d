/**
 * @module
 * `npm run openapi [-- <file>]`: writes the app's OpenAPI 3.1 document (what `GET /v1/openapi.json`
 * serves) to `<file>` (default .wrangler/openapi.json) without a server, then lints it with
 * `redocly lint` (rules in redocly.yaml). `npm test` runs it; a lint error fails the run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { registerHooks } from 'node:module';
import { run } from './run.ts';

const STUB = new URL('./cloudflare-workers-stub.ts', import.meta.url).href;
registerHooks({
  resolve: (specifier, context, next) =>
    specifier === 'cloudflare:workers'
      ? { url: STUB, shortCircuit: true }
      : next(specifier, context),
});

// The app is typed for workerd (tsconfig.json), not Node: imported by a computed name, it is not
// type-checked a second time under this script's Node types.
type Edge = { app: unknown; openApiDocument: (app: unknown) => Promise<unknown> };
const load = (path: string) => import(new URL(path, import.meta.url).href) as Promise<Edge>;
const { app } = await load('../edge/app.ts');
const { openApiDocument } = await load('../edge/api-docs/document.ts');

const file = process.argv[2] ?? '.wrangler/openapi.json';
mkdirSync(dirname(file), { recursive: true });
writeFileSync(file, `${JSON.stringify(await openApiDocument(app), null, 2)}\n`);
console.log(`wrote ${file}`);
run('npx', ['redocly', 'lint', file, '--config', 'redocly.yaml']);
