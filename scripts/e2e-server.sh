#!/usr/bin/env bash
# Serves the production build on a fresh, seeded data directory for the end-to-end tests. With E2E_DATABASE=postgresql
# it runs on a throwaway PostgreSQL cluster under DATA_DIR instead of the SQLite file, as a role that owns no table,
# and removes the cluster on exit.
set -euo pipefail
port="$1"
: "${DATA_DIR:?DATA_DIR must be set}"
rm -rf "$DATA_DIR"
mkdir -p "$DATA_DIR"
# A demo server, as `npm run demo` starts one: its sign-in page offers the demo accounts.
export PROVENANT_DEMO=1
seed() { npx tsx --conditions=react-server lib/cli/main.ts seed --demo >/dev/null; }

if [[ "${E2E_DATABASE:-sqlite}" != postgresql ]]; then
  seed
  PORT="$port" exec node server.mjs
fi

cluster="$DATA_DIR/postgresql"
server=""
stop() {
  if [[ -n "$server" ]]; then kill -TERM "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  bash scripts/pg-cluster.sh stop "$cluster" >/dev/null 2>&1 || true
}
trap stop EXIT
trap 'exit 143' TERM INT
export "$(bash scripts/pg-cluster.sh start "$cluster")"
# The app runs as a role that owns nothing, as the README asks of production; the owner migrates.
app_password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
psql -X -q -v ON_ERROR_STOP=1 "$DATABASE_URL" -c "CREATE ROLE provenant_app LOGIN PASSWORD '$app_password'"
owner_url="$DATABASE_URL"
export DATABASE_URL="postgres://provenant_app:$app_password@${DATABASE_URL#*@}"
NEXTAUTH_SECRET="$(node -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('base64url'))")"
export NEXTAUTH_SECRET
# As compose.yaml runs it: the owner migrates (and grants) first; the server then only checks the migrations are there.
DATABASE_MIGRATION_URL="$owner_url" npx tsx --conditions=react-server lib/cli/main.ts db migrate >/dev/null
seed
PORT="$port" node server.mjs &
server=$!
wait "$server"
