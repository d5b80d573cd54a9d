/**
 * shared/webhook-events.ts against the official ServiceTitan CloudEvents schemas (a verbatim copy
 * in test/fixtures/servicetitan-webhook-schemas.json, validated with ajv): every example file is
 * valid under both, and for every property of every example, removing it, nulling it or giving it
 * the wrong type is accepted or refused by our schemas exactly when the official schema does.
 * The one deliberate difference (unknown properties are ignored, not refused) is asserted too.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  CloudEventEnvelopeSchema,
  cloudEventEnvelope,
  WEBHOOK_EVENT_DATA_SCHEMAS,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from '../../shared/webhook-events.ts';

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/servicetitan-webhook-schemas.json', import.meta.url), 'utf8'),
) as { types: Record<string, string>; components: { schemas: Record<string, unknown> } };

/** OpenAPI 3.0 `nullable: true` in JSON Schema terms, so plain ajv understands it. */
function withNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNullable);
  if (typeof node !== 'object' || node === null) return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const converted = Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, withNullable(v)]));
  return nullable === true ? { anyOf: [{ type: 'null' }, converted] } : converted;
}

// The official files name formats without defining them. date-time is RFC 3339 (an offset or Z
// required); int64/int32/decimal/multiline add nothing to the JSON type check.
const RFC3339 =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const ajv = new Ajv({
  strict: false,
  allErrors: true,
  formats: { 'date-time': RFC3339, int64: true, int32: true, decimal: true, multiline: true },
});
ajv.addSchema(withNullable({ components: fixture.components }) as object, 'servicetitan');
const official = (type: string): ValidateFunction =>
  ajv.getSchema(`servicetitan#/components/schemas/${fixture.types[type]}`) as ValidateFunction;

function example(type: WebhookEventType): Record<string, unknown> {
  return JSON.parse(
    readFileSync(new URL(`../../examples/webhooks/${type}.json`, import.meta.url), 'utf8'),
  );
}

function envelope(type: string, data: unknown) {
  return cloudEventEnvelope(type, data, {
    id: 'b9a7c4d2-0000-4000-8000-000000000001',
    time: '2026-11-24T18:05:00Z',
    userassignedid: 'occurrence-1',
  });
}

function oursAccepts(type: WebhookEventType, event: ReturnType<typeof envelope>): boolean {
  return (
    CloudEventEnvelopeSchema.safeParse(event).success &&
    WEBHOOK_EVENT_DATA_SCHEMAS[type].safeParse(event.data).success
  );
}

type Path = (string | number)[];

/** Every property path in `value` (objects and array items), depth first. */
function paths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value))
    return value.flatMap((item, i) => [[...prefix, i], ...paths(item, [...prefix, i])]);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, item]) => [
    [...prefix, key],
    ...paths(item, [...prefix, key]),
  ]);
}

function mutate(
  data: unknown,
  path: Path,
  change: (parent: Record<string | number, unknown>, key: string | number) => void,
) {
  const copy = structuredClone(data) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  change(parent, path.at(-1) as string | number);
  return copy;
}

function wrongTypeFor(value: unknown): unknown {
  if (typeof value === 'string') return 12345;
  if (typeof value === 'number') return 'not-a-number';
  if (typeof value === 'boolean') return 'true';
  return 'not-an-object';
}

describe('registry coverage', () => {
  it('has an official CloudEvents schema for every registered type and the issue’s twelve types', () => {
    expect(WEBHOOK_EVENT_TYPES.sort()).toEqual(Object.keys(fixture.types).sort());
    for (const type of WEBHOOK_EVENT_TYPES) expect(official(type), type).toBeTypeOf('function');
  });
});

describe.each(WEBHOOK_EVENT_TYPES)('%s', (type) => {
  const data = example(type);

  it('example data is valid under the official schema and ours', () => {
    const validate = official(type);
    const event = envelope(type, data);
    expect(validate(event), JSON.stringify(validate.errors)).toBe(true);
    expect(oursAccepts(type, event)).toBe(true);
  });

  it('agrees with the official schema on removed, nulled and mistyped properties', () => {
    const validate = official(type);
    const disagreements: string[] = [];
    for (const path of paths(data)) {
      const current = path.reduce<unknown>(
        (node, key) => (node as Record<string | number, unknown>)[key],
        data,
      );
      const mutants: [string, unknown][] = [
        ['null', mutate(data, path, (parent, key) => void (parent[key] = null))],
        [
          'wrong type',
          mutate(data, path, (parent, key) => void (parent[key] = wrongTypeFor(current))),
        ],
        [
          'not in enum',
          mutate(
            data,
            path,
            (parent, key) =>
              void (parent[key] = typeof current === 'string' ? 'NotAnEnumValue' : current),
          ),
        ],
      ];
      if (typeof path.at(-1) === 'string') {
        mutants.push(['removed', mutate(data, path, (parent, key) => void delete parent[key])]);
      }
      for (const [what, mutant] of mutants) {
        const event = envelope(type, mutant);
        const theirs = validate(event) as boolean;
        if (theirs !== oursAccepts(type, event))
          disagreements.push(`${path.join('.')} ${what}: official ${theirs}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('agrees on every envelope attribute being required', () => {
    const validate = official(type);
    for (const key of Object.keys(envelope(type, data))) {
      const { [key]: _, ...rest } = envelope(type, data) as Record<string, unknown>;
      expect(validate(rest), key).toBe(false);
      expect(
        CloudEventEnvelopeSchema.safeParse(rest).success &&
          WEBHOOK_EVENT_DATA_SCHEMAS[type].safeParse(rest.data).success,
        key,
      ).toBe(false);
    }
  });

  it('deliberately ignores unknown properties the official schema refuses', () => {
    const event = envelope(type, { ...data, addedByServiceTitanLater: true });
    expect(official(type)(event)).toBe(false);
    expect(oursAccepts(type, event)).toBe(true);
  });
});

describe('formats the official schemas only name', () => {
  const booking = () => example('tn.crm.booking-updated') as { booking: Record<string, unknown> };

  it.each(['2026-11-24T15:00:00Z', '2026-11-24T15:00:00.1234567Z', '2026-11-24T08:00:00-07:00'])(
    'accepts the RFC 3339 date-time %s',
    (value) => {
      const data = booking();
      data.booking.start = value;
      expect(WEBHOOK_EVENT_DATA_SCHEMAS['tn.crm.booking-updated'].safeParse(data).success).toBe(
        true,
      );
    },
  );

  it.each(['2026-11-24', '2026-11-24 15:00:00', '2026-11-24T15:00:00', 'tomorrow'])(
    'refuses the date-time %s',
    (value) => {
      const data = booking();
      data.booking.start = value;
      expect(WEBHOOK_EVENT_DATA_SCHEMAS['tn.crm.booking-updated'].safeParse(data).success).toBe(
        false,
      );
    },
  );

  it('refuses non-integer and unsafe ids', () => {
    for (const id of [1.5, 2 ** 60]) {
      const data = booking();
      data.booking.id = id;
      expect(
        WEBHOOK_EVENT_DATA_SCHEMAS['tn.crm.booking-updated'].safeParse(data).success,
        String(id),
      ).toBe(false);
    }
  });

  it('requires CloudEvents specversion 1.0', () => {
    const event = envelope('tn.crm.booking-updated', booking());
    expect(CloudEventEnvelopeSchema.safeParse({ ...event, specversion: '0.3' }).success).toBe(
      false,
    );
    expect(CloudEventEnvelopeSchema.safeParse(event).success).toBe(true);
  });
});
