/**
 * @module
 * The key a client address is counted under (rate limits, the webhook rejection log). An IPv4
 * address is its own key; an IPv6 client is keyed on its /64, because one subscriber (or one
 * rented server) is routinely given a whole /64 and could otherwise rotate through 2^64 keys.
 * IPv4-mapped IPv6 (`::ffff:192.0.2.1`) is the IPv4 address it maps.
 */

const HEXTET = /^[0-9a-f]{1,4}$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function ipv4Octets(text: string): number[] | null {
  const match = IPV4.exec(text);
  if (!match) return null;
  const octets = match.slice(1).map(Number);
  return octets.every((o) => o <= 255) ? octets : null;
}

function hextets(part: string): number[] | null {
  if (part === '') return [];
  const groups = part.split(':');
  return groups.every((g) => HEXTET.test(g)) ? groups.map((g) => parseInt(g, 16)) : null;
}

/** The eight 16-bit groups of an IPv6 address (compressed, expanded, dotted tail), or null. */
function ipv6Groups(address: string): number[] | null {
  let text = address
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  // A dotted IPv4 tail (`::ffff:192.0.2.1`, `64:ff9b::192.0.2.1`) is the last two groups.
  const tail = /:(\d+(?:\.\d+)+)$/.exec(text)?.[1];
  if (tail) {
    const o = ipv4Octets(tail);
    if (!o) return null;
    const hex = [(o[0]! << 8) | o[1]!, (o[2]! << 8) | o[3]!].map((g) => g.toString(16));
    text = `${text.slice(0, -tail.length)}${hex.join(':')}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = hextets(halves[0] ?? '');
  const rest = hextets(halves[1] ?? '');
  if (!head || !rest) return null;
  const count = head.length + rest.length;
  if (halves.length === 1) return count === 8 ? head : null;
  return count <= 7 ? [...head, ...new Array<number>(8 - count).fill(0), ...rest] : null;
}

/**
 * `203.0.113.7` → `203.0.113.7`; `2001:db8:1:2:3:4:5:6` and `2001:0db8:0001:0002::9` →
 * `2001:db8:1:2::/64`; `::ffff:203.0.113.7` → `203.0.113.7`. Anything else is returned as given
 * (the header comes from Cloudflare, so that is only ever a missing-header placeholder).
 */
export function clientAddressKey(address: string): string {
  if (ipv4Octets(address)) return address;
  const groups = ipv6Groups(address);
  if (!groups) return address;
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6]! >> 8, groups[6]! & 0xff, groups[7]! >> 8, groups[7]! & 0xff].join('.');
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(':')}::/64`;
}
