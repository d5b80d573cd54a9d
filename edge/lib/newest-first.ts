/**
 * @module
 * Newest-first admin lists with keyset pagination. Filters are collected as optional conditions;
 * a page continues strictly after its cursor row (time, id), so rows inserted meanwhile never
 * shift or repeat a page.
 */

export class Conditions {
  readonly sql: string[] = [];
  readonly params: unknown[] = [];

  add(sql: string, ...values: unknown[]): this {
    this.sql.push(sql);
    this.params.push(...values);
    return this;
  }

  /** `column = value`, skipped when the filter was not given. */
  equals(column: string, value: string | number | undefined): this {
    return value === undefined || value === '' ? this : this.add(`${column} = ?`, value);
  }
}

export interface Cursor {
  at: string;
  id: string | number;
}

export async function listNewestFirst<Row>(
  db: D1Database,
  query: {
    table: string;
    timeColumn: string;
    where: Conditions;
    before?: Cursor | undefined;
    limit: number;
  },
): Promise<Row[]> {
  const { table, timeColumn: time, where, before, limit } = query;
  if (before)
    where.add(`(${time} < ? OR (${time} = ? AND id < ?))`, before.at, before.at, before.id);
  const clause = where.sql.length ? `WHERE ${where.sql.join(' AND ')}` : '';
  const { results } = await db
    .prepare(`SELECT * FROM ${table} ${clause} ORDER BY ${time} DESC, id DESC LIMIT ?`)
    .bind(...where.params, limit)
    .all<Row>();
  return results;
}
