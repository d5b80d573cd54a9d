/**
 * Webhook sender for sandbox testers: builds a ServiceTitan-shaped CloudEvents envelope around an
 * event's `data`, signs it with Standard Webhooks v1 and POSTs it to the worker, printing what was
 * sent and the response. Every delivery is kept under .wrangler/webhook-cli/ so `--replay` can send
 * it again byte for byte. Runs directly under Node 24 (type stripping): the signing code is the
 * edge's own (edge/webhooks/verify/standard-webhooks.ts), plain WebCrypto.
 *
 *   npm run webhook -- send --type tn.crm.booking-updated --set booking.externalId=ptj-ld_…
 *   npm run webhook -- help
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEMO_WEBHOOK_SECRET } from '../edge/seed/demo-webhook-secret.ts';
import { DEMO_TENANT } from '../edge/seed/desert-peak.ts';
import { base64ToBytes, bytesToBase64 } from '../edge/lib/encoding.ts';
import { decodeSecret, importHmacKey } from '../edge/webhooks/verify/secret-format.ts';
import { signWebhook } from '../edge/webhooks/verify/standard-webhooks.ts';
import { cloudEventEnvelope, isWebhookEventType } from '../shared/webhook-events.ts';

const ROOT = new URL('../', import.meta.url);
const DELIVERIES = new URL('.wrangler/webhook-cli/', ROOT);
const DEFAULT_URL = 'http://127.0.0.1:8787';

const USAGE = `Usage: npm run webhook -- send [options]

Builds a CloudEvents envelope around --data, signs it (Standard Webhooks v1) and POSTs it to
<url>/v1/webhooks/<tenant>. Prints the request and the response.

  --tenant <slug>          tenant (default ${DEMO_TENANT})
  --type <type>            event type, e.g. tn.crm.booking-updated
  --data <file.json>       the event's data (default examples/webhooks/<type>.json)
  --set <path=value>       change one data field, e.g. --set booking.externalId=ptj-ld_abc
                           (repeatable; the value is parsed as JSON when it is JSON)
  --occurrence <id>        CloudEvents userassignedid (default: random)
  --body <file>            send this file as the raw body instead of an envelope
  --url <base>             worker URL (default $PAGETOJOB_URL or ${DEFAULT_URL})
  --secret <whsec_…>       signing secret (default $WEBHOOK_SECRET, else the ${DEMO_TENANT}
                           sandbox secret)
  --id <webhook-id>        webhook-id header (default msg_<random>)
  --timestamp <t>          webhook-timestamp: Unix seconds, or now-<s> / now+<s> (default now)
  --content-type <type>    Content-Type header (default application/json)
  --unsigned               omit the webhook-signature header
  --svix                   use svix-id / svix-timestamp / svix-signature header names
  --replay <id|last>       send a delivery this CLI made before again, byte for byte;
                           with --id, --timestamp or --secret it is signed again instead
  --dry-run                print the request without sending it
`;

interface Delivery {
  url: string;
  headers: Record<string, string>;
  /** base64: the body exactly as sent. */
  body: string;
  webhookId: string;
  timestamp: string;
}

class UsageError extends Error {}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`${path}: ${(err as Error).message}`);
  }
}

/** `a.b.c=value` applied to `target`; the value is JSON when it parses, a string otherwise. */
function setPath(target: Record<string, unknown>, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set expects path=value, got "${assignment}"`);
  const keys = assignment.slice(0, eq).split('.');
  const raw = assignment.slice(eq + 1);
  let value: unknown = raw;
  try {
    value = JSON.parse(raw);
  } catch {
    // Not JSON: keep the text (externalIds, names).
  }
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null)
      throw new UsageError(`--set: no object at "${key}"`);
    node = next as Record<string, unknown>;
  }
  node[keys.at(-1) ?? ''] = value;
}

function resolveTimestamp(spec: string | undefined): string {
  const now = Math.floor(Date.now() / 1000);
  if (spec === undefined || spec === 'now') return String(now);
  const relative = /^now([+-])(\d+)$/.exec(spec);
  if (relative) return String(now + (relative[1] === '+' ? 1 : -1) * Number(relative[2]));
  // Anything else is sent as given, so a malformed timestamp can be tested too.
  return spec;
}

function randomId(prefix: string): string {
  return `${prefix}${crypto.randomUUID().replaceAll('-', '')}`;
}

type Options = ReturnType<typeof parseOptions>['values'];

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      tenant: { type: 'string', default: DEMO_TENANT },
      type: { type: 'string' },
      data: { type: 'string' },
      set: { type: 'string', multiple: true, default: [] },
      occurrence: { type: 'string' },
      body: { type: 'string' },
      url: { type: 'string', default: process.env.PAGETOJOB_URL || DEFAULT_URL },
      secret: { type: 'string' },
      id: { type: 'string' },
      timestamp: { type: 'string' },
      'content-type': { type: 'string', default: 'application/json' },
      unsigned: { type: 'boolean', default: false },
      svix: { type: 'boolean', default: false },
      replay: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
}

function buildBody(options: Options): Uint8Array {
  if (options.body) return new Uint8Array(readFileSync(options.body));
  const type = options.type;
  if (!type) throw new UsageError('--type is required (or --body / --replay)');
  if (!isWebhookEventType(type)) console.warn(`note: ${type} is not a registered type; expect 422`);
  const dataFile = options.data ?? new URL(`examples/webhooks/${type}.json`, ROOT).pathname;
  if (!existsSync(dataFile)) throw new UsageError(`no data file ${dataFile}; pass --data`);
  const data = readJson(dataFile);
  if (typeof data !== 'object' || data === null)
    throw new UsageError(`${dataFile} is not a JSON object`);
  for (const assignment of options.set) setPath(data as Record<string, unknown>, assignment);
  const envelope = cloudEventEnvelope(
    type,
    data,
    options.occurrence ? { userassignedid: options.occurrence } : {},
  );
  return new TextEncoder().encode(JSON.stringify(envelope));
}

async function signatureFor(
  options: Options,
  webhookId: string,
  timestamp: string,
  body: Uint8Array,
) {
  const secret = options.secret ?? (process.env.WEBHOOK_SECRET || DEMO_WEBHOOK_SECRET);
  const bytes = decodeSecret(secret);
  if (!bytes) throw new UsageError('--secret must be "whsec_" + base64 of 24 to 64 bytes');
  return signWebhook(await importHmacKey(bytes, 'sign'), webhookId, timestamp, body);
}

function headerNames(svix: boolean) {
  const prefix = svix ? 'svix' : 'webhook';
  return { id: `${prefix}-id`, timestamp: `${prefix}-timestamp`, signature: `${prefix}-signature` };
}

async function newDelivery(options: Options): Promise<Delivery> {
  const body = buildBody(options);
  const webhookId = options.id ?? randomId('msg_');
  const timestamp = resolveTimestamp(options.timestamp);
  const names = headerNames(options.svix);
  const headers: Record<string, string> = {
    'content-type': options['content-type'],
    [names.id]: webhookId,
    [names.timestamp]: timestamp,
  };
  if (!options.unsigned)
    headers[names.signature] = await signatureFor(options, webhookId, timestamp, body);
  const url = `${options.url.replace(/\/+$/, '')}/v1/webhooks/${encodeURIComponent(options.tenant)}`;
  return { url, headers, body: bytesToBase64(body), webhookId, timestamp };
}

function loadDelivery(ref: string): Delivery {
  const id = ref === 'last' ? readFileSync(new URL('last', DELIVERIES), 'utf8').trim() : ref;
  const file = new URL(`${id}.json`, DELIVERIES);
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(id) || !existsSync(file)) {
    throw new UsageError(`no stored delivery "${ref}" in .wrangler/webhook-cli/`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Delivery;
}

/** A stored delivery, as it was or signed again with a new id, timestamp or secret. */
async function replayDelivery(options: Options, ref: string): Promise<Delivery> {
  const stored = loadDelivery(ref);
  if (!options.id && !options.timestamp && !options.secret) return stored;
  const body = base64ToBytes(stored.body) ?? new Uint8Array(0);
  const webhookId = options.id ?? stored.webhookId;
  const timestamp = options.timestamp ? resolveTimestamp(options.timestamp) : stored.timestamp;
  const names = headerNames('svix-id' in stored.headers);
  const headers: Record<string, string> = {
    ...stored.headers,
    [names.id]: webhookId,
    [names.timestamp]: timestamp,
    [names.signature]: await signatureFor(options, webhookId, timestamp, body),
  };
  return { ...stored, headers, webhookId, timestamp };
}

function remember(delivery: Delivery): void {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(delivery.webhookId)) return;
  mkdirSync(DELIVERIES, { recursive: true });
  writeFileSync(
    new URL(`${delivery.webhookId}.json`, DELIVERIES),
    JSON.stringify(delivery, null, 2),
  );
  writeFileSync(new URL('last', DELIVERIES), delivery.webhookId);
}

function printRequest(delivery: Delivery, body: Uint8Array): void {
  console.log(`→ POST ${delivery.url}`);
  for (const [name, value] of Object.entries(delivery.headers)) console.log(`  ${name}: ${value}`);
  const text = new TextDecoder().decode(body);
  console.log(`  (${body.length} bytes) ${text.length > 400 ? `${text.slice(0, 400)}…` : text}`);
}

async function send(args: string[]): Promise<void> {
  const { values: options } = parseOptions(args);
  const delivery = options.replay
    ? await replayDelivery(options, options.replay)
    : await newDelivery(options);
  const body = base64ToBytes(delivery.body) ?? new Uint8Array(0);
  printRequest(delivery, body);
  if (options['dry-run']) return;
  remember(delivery);
  const response = await fetch(delivery.url, { method: 'POST', headers: delivery.headers, body });
  console.log(`← ${response.status} ${response.statusText}`);
  const retryAfter = response.headers.get('retry-after');
  if (retryAfter) console.log(`  retry-after: ${retryAfter}`);
  const text = await response.text();
  try {
    console.log(JSON.stringify(JSON.parse(text), null, 2));
  } catch {
    console.log(text);
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'send') {
    await send(rest);
    return 0;
  }
  console.log(USAGE);
  return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error & { code?: string }) => {
    // fetch failures put the reason (e.g. ECONNREFUSED: is the worker running?) in `cause`.
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    console.error(`error: ${err.message}${cause}`);
    const usage = err instanceof UsageError || err.code?.startsWith('ERR_PARSE_ARGS') === true;
    process.exit(usage ? 2 : 1);
  },
);
