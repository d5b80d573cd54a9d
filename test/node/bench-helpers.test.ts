/**
 * Pure helpers of `npm run bench` (the bench itself never runs in `npm test`): the doc markers
 * the bench writes between, and the scale simulation's traffic plan.
 */
import { describe, expect, it } from 'vitest';
import { embedFigures, type EmbedCost } from '../../bench/figures.ts';
import { replaceBetweenMarkers } from '../../bench/report.ts';
import { EVENT_TYPES, leadsPerDay, weekPlan } from '../../bench/scale-model.ts';

describe('replaceBetweenMarkers', () => {
  const doc = 'intro\n<!-- t -->\nold\n<!-- /t -->\noutro\n';

  it('replaces only what is between the markers and keeps them for the next run', () => {
    const once = replaceBetweenMarkers(doc, 'new table', 't');
    expect(once).toBe('intro\n<!-- t -->\n\nnew table\n\n<!-- /t -->\noutro\n');
    expect(replaceBetweenMarkers(once, 'newer', 't')).toBe(
      'intro\n<!-- t -->\n\nnewer\n\n<!-- /t -->\noutro\n',
    );
  });

  it('ignores the markers where prose mentions them', () => {
    const prose = `the \`<!-- t -->\` markers below${doc.slice('intro'.length)}`;
    expect(replaceBetweenMarkers(prose, 'x', 't')).toBe(
      'the `<!-- t -->` markers below\n<!-- t -->\n\nx\n\n<!-- /t -->\noutro\n',
    );
  });

  it('refuses a doc without both markers in order', () => {
    expect(() => replaceBetweenMarkers('no markers', 'x', 't')).toThrow(/t -->/);
    expect(() => replaceBetweenMarkers('\n<!-- /t -->\n<!-- t -->\n', 'x', 't')).toThrow(/t -->/);
  });
});

describe('weekPlan', () => {
  const tenants = Array.from({ length: 500 }, (_, i) => `sim-${i}`);
  const plan = weekPlan(tenants);
  const leadsOf = (tenant: string) =>
    plan.filter((p) => p.kind === 'lead' && p.tenant === tenant).length;

  it("gives each tenant its week's leads, bigger tenants more, and the events after each day's leads", () => {
    expect(leadsOf('sim-0')).toBe(Math.round(leadsPerDay(0) * 7));
    expect(leadsOf('sim-0')).toBeGreaterThan(leadsOf('sim-4'));
    expect(leadsOf('sim-4')).toBeGreaterThan(leadsOf('sim-250'));
    const leads = plan.filter((p) => p.kind === 'lead').length;
    expect(plan.length).toBe(leads * (1 + EVENT_TYPES.length));
    for (let i = 1; i < plan.length; i += 1) {
      const [a, b] = [plan[i - 1]!, plan[i]!];
      expect(b.day).toBeGreaterThanOrEqual(a.day);
      if (a.day === b.day && a.kind === 'event') expect(b.kind).toBe('event');
    }
  });

  it('scales the traffic down', () => {
    expect(weekPlan(tenants, 0.5).length).toBeLessThan(plan.length * 0.6);
  });
});

describe('embedFigures', () => {
  const cost = (name: string, gzipBytes: number, tbtMs: number): EmbedCost => ({
    name,
    loaderOnly: name !== 'ours',
    gzipBytes,
    requests: 2,
    blocked: [],
    tbtMs,
    scriptMs: 50,
    cls: 0,
  });
  const goal = (figures: ReturnType<typeof embedFigures>, name: string) =>
    figures.find((figure) => figure.name.includes(name))!;

  it('compares against the peer with the fewest bytes', () => {
    const figures = embedFigures(
      [cost('ours', 15_000, 0), cost('a', 17_000, 0), cost('b', 14_000, 30)],
      3,
    );
    expect(goal(figures, 'bytes').met).toBe(false);
    expect(goal(figures, 'bytes').reference?.name).toContain('b');
  });

  it('counts no blocking at all as met, and any blocking not below the peer as not met', () => {
    expect(goal(embedFigures([cost('ours', 1, 0), cost('p', 2, 0)], 3), 'blocking').met).toBe(true);
    expect(goal(embedFigures([cost('ours', 1, 20), cost('p', 2, 20)], 3), 'blocking').met).toBe(
      false,
    );
    expect(goal(embedFigures([cost('ours', 1, 10), cost('p', 2, 20)], 3), 'blocking').met).toBe(
      true,
    );
  });
});
