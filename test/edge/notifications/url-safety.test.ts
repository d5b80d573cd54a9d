/**
 * The URL rules of webhook channels: the table of refused URLs, each with its reason, and the
 * 422 with the field path the admin API answers for a refused URL or an unknown event name.
 */
import { describe, expect, it } from 'vitest';
import { refuseUrl } from '../../../edge/notifications/url-safety.ts';
import { ADMIN, call } from '../../helpers/api.ts';

const REFUSED: [url: string, reason: string][] = [
  ['http://hooks.example.com/x', 'not_https'],
  ['ftp://hooks.example.com/x', 'not_https'],
  ['https://user:pass@hooks.example.com/x', 'credentials_in_url'],
  ['https://token@hooks.example.com/x', 'credentials_in_url'],
  ['https://127.0.0.1/x', 'ip_literal'],
  ['https://10.0.0.8/x', 'ip_literal'],
  ['https://192.168.1.1/x', 'ip_literal'],
  ['https://169.254.169.254/latest/meta-data', 'ip_literal'],
  ['https://0x7f.1/x', 'ip_literal'],
  ['https://2130706433/x', 'ip_literal'],
  ['https://[::1]/x', 'ip_literal'],
  ['https://[::ffff:127.0.0.1]/x', 'ip_literal'],
  ['https://[fd00::1]/x', 'ip_literal'],
  ['https://localhost/x', 'local_name'],
  ['https://api.localhost/x', 'local_name'],
  ['https://printer.local/x', 'local_name'],
  ['https://metadata.google.internal/x', 'local_name'],
  ['https://router.home.arpa/x', 'local_name'],
  ['https://intranet/x', 'not_a_dns_name'],
  ['not a url', 'invalid_url'],
  ['/relative/path', 'invalid_url'],
];

const ALLOWED = [
  'https://hooks.example.com/pagetojob',
  'https://hooks.slack.com/services/T000/B000/XXXX',
  'https://example.com:8443/x?y=1',
  'https://receiver.fake/any',
];

describe('webhook URL rules', () => {
  for (const [url, reason] of REFUSED) {
    it(`refuses ${url} (${reason})`, () => {
      expect(refuseUrl(url, false)).toBe(reason);
      // Local http is about 127.0.0.1 over http with a port, nothing else.
      if (!url.startsWith('http://127.0.0.1:')) expect(refuseUrl(url, true)).toBe(reason);
    });
  }
  for (const url of ALLOWED) {
    it(`allows ${url}`, () => expect(refuseUrl(url, false)).toBeNull());
  }
  it('allows http://127.0.0.1:<port> only when local http is on', () => {
    expect(refuseUrl('http://127.0.0.1:8788/hook', false)).toBe('not_https');
    expect(refuseUrl('http://127.0.0.1:8788/hook', true)).toBeNull();
    expect(refuseUrl('http://127.0.0.1/hook', true)).toBe('not_https');
    expect(refuseUrl('http://localhost:8788/hook', true)).toBe('not_https');
  });
});

async function create(body: unknown) {
  const res = await call('/v1/admin/notifications/desert-peak/channels', {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

describe('channel validation through the API', () => {
  it('answers 422 with the url path for a refused URL', async () => {
    const res = await create({ kind: 'webhook', url: 'https://169.254.169.254/x' });
    expect(res.status).toBe(422);
    expect(res.body.issues).toEqual([
      { path: ['url'], code: 'ip_literal', message: expect.any(String) },
    ]);
  });

  it('answers 422 with the path of an unknown event name', async () => {
    const res = await create({
      kind: 'email',
      to: ['office@example.com'],
      events: ['lead.received', 'lead.exploded'],
    });
    expect(res.status).toBe(422);
    expect(res.body.issues[0].path).toEqual(['events', 1]);
  });

  it('answers 422 for a bad recipient, an unknown kind and an unknown field', async () => {
    expect((await create({ kind: 'email', to: ['not-an-email'] })).body.issues[0].path).toEqual([
      'to',
      0,
    ]);
    expect((await create({ kind: 'sms', to: ['x'] })).status).toBe(422);
    const extra = await create({ kind: 'email', to: ['a@example.com'], cc: ['b@example.com'] });
    expect(extra.status).toBe(422);
  });
});
