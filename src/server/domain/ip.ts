import { isIPv4, isIPv6 } from 'node:net';

/**
 * Per-request IPs are shown masked, never whole: IPv4 keeps its /24, IPv6 its /48. An IPv4 address
 * carried in IPv6 (`::ffff:203.0.113.7`) is masked as the IPv4 address it is.
 */
export function maskIp(address: string | null | undefined): string | null {
  if (!address) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const candidate = mapped?.[1] ?? address;
  if (isIPv4(candidate)) {
    const [a, b, c] = candidate.split('.');
    return `${a}.${b}.${c}.0`;
  }
  return ipv6Prefix(candidate, 3);
}

/** The first `groups` 16-bit groups of an IPv6 address, as `a:b:c::`; null if it is not one. */
export function ipv6Prefix(address: string, groups: number): string | null {
  const withoutZone = address.split('%')[0] ?? address;
  if (!isIPv6(withoutZone)) return null;
  const expanded = expandIPv6(withoutZone);
  if (expanded === null) return null;
  return `${expanded
    .slice(0, groups)
    .map((g) => g.toString(16))
    .join(':')}::`;
}

function expandIPv6(address: string): number[] | null {
  let text = address;
  // An embedded dotted quad (other than the mapped form handled above) fills the last 32 bits.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const parts = dotted[1].split('.').map(Number);
    const hi = (((parts[0] ?? 0) << 8) | (parts[1] ?? 0)).toString(16);
    const lo = (((parts[2] ?? 0) << 8) | (parts[3] ?? 0)).toString(16);
    text = text.slice(0, -dotted[1].length) + `${hi}:${lo}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === undefined && missing !== 0) return null;
  const all = [...headGroups, ...Array<string>(Math.max(missing, 0)).fill('0'), ...tailGroups];
  return all.map((g) => parseInt(g, 16));
}
