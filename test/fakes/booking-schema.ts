/**
 * Validates a payload against ServiceTitan's `Crm.V2.CreateBookingRequest` structure (the fixture
 * copied from crm-v2.json) with ajv. Node-only: ajv compiles validators with `new Function`, which
 * workerd forbids, so workerd tests reach it through the fake ServiceTitan endpoint.
 */
import { Ajv } from 'ajv';
import schema from '../fixtures/create-booking-request.schema.json' with { type: 'json' };

// RFC 3339 date-time, as OpenAPI's `format: date-time` means it.
const DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
ajv.addFormat('date-time', {
  type: 'string',
  validate: (value: string) => DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)),
});
ajv.addFormat('int64', {
  type: 'number',
  validate: (value: number) => Number.isSafeInteger(value),
});

const validate = ajv.compile(schema);

export interface SchemaVerdict {
  valid: boolean;
  errors: { path: string; message: string }[];
}

export function validateBookingRequest(payload: unknown): SchemaVerdict {
  const valid = validate(payload);
  return {
    valid,
    errors: (validate.errors ?? []).map((e) => ({
      path: e.instancePath || '/',
      message: `${e.message ?? e.keyword}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}`,
    })),
  };
}
