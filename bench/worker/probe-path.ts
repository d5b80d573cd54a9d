/**
 * @module
 * Where the bench worker's durable-write probe listens (bench/worker/floor-entry.ts), shared with
 * the load generator. Under /v1/ so the assets layer hands it to the worker (`run_worker_first`).
 */
export const DURABLE_WRITE_PATH = '/v1/__bench/durable-write';
