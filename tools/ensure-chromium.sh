#!/usr/bin/env bash
# The browser tests drive Debian's chromium; install it when it is missing so that
# `npm test` is the only command a fresh machine needs.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
  exit 0
fi
echo "The browser tests need Chromium at /usr/bin/chromium." >&2
echo "Install it (Debian/Ubuntu: sudo apt-get install chromium) and run npm test again." >&2
exit 1
