/**
 * @module
 * The widget's size budget: what the working form needs, at most 14 KiB gzip in all (CSS and the
 * strings are inside). That is dist/public/widget.js (the code, the first step's strings in both
 * languages) plus the second file it fetches once the form has rendered, the later steps' strings
 * in the visitor's language (widget.rest.<locale>.<hash>.json, named inside widget.js): the
 * larger of those counts. Each file is gzipped on its own, as a CDN serves it, with Node's zlib at level 9
 * (the same deflate a CDN's gzip uses). `npm run build` calls this and fails when the budget is
 * exceeded; run it alone with `node scripts/check-widget-size.ts [file]`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const WIDGET_BUDGET_BYTES = 14 * 1024;
export const WIDGET_FILE = 'dist/public/widget.js';
/** How widget.js names its second files: `widget.rest.${locale}.<hash>.json` (scripts/build.ts). */
const REST_HASH = /widget\.rest\.[^`'"]*?\b([0-9a-f]{8,12})\.json/;

export interface FileSize {
  file: string;
  raw: number;
  gzip: number;
}

export interface WidgetSize {
  first: FileSize;
  /** The second files widget.js names, one per locale (none in an unsplit bundle). */
  rest: FileSize[];
  /** The whole working form: the first file plus its largest second file. */
  raw: number;
  gzip: number;
  budget: number;
  ok: boolean;
}

function measureFile(file: string): FileSize {
  const raw = readFileSync(file);
  return { file, raw: raw.length, gzip: gzipSync(raw, { level: 9 }).length };
}

export function measureWidget(file = WIDGET_FILE, budget = WIDGET_BUDGET_BYTES): WidgetSize {
  const first = measureFile(file);
  const text = readFileSync(file, 'latin1');
  const hash = text.match(REST_HASH)?.[1];
  if (text.includes('widget.rest.') && !hash) throw new Error(`${file}: no second-file hash found`);
  const pattern = new RegExp(`^widget\\.rest\\.[a-z]{2}\\.${hash}\\.json$`);
  const dir = dirname(file);
  const names = hash ? readdirSync(dir).filter((name) => pattern.test(name)) : [];
  if (hash && names.length < 2) throw new Error(`${file}: its second files (${hash}) are missing`);
  const rest = names.map((name) => measureFile(join(dir, name)));
  const largest = rest.reduce((a, b) => (b.gzip > a.gzip ? b : a), { file, raw: 0, gzip: 0 });
  const gzip = first.gzip + largest.gzip;
  return { first, rest, raw: first.raw + largest.raw, gzip, budget, ok: gzip <= budget };
}

export function describeSize(size: WidgetSize): string {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(2)} KiB`;
  const rest = size.rest.map((f) => `${basename(f.file)} ${f.gzip} B`).join(' | ');
  const parts = `${basename(size.first.file)} ${size.first.gzip} B${rest && ` + largest of ${rest}`}`;
  return `widget: ${kib(size.gzip)} gzip (${parts}; ${kib(size.raw)} raw), budget ${kib(size.budget)}`;
}

if (import.meta.main) {
  const size = measureWidget(process.argv[2]);
  console.log(`${size.ok ? '✓' : '✗'} ${describeSize(size)}`);
  if (!size.ok) process.exit(1);
}
