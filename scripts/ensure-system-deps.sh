#!/usr/bin/env bash
# Makes sure the Debian packages Handoff needs are present; installs them when running as root.
#   runtime: python3 venv support, libcairo2 (SVG rendering), DejaVu fonts
#   browser: what the tests need: the above plus a Chromium for Playwright ($HANDOFF_CHROMIUM
#            if it names an executable, else Debian's `chromium`: Playwright cannot download its
#            own here) and Debian's PostgreSQL server, which the store's tests start a throwaway
#            cluster of (tests/postgres.py; the package's own cluster is not used).
# Quick when everything is there: it only asks dpkg.
set -euo pipefail
mode=${1:-runtime}

missing=()
need() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' || missing+=("$1"); }

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "ensure-system-deps: not a Debian system; install libcairo2 and Chromium yourself." >&2
  exit 0
fi
python3 -c 'import ensurepip, venv' 2>/dev/null || need python3-venv
need libcairo2
need fonts-dejavu-core
if [ "$mode" = browser ]; then
  if [ -n "${HANDOFF_CHROMIUM:-}" ]; then
    if [ ! -x "$HANDOFF_CHROMIUM" ]; then
      echo "HANDOFF_CHROMIUM=$HANDOFF_CHROMIUM is not an executable file." >&2
      exit 1
    fi
  else
    need chromium
  fi
  need postgresql  # its server binaries; the cluster the package makes is never used
fi

[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Missing Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  [ "$mode" = browser ] && echo "(or set HANDOFF_CHROMIUM to a Chromium executable)" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
