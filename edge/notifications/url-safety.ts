/**
 * @module
 * Which webhook URLs PageToJob will call. An endpoint URL comes from an operator, and the worker
 * POSTs to it: refusing everything but `https://` to a public DNS name keeps the worker from being
 * pointed at itself, at cloud metadata addresses or at a private network. IP literals are refused
 * outright (which covers every private and reserved range, in any of the spellings the URL parser
 * normalises: `0x7f.1`, `2130706433`, `[::ffff:127.0.0.1]`), as are `localhost`, special-use
 * names and credentials in the URL. A name that resolves to a private address is not reachable
 * from Cloudflare's network either. Locally (`NOTIFY_ALLOW_LOCAL_HTTP=true`, set by `npm start`)
 * `http://127.0.0.1:<port>` is allowed too, for `npm run notify -- listen`.
 */
import type { Issue } from '../../shared/api.ts';

/** Special-use names (RFC 6761, 6762, 8375) that never name a public host. */
const SPECIAL_SUFFIXES = ['localhost', 'local', 'internal', 'invalid', 'arpa', 'home', 'lan'];
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
// One or more labels of letters, digits and hyphens, then a top-level label that is not all digits.
const DNS_NAME = /^(?!-)([a-z0-9-]{1,63}\.)+[a-z][a-z0-9-]{0,62}$/;

export type UrlRefusal =
  | 'invalid_url'
  | 'not_https'
  | 'credentials_in_url'
  | 'ip_literal'
  | 'local_name'
  | 'not_a_dns_name';

const MESSAGES: Record<UrlRefusal, string> = {
  invalid_url: 'Enter an absolute URL, e.g. https://hooks.example.com/pagetojob',
  not_https: 'Only https:// URLs are called',
  credentials_in_url: 'Put no user name or password in the URL',
  ip_literal: 'Use a DNS name, not an IP address',
  local_name: 'localhost and special-use names are not reachable',
  not_a_dns_name: 'Use a public DNS name such as hooks.example.com',
};

/** Why `raw` may not be called, or null when it may. */
export function refuseUrl(raw: string, allowLocalHttp: boolean): UrlRefusal | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'invalid_url';
  }
  if (url.username !== '' || url.password !== '') return 'credentials_in_url';
  // Local development only: the CLI receiver on the loopback address, with an explicit port.
  if (allowLocalHttp && url.protocol === 'http:' && url.hostname === '127.0.0.1' && url.port) {
    return null;
  }
  if (url.protocol !== 'https:') return 'not_https';
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[') || IPV4.test(host)) return 'ip_literal';
  const top = host.split('.').at(-1) ?? '';
  if (SPECIAL_SUFFIXES.includes(top) || host === 'localhost') return 'local_name';
  if (!DNS_NAME.test(host)) return 'not_a_dns_name';
  return null;
}

/** The refusal as an API issue at `path` (422 `invalid_url`). */
export function urlIssue(refusal: UrlRefusal, path: (string | number)[] = ['url']): Issue {
  return { path, code: refusal, message: MESSAGES[refusal] };
}
