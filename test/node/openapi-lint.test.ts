/**
 * `npm run openapi` writes the app's OpenAPI document without a server and `redocly lint` finds it
 * valid OpenAPI 3.1 under redocly.yaml's rules (the route-by-route checks are in
 * test/edge/http/openapi.test.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { toolEnv } from '../../scripts/run.ts';

it('writes a document that lints clean as OpenAPI 3.1', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'ptj-openapi-')), 'openapi.json');
  const result = spawnSync('npm', ['run', '--silent', 'openapi', '--', file], {
    encoding: 'utf8',
    env: toolEnv,
  });
  expect(result.stderr + result.stdout).toContain('Your API description is valid');
  expect(result.status).toBe(0);
  const document = JSON.parse(readFileSync(file, 'utf8')) as { openapi: string; paths: object };
  expect(document.openapi).toBe('3.1.0');
  expect(Object.keys(document.paths)).toContain('/v1/leads');
});
