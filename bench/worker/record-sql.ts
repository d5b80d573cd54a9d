/**
 * @module
 * For the scale simulation (bench/scale.ts): a D1 binding that records every statement the
 * product prepares, with its bound parameters, so the simulation can `EXPLAIN QUERY PLAN` exactly
 * the SQL an admin request ran, without a copy of that SQL in the bench. Only requests that ask
 * for it (`x-bench-record-sql: 1`) get the wrapper; the record comes back in the
 * `x-bench-sql` response header (URI-encoded JSON).
 */

import type { RecordedStatement } from './probe-path.ts';

/** Each recording proxy → the statement it wraps (what the real binding's `batch` expects). */
const originals = new WeakMap<object, D1PreparedStatement>();
const unwrap = (statement: D1PreparedStatement) => originals.get(statement) ?? statement;

function recordingStatement(
  statement: D1PreparedStatement,
  entry: RecordedStatement,
): D1PreparedStatement {
  const proxy = new Proxy(statement, {
    get(target, property) {
      if (property === 'bind') {
        return (...params: unknown[]) => {
          entry.params = params;
          return recordingStatement(target.bind(...params), entry);
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  originals.set(proxy, statement);
  return proxy;
}

/** `db`, with every `prepare` logged in `log` (the statement keeps working as before). */
export function recordingD1(db: D1Database, log: RecordedStatement[]): D1Database {
  return new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') {
        return (sql: string) => {
          const entry: RecordedStatement = { sql, params: [] };
          log.push(entry);
          return recordingStatement(target.prepare(sql), entry);
        };
      }
      if (property === 'batch') {
        // The real binding must see its own statements, not the proxies around them.
        return (statements: D1PreparedStatement[]) => target.batch(statements.map(unwrap));
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
