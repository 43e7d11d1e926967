// @ts-check
import { timeoutSeconds } from './args.mjs';
import { UsageError } from './exit.mjs';

/** @typedef {{ baseUrl: string, token: string, timeoutMs: number, warnings: string[] }} Config */

const DEFAULT_TIMEOUT_SECONDS = 60;

/**
 * Where to connect and as whom: the URL from --url or PROVENANT_URL, the token from PROVENANT_TOKEN only.
 * @param {Record<string, string | boolean | undefined>} options parsed command options
 * @param {Record<string, string | undefined>} env
 * @param {string} command
 * @returns {Config}
 */
export function resolveConfig(options, env, command) {
  const raw = (typeof options.url === 'string' ? options.url : env.PROVENANT_URL ?? '').trim();
  if (!raw) throw new UsageError('Set PROVENANT_URL (or pass --url) to the Provenant server, e.g. https://provenant.example.com.', command);
  /** @type {URL} */
  let url;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`PROVENANT_URL is not a URL: "${raw.slice(0, 200)}".`, command);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`PROVENANT_URL must be http(s), not ${url.protocol}`, command);
  if (url.username || url.password) throw new UsageError('PROVENANT_URL must not carry credentials; the token goes in PROVENANT_TOKEN.', command);
  const token = (env.PROVENANT_TOKEN ?? '').trim();
  if (!token) throw new UsageError('Set PROVENANT_TOKEN to an API token (from your CI secrets; create one under "API tokens" in Provenant).', command);
  if (/\s/.test(token)) throw new UsageError('PROVENANT_TOKEN holds whitespace: paste the token alone.', command);
  const warnings = [];
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol === 'http:' && !local) warnings.push(`Warning: ${url.origin} is plain HTTP; the token travels unencrypted. Use https.`);
  const fromOption = typeof options.timeout === 'string' ? options.timeout : undefined;
  const seconds = fromOption ?? env.PROVENANT_TIMEOUT;
  return {
    baseUrl: url.href.replace(/\/+$/, ''),
    token,
    timeoutMs: (seconds ? timeoutSeconds(seconds, command) : DEFAULT_TIMEOUT_SECONDS) * 1000,
    warnings,
  };
}
