/**
 * @module
 * One attempt of one delivery: claim it, send it over its channel, record what happened and say
 * when to try again. Exactly once per (event, channel) as far as PageToJob can tell: the claim
 * keeps two workers from sending it together, a delivered row is never claimed again, and every
 * retry of a webhook carries the event's id as `webhook-id` so a receiver can drop the repeat of
 * an attempt whose answer was lost.
 *
 * Outcomes (docs/notifications.md): 2xx delivered; 410 Gone fails the delivery and disables the
 * endpoint; 429/503 retry after their `Retry-After`; anything else (other statuses, timeouts,
 * network errors, redirects) retries on the schedule; after the last attempt, `failed`. An
 * endpoint whose every attempt has failed for five days is disabled; the office is emailed.
 */
import type { NotificationBody } from '../../shared/notifications.ts';
import { disableChannel, failingClockStatement, type ChannelRow } from './db/channels.ts';
import {
  cancelStatement,
  claimDelivery,
  recordAttemptStatement,
  releaseDelivery,
  type AttemptRecord,
  type ClaimedDelivery,
} from './db/deliveries.ts';
import { sendEmail } from './email.ts';
import { nextAttemptDelaySeconds, parseRetryAfter, type NotifyDeps } from './policy.ts';
import { renderEvent, slackText } from './render.ts';
import { signatureHeader } from './signing.ts';
import { postWebhook, type HttpAttempt } from './webhook-send.ts';

export type AttemptOutcome =
  | { kind: 'done' }
  /** Try again in `delaySeconds` (a retry, or a message that came before the delivery was due). */
  | { kind: 'later'; delaySeconds: number }
  /** A webhook endpoint was disabled by this attempt: tell the office. */
  | { kind: 'disabled'; channel: ChannelRow };

const encoder = new TextEncoder();

async function sendWebhook(
  env: Env,
  claimed: ClaimedDelivery,
  now: Date,
  deps: NotifyDeps,
): Promise<HttpAttempt> {
  const { channel, payload, delivery } = claimed;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'PageToJob-Webhooks/1',
  };
  let body: Uint8Array;
  if (channel.format === 'slack') {
    body = encoder.encode(
      JSON.stringify({ text: slackText(renderEvent(JSON.parse(payload) as NotificationBody)) }),
    );
  } else {
    body = encoder.encode(payload);
    const timestamp = String(Math.floor(now.getTime() / 1000));
    headers['webhook-id'] = delivery.event_id;
    headers['webhook-timestamp'] = timestamp;
    headers['webhook-signature'] = await signatureHeader(
      env.WEBHOOK_SECRET_KEY,
      channel,
      delivery.event_id,
      timestamp,
      body,
      now,
    );
  }
  return postWebhook(deps.fetch, channel.url ?? '', headers, body, deps.timeoutMs);
}

async function sendOverEmail(env: Env, claimed: ClaimedDelivery): Promise<HttpAttempt> {
  try {
    const to = JSON.parse(claimed.channel.email_to ?? '[]') as string[];
    const body = JSON.parse(claimed.payload) as NotificationBody;
    const messageId = await sendEmail(env.EMAIL, env.NOTIFY_FROM, to, body);
    return {
      ok: true,
      status: null,
      error: null,
      excerpt: `messageId ${messageId}`,
      retryAfter: null,
    };
  } catch (err) {
    const error = `email not sent: ${(err as Error).message}`.slice(0, 300);
    return { ok: false, status: null, error, excerpt: null, retryAfter: null };
  }
}

function recordFor(
  attempt: HttpAttempt,
  claimed: ClaimedDelivery,
  now: Date,
  deps: NotifyDeps,
): { record: AttemptRecord; delaySeconds: number | null } {
  const base = { httpStatus: attempt.status, error: attempt.error, excerpt: attempt.excerpt };
  if (attempt.ok)
    return { record: { ...base, status: 'delivered', nextAttemptAt: null }, delaySeconds: null };
  const attempts = claimed.delivery.attempts + 1;
  const honoured =
    attempt.status === 429 || attempt.status === 503
      ? parseRetryAfter(attempt.retryAfter, now)
      : null;
  const delaySeconds =
    attempt.status === 410
      ? null
      : nextAttemptDelaySeconds(deps, attempts, claimed.delivery.attempt_budget, honoured);
  if (delaySeconds === null)
    return { record: { ...base, status: 'failed', nextAttemptAt: null }, delaySeconds };
  const nextAttemptAt = new Date(now.getTime() + delaySeconds * 1000).toISOString();
  return { record: { ...base, status: 'retrying', nextAttemptAt }, delaySeconds };
}

/** Why the endpoint is switched off after this attempt, if it is. */
function disableReason(attempt: HttpAttempt, channel: ChannelRow, now: Date, deps: NotifyDeps) {
  if (channel.kind !== 'webhook' || attempt.ok) return null;
  if (attempt.status === 410) return 'gone: the endpoint answered 410';
  const since = channel.failing_since ? Date.parse(channel.failing_since) : now.getTime();
  return now.getTime() - since >= deps.disableAfterMs
    ? 'failing: every attempt failed for 5 days'
    : null;
}

export async function attemptDelivery(
  env: Env,
  id: string,
  now: Date,
  deps: NotifyDeps,
): Promise<AttemptOutcome> {
  const db = env.DB;
  const at = now.toISOString();
  const result = await claimDelivery(db, id, now, deps.leaseMs);
  if (!result) return { kind: 'done' };
  if ('notDue' in result) {
    return {
      kind: 'later',
      delaySeconds: Math.max(1, Math.ceil((Date.parse(result.notDue) - now.getTime()) / 1000)),
    };
  }
  const { claimed } = result;
  const { channel } = claimed;
  if (channel.deleted_at || channel.disabled_at) {
    await cancelStatement(db, { id }, at).run();
    return { kind: 'done' };
  }
  // Held while paused: resuming the channel queues its waiting deliveries again.
  if (channel.paused_at) {
    await releaseDelivery(db, id);
    return { kind: 'done' };
  }

  const attempt =
    channel.kind === 'email'
      ? await sendOverEmail(env, claimed)
      : await sendWebhook(env, claimed, now, deps);
  const { record, delaySeconds } = recordFor(attempt, claimed, now, deps);
  await db.batch([
    recordAttemptStatement(db, id, record, at),
    failingClockStatement(db, channel.id, attempt.ok, at),
  ]);
  const reason = disableReason(attempt, channel, now, deps);
  if (reason) {
    const disabled = await disableChannel(db, channel.id, reason, at);
    if (disabled) {
      await cancelStatement(db, { channelId: channel.id }, at).run();
      return { kind: 'disabled', channel: disabled };
    }
  }
  return delaySeconds === null ? { kind: 'done' } : { kind: 'later', delaySeconds };
}
