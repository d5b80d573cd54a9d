/**
 * scripts/webhook.ts run as testers run it (plain Node 24, no bundler) against a local HTTP
 * server that records what arrives: the request is a CloudEvents envelope around the example data,
 * signed so that the official `standardwebhooks` package verifies it; overrides, replay and the
 * printed response behave as documented.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_WEBHOOK_SECRET } from '../../edge/seed/demo-webhook-secret.ts';

const run = promisify(execFile);
const CLI = new URL('../../scripts/webhook.ts', import.meta.url).pathname;
const ROOT = new URL('../../', import.meta.url).pathname;

interface Received {
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let base: string;
const received: Received[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'accepted', eventId: 'whe_test', state: 'pending' }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => {
  server.close();
});

async function cli(...args: string[]) {
  const { stdout } = await run(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, WEBHOOK_SECRET: '' },
  });
  return { stdout, request: received.at(-1) as Received };
}

const signatureHeaders = (h: IncomingHttpHeaders) => ({
  'webhook-id': String(h['webhook-id']),
  'webhook-timestamp': String(h['webhook-timestamp']),
  'webhook-signature': String(h['webhook-signature']),
});

describe('npm run webhook -- send', () => {
  it('sends a signed envelope around the example data that standardwebhooks verifies', async () => {
    const { stdout, request } = await cli(
      'send',
      '--url',
      base,
      '--type',
      'tn.crm.booking-updated',
      '--set',
      'booking.externalId=ptj-ld_abc',
      '--set',
      'booking.jobId=777',
    );
    expect(request.url).toBe('/v1/webhooks/desert-peak');
    expect(request.headers['content-type']).toBe('application/json');
    const event = new Webhook(DEMO_WEBHOOK_SECRET).verify(
      request.body,
      signatureHeaders(request.headers),
    ) as {
      specversion: string;
      type: string;
      source: string;
      userassignedid: string;
      data: { booking: { externalId: string; jobId: number; status: string } };
    };
    expect(event).toMatchObject({
      specversion: '1.0',
      type: 'tn.crm.booking-updated',
      source: 'https://webhooks.servicetitan.io',
    });
    expect(event.data.booking).toMatchObject({
      externalId: 'ptj-ld_abc',
      jobId: 777,
      status: 'Converted',
    });
    expect(event.userassignedid).toBeTruthy();
    expect(stdout).toContain('← 202');
    expect(stdout).toContain('"eventId": "whe_test"');
  });

  it('honours --id, --timestamp=now-N, --secret, --tenant and --occurrence', async () => {
    const secret = 'whsec_Y2xpLXRlc3Qtc2VjcmV0LW9mLXRoaXJ0eS10d28hIQ==';
    const before = Math.floor(Date.now() / 1000);
    const { request } = await cli(
      'send',
      '--url',
      base,
      '--tenant',
      'acme',
      '--type',
      'tn.jpm.job-completed',
      '--id',
      'msg_fixed_1',
      '--timestamp=now-600',
      '--secret',
      secret,
      '--occurrence',
      'occ-1',
    );
    expect(request.url).toBe('/v1/webhooks/acme');
    expect(request.headers['webhook-id']).toBe('msg_fixed_1');
    expect(
      Math.abs(Number(request.headers['webhook-timestamp']) - (before - 600)),
    ).toBeLessThanOrEqual(2);
    expect(JSON.parse(request.body)).toMatchObject({ userassignedid: 'occ-1' });
    // Signed with --secret (verified here without the library's clock check).
    const expected = new Webhook(secret).sign(
      'msg_fixed_1',
      new Date(Number(request.headers['webhook-timestamp']) * 1000),
      request.body,
    );
    expect(request.headers['webhook-signature']).toBe(expected);
  });

  it('--replay last resends the previous delivery byte for byte; with --id it is re-signed', async () => {
    const { request: original } = await cli(
      'send',
      '--url',
      base,
      '--type',
      'tn.acc.invoice-posted',
    );
    const { request: replayed } = await cli('send', '--replay', 'last');
    expect(replayed.body).toBe(original.body);
    expect(signatureHeaders(replayed.headers)).toEqual(signatureHeaders(original.headers));

    const { request: renamed } = await cli(
      'send',
      '--replay',
      String(original.headers['webhook-id']),
      '--id',
      'msg_replayed_2',
    );
    expect(renamed.body).toBe(original.body);
    expect(renamed.headers['webhook-id']).toBe('msg_replayed_2');
    expect(() =>
      new Webhook(DEMO_WEBHOOK_SECRET).verify(renamed.body, signatureHeaders(renamed.headers)),
    ).not.toThrow();
  });

  it('--unsigned, --svix, --content-type and --body shape the request as asked', async () => {
    const { request: unsigned } = await cli(
      'send',
      '--url',
      base,
      '--type',
      'tn.dis.zone-updated',
      '--unsigned',
    );
    expect(unsigned.headers['webhook-signature']).toBeUndefined();
    expect(unsigned.headers['webhook-id']).toBeTruthy();

    const { request: svix } = await cli(
      'send',
      '--url',
      base,
      '--type',
      'tn.dis.zone-deleted',
      '--svix',
      '--content-type',
      'text/plain',
    );
    expect(svix.headers['svix-signature']).toMatch(/^v1,/);
    expect(svix.headers['webhook-id']).toBeUndefined();
    expect(svix.headers['content-type']).toBe('text/plain');

    const { request: raw } = await cli('send', '--url', base, '--body', 'package.json');
    expect(JSON.parse(raw.body)).toMatchObject({ name: 'pagetojob' });
  });

  it('--dry-run prints the signed request without sending it', async () => {
    const count = received.length;
    const { stdout } = await cli(
      'send',
      '--url',
      base,
      '--type',
      'tn.crm.lead-created',
      '--dry-run',
    );
    expect(received).toHaveLength(count);
    expect(stdout).toMatch(/webhook-signature: v1,[A-Za-z0-9+/]{43}=/);
  });

  it('exits 2 with a message on a usage error', async () => {
    const failure = await run(process.execPath, [CLI, 'send', '--url', base], { cwd: ROOT }).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect(failure).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--type is required'),
    });
  });
});
