import { describe, expect, it } from 'vitest';
import { maskIp } from '../../../src/server/domain/ip.ts';

describe('maskIp', () => {
  it('keeps the /24 of IPv4, also when carried in IPv6', () => {
    expect(maskIp('203.0.113.77')).toBe('203.0.113.0');
    expect(maskIp('::ffff:203.0.113.77')).toBe('203.0.113.0');
  });

  it('keeps the /48 of IPv6, expanding compressed forms', () => {
    expect(maskIp('2001:db8:abcd:12:1:2:3:4')).toBe('2001:db8:abcd::');
    expect(maskIp('2001:db8::1')).toBe('2001:db8:0::');
    expect(maskIp('::1')).toBe('0:0:0::');
    expect(maskIp('fe80::1%eth0')).toBe('fe80:0:0::');
  });

  it('gives nothing for something that is not an address', () => {
    expect(maskIp('not an ip')).toBeNull();
    expect(maskIp(undefined)).toBeNull();
  });
});
