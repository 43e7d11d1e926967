import { BlockList, isIP } from 'node:net';

/**
 * Addresses a webhook may not reach unless an admin allows the private network: what an outsider could use to make
 * the server call itself, its neighbours or the cloud metadata service (SSRF). IPv4-mapped IPv6 (::ffff:a.b.c.d)
 * matches the IPv4 rules (node's BlockList does that); so do the IPv4 addresses carried inside NAT64 (64:ff9b::/96),
 * 6to4 (2002::/16) and Teredo (2001::/32) addresses, which a translator or relay would deliver to that IPv4 host.
 */
const RANGES: [reason: string, cidrs: [string, number, 'ipv4' | 'ipv6'][]][] = [
  ['a loopback address', [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']]],
  ['an unspecified address', [['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']]],
  ['a link-local address (cloud metadata lives there)', [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']]],
  // 64:ff9b:1::/48 is the local-use NAT64 prefix (RFC 8215): a site's own translator, never a public target.
  ['a private address', [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['100.64.0.0', 10, 'ipv4'], ['fc00::', 7, 'ipv6'], ['64:ff9b:1::', 48, 'ipv6']]],
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
  const own = LISTS.find(({ list }) => list.check(bare, type))?.reason ?? null;
  const embedded = family === 6 ? embeddedIPv4(bare) : null;
  return own ?? (embedded ? forbiddenAddressReason(embedded) : null);
}

/** The IPv4 address a NAT64 (64:ff9b::/96), 6to4 (2002::/16) or Teredo (2001::/32, client) address reaches, if any. */
export function embeddedIPv4(ipv6: string): string | null {
  const h = hextets(ipv6);
  const dotted = (hi: number, lo: number) => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
  if (h[0] === 0x64 && h[1] === 0xff9b && h.slice(2, 6).every((x) => x === 0)) return dotted(h[6]!, h[7]!);
  if (h[0] === 0x2002) return dotted(h[1]!, h[2]!);
  if (h[0] === 0x2001 && h[1] === 0) return dotted(h[6]! ^ 0xffff, h[7]! ^ 0xffff);
  return null;
}

/** The eight 16-bit groups of a valid IPv6 address (with "::" expanded and a dotted IPv4 tail converted). */
function hextets(ipv6: string): number[] {
  const text = ipv6.split('%')[0]!;
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  const hex = tail ? text.slice(0, tail.index) + ((+tail[1]! << 8) | +tail[2]!).toString(16) + ':' + ((+tail[3]! << 8) | +tail[4]!).toString(16) : text;
  const [head, rest] = hex.split('::') as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':').map((x) => parseInt(x, 16)) : []);
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/** `localhost` and its subdomains (RFC 6761) name the machine itself whatever DNS says. */
export function isLocalhostName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}
