/**
 * Instants for property tests of the tenant calendar: two whole years, with their four DST changes.
 */
import fc from 'fast-check';

export const instants = fc.date({
  min: new Date('2026-01-01T00:00:00Z'),
  max: new Date('2027-12-31T00:00:00Z'),
  noInvalidDate: true,
});
