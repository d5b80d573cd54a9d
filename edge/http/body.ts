/**
 * @module
 * Reading request bodies into JSON objects with precise, typed refusals.
 */
import { ApiError } from './errors.ts';

/** Parses `text` as JSON and insists on a plain object (not an array, string or null). */
export function parseJsonObject(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError(422, 'invalid_json', 'The request body is not valid JSON.', {
      issues: [{ path: [], code: 'invalid_json', message: 'Body must be a JSON object' }],
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApiError(422, 'invalid_body', 'The request body must be a JSON object.', {
      issues: [{ path: [], code: 'invalid_type', message: 'Body must be a JSON object' }],
    });
  }
  return value as Record<string, unknown>;
}

/** Like `parseJsonObject`, but an empty body means "all defaults": `{}`. */
export function parseOptionalJsonObject(text: string): Record<string, unknown> {
  return text.trim() === '' ? {} : parseJsonObject(text);
}
