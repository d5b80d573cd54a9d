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

export interface NewestFirstQuery {
  table: string;
  timeColumn: string;
  where: Conditions;
  before?: Cursor | undefined;
  limit: number;
  /** The columns to read (default all): lists leave out what only a detail view shows. */
  columns?: readonly string[] | undefined;
  /** Rows to skip after the cursor: a probe for "is there a row past N?". */
  offset?: number | undefined;
}

/** The page's statement, not yet run, so callers can put it in a batch. */
export function newestFirstStatement(db: D1Database, query: NewestFirstQuery): D1PreparedStatement {
  const { table, timeColumn: time, where, before, limit } = query;
  // Copied, not added to `where`: one filter serves several statements (pages, a probe).
  const sql = [...where.sql];
  const params = [...where.params];
  if (before) {
    sql.push(`(${time} < ? OR (${time} = ? AND id < ?))`);
    params.push(before.at, before.at, before.id);
  }
  const clause = sql.length ? `WHERE ${sql.join(' AND ')}` : '';
  const columns = query.columns?.join(', ') ?? '*';
  return db
    .prepare(
      `SELECT ${columns} FROM ${table} ${clause} ORDER BY ${time} DESC, id DESC LIMIT ? OFFSET ?`,
    )
    .bind(...params, limit, query.offset ?? 0);
}

export async function listNewestFirst<Row>(
  db: D1Database,
  query: NewestFirstQuery,
): Promise<Row[]> {
  const { results } = await newestFirstStatement(db, query).all<Row>();
  return results;
}
