#!/usr/bin/env bash
# Installs a Debian package the tests need (as root, with apt-get), or says what to install: apt-install.sh PACKAGE PURPOSE MISSING-MESSAGE
set -euo pipefail
package="$1" purpose="$2" missing="$3"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing $package from Debian's packages for $purpose..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
else
  echo "$missing" >&2
  exit 1
fi
