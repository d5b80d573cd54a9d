/**
 * @module
 * `npm run tenant -- <command> …`: tenants from a terminal, through the admin API only (the same
 * code path as the console). `create --file F` posts a tenant document (the shape of
 * examples/tenants/desert-peak.json; its `config` becomes settings version 1); `export --tenant T`
 * prints that document for an existing tenant (published settings); `publish --tenant T --note N`
 * publishes the open draft. `--url`, `--token` and the exit status work as in the titan-map CLI.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { read, withJson } from '../shared/admin-api.ts';
import { adminClient, adminToken, reportFailure, UsageError } from './admin-client.ts';

const USAGE = `Usage: npm run tenant -- <command> [options]

  create --file tenant.json        create a tenant and publish its settings as version 1
  export --tenant T                print the tenant document (published settings) as JSON
  publish --tenant T --note TEXT   publish the tenant's open settings draft
  list                             the tenants with status and published version

Options: --url URL (default http://127.0.0.1:8787)  --token TOKEN`;

const { values: opts, positionals } = (() => {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        url: { type: 'string', default: 'http://127.0.0.1:8787' },
        token: { type: 'string' },
        file: { type: 'string' },
        tenant: { type: 'string' },
        note: { type: 'string' },
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

async function run(command: string | undefined): Promise<string> {
  const api = adminClient(opts.url, await adminToken(opts.token));
  const tenants = api.tenants;
  switch (command) {
    case 'create': {
      const file = need(opts.file, '--file');
      const text = await readFile(file, 'utf8').catch((error: Error) => {
        throw new UsageError(`cannot read ${file}: ${error.message}`);
      });
      let document: unknown;
      try {
        document = JSON.parse(text);
      } catch {
        throw new UsageError(`${file} is not JSON`);
      }
      const { tenant } = await read(tenants.$post({}, withJson(document)));
      // null only if the new tenant was removed before the edge read it back
      if (!tenant) return 'created';
      return `created ${tenant.slug} (${tenant.name}), settings version ${tenant.publishedVersion}`;
    }
    case 'export': {
      const slug = need(opts.tenant, '--tenant');
      const param = { tenant: encodeURIComponent(slug) };
      const { tenant } = await read(tenants[':tenant'].$get({ param }));
      const { versions } = await read(tenants[':tenant'].config.versions.$get({ param }));
      const latest = versions[0];
      if (!latest) throw new UsageError(`${slug} has no published settings`);
      const { config } = await read(
        tenants[':tenant'].config.versions[':version{[0-9]+}'].$get({
          param: { ...param, version: String(latest.version) },
        }),
      );
      const document = {
        slug: tenant.slug,
        name: tenant.name,
        timezone: tenant.timezone,
        allowedOrigins: tenant.allowedOrigins,
        testContacts: tenant.testContacts,
        config,
      };
      return JSON.stringify(document, null, 2);
    }
    case 'publish': {
      const slug = need(opts.tenant, '--tenant');
      const note = need(opts.note, '--note');
      const result = await read(
        tenants[':tenant'].config.publish.$post(
          { param: { tenant: encodeURIComponent(slug) } },
          withJson({ note }),
        ),
      );
      const changed = result.changes.map((c) => c.path.join('.'));
      return `published ${slug} version ${result.version}: ${changed.join(', ') || 'no changes'}`;
    }
    case 'list': {
      const { tenants: list } = await read(tenants.$get());
      return list
        .map(
          (t) =>
            `${t.slug}  ${t.status}  v${t.publishedVersion}${t.hasDraft ? ' (draft)' : ''}  ${t.name}`,
        )
        .join('\n');
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'no command');
  }
}

async function main(): Promise<number> {
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    console.log(await run(positionals[0]));
    return 0;
  } catch (error) {
    return reportFailure(error, USAGE, opts.url);
  }
}

process.exitCode = await main();
