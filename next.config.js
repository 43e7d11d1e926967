/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // server.mjs compresses (lib/http/whole-answers.mjs), inside the wrapper that sends answers whole.
  compress: false,
  // A second build beside the main one (a developer's screenshots while the tests use .next); unset in production.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  // The body limit matches SERVER_ACTION_BODY_LIMIT in lib/http/page-write-guard.mjs (server.mjs refuses more with 413).
  experimental: { authInterrupts: true, serverActions: { bodySizeLimit: '8mb' } },
  serverExternalPackages: ['better-sqlite3'],
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
      {
        // Pages get a nonce-based policy from proxy.ts; an API answer is data and may load or run nothing.
        source: '/api/:path*',
        headers: [{ key: 'Content-Security-Policy', value: "default-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'" }],
      },
    ];
  },
};

module.exports = nextConfig;
