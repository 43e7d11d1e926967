#!/usr/bin/env bash
# `npm run bench`: seeds fresh data directories under the OS tmp dir, then times, each against a baseline measured
# in the same run: the inventory page and API (vs /status), audit-chain verification, lineage closure (vs a direct
# edge read), the 500-node lineage graph in Chromium (vs /status), OpenLineage ingest (vs /status) and a 1 GiB
# artifact upload (vs sha256sum), a 50 MB SARIF report (vs a plain upload of it), and /status beside the largest allowed model-index import and lineage event (vs
# /status alone; BENCH_BOUNDS=only runs just that one). It prints figures and never asserts timings; every step runs
# even if one fails, and a non-zero exit means something failed (request error, broken chain, wrong graph), not that
# a target was missed.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_DIR="${BENCH_DIR:-$(node -p 'require("node:os").tmpdir()')/provenant-bench}"
export DATA_DIR="$BENCH_DIR/data"
export BENCH_PID_FILE="$BENCH_DIR/server.pid"
tsx=(node_modules/.bin/tsx --conditions=react-server)

# Second line of defence: the latency script stops its server itself, but not if it is killed outright.
stop_server() {
  if [[ -f "$BENCH_PID_FILE" ]]; then
    kill -TERM -- "-$(cat "$BENCH_PID_FILE")" 2>/dev/null || true
    rm -f "$BENCH_PID_FILE"
  fi
}
trap stop_server EXIT

failed=()
# Runs one bench script with DATA_DIR set; a failure is reported and remembered, and the next steps still run.
step() {
  local data_dir="$1" script="$2"
  DATA_DIR="$data_dir" "${tsx[@]}" "$script" || { echo "FAILED: $script (exit $?)" >&2; failed+=("$script"); stop_server; return 1; }
}

# The PostgreSQL column: the same inventory, audit-verification, OpenLineage ingest, promotion and findings-list benches on a
# throwaway cluster (a database of their own each), and two replicas against one. The cluster lives beside BENCH_DIR
# (the postgres user must reach it) and goes at exit.
postgres_benches() {
  bash scripts/ensure-postgres.sh
  local url
  pg_cluster="$(mktemp -d)"
  trap 'stop_server; bash scripts/pg-cluster.sh stop "$pg_cluster" >/dev/null 2>&1 || true' EXIT
  url="$(bash scripts/pg-cluster.sh start "$pg_cluster" 2>/dev/null)"
  url="${url#DATABASE_URL=}"
  NEXTAUTH_SECRET="$(node -e "process.stdout.write(require('node:crypto').randomBytes(32).toString('base64url'))")"
  export NEXTAUTH_SECRET
  database() { psql -q "$url" -c "CREATE DATABASE $1" >/dev/null && echo "${url%/*}/$1"; }
  echo
  echo "== PostgreSQL $(psql -At "$url" -c 'SHOW server_version') on 127.0.0.1"
  rm -rf "$BENCH_DIR/pg-inventory" "$BENCH_DIR/pg-promotion" "$BENCH_DIR/pg-findings" "$BENCH_DIR/pg-replicas"
  { DATABASE_URL="$(database bench_inventory)" step "$BENCH_DIR/pg-inventory" bench/seed-inventory.ts &&
    DATABASE_URL="${url%/*}/bench_inventory" step "$BENCH_DIR/pg-inventory" bench/inventory-latency.ts &&
    DATABASE_URL="${url%/*}/bench_inventory" step "$BENCH_DIR/pg-inventory" bench/audit-verify.ts &&
    DATABASE_URL="${url%/*}/bench_inventory" step "$BENCH_DIR/pg-inventory" bench/lineage-ingest-postgres.ts; } || true
  DATABASE_URL="$(database bench_promotion)" step "$BENCH_DIR/pg-promotion" bench/promotion.ts || true
  DATABASE_URL="$(database bench_findings)" step "$BENCH_DIR/pg-findings/data" bench/findings-list.ts || true
  DATABASE_URL="$url" step "$BENCH_DIR/pg-replicas" bench/replica-throughput.ts || true
}

bash scripts/ensure-build.sh
mkdir -p "$BENCH_DIR"
echo "Provenant bench: $(date -u +%Y-%m-%dT%H:%M:%SZ), node $(node -v), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), data in $BENCH_DIR"
if [[ "${BENCH_ONLY:-}" == "oversight" ]]; then
  rm -rf "$BENCH_DIR/monitoring" "$BENCH_DIR/findings"
  step "$BENCH_DIR/monitoring" bench/monitoring-ingest.ts || true
  step "$BENCH_DIR/findings" bench/findings-list.ts || true
  exit $((${#failed[@]} > 0))
fi
if [[ "${BENCH_ONLY:-}" == "postgresql" ]]; then
  postgres_benches
  exit $((${#failed[@]} > 0))
fi
if [[ "${BENCH_BOUNDS:-}" == "only" ]]; then
  step "$BENCH_DIR/bounds/data" bench/bounds-stall.ts || true
  echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit $((${#failed[@]} > 0))
fi
bash scripts/ensure-chromium.sh
# A failed seed skips the benches that need its data; `|| true` keeps set -e from ending the run there.
{ step "$DATA_DIR" bench/seed-inventory.ts && step "$DATA_DIR" bench/inventory-latency.ts && step "$DATA_DIR" bench/audit-verify.ts; } || true
lineage_dir="$BENCH_DIR/lineage"
{ step "$lineage_dir" bench/seed-lineage.ts && step "$lineage_dir" bench/lineage-closure.ts && step "$lineage_dir" bench/lineage-server.ts; } || true
step "$BENCH_DIR/upload" bench/artifact-upload.ts || true
rm -rf "$BENCH_DIR/reports"
step "$BENCH_DIR/reports/data" bench/report-ingest.ts || true
rm -rf "$BENCH_DIR/card"
step "$BENCH_DIR/card/data" bench/card-pdf.ts || true
rm -rf "$BENCH_DIR/promotion"
step "$BENCH_DIR/promotion" bench/promotion.ts || true
rm -rf "$BENCH_DIR/packs"
step "$BENCH_DIR/packs" bench/evidence-pack.ts || true
step "$BENCH_DIR/bounds/data" bench/bounds-stall.ts || true
rm -rf "$BENCH_DIR/monitoring"
step "$BENCH_DIR/monitoring" bench/monitoring-ingest.ts || true
rm -rf "$BENCH_DIR/findings"
step "$BENCH_DIR/findings" bench/findings-list.ts || true
postgres_benches
echo
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on these $(nproc) CPUs slows every figure, baselines included)"
if ((${#failed[@]})); then
  echo "Failed: ${failed[*]}" >&2
  exit 1
fi
