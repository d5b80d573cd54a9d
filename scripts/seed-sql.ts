/**
 * @module
 * Renders the demo seed (edge/seed/desert-peak.ts) as a plain SQL file for
 * `wrangler d1 execute --file`, inlining the bound parameters as SQL literals.
 */
import { demoSeedStatements } from '../edge/seed/desert-peak.ts';
import type { SqlStatement } from '../edge/tenants/db/new-tenant.ts';

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return `'${String(value).replaceAll("'", "''")}'`;
}

export function renderSql(statements: SqlStatement[]): string {
  return statements
    .map(({ sql, params }) => {
      let i = 0;
      const rendered = sql.replace(/\?/g, () => literal(params[i++]));
      if (i !== params.length)
        throw new Error(`seed statement has ${i} placeholders, ${params.length} params`);
      return `${rendered.trim()};`;
    })
    .join('\n');
}

export function demoSeedSql(): string {
  return renderSql(demoSeedStatements());
}
