/**
 * @module
 * The edge's Standard Webhooks verify (`verifyWebhook`, WebCrypto) against the `standardwebhooks`
 * npm library's `Webhook.verify` (pure-JS HMAC) on the same inputs, in one process. Runtime-neutral
 * (web APIs only), so the same race runs in workerd — where the edge runs — and in Node.
 *
 * Each input is given in the form its API takes: a `Headers` and the body bytes for ours, a header
 * object and the body string for the library. The library runs with `jsonParse: false`, since ours
 * does not parse the body either. Rounds alternate between the two after a warm-up of both, and
 * the median round counts, so a noisy neighbour hurts both alike.
 */
import { Webhook } from 'standardwebhooks';
import { decodeSecret, importHmacKey } from '../edge/webhooks/verify/secret-format.ts';
import { verifyWebhook } from '../edge/webhooks/verify/standard-webhooks.ts';
import { cloudEvent, librarySignedHeaders } from '../test/resilience/cloud-event.ts';
import { median } from './report.ts';
import { PEER_WEBHOOK_SECRET } from './worker/probe-path.ts';

export interface Delivery {
  body: string;
  headers: Record<string, string>;
}

export interface VerifyRace {
  oursPerSecond: number;
  libraryPerSecond: number;
  inputs: number;
  rounds: number;
}

/** A public test secret (the Standard Webhooks specification's example), the peer receiver's too. */
export const RACE_SECRET = PEER_WEBHOOK_SECRET;

/** `count` deliveries of CloudEvents around `data`, each with its own ids, signed by the library. */
export function libraryDeliveries(type: string, data: unknown, count: number): Delivery[] {
  return Array.from({ length: count }, () => {
    const body = JSON.stringify(cloudEvent(type, data));
    return { body, headers: librarySignedHeaders(RACE_SECRET, body) };
  });
}

async function perSecond(count: number, run: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await run();
  return (count * 1000) / (performance.now() - start);
}

export async function raceVerify(deliveries: Delivery[], rounds = 5): Promise<VerifyRace> {
  const ourInputs = deliveries.map((d) => ({
    headers: new Headers(d.headers),
    body: new TextEncoder().encode(d.body),
  }));
  const keyBytes = decodeSecret(RACE_SECRET);
  if (!keyBytes) throw new Error('RACE_SECRET is not a whsec_ secret');
  const keys = [{ id: 'race', key: await importHmacKey(keyBytes, 'verify') }];
  const library = new Webhook(RACE_SECRET);

  const runOurs = async () => {
    const nowSeconds = Math.floor(Date.now() / 1000);
    for (const input of ourInputs) {
      const result = await verifyWebhook({ ...input, nowSeconds, loadKeys: async () => keys });
      if (!result.ok) throw new Error(`our verify refused a valid delivery: ${result.reason}`);
    }
  };
  const runLibrary = async () => {
    // Throws on a signature that does not hold: every delivery here is valid.
    for (const d of deliveries) library.verify(d.body, d.headers, { jsonParse: false });
  };

  await runOurs();
  await runLibrary();
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    ours.push(await perSecond(deliveries.length, runOurs));
    theirs.push(await perSecond(deliveries.length, runLibrary));
  }
  return {
    oursPerSecond: median(ours),
    libraryPerSecond: median(theirs),
    inputs: deliveries.length,
    rounds,
  };
}
