/**
 * fast-check generators for `POST /v1/webhooks/:tenant`: hostile signature headers (missing,
 * malformed, stale, forged), and signed-but-malformed bodies (envelopes with a field removed or
 * replaced by any JSON value, unknown types, deep nesting, invalid UTF-8, prototype-pollution keys,
 * bodies around the 256 KiB cap).
 */
import fc from 'fast-check';
import { WEBHOOK_BODY_LIMIT } from '../../../edge/webhooks/receive/pipeline.ts';
import { EXAMPLE_DATA, envelope } from '../../helpers/webhooks.ts';

export const EVENT_TYPES = Object.keys(EXAMPLE_DATA) as (keyof typeof EXAMPLE_DATA)[];

/** A valid envelope (example data of a random type) with fresh ids. */
export const validEnvelope = fc
  .constantFrom(...EVENT_TYPES)
  .map((type) => envelope(type, structuredClone(EXAMPLE_DATA[type])));

/** Every path into an object, down to `depth` levels (what a mutation can hit). */
function pathsOf(value: unknown, depth: number, prefix: string[] = []): string[][] {
  if (depth === 0 || typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    [...prefix, key],
    ...pathsOf(inner, depth - 1, [...prefix, key]),
  ]);
}

function mutateAt(target: Record<string, any>, path: string[], replacement: unknown | undefined) {
  const parent = path.slice(0, -1).reduce((node, key) => node?.[key], target);
  const key = path.at(-1)!;
  if (typeof parent !== 'object' || parent === null) return;
  if (replacement === undefined) delete parent[key];
  else parent[key] = replacement;
}

/** An envelope with one field (envelope attribute or anything inside `data`) removed or replaced. */
const mutatedEnvelope = validEnvelope.chain((event) =>
  fc
    .record({
      path: fc.constantFrom(...pathsOf(event, 4)),
      replacement: fc.option(fc.jsonValue({ maxDepth: 2 }), { nil: undefined }),
    })
    .map(({ path, replacement }) => {
      const copy = structuredClone(event) as Record<string, any>;
      mutateAt(copy, path, replacement);
      return JSON.stringify(copy);
    }),
);

const unknownType = validEnvelope.chain((event) =>
  fc
    .oneof(
      fc.constantFrom('tn.crm.booking-deleted', 'TN.CRM.BOOKING-UPDATED', '__proto__'),
      fc.string(),
    )
    .map((type) => JSON.stringify({ ...event, type })),
);

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

/** An envelope with a prototype-pollution key in the root or in `data` (written as JSON text). */
const pollutedEnvelope = fc
  .record({ event: validEnvelope, key: fc.constantFrom(...PROTO_KEYS), inData: fc.boolean() })
  .map(({ event, key, inData }) => {
    const injected = `"${key}":{"polluted":"yes","prototype":{"polluted":"yes"}},`;
    const text = JSON.stringify(event);
    return inData
      ? text.replace('"data":{', `"data":{${injected}`)
      : `{${injected}${text.slice(1)}`;
  });

const deepData = fc
  .record({ event: validEnvelope, depth: fc.integer({ min: 1_000, max: 50_000 }) })
  .map(({ event, depth }) =>
    JSON.stringify({ ...event, data: '__SLOT__' }).replace(
      '"__SLOT__"',
      `${'['.repeat(depth)}${']'.repeat(depth)}`,
    ),
  );

/** Bodies just under, at and over the 256 KiB cap (a pad inside a valid envelope). */
const sizedBody = fc
  .record({
    event: validEnvelope,
    size: fc.constantFrom(
      WEBHOOK_BODY_LIMIT - 1_000,
      WEBHOOK_BODY_LIMIT + 1,
      2 * WEBHOOK_BODY_LIMIT,
    ),
  })
  .map(({ event, size }) => {
    const text = JSON.stringify({ ...event, pad: '' });
    return text.replace('"pad":""', `"pad":"${'x'.repeat(Math.max(0, size - text.length))}"`);
  });

const invalidUtf8 = fc
  .record({
    event: validEnvelope,
    bytes: fc.constantFrom([0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80]),
  })
  .map(({ event, bytes }) => {
    const [before, after] = JSON.stringify({ ...event, source: '__SLOT__' }).split('__SLOT__') as [
      string,
      string,
    ];
    const encoder = new TextEncoder();
    return new Uint8Array([...encoder.encode(before), ...bytes, ...encoder.encode(after)]);
  });

/** Bodies a signer can sign that are not an acceptable event (with a few valid ones mixed in). */
export const signedMalformedBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  mutatedEnvelope,
  unknownType,
  pollutedEnvelope,
  deepData,
  sizedBody,
  invalidUtf8,
  fc.json({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom('', 'null', '[]', '{}', '{"specversion":"1.0"}'),
);

const nowPlus = (skew: number) => String(Math.floor(Date.now() / 1000) + skew);

/**
 * Signature headers that cannot hold: missing, malformed, stale or future, or forged. Weighted
 * towards well-formed values, so that many requests get as far as the HMAC check and fail there.
 */
export const hostileSignatureHeaders = fc.record(
  {
    'webhook-id': fc.oneof(
      { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,128}$/) },
      fc.string({ maxLength: 200 }),
      fc.constant(''),
    ),
    'webhook-timestamp': fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: -250, max: 250 }).map(nowPlus) },
      fc
        .tuple(fc.constantFrom(-1, 1), fc.integer({ min: 302, max: 400_000 }))
        .map(([direction, skew]) => nowPlus(direction * skew)),
      fc.constantFrom('', '1e9', '-5', ' 1700000000', '0x10', '99999999999999999999'),
      fc.string({ maxLength: 20 }),
    ),
    'webhook-signature': fc.oneof(
      {
        weight: 2,
        arbitrary: fc.base64String({ minLength: 4, maxLength: 64 }).map((sig) => `v1,${sig}`),
      },
      {
        weight: 2,
        arbitrary: fc
          .array(fc.base64String({ minLength: 44, maxLength: 44 }), { minLength: 1, maxLength: 12 })
          .map((sigs) => sigs.map((sig) => `v1,${sig}`).join(' ')),
      },
      fc.constantFrom('', 'v1,', 'v1a,abc=', 'v2,AAAA', 'v1,not base64!'),
      fc.string({ maxLength: 100 }),
    ),
    'content-type': fc.oneof(
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          'application/json',
          'application/cloudevents+json; charset=utf-8',
        ),
      },
      fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', ''),
    ),
  },
  { requiredKeys: [] },
);

export const tenantSegment = fc.oneof(
  { weight: 6, arbitrary: fc.constant('desert-peak') },
  fc.constantFrom('no-such-tenant', 'Desert-Peak', '__proto__', 'constructor', 'a', 'x'.repeat(80)),
);
