#!/usr/bin/env bash
# The PostgreSQL tests start a throwaway cluster from Debian's server binaries (scripts/pg-cluster.sh).
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing PostgreSQL from Debian's packages for the PostgreSQL tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
else
  echo "PostgreSQL is missing (no /usr/lib/postgresql/*/bin/initdb): install Debian's 'postgresql' package." >&2
  exit 1
fi
