#!/usr/bin/env bash
# The PostgreSQL tests start a throwaway cluster from Debian's server binaries (scripts/pg-cluster.sh).
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then exit 0; fi
exec bash "$(dirname "$0")/apt-install.sh" postgresql 'the PostgreSQL tests' "PostgreSQL is missing (no /usr/lib/postgresql/*/bin/initdb): install Debian's 'postgresql' package."
