/**
 * @module
 * Turning zod failures into the API's field-level issue list, shared by every route.
 */
import type * as z from 'zod/mini';
import type { Issue } from './api.ts';

export function toIssues(error: z.core.$ZodError, prefix: (string | number)[] = []): Issue[] {
  return error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    code: issue.code,
    message: issue.message,
  }));
}
