/**
 * Which service-area zips a zone event leaves in no zone (the drift check behind zone findings),
 * on its own: shrunk, deactivated, deleted, unknown and overlapping zones.
 */
import { describe, expect, it } from 'vitest';
import { type KnownZone, zipsLeftUncovered } from '../../../edge/webhooks/apply/zone.ts';

const serviceAreaZips = ['85001', '85003', '85004', '85020', '85021'];
const knownZones: KnownZone[] = [
  { id: 71, active: true, zips: ['85001', '85003', '85004'] },
  { id: 72, active: true, zips: ['85020', '85021'] },
  { id: 73, active: false, zips: ['85001'] },
];

const check = (zone: { id: number; active: boolean; zips: string[] }, deleted = false) =>
  zipsLeftUncovered({ serviceAreaZips, knownZones, zone, deleted });

describe('zipsLeftUncovered', () => {
  it('reports the service-area zips a shrunk zone dropped', () => {
    expect(check({ id: 71, active: true, zips: ['85004'] })).toEqual(['85001', '85003']);
  });

  it('reports nothing when the zone keeps its zips or only adds some', () => {
    expect(check({ id: 71, active: true, zips: ['85001', '85003', '85004', '85099'] })).toEqual([]);
  });

  it('reports every zip of a deactivated or deleted zone, even zips the taxonomy did not list', () => {
    expect(check({ id: 72, active: false, zips: ['85020', '85021'] })).toEqual(['85020', '85021']);
    expect(check({ id: 99, active: true, zips: ['85021', '85999'] }, true)).toEqual([]);
    expect(check({ id: 72, active: true, zips: ['85020', '85021'] }, true)).toEqual([
      '85020',
      '85021',
    ]);
  });

  it('does not report a zip another active zone still covers', () => {
    const overlapping = [...knownZones, { id: 74, active: true, zips: ['85003'] }];
    expect(
      zipsLeftUncovered({
        serviceAreaZips,
        knownZones: overlapping,
        zone: { id: 71, active: true, zips: [] },
        deleted: false,
      }),
    ).toEqual(['85001', '85004']);
  });

  it('ignores an inactive zone as cover and zips outside the service area', () => {
    // Zone 73 lists 85001 but is inactive; 85099 is not a service-area zip.
    expect(check({ id: 71, active: true, zips: ['85003', '85004'] })).toEqual(['85001']);
    expect(
      zipsLeftUncovered({
        serviceAreaZips,
        knownZones: [{ id: 5, active: true, zips: ['85099'] }],
        zone: { id: 5, active: true, zips: [] },
        deleted: false,
      }),
    ).toEqual([]);
  });

  it('reports nothing for a zone the taxonomy does not know that is updated', () => {
    expect(check({ id: 500, active: true, zips: [] })).toEqual([]);
  });
});
