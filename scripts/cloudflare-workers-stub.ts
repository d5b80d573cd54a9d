/**
 * @module
 * Stands in for the `cloudflare:workers` module when the app is loaded in Node to write its
 * OpenAPI document (scripts/openapi.ts, test/node/openapi.test.ts): no request is served there,
 * so the bindings are never read.
 */
export const env = {};
