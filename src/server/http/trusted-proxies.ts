import { BlockList, isIP } from 'node:net';

/**
 * Which hops of X-Forwarded-For belong to the operator's own reverse proxies. Each proxy appends
 * the address it received the request from, so the client is the first hop from the right that is
 * not one of them; everything left of it was written by the client and proves nothing.
 * - `hops`: that many proxies stand in front of the server (the socket's peer counts as the first),
 *   for a server only reachable through them.
 * - `addresses`: the proxies' own addresses or CIDR ranges; any other peer is the client itself.
 *
 * Trusting whole private ranges instead would let a client inside the network append a private
 * address after one it made up, and pose as anyone.
 */
export type TrustedProxies = { hops: number } | { addresses: readonly string[] };

/** More proxies than this in front of one server is a typo, not a deployment. */
const MAX_HOPS = 16;

export const TRUSTED_PROXIES_USAGE =
  'a number of proxies (1 when given alone) or a comma-separated list of the proxies\u2019 addresses ' +
  'and CIDR ranges, such as 10.0.0.5,10.0.0.0/8';

/** `2`, or `10.0.0.5, 10.0.0.0/8, fd00::/8`; null when it is neither. */
export function parseTrustedProxies(text: string): TrustedProxies | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    const hops = Number(trimmed);
    return hops >= 1 && hops <= MAX_HOPS ? { hops } : null;
  }
  const addresses = trimmed.split(',').map((entry) => entry.trim());
  return addresses.every(isAddressOrRange) ? { addresses } : null;
}

/** The `trust(address, hop)` function Fastify asks about each hop, the socket's peer being hop 0. */
export function trustFunction(trusted: TrustedProxies): (address: string, hop: number) => boolean {
  if ('hops' in trusted) return (_address, hop) => hop < trusted.hops;
  const proxies = new BlockList();
  for (const entry of trusted.addresses) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) proxies.addAddress(address, family);
    else proxies.addSubnet(address, Number(prefix), family);
  }
  return (address) => {
    const family = isIP(address);
    return family !== 0 && proxies.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
}

function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32);
}
