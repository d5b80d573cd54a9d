/**
 * The edge's verify and the `standardwebhooks` library's, on the same deliveries, in workerd (the
 * runtime the edge runs in): both accept every delivery the library signs and both refuse every
 * tampered copy. The speeds of both are recorded in `task.meta.verifyRace` for `npm run bench`,
 * which judges them against the goal; this suite asserts agreement, not speed.
 */
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import bookingUpdated from '../../../examples/webhooks/tn.crm.booking-updated.json';
import {
  libraryDeliveries,
  RACE_SECRET,
  raceVerify,
  type VerifyRace,
} from '../../../bench/verify-race.ts';
import { decodeSecret, importHmacKey } from '../../../edge/webhooks/verify/secret-format.ts';
import { verifyWebhook } from '../../../edge/webhooks/verify/standard-webhooks.ts';

declare module 'vitest' {
  interface TaskMeta {
    verifyRace?: VerifyRace;
  }
}

describe('verifyWebhook against the standardwebhooks library', () => {
  it('accepts every delivery the library signs, as the library does (speeds recorded)', async ({
    task,
  }) => {
    const deliveries = libraryDeliveries('tn.crm.booking-updated', bookingUpdated, 2_000);
    // raceVerify throws as soon as either side refuses one of these valid deliveries.
    const race = await raceVerify(deliveries);
    task.meta.verifyRace = race;
    expect(race.inputs).toBe(2_000);
    expect(race.oursPerSecond).toBeGreaterThan(0);
    expect(race.libraryPerSecond).toBeGreaterThan(0);
  });

  it('refuses every tampered copy, as the library does', async () => {
    const library = new Webhook(RACE_SECRET);
    const key = await importHmacKey(decodeSecret(RACE_SECRET)!, 'verify');
    const nowSeconds = Math.floor(Date.now() / 1000);
    const tamperings = [
      (body: string) => body.replace('"Converted"', '"Dismissed"'),
      (body: string) => `${body} `,
      (body: string) => body.slice(0, -1),
    ];
    for (const [i, delivery] of libraryDeliveries(
      'tn.crm.booking-updated',
      bookingUpdated,
      150,
    ).entries()) {
      const body = tamperings[i % tamperings.length]!(delivery.body);
      expect(() => library.verify(body, delivery.headers)).toThrow();
      const ours = await verifyWebhook({
        headers: new Headers(delivery.headers),
        body: new TextEncoder().encode(body),
        nowSeconds,
        loadKeys: async () => [{ id: 'race', key }],
      });
      expect(ours).toMatchObject({ ok: false, reason: 'signature_mismatch' });
    }
  });
});
