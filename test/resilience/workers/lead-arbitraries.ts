/**
 * fast-check generators for `POST /v1/leads`: valid leads a real visitor could send (with odd but
 * legal content), and hostile requests (huge strings, deep nesting, wrong types, invalid UTF-8,
 * prototype-pollution keys, odd content types). Kept apart from the suite so each property reads
 * as one sentence.
 */
import fc from 'fast-check';
import { SUBMISSION_ID, TIME_WINDOWS, URGENCIES } from '../../../shared/lead-rules.ts';
import { demoLead } from '../../helpers/leads.ts';

export interface FuzzRequest {
  body: string | Uint8Array;
  headers: Record<string, string>;
}

/** Strings a form can produce, plus the awkward ones: emoji, RTL, NUL, lone surrogates. */
const awkwardText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.constantFrom('\u0000', '\ud800', 'a\udfffb', '\u202eevil', "'; DROP TABLE leads;--", ''),
);

const digits = (n: number) => fc.stringMatching(new RegExp(`^\\d{${n}}$`));

/** Area codes in service (an unassigned one is not a valid phone: edge/leads/phone.ts). */
const areaCode = fc.constantFrom('602', '480', '520', '928', '212', '303', '361', '415', '713');

/** A phone the edge accepts, in the formats people type, foreign numbers and extensions included. */
export const validPhone = fc.oneof(
  fc.tuple(areaCode, fc.integer({ min: 2, max: 9 }), digits(6)).chain(([p1, e, rest]) => {
    const [p2, p3] = [`${e}${rest.slice(0, 2)}`, rest.slice(2)];
    const number = `${p1}${p2}${p3}`;
    return fc.constantFrom(
      number,
      `(${p1}) ${p2}-${p3}`,
      `+1 ${p1}.${p2}.${p3}`,
      `1${number}`,
      `001 ${p1} ${p2} ${p3}`,
      `${p1}-${p2}-${p3} ext 12`,
    );
  }),
  fc.constantFrom('+36 1 234 5678', '+44 20 7946 0958', '0052 55 1234 5678'),
);

export const validEmail = fc.stringMatching(/^[a-z0-9._+-]{1,20}@[a-z0-9-]{1,20}\.[a-z]{2,6}$/);

const reachableContact = fc.oneof(
  fc.record({ name: awkwardText, phone: validPhone, email: fc.option(awkwardText) }),
  fc.record({ name: awkwardText, phone: fc.option(awkwardText), email: validEmail }),
  fc.record({ name: awkwardText, phone: validPhone, email: validEmail, smsOptIn: fc.boolean() }),
);

let sequence = 0;
/** Unique per generated lead, so "stored exactly once" can be checked per submission. */
const submissionId = fc
  .stringMatching(/^[A-Za-z0-9_-]{8,40}$/)
  .map((id) => `${id}-${(sequence += 1)}`)
  .filter((id) => SUBMISSION_ID.test(id));

/** A lead the edge must accept (a reachable contact), with every other field varied freely. */
export const validLead = fc
  .record({
    submissionId,
    contact: reachableContact,
    service: fc.oneof(
      fc.constantFrom('ac-repair', 'furnace-repair', 'water-heater', 'maintenance-tune-up'),
      awkwardText,
    ),
    urgency: fc.constantFrom(...URGENCIES, 'asap'),
    preferredTime: fc.option(
      fc.record({
        date: fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
          awkwardText,
        ),
        window: fc.constantFrom(...TIME_WINDOWS, 'midnight'),
      }),
      { nil: undefined },
    ),
    notes: fc.option(awkwardText, { nil: undefined }),
    hp: fc.oneof({ weight: 4, arbitrary: fc.constant('') }, awkwardText),
    elapsedMs: fc.option(fc.double({ noNaN: true }), { nil: undefined }),
    titanBinding: fc.option(
      fc.record({
        jobTypeId: fc.integer(),
        businessUnitId: fc.integer(),
        campaignId: fc.integer(),
      }),
      { nil: undefined },
    ),
  })
  .map((overrides) => ({ ...demoLead(), ...overrides }));

/** What the widget sends (JSON, or text/plain from sendBeacon) and what clients get wrong. */
const JSON_OR_TEXT = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'text/plain;charset=UTF-8',
  '',
];
/** Types the route does not expect. workerd logs a warning per such request, so used sparingly. */
export const ODD_CONTENT_TYPES = [
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'x/y',
];

/** Headers a browser, a bot or a broken client might send; each request gets its own address. */
export const requestHeaders = fc.record(
  {
    'content-type': fc.constantFrom(...JSON_OR_TEXT),
    origin: fc.oneof(fc.webUrl(), fc.constantFrom('null', 'https://desertpeakair.example')),
    'cf-connecting-ip': fc.ipV4(),
  },
  { requiredKeys: ['cf-connecting-ip'] },
);

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString'];
const pollution = { polluted: 'yes', isAdmin: true, status: 'received' };

/** The lead with a prototype-pollution key at the root or inside a nested object. */
const pollutedLead = fc
  .record({
    lead: validLead,
    key: fc.constantFrom(...PROTO_KEYS),
    at: fc.constantFrom('root', 'contact', 'source', 'address', 'titanBinding'),
  })
  .map(({ lead, key, at }) => {
    // Written as JSON text: an object literal with "__proto__" would set the prototype instead.
    const value = key === 'constructor' ? { prototype: pollution } : pollution;
    const json = JSON.stringify(value);
    const target = at === 'root' ? lead : ((lead as Record<string, unknown>)[at] ?? {});
    const inner = JSON.stringify(target).replace(/^\{/, `{"${key}":${json},`).replace(/,\}$/, '}');
    if (at === 'root') return inner;
    const rest = JSON.stringify({ ...lead, [at]: '__SLOT__' });
    return rest.replace('"__SLOT__"', inner);
  });

const LEAD_KEYS = Object.keys(demoLead());

/** A lead with one field (or nested field) replaced by a value of any JSON type. */
const wrongTypes = fc
  .record({
    lead: validLead,
    key: fc.constantFrom(...LEAD_KEYS, 'contact.phone', 'contact.email', 'source.utm'),
    value: fc.jsonValue({ maxDepth: 3 }),
  })
  .map(({ lead, key, value }) => {
    const copy = structuredClone(lead) as Record<string, any>;
    const [outer, inner] = key.split('.') as [string, string | undefined];
    if (inner && typeof copy[outer] === 'object' && copy[outer]) copy[outer][inner] = value;
    else copy[outer] = value;
    return JSON.stringify(copy);
  });

/** Arrays or objects nested thousands deep, in a field, in an unknown key, or as the body. */
const deepNesting = fc
  .record({
    depth: fc.integer({ min: 500, max: 30_000 }),
    kind: fc.constantFrom('[', '{"a":'),
    at: fc.constantFrom('notes', 'extra', 'source', 'body'),
    lead: validLead,
  })
  .map(({ depth, kind, at, lead }) => {
    const close = kind === '[' ? ']' : '}';
    const deep = `${kind.repeat(depth)}1${close.repeat(depth)}`;
    if (at === 'body') return deep;
    return JSON.stringify({ ...lead, [at]: '__SLOT__' }).replace('"__SLOT__"', deep);
  });

/** Strings around and far over the 64 KiB body cap. */
const hugeStrings = fc
  .record({
    size: fc.constantFrom(60_000, 65_000, 70_000, 1_000_000),
    at: fc.constantFrom('notes', 'tenant', 'submissionId', 'unknownField'),
    lead: validLead,
  })
  .map(({ size, at, lead }) => JSON.stringify({ ...lead, [at]: 'x'.repeat(size) }));

const INVALID_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0x80],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
];

/** A lead whose JSON text has invalid UTF-8 byte sequences spliced into a string value. */
const invalidUtf8Lead = fc
  .record({ lead: validLead, bytes: fc.constantFrom(...INVALID_UTF8) })
  .map(({ lead, bytes }) => {
    const text = JSON.stringify({ ...lead, notes: '__SLOT__' });
    const [before, after] = text.split('__SLOT__') as [string, string];
    const encoder = new TextEncoder();
    return new Uint8Array([...encoder.encode(before), ...bytes, ...encoder.encode(after)]);
  });

/** Everything a hostile or broken client can put in a body. */
export const hostileBody: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.string({ unit: 'binary', maxLength: 500 }),
  fc.uint8Array({ maxLength: 2_000 }),
  pollutedLead,
  wrongTypes,
  deepNesting,
  hugeStrings,
  invalidUtf8Lead,
  fc.constantFrom('', 'null', '[]', '"lead"', '{', '{"tenant":null}', '{"tenant":"no-such"}'),
);
