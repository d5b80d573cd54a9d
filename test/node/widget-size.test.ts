/**
 * The widget's size check (scripts/check-widget-size.ts), which fails `npm run build` over budget.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeSize,
  measureWidget,
  WIDGET_BUDGET_BYTES,
} from '../../scripts/check-widget-size.ts';

const file = (content: Buffer | string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'widget-size-')), 'widget.js');
  writeFileSync(path, content);
  return path;
};

describe('measureWidget', () => {
  it('measures gzip size against the 14 KiB budget', () => {
    expect(WIDGET_BUDGET_BYTES).toBe(14_336);
    const small = measureWidget(file('console.log(1);'.repeat(2000)));
    expect(small.raw).toBe(30_000);
    expect(small.gzip).toBeLessThan(1000);
    expect(small.ok).toBe(true);
  });

  it('fails a bundle over budget (random bytes do not compress)', () => {
    const big = measureWidget(file(randomBytes(15_000)));
    expect(big.gzip).toBeGreaterThan(WIDGET_BUDGET_BYTES);
    expect(big.ok).toBe(false);
    expect(describeSize(big)).toMatch(
      /^widget\.js: 1[45]\.\d\d KiB gzip \(\d+ B; 14\.65 KiB raw\), budget 14\.00 KiB$/,
    );
  });
});
