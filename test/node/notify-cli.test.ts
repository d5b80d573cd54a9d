/**
 * scripts/notify.ts as users run it: a real listener process on a free port that verifies
 * deliveries with the standardwebhooks package — a correctly signed one is accepted and printed, a
 * tampered one answers 401, a Slack-format body passes unsigned, --status forces an answer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';

const CLI = new URL('../../scripts/notify.ts', import.meta.url).pathname;
const SECRET = 'whsec_ZGVzZXJ0LXBlYWstc2FuZGJveC1zaWduaW5nLWtleSE=';
const running: ChildProcess[] = [];

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startListener(args: string[]) {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, 'listen', '--port', String(port), ...args]);
  running.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve) => {
    const check = () => (output.includes('Listening on') ? resolve() : setTimeout(check, 50));
    check();
  });
  return { url: `http://127.0.0.1:${port}/`, output: () => output };
}

function signed(body: string, id = 'msg_cli1') {
  const at = new Date();
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(SECRET).sign(id, at, body),
  };
}

afterEach(() => {
  for (const child of running.splice(0)) child.kill();
});

describe('npm run notify -- listen', () => {
  it('verifies a signed delivery and prints it; refuses a tampered one', async () => {
    const listener = await startListener(['--secret', SECRET]);
    const body = JSON.stringify({
      type: 'lead.received',
      timestamp: 'x',
      data: { leadId: 'ld_1' },
    });
    const ok = await fetch(listener.url, { method: 'POST', headers: signed(body), body });
    expect(ok.status).toBe(200);
    const bad = await fetch(listener.url, {
      method: 'POST',
      headers: signed(body),
      body: body.replace('ld_1', 'ld_2'),
    });
    expect(bad.status).toBe(401);
    expect(listener.output()).toContain('signature verified msg_cli1: lead.received');
    expect(listener.output()).toContain('signature check failed');
  });

  it('prints Slack-format bodies unsigned, and --status forces the answer', async () => {
    const listener = await startListener(['--status', '503']);
    const res = await fetch(listener.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: '*Emergency AC repair request — Jane Smith, 85004*\n…' }),
    });
    expect(res.status).toBe(503);
    expect(listener.output()).toContain('unsigned (Slack format): *Emergency AC repair request');
  });
});
