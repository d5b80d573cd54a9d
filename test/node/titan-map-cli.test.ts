/**
 * The titan-map CLI against a stand-in admin API: which requests it sends (method, path, query,
 * token, body), how it prints answers, and its exit status for success, refusals and bad usage.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, startStandIn, type StandIn } from './helpers/stand-in-api.ts';

const CLI = resolve('scripts/titan-map.ts');
const EXAMPLE = resolve('examples/titan-map/job-types.csv');

let api: StandIn;

beforeAll(async () => {
  api = await startStandIn();
});

afterAll(() => api.close());

beforeEach(() => {
  api.seen = [];
  api.reply = { status: 200, body: {} };
});

const run = (args: string[], cwd?: string) => runCli(CLI, args, cwd);

const batch = {
  id: 'tb_1',
  kind: 'job-types',
  fileName: 'job-types.csv',
  status: 'review',
  rowsRead: 8,
  rowsAccepted: 7,
  rowsRejected: 1,
  changes: { new: 2, changed: 0, unchanged: 5, removed: 0 },
  ignoredColumns: ['Class'],
  rejectedRows: [{ row: 4, code: 'invalid_id', message: 'bad id' }],
  errorNote: null,
};

describe('titan-map CLI', () => {
  it('uploads a CSV file as text/csv with the token and prints the batch', async () => {
    api.reply = { status: 201, body: { batch, superseded: [], driftFindings: [] } };
    const result = await run([
      'import',
      '--url',
      api.base,
      '--token',
      'tok-1',
      '--tenant',
      'desert-peak',
      '--kind',
      'job-types',
      EXAMPLE,
    ]);
    expect(result.code).toBe(0);
    expect(api.seen).toHaveLength(1);
    const [request] = api.seen;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/v1/admin/titan-map/tenants/desert-peak/imports?kind=job-types&fileName=job-types.csv',
      authorization: 'Bearer tok-1',
      contentType: 'text/csv; charset=utf-8',
    });
    expect(request?.body.equals(await readFile(EXAMPLE))).toBe(true);
    expect(result.stdout).toContain('rows: read 8, accepted 7, rejected 1');
    expect(result.stdout).toContain('row 4: invalid_id — bad id');
  });

  it('reads the token from .dev.vars and sends review, binding and coverage requests', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'titan-map-cli-'));
    await writeFile(join(dir, '.dev.vars'), '# local\nADMIN_TOKEN="from-dev-vars"\n');
    api.reply = { status: 200, body: { decision: 'accepted', updated: 2, pending: 0 } };
    const accept = await run(
      ['accept', 'tb_1', '--url', api.base, '--tenant', 'desert-peak', '--ids', '4560,4561'],
      dir,
    );
    expect(accept.stdout).toContain('accepted 2 candidate(s); 0 still pending');
    api.reply = {
      status: 200,
      body: {
        binding: {
          serviceKey: 'indoor-air-quality',
          jobTypeId: 4560,
          businessUnitId: 319,
          campaignId: 1001,
          active: true,
        },
        problems: [],
      },
    };
    await run(
      [
        'bind',
        'indoor-air-quality',
        '--url',
        api.base,
        '--tenant',
        'desert-peak',
        '--job-type',
        '4560',
        '--business-unit',
        '319',
        '--campaign',
        '1001',
        '--priority',
        'soon=High,flexible=Normal',
      ],
      dir,
    );
    api.reply = {
      status: 200,
      body: {
        of: 'draft',
        mapVersion: 'v1',
        offered: 7,
        covered: 7,
        score: 1,
        gaps: [],
        serviceArea: { zips: 2, covered: 2, uncoveredZips: [] },
      },
    };
    const coverage = await run(
      ['coverage', '--draft', '--url', api.base, '--tenant', 'desert-peak'],
      dir,
    );
    expect(coverage.stdout).toContain('coverage (draft, map v1): 7/7 = 100.0%');

    expect(api.seen.map((s) => [s.method, s.url, s.authorization])).toEqual([
      [
        'POST',
        '/v1/admin/titan-map/tenants/desert-peak/imports/tb_1/review',
        'Bearer from-dev-vars',
      ],
      [
        'PUT',
        '/v1/admin/titan-map/tenants/desert-peak/bindings/indoor-air-quality',
        'Bearer from-dev-vars',
      ],
      ['GET', '/v1/admin/titan-map/tenants/desert-peak/coverage?of=draft', 'Bearer from-dev-vars'],
    ]);
    expect(JSON.parse(api.seen[0]!.body.toString())).toEqual({
      decision: 'accept',
      ids: [4560, 4561],
    });
    expect(JSON.parse(api.seen[1]!.body.toString())).toEqual({
      jobTypeId: 4560,
      businessUnitId: 319,
      campaignId: 1001,
      priorityByUrgency: { soon: 'High', flexible: 'Normal' },
      active: true,
    });
  });

  it('exits 1 with the error code and issues when the API refuses', async () => {
    api.reply = {
      status: 422,
      body: {
        error: 'missing_required_column',
        message: 'The file has no "Business Units" column.',
        issues: [
          {
            path: ['columns', 'Business Units'],
            code: 'missing_required_column',
            message: 'No column named "Business Units"',
          },
        ],
      },
    };
    const result = await run([
      'import',
      '--url',
      api.base,
      '--token',
      't',
      '--tenant',
      'desert-peak',
      '--kind',
      'job-types',
      EXAMPLE,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'HTTP 422 missing_required_column: The file has no "Business Units" column.',
    );
    expect(result.stderr).toContain('columns.Business Units: No column named "Business Units"');
  });

  it('exits 2 on bad usage without calling the API', async () => {
    const cases = [
      ['import', '--url', api.base, '--token', 't', '--kind', 'job-types', EXAMPLE],
      ['accept', 'tb_1', '--url', api.base, '--token', 't', '--tenant', 'x', '--all', '--ids', '1'],
      [
        'bind',
        'ac-repair',
        '--url',
        api.base,
        '--token',
        't',
        '--tenant',
        'x',
        '--job-type',
        'abc',
        '--business-unit',
        '1',
        '--campaign',
        '1',
      ],
      ['frobnicate', '--url', api.base, '--token', 't'],
      [
        'import',
        '--url',
        api.base,
        '--token',
        't',
        '--tenant',
        'x',
        '--kind',
        'zones',
        '/no/such/file.csv',
      ],
    ];
    for (const args of cases) {
      const result = await run(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('Usage: npm run titan-map');
    }
    expect(api.seen).toEqual([]);
  });
});
