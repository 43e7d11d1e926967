#!/usr/bin/env bash
# One command from a fresh clone to a running Provenant: install, build, migrate, seed demo data, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-build.sh
npm run --silent cli -- db migrate
npm run --silent cli -- seed --demo
port="${PORT:-3000}"
echo
echo "Provenant is starting at http://localhost:${port}"
# The sign-in page offers the demo's people (app/(auth)/login/page.tsx).
PROVENANT_DEMO=1 PORT="$port" exec node server.mjs
