/**
 * @module
 * `npm run titan-map -- <command> …`: the Titan Map workflow from a terminal (import CSV exports,
 * review candidates, edit bindings, accept suggestions, publish, coverage, drift findings). It
 * only calls the admin API over HTTP, so it runs exactly the code path the API documents.
 * `--url` defaults to the local `wrangler dev` (http://127.0.0.1:8787); the token comes from
 * `--token`, else $PAGETOJOB_ADMIN_TOKEN, else ADMIN_TOKEN in ./.dev.vars. `--json` prints the
 * raw response. Exit status: 0 ok, 1 the API refused, 2 bad usage.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { IMPORT_KINDS } from '../shared/titan-map.ts';
import { read, withCsv, withJson, withQuery } from '../shared/admin-api.ts';
import { adminClient, adminToken, reportFailure, UsageError } from './admin-client.ts';

const USAGE = `Usage: npm run titan-map -- <command> [options]

  import --tenant T --kind KIND FILE     upload a CSV export (KIND: ${IMPORT_KINDS.join(' | ')})
  batches --tenant T [--kind KIND] [--status S]
  batch --tenant T BATCH_ID
  candidates --tenant T BATCH_ID [--review STATE] [--change CHANGE]
  accept --tenant T BATCH_ID (--all | --ids 4560,4561)
  reject --tenant T BATCH_ID (--all | --ids 4560,4561)
  bindings --tenant T
  bind --tenant T SERVICE --job-type N --business-unit N --campaign N
       [--priority emergency=Urgent,soon=High,flexible=Normal] [--inactive]
  discard --tenant T SERVICE             drop the service's draft binding
  suggest --tenant T [--service SERVICE]
  accept-suggestion --tenant T SERVICE [--job-type N]
  coverage --tenant T [--draft]
  publish --tenant T [--note TEXT]
  versions --tenant T
  version --tenant T VERSION
  findings [--tenant T] [--state open|resolved|dismissed]
  resolve FINDING_ID --note TEXT
  dismiss FINDING_ID [--note TEXT]

Options: --url URL (default http://127.0.0.1:8787)  --token TOKEN  --json`;

const { values: opts, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        url: { type: 'string', default: 'http://127.0.0.1:8787' },
        token: { type: 'string' },
        json: { type: 'boolean', default: false },
        tenant: { type: 'string' },
        kind: { type: 'string' },
        status: { type: 'string' },
        review: { type: 'string' },
        change: { type: 'string' },
        all: { type: 'boolean', default: false },
        ids: { type: 'string' },
        'job-type': { type: 'string' },
        'business-unit': { type: 'string' },
        campaign: { type: 'string' },
        priority: { type: 'string' },
        inactive: { type: 'boolean', default: false },
        service: { type: 'string' },
        draft: { type: 'boolean', default: false },
        note: { type: 'string' },
        state: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
})();

function need(value: string | undefined, what: string): string {
  if (!value) throw new UsageError(`missing ${what}`);
  return value;
}

function int(value: string | undefined, what: string): number {
  const n = Number(need(value, what));
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new UsageError(`${what} must be a positive whole number`);
  return n;
}

const arg = (index: number, what: string) => need(positionals[index], what);

function priorities(spec: string | undefined): Record<string, string> | undefined {
  if (!spec) return undefined;
  return Object.fromEntries(
    spec.split(',').map((pair) => {
      const [urgency, priority] = pair.split('=').map((s) => s.trim());
      if (!urgency || !priority) throw new UsageError('--priority takes urgency=Priority pairs');
      return [urgency, priority];
    }),
  );
}

function reviewBody(decision: 'accept' | 'reject') {
  const ids = opts.ids?.split(',').map((id) => int(id, '--ids'));
  if (!opts.all === !ids) throw new UsageError('give either --all or --ids');
  return ids ? { decision, ids } : { decision, all: true };
}

/** The command's call to `/v1/admin/titan-map`, its response parsed (null when it has none). */
async function call(command: string | undefined): Promise<unknown> {
  const titanMap = adminClient(opts.url, await adminToken(opts.token))['titan-map'];
  const tenantMap = titanMap.tenants[':tenant'];
  // Path params are not encoded by the client: a typed --tenant must not reach another path.
  const param = () => ({ tenant: encodeURIComponent(need(opts.tenant, '--tenant')) });
  const batch = () => ({ param: { ...param(), batchId: encodeURIComponent(arg(1, 'BATCH_ID')) } });
  const service = () => ({ param: { ...param(), service: encodeURIComponent(arg(1, 'SERVICE')) } });
  const finding = () => ({ param: { id: encodeURIComponent(arg(1, 'FINDING_ID')) } });
  switch (command) {
    case 'import': {
      const file = arg(1, 'FILE');
      const csv = new Uint8Array(
        await readFile(file).catch((error: Error) => {
          throw new UsageError(`cannot read ${file}: ${error.message}`);
        }),
      );
      const query = { kind: need(opts.kind, '--kind'), fileName: basename(file) };
      return read(tenantMap.imports.$post(withQuery({ param: param() }, query), withCsv(csv)));
    }
    case 'batches':
      return read(
        tenantMap.imports.$get(
          withQuery({ param: param() }, { kind: opts.kind, status: opts.status }),
        ),
      );
    case 'batch':
      return read(tenantMap.imports[':batchId'].$get(batch()));
    case 'candidates':
      return read(
        tenantMap.imports[':batchId'].candidates.$get(
          withQuery(batch(), { review: opts.review, change: opts.change, limit: '100' }),
        ),
      );
    case 'accept':
    case 'reject':
      return read(
        tenantMap.imports[':batchId'].review.$post(batch(), withJson(reviewBody(command))),
      );
    case 'bindings':
      return read(tenantMap.bindings.$get({ param: param() }));
    case 'bind':
      return read(
        tenantMap.bindings[':service'].$put(
          service(),
          withJson({
            jobTypeId: int(opts['job-type'], '--job-type'),
            businessUnitId: int(opts['business-unit'], '--business-unit'),
            campaignId: int(opts.campaign, '--campaign'),
            priorityByUrgency: priorities(opts.priority),
            active: !opts.inactive,
          }),
        ),
      );
    case 'discard':
      return read(tenantMap.bindings[':service'].$delete(service()));
    case 'suggest':
      return read(
        tenantMap.suggestions.$get(withQuery({ param: param() }, { service: opts.service })),
      );
    case 'accept-suggestion':
      return read(
        tenantMap.suggestions[':service'].accept.$post(
          service(),
          withJson(opts['job-type'] ? { jobTypeId: int(opts['job-type'], '--job-type') } : {}),
        ),
      );
    case 'coverage':
      return read(
        tenantMap.coverage.$get(
          withQuery({ param: param() }, { of: opts.draft ? 'draft' : 'published' }),
        ),
      );
    case 'publish':
      return read(
        tenantMap.publish.$post({ param: param() }, withJson(opts.note ? { note: opts.note } : {})),
      );
    case 'versions':
      return read(tenantMap.versions.$get({ param: param() }));
    case 'version':
      return read(
        tenantMap.versions[':version'].$get({
          param: { ...param(), version: encodeURIComponent(arg(1, 'VERSION')) },
        }),
      );
    case 'findings':
      return read(
        titanMap['drift-findings'].$get({ query: { tenant: opts.tenant, state: opts.state } }),
      );
    case 'resolve':
      return read(
        titanMap['drift-findings'][':id'].resolve.$post(
          finding(),
          withJson({ note: need(opts.note, '--note') }),
        ),
      );
    case 'dismiss':
      return read(
        titanMap['drift-findings'][':id'].dismiss.$post(
          finding(),
          withJson(opts.note ? { note: opts.note } : {}),
        ),
      );
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'no command');
  }
}

// Responses are only printed here; their shapes are checked by the edge's tests.
type Json = Record<string, any>;

const percent = (score: number) => `${(score * 100).toFixed(1)}%`;

function printBatch(batch: Json) {
  console.log(`batch ${batch.id}  ${batch.kind}  "${batch.fileName}"  ${batch.status}`);
  console.log(
    `  rows: read ${batch.rowsRead}, accepted ${batch.rowsAccepted}, rejected ${batch.rowsRejected}`,
  );
  const changes = Object.entries(batch.changes ?? {}).map(([k, v]) => `${k} ${v}`);
  if (changes.length) console.log(`  changes: ${changes.join(', ')}`);
  if (batch.ignoredColumns?.length)
    console.log(`  ignored columns: ${batch.ignoredColumns.join(', ')}`);
  for (const r of batch.rejectedRows ?? []) console.log(`  row ${r.row}: ${r.code} — ${r.message}`);
  if (batch.errorNote) console.log(`  error: ${batch.errorNote}`);
}

function printFinding(f: Json) {
  const target = f.affectedService ?? f.affectedZip ?? '';
  console.log(`${f.id}  [${f.severity}] ${f.kind}  ${target}  ${f.reviewState}`);
  console.log(`  ${f.summary}\n  fix: ${f.recommendedFix}`);
}

function printCoverage(c: Json) {
  console.log(
    `coverage (${c.of}, map ${c.mapVersion}): ${c.covered}/${c.offered} = ${percent(c.score)}`,
  );
  for (const gap of c.gaps) console.log(`  gap ${gap.service}: ${gap.reasons.join(', ')}`);
  const area = c.serviceArea;
  console.log(`  service-area zips in an active zone: ${area.covered}/${area.zips}`);
  if (area.uncoveredZips.length)
    console.log(`  zips with no active zone: ${area.uncoveredZips.join(', ')}`);
}

const binding = (b: Json | null) =>
  b
    ? `job type ${b.jobTypeId}, unit ${b.businessUnitId}, campaign ${b.campaignId}${b.active ? '' : ' (inactive)'}`
    : '—';

function print(command: string, r: Json) {
  switch (command) {
    case 'import':
      printBatch(r.batch);
      for (const id of r.superseded) console.log(`  superseded batch ${id}`);
      for (const f of r.driftFindings) printFinding(f);
      return;
    case 'batches':
      return r.batches.forEach(printBatch);
    case 'batch':
      return printBatch(r.batch);
    case 'candidates':
      for (const c of r.candidates) {
        const fields = c.changedFields.length ? ` (${c.changedFields.join(', ')})` : '';
        console.log(
          `${c.id}  ${c.change}${fields}  ${c.reviewState}  "${c.name}"${c.active ? '' : ' inactive'}`,
        );
      }
      return;
    case 'accept':
    case 'reject':
      return console.log(`${r.decision} ${r.updated} candidate(s); ${r.pending} still pending`);
    case 'bindings':
      for (const s of r.services) {
        console.log(
          `${s.service}${s.edited ? ' (edited)' : ''}\n  live:  ${binding(s.published)}\n  draft: ${binding(s.draft)}`,
        );
        if (s.problems.length) console.log(`  problems: ${s.problems.join(', ')}`);
      }
      return;
    case 'bind':
    case 'accept-suggestion':
      console.log(`draft ${r.binding.serviceKey}: ${binding(r.binding)}`);
      if (r.problems.length) console.log(`  problems: ${r.problems.join(', ')}`);
      return;
    case 'suggest':
      for (const s of r.services) {
        console.log(`${s.service} (now: ${binding(s.current)})`);
        for (const j of s.suggestions) {
          console.log(
            `  ${j.score.toFixed(3)}  ${j.jobTypeId} "${j.jobTypeName}"${j.pendingReview ? ' (pending review)' : ''}`,
          );
        }
      }
      return;
    case 'coverage':
      return printCoverage(r);
    case 'publish':
      console.log(
        `published ${r.version} (was ${r.previousVersion}); services changed: ${r.servicesChanged.join(', ') || 'none'}`,
      );
      return printCoverage({ ...r.coverage, of: 'published', mapVersion: r.version });
    case 'versions':
      for (const v of r.versions)
        console.log(
          `${v.version}${v.live ? ' (live)' : ''}  ${v.publishedAt ?? 'seeded'}  ${v.entryCount} entries`,
        );
      return;
    case 'findings':
      return r.findings.forEach(printFinding);
    case 'resolve':
    case 'dismiss':
      return printFinding(r.finding);
    default:
      console.log(JSON.stringify(r, null, 2));
  }
}

async function main(): Promise<number> {
  const command = positionals[0];
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    const response = ((await call(command)) ?? null) as Json | null;
    if (opts.json) console.log(JSON.stringify(response, null, 2));
    else if (response) print(command ?? '', response);
    else console.log('done');
    return 0;
  } catch (error) {
    return reportFailure(error, USAGE, opts.url);
  }
}

process.exitCode = await main();
