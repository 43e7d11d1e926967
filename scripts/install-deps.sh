#!/usr/bin/env bash
# Installs exactly what package-lock.json records, with `npm ci` and nothing else: a lockfile that `npm ci` refuses
# is a defect to fix (regenerate it with no node_modules present), never something to paper over with `npm install`.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund
