/**
 * @module
 * The worker `npm run bench` runs: the product worker unchanged, plus one probe route that does
 * the least any route durable before its 2xx can do — read the body and write it to D1 in one
 * statement, nothing else — and the peers of lead intake and webhook ingestion
 * (bench/worker/peers.ts). A request may also ask for the SQL it ran (bench/worker/record-sql.ts). Its throughput against the no-op of the same server is the ceiling
 * for lead intake and webhook ingestion under `wrangler dev` on the machine at hand, so a missed
 * ratio can be told apart from a cost the local simulator adds to every D1 write.
 *
 * Never deployed: wrangler.toml's `main` stays edge/index.ts; the bench's snapshot points here.
 */
import worker from '../../edge/index.ts';
import { peers } from './peers.ts';
import {
  BENCH_PREFIX,
  DURABLE_WRITE_PATH,
  RECORD_SQL_HEADER,
  RECORDED_SQL_HEADER,
  type RecordedStatement,
} from './probe-path.ts';
import { recordingD1 } from './record-sql.ts';

/** Its own table, so the product's tables hold only what the product wrote. Made once per isolate. */
let tableReady: Promise<unknown> | undefined;
const ensureTable = (db: D1Database) =>
  (tableReady ??= db.exec('CREATE TABLE IF NOT EXISTS bench_durable_writes (body TEXT NOT NULL)'));

export default {
  ...worker,

  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (request.headers.get(RECORD_SQL_HEADER) === '1') {
      const log: RecordedStatement[] = [];
      const response = await worker.fetch(request, { ...env, DB: recordingD1(env.DB, log) }, ctx);
      const recorded = new Response(response.body, response);
      recorded.headers.set(RECORDED_SQL_HEADER, encodeURIComponent(JSON.stringify(log)));
      return recorded;
    }
    if (request.method !== 'POST' || !pathname.startsWith(BENCH_PREFIX)) {
      return worker.fetch(request, env, ctx);
    }
    if (pathname !== DURABLE_WRITE_PATH) return peers.fetch(request, env, ctx);
    await ensureTable(env.DB);
    await env.DB.prepare('INSERT INTO bench_durable_writes (body) VALUES (?)')
      .bind(await request.text())
      .run();
    return new Response(null, { status: 202 });
  },
} satisfies ExportedHandler<Env>;
