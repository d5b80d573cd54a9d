/**
 * @module
 * The peers: the same two jobs done the obvious way, as a user would write them from the Hono,
 * zod and Standard Webhooks templates, served by the bench worker beside the product routes
 * (bench/worker/floor-entry.ts; never deployed).
 *
 * - Lead: `zValidator('json', …)` with the full zod schema of the lead body, the same rate
 *   limiter call as ours, one `INSERT … ON CONFLICT DO NOTHING`, 202.
 * - Webhook: `new Webhook(secret).verify(body, headers)` as the library's README shows (it
 *   JSON-parses the verified body), one insert unique on `webhook-id`, 202.
 *
 * Each writes to its own table, made once per isolate, so the product's tables hold only what
 * the product wrote.
 *
 * A diagnostic variant of the lead peer also sends one message to the handoff queue after its
 * response, as lead intake does: the difference between the two is what that one binding call
 * costs on this server. Only raced on a server whose handoff queue has no consumer (the consumer
 * would take the message for a sync job).
 */
import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { createFactory } from 'hono/factory';
import { Webhook } from 'standardwebhooks';
import { peerLeadSchema } from './peer-lead-schema.ts';
import {
  PEER_LEAD_PATH,
  PEER_LEAD_QUEUED_PATH,
  PEER_WEBHOOK_PATH,
  PEER_WEBHOOK_SECRET,
} from './probe-path.ts';

const TABLES = [
  `CREATE TABLE IF NOT EXISTS bench_peer_leads (tenant TEXT NOT NULL, submission_id TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL, PRIMARY KEY (tenant, submission_id))`,
  `CREATE TABLE IF NOT EXISTS bench_peer_webhooks (webhook_id TEXT PRIMARY KEY, body TEXT NOT NULL)`,
];

let tablesReady: Promise<unknown> | undefined;
const ensureTables = (db: D1Database) =>
  (tablesReady ??= db.batch(TABLES.map((sql) => db.prepare(sql))));

const webhook = new Webhook(PEER_WEBHOOK_SECRET);

const factory = createFactory<{ Bindings: Env }>();

const peerLead = (sendAfterResponse: boolean) =>
  factory.createHandlers(zValidator('json', peerLeadSchema), async (c) => {
    const lead = c.req.valid('json');
    const ip = c.req.header('cf-connecting-ip') ?? 'unknown';
    const { success } = await c.env.LEAD_RATE_LIMITER.limit({ key: `${lead.tenant}:${ip}` });
    if (!success) return c.json({ error: 'rate_limited' }, 429);
    await ensureTables(c.env.DB);
    await c.env.DB.prepare(
      'INSERT INTO bench_peer_leads (tenant, submission_id, body, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    )
      .bind(lead.tenant, lead.submissionId, JSON.stringify(lead), new Date().toISOString())
      .run();
    if (sendAfterResponse) c.executionCtx.waitUntil(c.env.HANDOFF.send({ kind: 'bench-probe' }));
    return c.json({ accepted: true }, 202);
  });

export const peers = new Hono<{ Bindings: Env }>()
  .post(PEER_LEAD_PATH, ...peerLead(false))
  .post(PEER_LEAD_QUEUED_PATH, ...peerLead(true))
  .post(PEER_WEBHOOK_PATH, async (c) => {
    const body = await c.req.text();
    let event: unknown;
    try {
      event = webhook.verify(body, Object.fromEntries(c.req.raw.headers));
    } catch {
      return c.json({ error: 'invalid_signature' }, 401);
    }
    await ensureTables(c.env.DB);
    await c.env.DB.prepare(
      'INSERT INTO bench_peer_webhooks (webhook_id, body) VALUES (?, ?) ON CONFLICT DO NOTHING',
    )
      .bind(c.req.header('webhook-id') ?? '', JSON.stringify(event))
      .run();
    return c.body(null, 202);
  });
