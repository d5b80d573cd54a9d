/**
 * The tenant CLI against a stand-in admin API: the requests it sends for create, export and
 * publish, what it prints, and its exit status for success, refusals and bad usage.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, startStandIn, type StandIn } from './helpers/stand-in-api.ts';

const CLI = resolve('scripts/tenant.ts');
const EXAMPLE = resolve('examples/tenants/desert-peak.json');

let api: StandIn;
beforeAll(async () => {
  api = await startStandIn();
});
afterAll(() => api.close());
beforeEach(() => {
  api.seen = [];
});

const run = (...args: string[]) => runCli(CLI, [...args, '--url', api.base, '--token', 'tok']);

describe('tenant CLI', () => {
  it('creates a tenant from a document file, sending it unchanged', async () => {
    api.reply = {
      status: 201,
      body: { tenant: { slug: 'desert-peak', name: 'Desert Peak', publishedVersion: 1 } },
    };
    const result = await run('create', '--file', EXAMPLE);
    expect(result.code).toBe(0);
    expect(api.seen).toHaveLength(1);
    expect(api.seen[0]).toMatchObject({
      method: 'POST',
      url: '/v1/admin/tenants',
      authorization: 'Bearer tok',
      contentType: 'application/json',
    });
    const sent = JSON.parse(api.seen[0]!.body.toString());
    expect(sent).toEqual(JSON.parse(await readFile(EXAMPLE, 'utf8')));
    expect(result.stdout).toContain('created desert-peak (Desert Peak), settings version 1');
  });

  it('exports the document create takes, with the newest published settings', async () => {
    const config = { services: [{ key: 'x' }] };
    api.reply = [
      {
        status: 200,
        body: {
          tenant: {
            slug: 't1',
            name: 'T One',
            timezone: 'America/Denver',
            allowedOrigins: ['https://t1.example'],
            testContacts: { phones: [], emails: ['a@t1.example'] },
            status: 'active',
          },
        },
      },
      { status: 200, body: { versions: [{ version: 3 }, { version: 2 }] } },
      { status: 200, body: { version: 3, config } },
    ];
    const result = await run('export', '--tenant', 't1');
    expect(result.code).toBe(0);
    expect(api.seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /v1/admin/tenants/t1',
      'GET /v1/admin/tenants/t1/config/versions',
      'GET /v1/admin/tenants/t1/config/versions/3',
    ]);
    expect(JSON.parse(result.stdout)).toEqual({
      slug: 't1',
      name: 'T One',
      timezone: 'America/Denver',
      allowedOrigins: ['https://t1.example'],
      testContacts: { phones: [], emails: ['a@t1.example'] },
      config,
    });
  });

  it('publishes the draft with its note and lists what changed', async () => {
    api.reply = {
      status: 201,
      body: { version: 4, changes: [{ path: ['services', 'x', 'label'] }] },
    };
    const result = await run('publish', '--tenant', 't1', '--note', 'new label');
    expect(result.code).toBe(0);
    expect(JSON.parse(api.seen[0]!.body.toString())).toEqual({ note: 'new label' });
    expect(result.stdout).toContain('published t1 version 4: services.x.label');
  });

  it('exits 1 with the issues when the API refuses, 2 on bad usage without calling it', async () => {
    api.reply = {
      status: 422,
      body: {
        error: 'invalid_settings',
        message: 'The settings have problems; nothing was stored.',
        issues: [
          { path: ['config', 'serviceAreaZips', 0], code: 'invalid_zip', message: 'not 5 digits' },
        ],
      },
    };
    const refused = await run('create', '--file', EXAMPLE);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('HTTP 422 invalid_settings');
    expect(refused.stderr).toContain('config.serviceAreaZips.0: not 5 digits');

    api.seen = [];
    for (const args of [['publish', '--tenant', 't1'], ['create'], ['frobnicate']]) {
      expect((await run(...args)).code, args.join(' ')).toBe(2);
    }
    expect(api.seen).toEqual([]);
  });
});
