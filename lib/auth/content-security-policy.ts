/**
 * The policy of every page. Scripts run only with this response's nonce (Next puts it on its own inline and
 * bundled scripts) or when loaded by such a script ('strict-dynamic'); `<style>` elements need the nonce too.
 * Style attributes stay allowed: React, React Flow and Recharts render positions and colours as `style="..."`,
 * which no nonce can cover, and an attribute can restyle but never run code. The layout worker is same-origin.
 */
export function contentSecurityPolicy(nonce: string, { dev = false } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    `style-src 'self' 'nonce-${nonce}'`,
    `style-src-elem 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** A fresh, unguessable nonce per response (128 bits, base64). */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
