#!/usr/bin/env bash
# Builds the production bundle when there is none or when sources changed since the last build.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components lib db proxy.ts instrumentation.ts next.config.js -newer .next/BUILD_ID -type f -print -quit)" ]; then
  npm run build
fi
