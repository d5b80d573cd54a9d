/**
 * @module
 * The worker `npm run bench` runs: the product worker unchanged, plus one probe route that does
 * the least any route durable before its 2xx can do — read the body and write it to D1 in one
 * statement, nothing else — and the peers of lead intake and webhook ingestion
 * (bench/worker/peers.ts). Its throughput against the no-op of the same server is the ceiling
 * for lead intake and webhook ingestion under `wrangler dev` on the machine at hand, so a missed
 * ratio can be told apart from a cost the local simulator adds to every D1 write.
 *
 * Never deployed: wrangler.toml's `main` stays edge/index.ts; the bench's snapshot points here.
 */
import worker from '../../edge/index.ts';
import { peers } from './peers.ts';
import { BENCH_PREFIX, DURABLE_WRITE_PATH } from './probe-path.ts';

/** Its own table, so the product's tables hold only what the product wrote. Made once per isolate. */
let tableReady: Promise<unknown> | undefined;
const ensureTable = (db: D1Database) =>
  (tableReady ??= db.exec('CREATE TABLE IF NOT EXISTS bench_durable_writes (body TEXT NOT NULL)'));

export default {
  ...worker,

  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
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
