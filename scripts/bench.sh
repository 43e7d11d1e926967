#!/usr/bin/env bash
# `npm run bench`: seeds a large inventory into a fresh data directory under the OS tmp dir, then times the
# inventory page and API against the bare /status page of the same production build, and audit-chain verification.
# It prints figures and never asserts timings; a non-zero exit means something failed (request error, broken chain).
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

bash scripts/ensure-build.sh
mkdir -p "$BENCH_DIR"
echo "Provenant bench: $(date -u +%Y-%m-%dT%H:%M:%SZ), node $(node -v), $(nproc) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg), data in $DATA_DIR"
"${tsx[@]}" bench/seed-inventory.ts
"${tsx[@]}" bench/inventory-latency.ts
"${tsx[@]}" bench/audit-verify.ts
