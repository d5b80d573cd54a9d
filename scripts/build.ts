/**
 * @module
 * `npm run build`: the static assets the worker serves from dist/public (wrangler.toml `[assets]`):
 * - widget.js: the embeddable widget under its stable name (short cache), plus the same bytes as
 *   widget.<hash>.js (cached for a year, immutable) for sites that pin a version;
 * - widget.rest.<locale>.<hash>.json: the form's second file (the strings of the steps after the
 *   first, in one language), which widget.js fetches by that name once the form has rendered:
 *   written first, so their hash can be built into widget.js, and immutable (a stable widget.js
 *   never meets another build's files);
 * - demo/: the Desert Peak contractor pages with the widget in each mode;
 * - _headers: Cache-Control per file (Workers static assets), a strict CSP on the demo pages, and
 *   on the operator console a CSP, no framing, no sniffing and no referrer;
 * - ops/: the operator console.
 * Fails when the two widget files together are over their gzip budget (scripts/check-widget-size.ts).
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'vite';
import { restEn, restEs, restFile } from '../widget/src/i18n-rest.ts';
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

/**
 * The operator console holds an admin token: nothing but its own origin, never inside a frame
 * (clickjacking a "Mark satisfied" or "Delete everything" button), no Referer leaving it.
 */
const OPS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
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
# widget.<hash>.js and widget.rest.<locale>.<hash>.json never change: a new build has new names.
# CORS allows SRI (integrity=...) and the widget's cross-origin fetch of its strings.
/widget.*.js
  Cache-Control: public, max-age=31536000, immutable
  Access-Control-Allow-Origin: *
  X-Content-Type-Options: nosniff
/widget.rest.*.json
  Cache-Control: public, max-age=31536000, immutable
  Access-Control-Allow-Origin: *
  X-Content-Type-Options: nosniff
/demo/*
  Content-Security-Policy: ${DEMO_CSP}
  Cache-Control: no-cache
/ops/*
  Content-Security-Policy: ${OPS_CSP}
  X-Frame-Options: DENY
  X-Content-Type-Options: nosniff
  Referrer-Policy: no-referrer
# This build's versioned widget: ${versioned}
`;
}

mkdirSync(OUT, { recursive: true });
for (const name of readdirSync(OUT)) {
  if (/^widget(\.[0-9a-f]+)?\.js$|^widget\.rest\..+\.json$/.test(name) || name === '_headers')
    rmSync(`${OUT}/${name}`);
}
rmSync(`${OUT}/demo`, { recursive: true, force: true });

const hash = (...contents: Buffer[]) => {
  const sha = createHash('sha256');
  for (const content of contents) sha.update(content);
  return sha.digest('hex').slice(0, 12);
};

// The second files, one per locale, under one hash that widget.js names them by.
const rest = Object.entries({ en: restEn, es: restEs }).map(
  ([locale, messages]) => [locale, Buffer.from(restFile(messages))] as const,
);
// 8 hex digits: they are in every widget.js, where each byte counts.
const restHash = hash(...rest.map(([, json]) => json)).slice(0, 8);
for (const [locale, json] of rest) {
  writeFileSync(`${OUT}/widget.rest.${locale}.${restHash}.json`, json);
}
await build(widgetBuild(restHash));
const size = measureWidget(WIDGET_FILE);
const bundle = readFileSync(WIDGET_FILE);
const versioned = `widget.${hash(bundle)}.js`;
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
