/**
 * @module
 * Where the bench worker's probes listen, and how a request asks for the SQL it ran (bench/worker/floor-entry.ts, bench/worker/peers.ts),
 * shared with the load generator. Under /v1/ so the assets layer hands them to the worker
 * (`run_worker_first`).
 */
export const BENCH_PREFIX = '/v1/__bench/';
export const DURABLE_WRITE_PATH = `${BENCH_PREFIX}durable-write`;
export const PEER_LEAD_PATH = `${BENCH_PREFIX}peer-lead`;
export const PEER_LEAD_QUEUED_PATH = `${BENCH_PREFIX}peer-lead-queued`;
export const PEER_WEBHOOK_PATH = `${BENCH_PREFIX}peer-webhook`;

/** The peer receiver's signing secret: the Standard Webhooks specification's public example. */
export const PEER_WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** A request with this header set to 1 gets the SQL it ran back (bench/worker/record-sql.ts) … */
export const RECORD_SQL_HEADER = 'x-bench-record-sql';
/** … in this response header, as URI-encoded JSON `RecordedStatement[]`. */
export const RECORDED_SQL_HEADER = 'x-bench-sql';

export interface RecordedStatement {
  sql: string;
  params: unknown[];
}
