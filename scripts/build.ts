/**
 * @module
 * `npm run build`: the static assets the worker serves from dist/public (wrangler.toml `[assets]`):
 * - widget.js: the embeddable widget under its stable name (short cache), plus the same bytes as
 *   widget.<hash>.js (cached for a year, immutable) for sites that pin a version;
 * - widget.rest.<locale>.<hash>.js: the form's second file (everything after the first step, with
 *   one language's strings), which widget.js imports by that name once the form has rendered:
 *   built first, so the hashes can be written into widget.js, and immutable (a stable widget.js
 *   never meets another build's file);
 * - demo/: the Desert Peak contractor pages with the widget in each mode;
 * - _headers: Cache-Control per file (Workers static assets), and a strict CSP on the demo pages;
 * - ops/: the operator console.
 * Fails when the two widget files together are over their gzip budget (scripts/check-widget-size.ts).
 */
import { createHash } from 'node:crypto';
import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { build } from 'vite';
import { widgetBuild } from '../widget/vite.config.ts';
import { describeSize, measureWidget, WIDGET_FILE } from './check-widget-size.ts';
import { run } from './run.ts';

const OUT = 'dist/public';

/** The demo pages get the CSP a contractor site needs: the widget needs nothing beyond 'self'. */
const DEMO_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function headersFile(versioned: string): string {
  return `# Written by scripts/build.ts: Workers static assets response headers.
# widget.js keeps its URL across releases, so caches may only hold it briefly.
/widget.js
  Cache-Control: public, max-age=300, stale-while-revalidate=3600
  Access-Control-Allow-Origin: *
  X-Content-Type-Options: nosniff
# widget.<hash>.js and widget.rest.<hash>.js never change: a new build has new names. CORS allows
# SRI (integrity=...) and the cross-origin module import of widget.rest.<hash>.js.
/widget.*.js
  Cache-Control: public, max-age=31536000, immutable
  Access-Control-Allow-Origin: *
  X-Content-Type-Options: nosniff
/demo/*
  Content-Security-Policy: ${DEMO_CSP}
  Cache-Control: no-cache
# This build's versioned widget: ${versioned}
`;
}

mkdirSync(OUT, { recursive: true });
for (const name of readdirSync(OUT)) {
  if (/^widget(\.rest\.\w+)?(\.[0-9a-f]+)?\.js$/.test(name) || name === '_headers')
    rmSync(`${OUT}/${name}`);
}
rmSync(`${OUT}/demo`, { recursive: true, force: true });

const hashed = (prefix: string, bytes: Buffer) =>
  `${prefix}.${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}.js`;

const rest = { en: '', es: '' };
for (const locale of ['en', 'es'] as const) {
  await build(widgetBuild({ locale }));
  const built = `${OUT}/widget.rest.${locale}.js`;
  rest[locale] = hashed(`widget.rest.${locale}`, readFileSync(built));
  renameSync(built, `${OUT}/${rest[locale]}`);
}
await build(widgetBuild({ rest }));
const size = measureWidget(WIDGET_FILE);
const bundle = readFileSync(WIDGET_FILE);
const versioned = hashed('widget', bundle);
writeFileSync(`${OUT}/${versioned}`, bundle);
cpSync('widget/demo', `${OUT}/demo`, { recursive: true });
writeFileSync(`${OUT}/_headers`, headersFile(versioned));

// Operator console → dist/public/ops (served at /ops).
run('npx', ['vite', 'build', '-c', 'ops/vite.config.ts']);

console.log(`${size.ok ? '✓' : '✗'} ${describeSize(size)}; versioned copy ${versioned}`);
if (!size.ok) {
  console.error('✗ the widget is over its gzip budget: the build fails (see docs/widget.md).');
  process.exit(1);
}
