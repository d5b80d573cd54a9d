/**
 * @module
 * The notify queue (`pagetojob-notify`). Hooks in other features only announce that something
 * happened (`announce`: a source row's id, no D1 work), so a lead's request path and a webhook's
 * processing keep their round trips; this consumer reads the row, builds the catalog event,
 * stores it with its deliveries in one batch, and attempts them. A retry is a message delayed
 * until the delivery is due. Every message is safe to repeat, and none is the only record: the
 * sweep (upkeep.ts) finds source rows without an event and deliveries whose message was lost.
 */
import { env as workerEnv } from 'cloudflare:workers';
import { getSyncJob } from '../handoff/db/jobs.ts';
import { getLead, getLeads, leadRowToJson, type LeadRow } from '../leads/db/leads.ts';
import { getTenantContext } from '../tenants/context.ts';
import { getFinding } from '../titan-map/db/findings.ts';
import { getEvent } from '../webhooks/db/events.ts';
import {
  channelDisabledEvent,
  driftFindingEvent,
  eventIdFor,
  leadEvent,
  syncJobEvent,
  unmatchedWebhookEvent,
  type NewNotificationEvent,
} from './catalog.ts';
import { storeAndFanOut, storeAndFanOutAll } from './db/events.ts';
import { attemptDelivery } from './delivery.ts';
import { defaultNotifyDeps, MAX_QUEUE_DELAY_SECONDS, type NotifyDeps } from './policy.ts';

/** A row another feature wrote that may be worth telling the office about. */
export type NotifySource = 'lead' | 'sync_job' | 'drift_finding' | 'webhook_event';

export type NotifyMessage =
  | { kind: 'source'; source: NotifySource; id: string }
  | { kind: 'event'; id: string }
  | { kind: 'delivery'; id: string };

/** The console base that alerts link to: CONSOLE_URL, or the local dev server's console. */
export const consoleUrlOf = (env: Env) => env.CONSOLE_URL || 'http://127.0.0.1:8787/ops/';

/** Sends messages, logging instead of throwing: the sweep recovers what does not get through. */
export async function sendNotifyMessages(
  queue: Queue,
  messages: { body: NotifyMessage; delaySeconds?: number }[],
): Promise<void> {
  for (let i = 0; i < messages.length; i += 100) {
    try {
      await queue.sendBatch(messages.slice(i, i + 100));
    } catch (err) {
      console.error('notify enqueue failed; the sweep will pick it up', (err as Error).message);
    }
  }
}

/**
 * The one call a feature makes when something notifiable happened (a lead stored, a sync job
 * blocked, a drift finding opened, a webhook event unmatched). No D1 work, never throws.
 */
export function announce(source: NotifySource, id: string): Promise<void> {
  return announceAll(workerEnv.NOTIFY, source, [id]);
}

/** Several rows of one source in one `sendBatch` (a queue consumer's batch); never throws. */
export function announceAll(queue: Queue, source: NotifySource, ids: string[]): Promise<void> {
  return sendNotifyMessages(
    queue,
    ids.map((id) => ({ body: { kind: 'source', source, id } })),
  );
}

/** A lead row's event, or null once it is erased. */
async function leadEventOf(db: D1Database, row: LeadRow, consoleUrl: string) {
  if (row.erased_at) return null;
  const lead = leadRowToJson(row);
  return leadEvent(lead, await getTenantContext(db, lead.tenant), consoleUrl);
}

/** The event a source row amounts to now, or null (not notifiable, or gone). */
async function eventOfSource(
  env: Env,
  source: NotifySource,
  id: string,
): Promise<NewNotificationEvent | null> {
  const db = env.DB;
  const consoleUrl = consoleUrlOf(env);
  switch (source) {
    case 'lead': {
      const row = await getLead(db, id);
      return row && leadEventOf(db, row, consoleUrl);
    }
    case 'sync_job': {
      const job = await getSyncJob(db, id);
      return job && syncJobEvent(job, consoleUrl);
    }
    case 'drift_finding': {
      const finding = await getFinding(db, id);
      return finding && driftFindingEvent(finding, consoleUrl);
    }
    case 'webhook_event': {
      const event = await getEvent(db, id);
      return event && unmatchedWebhookEvent(event, consoleUrl);
    }
  }
}

/** Stores an event, fans it out and returns its new deliveries' ids. */
export async function storeEvent(
  env: Env,
  event: NewNotificationEvent,
  now: Date,
  deps: NotifyDeps,
): Promise<{ eventId: string; deliveryIds: string[] }> {
  const eventId = await eventIdFor(event.tenant, event.type, event.subject);
  const deliveryIds = await storeAndFanOut(
    env.DB,
    eventId,
    event,
    deps.scheduleSeconds.length,
    now.toISOString(),
  );
  return { eventId, deliveryIds };
}

/** Attempts deliveries side by side; returns the follow-up messages (retries, notices). */
async function attemptAll(
  env: Env,
  ids: string[],
  now: Date,
  deps: NotifyDeps,
): Promise<{ body: NotifyMessage; delaySeconds?: number }[]> {
  const followUps: { body: NotifyMessage; delaySeconds?: number }[] = [];
  await Promise.all(
    ids.map(async (id) => {
      const outcome = await attemptDelivery(env, id, now, deps);
      if (outcome.kind === 'later' && outcome.delaySeconds <= MAX_QUEUE_DELAY_SECONDS) {
        followUps.push({ body: { kind: 'delivery', id }, delaySeconds: outcome.delaySeconds });
      }
      if (outcome.kind === 'disabled') {
        const notice = await storeEvent(
          env,
          channelDisabledEvent(outcome.channel, now, consoleUrlOf(env)),
          now,
          deps,
        );
        followUps.push(
          ...notice.deliveryIds.map((d) => ({ body: { kind: 'delivery' as const, id: d } })),
        );
      }
    }),
  );
  return followUps;
}

/** Handles one message; throws only when D1 fails (the message is then retried). */
export async function handleNotifyMessage(
  env: Env,
  message: NotifyMessage,
  now: Date,
  deps: NotifyDeps = defaultNotifyDeps,
): Promise<void> {
  let ids: string[];
  if (message.kind === 'delivery') ids = [message.id];
  else if (message.kind === 'event') {
    ids = await storeAndFanOut(
      env.DB,
      message.id,
      null,
      deps.scheduleSeconds.length,
      now.toISOString(),
    );
  } else {
    const event = await eventOfSource(env, message.source, message.id);
    ids = event ? (await storeEvent(env, event, now, deps)).deliveryIds : [];
  }
  await attemptNow(env, ids, now, deps);
}

/** Attempts deliveries now and queues what follows (retries, a disabled-endpoint notice). */
export async function attemptNow(
  env: Env,
  ids: string[],
  now: Date,
  deps: NotifyDeps = defaultNotifyDeps,
): Promise<void> {
  await sendNotifyMessages(env.NOTIFY, await attemptAll(env, ids, now, deps));
}

/**
 * A batch's lead announcements together (decision 0090): their leads read in one query, their
 * events and fan-outs stored in one batch, then every new delivery attempted. Two round trips
 * before the attempts instead of two per lead; if D1 fails, every one of them is retried.
 */
async function drainLeadAnnouncements(
  env: Env,
  messages: Message<NotifyMessage>[],
  deps: NotifyDeps,
): Promise<void> {
  if (messages.length === 0) return;
  const now = new Date();
  try {
    const consoleUrl = consoleUrlOf(env);
    const rows = await getLeads(
      env.DB,
      messages.map((m) => (m.body as { id: string }).id),
    );
    const events = (
      await Promise.all(rows.map((row) => leadEventOf(env.DB, row, consoleUrl)))
    ).filter((event) => event !== null);
    const stored = await Promise.all(
      events.map(async (event) => ({
        id: await eventIdFor(event.tenant, event.type, event.subject),
        event,
      })),
    );
    const ids = await storeAndFanOutAll(
      env.DB,
      stored,
      deps.scheduleSeconds.length,
      now.toISOString(),
    );
    await attemptNow(env, ids, now, deps);
    for (const message of messages) message.ack();
  } catch (err) {
    console.error('lead announcements failed; will retry', (err as Error).message);
    for (const message of messages)
      message.retry({ delaySeconds: Math.ceil(deps.leaseMs / 1000) + 5 });
  }
}

const isLeadAnnouncement = ({ body }: Message<NotifyMessage>) =>
  body.kind === 'source' && body.source === 'lead';

export async function drainNotifyQueue(
  batch: MessageBatch<NotifyMessage>,
  env: Env,
  deps: NotifyDeps = defaultNotifyDeps,
): Promise<void> {
  await Promise.all([
    drainLeadAnnouncements(env, batch.messages.filter(isLeadAnnouncement), deps),
    ...batch.messages
      .filter((message) => !isLeadAnnouncement(message))
      .map(async (message) => {
        try {
          await handleNotifyMessage(env, message.body, new Date(), deps);
          message.ack();
        } catch (err) {
          console.error('notify message failed; will retry', (err as Error).message);
          message.retry({ delaySeconds: Math.ceil(deps.leaseMs / 1000) + 5 });
        }
      }),
  ]);
}
