#!/usr/bin/env bash
# The reliability suite on PostgreSQL puts the reference deployment's proxy (deploy/Caddyfile) in front of its replicas.
set -euo pipefail
if command -v caddy >/dev/null; then exit 0; fi
exec bash "$(dirname "$0")/apt-install.sh" caddy 'the reliability suite' "Caddy is missing: install Debian's 'caddy' package."
