/**
 * The service-area rule (`shared/lead-rules.ts`), the one both the edge's flag and the widget's
 * out-of-area message apply.
 */
import { describe, expect, it } from 'vitest';
import { outsideServiceArea } from '../../shared/lead-rules.ts';

describe('outsideServiceArea', () => {
  const area = ['85004', '85016'];

  it('is false for a ZIP in the area, ZIP+4 included', () => {
    expect(outsideServiceArea('85004', area)).toBe(false);
    expect(outsideServiceArea('85016-1234', area)).toBe(false);
  });

  it('is true for a well-formed ZIP outside the area', () => {
    expect(outsideServiceArea('90210', area)).toBe(true);
    expect(outsideServiceArea('90210-0001', area)).toBe(true);
    expect(outsideServiceArea('85004', [])).toBe(true);
  });

  it('leaves blank and malformed ZIPs to the field check', () => {
    for (const zip of ['', '8500', '850041', '85004-12', 'abcde', ' 85004']) {
      expect(outsideServiceArea(zip, area), zip).toBe(false);
    }
  });
});
