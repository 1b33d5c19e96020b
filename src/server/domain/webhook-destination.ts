/**
 * Where the service may POST webhook deliveries. Anyone with an admin token chooses the URL, so a
 * deployed service must not become a way into its own network: loopback, private, link-local
 * (where cloud metadata endpoints live), carrier-grade NAT, unique-local, multicast and reserved
 * addresses are refused, and so are names that only mean something inside a network.
 */
import ipaddr from 'ipaddr.js';

/** RFC 6761 / ICANN private-use names, mDNS, and the names cloud metadata services answer to. */
const INTERNAL_NAME_SUFFIXES = ['localhost', 'internal', 'local', 'localdomain', 'home.arpa', 'intranet', 'lan'];

const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

const RANGE_DESCRIPTIONS: Record<string, string> = {
  loopback: 'a loopback address',
  unspecified: 'an unspecified address (it reaches this machine)',
  private: 'a private network address',
  linkLocal: 'a link-local address (cloud metadata services live there)',
  carrierGradeNat: 'a carrier-grade NAT address',
  uniqueLocal: 'a unique-local address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
};

/** Why an IP address is not a public destination, or null when it is one. */
export function nonPublicAddressReason(address: string): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  // `process` turns an IPv4-mapped IPv6 address (::ffff:127.0.0.1) into the IPv4 address it is.
  const ip = ipaddr.process(address);
  const range = ip.range();
  if (range === 'unicast') {
    // Every public IPv6 address sits in 2000::/3; the rest (e.g. ::127.0.0.1) is not routable.
    if (ip.kind() === 'ipv6' && !ip.match(GLOBAL_UNICAST)) return 'a reserved address';
    return null;
  }
  return RANGE_DESCRIPTIONS[range] ?? 'a reserved address';
}

/**
 * Why a URL's host (as `URL.hostname` spells it, already normalised: `0x7f000001` and `127.1` read
 * as 127.0.0.1, IPv6 in brackets) is not a public destination, or null. A name that passes may
 * still resolve to a private address: deliveries check the resolved address again.
 */
export function nonPublicHostReason(hostname: string): string | null {
  const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  if (ipaddr.isValid(host)) return nonPublicAddressReason(host);
  const name = host.toLowerCase().replace(/\.+$/, '');
  const internal = INTERNAL_NAME_SUFFIXES.some((suffix) => name === suffix || name.endsWith(`.${suffix}`));
  // A name without a dot is completed by the server's search domains, inside its network.
  if (internal || !name.includes('.')) return 'a name that only resolves inside a network';
  return null;
}

/** The sentence a client sees, naming what is wrong and what the operator can do about it. */
export function refusedDestinationMessage(host: string, reason: string): string {
  return `url must point at a public address; ${host} is ${reason}. A server started with --allow-private-webhooks delivers inside its own network`;
}
