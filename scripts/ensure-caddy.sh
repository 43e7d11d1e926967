#!/usr/bin/env bash
# The reliability suite on PostgreSQL puts the reference deployment's proxy (deploy/Caddyfile) in front of its replicas.
set -euo pipefail
if command -v caddy >/dev/null; then exit 0; fi
bash "$(dirname "$0")/apt-install.sh" caddy 'the reliability suite' "Caddy is missing: install Debian's 'caddy' package."
# Debian's package enables a system web server (port 80, admin on 2019); the suite runs its own, so that one goes.
if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then systemctl disable --now caddy >/dev/null 2>&1 || true; fi
