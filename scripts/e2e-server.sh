#!/usr/bin/env bash
# Serves the production build on a fresh, seeded data directory for the end-to-end tests.
set -euo pipefail
port="$1"
: "${DATA_DIR:?DATA_DIR must be set}"
rm -rf "$DATA_DIR"
mkdir -p "$DATA_DIR"
npx tsx --conditions=react-server lib/cli/main.ts seed --demo >/dev/null
PORT="$port" exec node server.mjs
