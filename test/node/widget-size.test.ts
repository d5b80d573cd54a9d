/**
 * The widget's size check (scripts/check-widget-size.ts), which fails `npm run build` over budget:
 * widget.js plus the larger of the second files it names (one per locale).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  describeSize,
  measureWidget,
  WIDGET_BUDGET_BYTES,
} from '../../scripts/check-widget-size.ts';

const dir = (files: Record<string, Buffer | string>) => {
  const path = mkdtempSync(join(tmpdir(), 'widget-size-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(path, name), content);
  return path;
};
const gzip = (content: Buffer | string) => gzipSync(content, { level: 9 }).length;

describe('measureWidget', () => {
  it('measures gzip size against the 14 KiB budget', () => {
    expect(WIDGET_BUDGET_BYTES).toBe(14_336);
    const small = measureWidget(
      join(dir({ 'widget.js': 'console.log(1);'.repeat(2000) }), 'widget.js'),
    );
    expect(small.raw).toBe(30_000);
    expect(small.gzip).toBeLessThan(1000);
    expect(small.rest).toEqual([]);
    expect(small.ok).toBe(true);
  });

  it('counts widget.js and the larger of the second files it names', () => {
    const first = `fetch(\`widget.rest.\${locale}.0123456789ab.json\`);${'x=1;'.repeat(500)}`;
    const en = JSON.stringify(['Next', 'Back']);
    const es = randomBytes(3000);
    const path = dir({
      'widget.js': first,
      'widget.rest.en.0123456789ab.json': en,
      'widget.rest.es.0123456789ab.json': es,
      // Another build's file is not counted.
      'widget.rest.es.ffffffffffff.json': randomBytes(9000),
    });
    const size = measureWidget(join(path, 'widget.js'));
    expect(size.rest.map((f) => f.gzip).sort()).toEqual([gzip(en), gzip(es)].sort());
    expect(size.gzip).toBe(gzip(first) + gzip(es));
    expect(describeSize(size)).toMatch(
      /^widget: \d+\.\d\d KiB gzip \(widget\.js \d+ B \+ largest of widget\.rest\.(en|es)\.0123456789ab\.json \d+ B \| widget\.rest\.(en|es)\.0123456789ab\.json \d+ B; \d+\.\d\d KiB raw\), budget 14\.00 KiB$/,
    );
  });

  it('fails when a named second file is missing', () => {
    const path = dir({ 'widget.js': 'fetch(`widget.rest.${l}.0123456789ab.json`)' });
    expect(() => measureWidget(join(path, 'widget.js'))).toThrow(/second files/);
  });

  it('fails a bundle over budget (random bytes do not compress)', () => {
    const big = measureWidget(join(dir({ 'widget.js': randomBytes(15_000) }), 'widget.js'));
    expect(big.gzip).toBeGreaterThan(WIDGET_BUDGET_BYTES);
    expect(big.ok).toBe(false);
    expect(describeSize(big)).toMatch(
      /^widget: 1[45]\.\d\d KiB gzip \(widget\.js \d+ B; 14\.65 KiB raw\), budget 14\.00 KiB$/,
    );
  });
});
