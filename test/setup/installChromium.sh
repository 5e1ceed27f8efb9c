#!/usr/bin/env bash
# The report's test opens the HTML report in Debian's chromium, driven by playwright-core (which
# downloads no browser of its own). `npm test` runs this first, so a fresh machine needs nothing
# installed by hand; it does nothing where chromium is already there.
set -euo pipefail
[ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "npm test: the report test needs Debian's chromium; install it with: sudo apt-get install chromium" >&2
  exit 1
fi
echo "npm test: installing Debian's chromium for the report's browser test (once)" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
