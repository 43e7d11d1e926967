#!/usr/bin/env bash
# `npm run test:reliability`: the crash, graceful-stop, load, backup-under-load and disk-full suites (reliability/)
# against the production build, on SQLite (one process, the local store) and then on PostgreSQL (two replicas on a
# throwaway cluster and an s3rver bucket, behind Caddy with the reference deployment's deploy/Caddyfile). Bounded:
# 2 x (5 crash rounds + 3 SIGTERMs + RELIABILITY_LOAD_SECONDS of load + a backup and restore + 13 s on a full disk),
# about 8 minutes. Exits
# non-zero when any check fails; prints figures, never asserts timings.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-postgres.sh
bash scripts/ensure-caddy.sh
bash scripts/ensure-build.sh
keep="${RELIABILITY_DIR:-}"
RELIABILITY_DIR="${RELIABILITY_DIR:-$(mktemp -d)}"
export RELIABILITY_DIR
# Beside RELIABILITY_DIR, not in it: the cluster belongs to the postgres user, who cannot enter a private temp directory.
cluster="$(mktemp -d)"
cleanup() {
  bash scripts/pg-cluster.sh stop "$cluster" >/dev/null 2>&1 || true
  # A directory given by the caller is kept for inspection; one made here goes.
  if [[ -z "$keep" ]]; then rm -rf "$RELIABILITY_DIR"; fi
}
trap cleanup EXIT
tsx=(node_modules/.bin/tsx --conditions=react-server)
failed=0
run() { "${tsx[@]}" "$@" || failed=1; }

echo "== reliability on SQLite"
run reliability/crash.ts
run reliability/graceful-stop.ts
run reliability/load.ts
run reliability/backup.ts
run reliability/disk-full.ts

echo "== reliability on PostgreSQL"
url="$(bash scripts/pg-cluster.sh start "$cluster")"
export "${url?}"
NEXTAUTH_SECRET="$(node -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('base64url'))")"
export NEXTAUTH_SECRET
run reliability/crash.ts
run reliability/graceful-stop.ts
run reliability/load.ts
run reliability/backup.ts
run reliability/disk-full.ts
exit "$failed"
