#!/usr/bin/env bash
# `npm test`: type checking, lint, unit and integration tests (on SQLite, then again on PostgreSQL), then end-to-end tests
# against the production build.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-deps.sh
bash scripts/ensure-chromium.sh
bash scripts/ensure-postgres.sh
reports="$(mktemp -d)"
trap 'rm -rf "$reports"' EXIT

# The type checker and the linter each keep one core busy: they run side by side, the checker's report after the linter's.
echo "== typecheck and lint"
npx tsc --noEmit >"$reports/typecheck.log" 2>&1 &
typecheck=$!
lint_status=0
npx eslint . --max-warnings=0 || lint_status=$?
typecheck_status=0
wait "$typecheck" || typecheck_status=$?
cat "$reports/typecheck.log"
if ((typecheck_status || lint_status)); then
  echo "typecheck exited $typecheck_status, lint $lint_status" >&2
  exit 1
fi
echo "== unit and integration tests"
npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest.json"
echo "== unit and integration tests on PostgreSQL"
TEST_DIALECT=postgresql npx vitest run --reporter=default --reporter=json --outputFile.json="$reports/vitest-pg.json"
echo "== production build"; npm run build
echo "== end-to-end tests"
PLAYWRIGHT_JSON_OUTPUT_NAME="$reports/playwright.json" npx playwright test --reporter=list,json
node scripts/test-summary.mjs "$reports/vitest.json" "$reports/vitest-pg.json" "$reports/playwright.json"
