#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium; Playwright's own browser download cannot work on these machines.
set -euo pipefail
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium_path" ]; then exit 0; fi
exec bash "$(dirname "$0")/apt-install.sh" chromium 'the end-to-end tests' "Chromium is missing at $chromium_path: install Debian's 'chromium' package (or set CHROMIUM_PATH)."
