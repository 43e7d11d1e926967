#!/usr/bin/env bash
# The end-to-end tests and the benchmark drive Debian's Chromium headless shell (the "old headless" build that
# Playwright itself uses for headless runs: no browser UI to draw, so it costs far less CPU than the full browser).
# Playwright's own browser download cannot work on these machines.
set -euo pipefail
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium-headless-shell}"
if [ -x "$chromium_path" ]; then exit 0; fi
exec bash "$(dirname "$0")/apt-install.sh" chromium-headless-shell 'the end-to-end tests' "Chromium is missing at $chromium_path: install Debian's 'chromium-headless-shell' package (or set CHROMIUM_PATH)."
