import { describe, expect, it } from 'vitest';
import { diffSettings } from '../../edge/tenants/diff.ts';

describe('settings diff', () => {
  it('matches keyed lists by key, so a reorder shows no change', () => {
    const a = {
      services: [
        { key: 'x', label: 'X' },
        { key: 'y', label: 'Y' },
      ],
    };
    const b = {
      services: [
        { key: 'y', label: 'Y' },
        { key: 'x', label: 'X' },
      ],
    };
    expect(diffSettings(a, b)).toEqual([]);
  });

  it('names added, removed and changed fields with their paths', () => {
    const before = {
      services: [{ key: 'x', label: 'X' }],
      branding: { radius: '8px' },
      zips: ['1'],
    };
    const after = {
      services: [
        { key: 'x', label: 'X2' },
        { key: 'z', label: 'Z' },
      ],
      branding: { logoUrl: 'https://a.example/l.png' },
      zips: ['1', '2'],
    };
    expect(diffSettings(before, after)).toEqual([
      { path: ['services', 'x', 'label'], change: 'changed', before: 'X', after: 'X2' },
      { path: ['services', 'z'], change: 'added', after: { key: 'z', label: 'Z' } },
      { path: ['branding', 'radius'], change: 'removed', before: '8px' },
      { path: ['branding', 'logoUrl'], change: 'added', after: 'https://a.example/l.png' },
      { path: ['zips'], change: 'changed', before: ['1'], after: ['1', '2'] },
    ]);
  });
});
