#!/usr/bin/env bash
# Installs exactly what package-lock.json records. `npm ci` first; npm 11.19 (these machines' npm) wrongly
# refuses lockfiles that leave out other platforms' optional binaries, so then `npm install`, which must
# leave the lockfile unchanged: anything else means the lockfile is really out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
if npm ci --no-audit --no-fund; then exit 0; fi
echo "npm ci refused the lockfile; installing with npm install and checking the lockfile stays as committed."
before="$(sha256sum package-lock.json)"
npm install --no-audit --no-fund
if [ "$(sha256sum package-lock.json)" != "$before" ]; then
  echo "package-lock.json changed during install: it is out of date with package.json." >&2
  exit 1
fi
