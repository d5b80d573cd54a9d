/**
 * @module
 * The widget's size budget: dist/public/widget.js at most 14 KiB gzip (CSS and both locales are
 * inside the bundle). Measured with Node's zlib at level 9, the same deflate a CDN's gzip uses.
 * `npm run build` calls this and fails when the budget is exceeded; run it alone with
 * `node scripts/check-widget-size.ts [file]`.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

export const WIDGET_BUDGET_BYTES = 14 * 1024;
export const WIDGET_FILE = 'dist/public/widget.js';

export interface WidgetSize {
  raw: number;
  gzip: number;
  budget: number;
  ok: boolean;
}

export function measureWidget(file = WIDGET_FILE, budget = WIDGET_BUDGET_BYTES): WidgetSize {
  const raw = readFileSync(file);
  const gzip = gzipSync(raw, { level: 9 }).length;
  return { raw: raw.length, gzip, budget, ok: gzip <= budget };
}

export function describeSize(size: WidgetSize): string {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(2)} KiB`;
  return `widget.js: ${kib(size.gzip)} gzip (${size.gzip} B; ${kib(size.raw)} raw), budget ${kib(size.budget)}`;
}

if (import.meta.main) {
  const size = measureWidget(process.argv[2]);
  console.log(`${size.ok ? '✓' : '✗'} ${describeSize(size)}`);
  if (!size.ok) process.exit(1);
}
