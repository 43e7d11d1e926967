// @ts-check
import { CliError } from './exit.mjs';

/** @typedef {import('./config.mjs').Config} Config */
/** @typedef {{ status: number, body: any }} Answer */
/**
 * @typedef {object} RequestOptions
 * @property {unknown} [json] a JSON body
 * @property {FormData} [form] a multipart body (streamed from disk when it holds a file-backed Blob)
 * @property {Record<string, string | undefined>} [query]
 * @property {string} scope the token scope the call needs, named when the server answers 403
 * @property {number[]} [accept] statuses besides 2xx that the command judges itself (a 409 gate refusal ...)
 * @property {number} [timeoutMs] longer than the default, for uploads
 * @property {import('./shape.mjs').Check} shape what a 2xx answer must look like; anything else is no answer (exit 2)
 */

/** @param {any} body */
function serverMessage(body) {
  const error = body && typeof body === 'object' ? body.error : null;
  if (!error || typeof error.message !== 'string') return '';
  const issues = Array.isArray(error.issues) ? error.issues.slice(0, 20).map((/** @type {any} */ i) => `\n  - ${i.path ? `${i.path}: ` : ''}${i.message}`).join('') : '';
  return `${error.message}${issues}`;
}

/**
 * Turns a refusal into one message a CI log reader can act on, and exit code 2: "cannot tell" is neither pass nor fail.
 * @param {number} status
 * @param {any} body
 * @param {string} scope
 * @param {string} where
 */
export function describeRefusal(status, body, scope, where) {
  const said = serverMessage(body);
  const because = said ? ` The server said: ${said}` : '';
  switch (status) {
    case 401:
      return `The token was refused (401): it is unknown, expired or revoked. Set PROVENANT_TOKEN to a live API token.${because}`;
    case 403:
      return `Forbidden (403): this command needs a token with the scope "${scope}", held by someone allowed to act on this record.${because}`;
    case 404:
      return `Not found (404) at ${where}.${because || ' Is PROVENANT_URL the Provenant server?'}`;
    case 413:
      return `Too large (413): the server refused the upload's size.${because}`;
    case 400:
      return `Refused (400).${because}`;
    case 409:
      return `Conflict (409).${because}`;
    case 429:
      return `Too many requests (429): try again later.${because}`;
    default:
      return status >= 500 ? `The server failed (${status}) at ${where}; nothing on your side to change. Try again, or ask its operator.${because}` : `Unexpected answer ${status} at ${where}.${because}`;
  }
}

/** @param {unknown} error */
function networkReason(error) {
  const cause = /** @type {any} */ (error)?.cause;
  const code = cause?.code ?? cause?.name;
  if (code === 'ECONNREFUSED') return 'connection refused (is the server running on that port?)';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name does not resolve';
  if (typeof code === 'string' && /CERT|SSL|TLS/.test(code)) return `the TLS certificate is not trusted (${code})`;
  return String(cause?.message ?? /** @type {any} */ (error)?.message ?? error).slice(0, 300);
}

/**
 * A small client for Provenant's REST API: bearer token, a timeout on every request, JSON answers, and every refusal
 * turned into a CliError (exit 2) unless the command accepts that status and judges it.
 * @param {Config} config
 * @param {typeof fetch} [fetchImpl]
 */
export function createClient(config, fetchImpl = fetch) {
  /**
   * @param {string} method
   * @param {string} path under /api/v1
   * @param {RequestOptions} options
   * @returns {Promise<Answer>}
   */
  async function request(method, path, options) {
    const url = new URL(`${config.baseUrl}/api/v1${path}`);
    for (const [name, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(name, value);
    const where = `${method} ${url.origin}${url.pathname}`;
    const timeoutMs = Math.max(options.timeoutMs ?? 0, config.timeoutMs);
    /** @type {Record<string, string>} */
    const headers = { authorization: `Bearer ${config.token}`, accept: 'application/json', 'user-agent': 'provenant-cli' };
    if (options.json !== undefined) headers['content-type'] = 'application/json';
    /** @type {Response} */
    let response;
    let text;
    try {
      const body = options.form ?? (options.json !== undefined ? JSON.stringify(options.json) : undefined);
      response = await fetchImpl(url, { method, headers, body, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (error) {
      const name = /** @type {any} */ (error)?.name;
      if (name === 'TimeoutError' || name === 'AbortError') throw new CliError(`No answer from ${where} within ${timeoutMs / 1000} s (raise --timeout or PROVENANT_TIMEOUT if the server is slow).`);
      throw new CliError(`Cannot reach ${url.origin} (${where}): ${networkReason(error)}.`);
    }
    let body = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        // A proxy's HTML error page still has a status worth naming; a 2xx that is not JSON is not Provenant.
        if (response.ok) throw new CliError(`${where} answered ${response.status} with something other than JSON: is PROVENANT_URL (${config.baseUrl}) the Provenant server?`);
      }
    }
    if (response.ok) {
      const problem = options.shape(body, 'answer');
      if (problem) throw new CliError(`Unexpected answer from ${where}: ${problem}. Is PROVENANT_URL (${config.baseUrl}) a Provenant server as new as this CLI?`);
    }
    if (response.ok || options.accept?.includes(response.status)) return { status: response.status, body };
    throw new CliError(describeRefusal(response.status, body, options.scope, where));
  }
  return { request };
}

/** @typedef {ReturnType<typeof createClient>} Client */
