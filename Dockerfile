# Provenant's production image: `docker build -t provenant .` (the reference deployment is compose.yaml; see README).
# The build stage compiles the app with every dependency; the runtime stage takes the production dependencies only
# (tsx among them: the CLI and the evidence-pack generator run the TypeScript sources) and the build's output.
# Next's standalone output does not fit: server.mjs is a custom server, and evidence packs are rendered by a child
# process that runs lib/cli/main.ts from the sources.

# better-sqlite3 downloads a prebuilt binary from GitHub when it installs. A build host that reaches only an npm
# registry (a bank's mirror behind its firewall) compiles it instead, so both installs have a compiler, and node-gyp uses
# the image's own Node headers (/usr/local/include/node) rather than a download from nodejs.org. The runtime stage
# copies what they built and has no compiler.
FROM node:20-bookworm-slim AS toolchain
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
ENV npm_config_nodedir=/usr/local
WORKDIR /app
COPY package.json package-lock.json ./

FROM toolchain AS production-dependencies
RUN npm ci --omit=dev --no-audit --no-fund

FROM toolchain AS build
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && rm -rf .next/cache

FROM node:20-bookworm-slim AS runtime
# pg_dump for `npm run cli -- db backup` on PostgreSQL (Debian 12's client is 15: use a server of 15, or add PGDG's client).
RUN apt-get update \
  && apt-get install -y --no-install-recommends postgresql-client ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=3000 \
    NEXT_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY . .
COPY --from=build /app/.next ./.next
# Owned by root and read-only to the server; only DATA_DIR (staged uploads, local blobs, signing keys) is its own.
# Next may keep a cache under .next/cache; that folder is the server's too. /data/keys exists in the image so that a
# volume mounted there (compose.yaml shares one between replicas) starts out owned by the server's user.
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin provenant \
  && mkdir -p /data/keys .next/cache && chown provenant:provenant /data /data/keys .next/cache && chmod 0700 /data /data/keys
USER provenant
VOLUME ["/data"]
EXPOSE 3000
# Liveness, not readiness: a blip of the shared database or bucket must not mark every replica unhealthy at once (an
# orchestrator would restart them all). The proxy routes on /api/health/ready.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.mjs"]
