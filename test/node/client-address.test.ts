/**
 * The client address key (edge/lib/client-address.ts): IPv4 as given, IPv6 on its /64 however the
 * address is written, IPv4-mapped IPv6 as the IPv4 address.
 */
import { describe, expect, it } from 'vitest';
import { clientAddressKey } from '../../edge/lib/client-address.ts';

describe('clientAddressKey', () => {
  it('keeps an IPv4 address unchanged', () => {
    expect(clientAddressKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('keys every address of one IPv6 /64 alike, compressed or expanded', () => {
    const forms = [
      '2001:db8:1:2:3:4:5:6',
      '2001:0db8:0001:0002:ffff:ffff:ffff:ffff',
      '2001:DB8:1:2::9',
      '2001:db8:1:2::',
      '[2001:db8:1:2::1]',
      '2001:db8:1:2::1%eth0',
    ];
    expect(new Set(forms.map(clientAddressKey))).toEqual(new Set(['2001:db8:1:2::/64']));
  });

  it('keeps neighbouring /64s apart', () => {
    expect(clientAddressKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(clientAddressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
  });

  it('reads an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(clientAddressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientAddressKey('::FFFF:cb00:7107')).toBe('203.0.113.7');
    expect(clientAddressKey('0:0:0:0:0:ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('parses a dotted tail on other prefixes (NAT64) into the /64', () => {
    expect(clientAddressKey('64:ff9b::203.0.113.7')).toBe('64:ff9b:0:0::/64');
  });

  it('returns what it cannot parse as given', () => {
    for (const odd of ['unknown', '2001:db8::1::2', '1:2:3:4:5:6:7:8:9', '::ffff:300.1.1.1', '']) {
      expect(clientAddressKey(odd)).toBe(odd);
    }
  });
});
