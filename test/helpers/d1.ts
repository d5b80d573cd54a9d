/**
 * D1 stand-ins for fault and cost tests: one that fails every call, one that counts round trips.
 */

/** A D1Database whose every query fails, as when D1 is unavailable. */
export function failingD1(): D1Database {
  const fail = () => Promise.reject(new Error('D1_ERROR: simulated outage'));
  const statement = { bind: () => statement, run: fail, all: fail, first: fail, raw: fail };
  return { prepare: () => statement, batch: fail, exec: fail } as unknown as D1Database;
}

type Executor = 'run' | 'all' | 'first' | 'raw';
const EXECUTORS: Executor[] = ['run', 'all', 'first', 'raw'];

/**
 * Wraps a D1Database and counts round trips: each batch/exec call and each statement executed on
 * its own is one. Statements stay the real objects (patched per instance) so `batch` accepts them.
 */
export function countingD1(db: D1Database): { db: D1Database; roundTrips: () => number } {
  let count = 0;
  const counted = <F extends (...args: never[]) => unknown>(fn: F): F =>
    ((...args: Parameters<F>) => {
      count += 1;
      return fn(...args);
    }) as F;

  const patch = (stmt: D1PreparedStatement): D1PreparedStatement => {
    const bind = stmt.bind.bind(stmt);
    Object.assign(stmt, { bind: (...values: unknown[]) => patch(bind(...values)) });
    for (const name of EXECUTORS) {
      Object.assign(stmt, {
        [name]: counted((stmt[name] as (...a: never[]) => unknown).bind(stmt)),
      });
    }
    return stmt;
  };

  const wrapped = {
    prepare: (sql: string) => patch(db.prepare(sql)),
    batch: counted(db.batch.bind(db)),
    exec: counted(db.exec.bind(db)),
    withSession: db.withSession.bind(db),
    dump: db.dump.bind(db),
  } as D1Database;
  return { db: wrapped, roundTrips: () => count };
}

/**
 * A D1Database whose batches get one more statement that fails at the very end: everything the
 * batch did must be rolled back, which is how "never half-applied" is proven.
 */
export function d1FailingAtEndOfBatch(db: D1Database): D1Database {
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'batch') {
        return (statements: D1PreparedStatement[]) =>
          target.batch([...statements, target.prepare('INSERT INTO no_such_table VALUES (1)')]);
      }
      const value = Reflect.get(target, prop) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
