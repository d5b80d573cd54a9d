/**
 * @module
 * Validates query strings and JSON bodies of operator routes against the shared zod schemas,
 * answering 400/422 with field paths instead of letting bad input reach a handler.
 */
import type * as z from 'zod/mini';
import { toIssues } from '../../shared/query.ts';
import { ApiError } from './errors.ts';

export function parseQuery<S extends z.ZodMiniType>(
  schema: S,
  query: Record<string, string>,
): z.infer<S> {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  throw new ApiError(400, 'invalid_query', 'Some query parameters are invalid.', {
    issues: toIssues(result.error, ['query']),
  });
}

export function parseBody<S extends z.ZodMiniType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new ApiError(422, 'invalid_body', 'Some fields are invalid.', {
    issues: toIssues(result.error),
  });
}
