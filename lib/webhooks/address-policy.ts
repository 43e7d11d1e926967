import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook may not reach unless an admin allows the private network: what an outsider could use to make
 * the server call itself, its neighbours or the cloud metadata service (SSRF). IPv4-mapped IPv6 (::ffff:a.b.c.d)
 * matches the IPv4 rules (node's BlockList does that).
 */
const RANGES: [reason: string, cidrs: [string, number, 'ipv4' | 'ipv6'][]][] = [
  ['a loopback address', [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']]],
  ['an unspecified address', [['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']]],
  ['a link-local address (cloud metadata lives there)', [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']]],
  ['a private address', [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['100.64.0.0', 10, 'ipv4'], ['fc00::', 7, 'ipv6']]],
  ['a reserved address', [['192.0.0.0', 24, 'ipv4'], ['198.18.0.0', 15, 'ipv4'], ['224.0.0.0', 4, 'ipv4'], ['240.0.0.0', 4, 'ipv4'], ['::', 96, 'ipv6'], ['ff00::', 8, 'ipv6']]],
];

const LISTS = RANGES.map(([reason, cidrs]) => {
  const list = new BlockList();
  for (const [network, prefix, type] of cidrs) list.addSubnet(network, prefix, type);
  return { reason, list };
});

/** Why an IP address is off limits ("a loopback address"), or null when it is a public one. */
export function forbiddenAddressReason(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 0) return 'not an IP address';
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return LISTS.find(({ list }) => list.check(bare, type))?.reason ?? null;
}

/** `localhost` and its subdomains (RFC 6761) name the machine itself whatever DNS says. */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}
