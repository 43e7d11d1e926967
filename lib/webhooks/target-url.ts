import 'server-only';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { Invalid } from '@/lib/errors';
import { forbiddenAddressReason, isLocalhostName } from './address-policy';

const LOOKUP_TIMEOUT_MS = 5_000;

const refuse = (message: string) => new Invalid('The webhook URL cannot be used.', [{ path: 'url', message }]);

/** The form of a target URL, before any address check: http(s), no credentials, no fragment. */
export function assertWellFormedTargetUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('Enter a full URL such as https://hooks.example.com/provenant.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse('Only http:// and https:// URLs can receive webhooks.');
  if (url.username || url.password) throw refuse('Put no user name or password in the URL: receivers check the signature instead.');
  if (raw.includes('#')) throw refuse('Remove the #fragment: it is never sent to the receiver.');
  return url;
}

async function resolveAll(hostname: string): Promise<string[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), LOOKUP_TIMEOUT_MS);
  });
  try {
    const answers = await Promise.race([lookup(hostname, { all: true, verbatim: true }), timeout]);
    return answers.map((a) => a.address);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Refuses (400 on `url`) a target on loopback, link-local, private, unspecified or reserved addresses, whether written
 * as an address (the URL parser has already turned http://2130706433/ and http://0x7f.1/ into 127.0.0.1) or as a name
 * that resolves there; an admin's allowPrivateNetwork lifts the address rules only. The sender checks again at send time.
 */
export async function assertAllowedTargetUrl(raw: string, allowPrivateNetwork: boolean): Promise<URL> {
  const url = assertWellFormedTargetUrl(raw);
  if (allowPrivateNetwork) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const why = (reason: string) => refuse(`${host} is ${reason}; only an admin allowing the private network may send there.`);
  if (isIP(host)) {
    const reason = forbiddenAddressReason(host);
    if (reason) throw why(reason);
    return url;
  }
  if (isLocalhostName(host)) throw why('a loopback address');
  let addresses: string[];
  try {
    addresses = await resolveAll(host);
  } catch {
    throw refuse(`${host} does not resolve to an address.`);
  }
  for (const address of addresses) {
    const reason = forbiddenAddressReason(address);
    if (reason) throw refuse(`${host} resolves to ${address}, ${reason}; only an admin allowing the private network may send there.`);
  }
  return url;
}
