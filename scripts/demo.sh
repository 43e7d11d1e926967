#!/usr/bin/env bash
# One command from a fresh clone to a running Provenant: install, build, migrate, seed demo data, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components lib db -newer .next/BUILD_ID -type f -print -quit)" ]; then
  npm run build
fi
npm run --silent cli -- db migrate
npm run --silent cli -- seed --demo
port="${PORT:-3000}"
echo
echo "Provenant is starting at http://localhost:${port}"
PORT="$port" exec node server.mjs
