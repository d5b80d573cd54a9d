/**
 * @module
 * `npm run notify -- listen`: a local receiver for PageToJob's outbound webhooks, the counterpart
 * of `npm run webhook`. It verifies each delivery with the published `standardwebhooks` package —
 * exactly what a contractor's developer would use — and prints the event. Slack-format channels
 * (`{"text": …}`, unsigned) are printed as they come. Runs directly under Node 24.
 *
 *   npm run notify -- listen --secret whsec_…      then add a channel with the URL it prints
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { Webhook } from 'standardwebhooks';

const DEFAULT_PORT = 8788;

const USAGE = `Usage: npm run notify -- listen [options]

Listens on http://127.0.0.1:<port>/ for PageToJob notification webhooks, verifies each with the
standardwebhooks package and prints it. Answers 200 when it verifies (or for an unsigned Slack-
format body), 401 when the signature does not hold.

  --port <n>           port (default ${DEFAULT_PORT})
  --secret <whsec_…>   the channel's signing secret, shown once when the channel was created
                       (default $NOTIFY_SECRET); without it deliveries are printed unverified
  --status <code>      answer every delivery with this status instead (try 503 or 410 to watch
                       retries and disabling in the console)
`;

export interface Verdict {
  status: number;
  line: string;
}

/** What the receiver answers and prints for one delivery. */
export function judge(
  secret: string | undefined,
  headers: Record<string, string>,
  body: string,
  forcedStatus: number | undefined,
): Verdict {
  let parsed: Record<string, any> = {};
  try {
    parsed = JSON.parse(body) as Record<string, any>;
  } catch {
    return { status: 400, line: `✗ not JSON (${body.length} bytes)` };
  }
  const signed = 'webhook-signature' in headers;
  let check = 'unsigned (Slack format)';
  if (signed && secret) {
    try {
      new Webhook(secret).verify(body, headers);
      check = 'signature verified';
    } catch (err) {
      return { status: 401, line: `✗ signature check failed: ${(err as Error).message}` };
    }
  } else if (signed) check = 'signed, NOT verified (no --secret)';
  const summary =
    typeof parsed.text === 'string'
      ? parsed.text.split('\n')[0]
      : `${String(parsed.type)} ${JSON.stringify(parsed.data ?? {}).slice(0, 300)}`;
  const id = headers['webhook-id'] ? ` ${headers['webhook-id']}` : '';
  return { status: forcedStatus ?? 200, line: `✓ ${check}${id}: ${summary}` };
}

function listen(port: number, secret: string | undefined, forcedStatus: number | undefined) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [
          k,
          Array.isArray(v) ? v.join(', ') : (v ?? ''),
        ]),
      );
      const verdict = judge(secret, headers, Buffer.concat(chunks).toString('utf8'), forcedStatus);
      console.log(
        `${new Date().toISOString()} ${req.method} ${req.url} → ${verdict.status}  ${verdict.line}`,
      );
      res.writeHead(verdict.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ received: verdict.status < 300 }));
    });
  });
  server.listen(port, '127.0.0.1', () => {
    console.log(`Listening on http://127.0.0.1:${port}/ ${secret ? '(verifying signatures)' : '(no --secret: not verifying)'}
Add it as a channel (npm start allows http://127.0.0.1 locally):
  curl -X POST -H "Authorization: Bearer $(grep ADMIN_TOKEN .dev.vars | cut -d= -f2-)" \\
    -H 'content-type: application/json' http://127.0.0.1:8787/v1/admin/notifications/desert-peak/channels \\
    -d '{"kind":"webhook","url":"http://127.0.0.1:${port}/","format":"standard"}'
then restart this listener with --secret set to the "secret" in the answer.`);
  });
}

if (import.meta.main) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      secret: { type: 'string' },
      status: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || positionals[0] !== 'listen') {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const port = Number(values.port ?? DEFAULT_PORT);
  const status = values.status === undefined ? undefined : Number(values.status);
  if (!Number.isInteger(port) || (status !== undefined && !(status >= 200 && status <= 599))) {
    console.error(USAGE);
    process.exit(2);
  }
  listen(port, values.secret ?? process.env.NOTIFY_SECRET, status);
}
