#!/usr/bin/env bash
# Installs the Debian packages chiso needs to build and test, and only those missing.
# Idempotent: when everything is there it does nothing (no apt-get at all).
# --bench adds what only `make bench` uses: GNU time (peak RSS) and pandas (the peer).
# --browser adds what only the browser test of `chiso serve` uses: Debian's headless
# chromium, its driver and selenium.
# --render adds what only printing a Phụ lục to PDF uses (the page check of
# tests/e2e/test_phu_luc_source.sh, looking at the pages): LibreOffice Calc, poppler, fonts.
set -euo pipefail
PKGS=(
  build-essential pkg-config
  libxlsxwriter-dev libfreexl-dev libutf8proc-dev libexpat1-dev libzip-dev
  libjansson-dev librecode-dev libcmocka-dev libxml2-dev
  libmicrohttpd-dev gettext curl
  python3 python3-openpyxl
)
[ "${1:-}" = "--bench" ] && PKGS+=(time python3-pandas)
[ "${1:-}" = "--browser" ] && PKGS+=(chromium chromium-driver python3-selenium)
[ "${1:-}" = "--render" ] && PKGS+=(libreoffice-calc-nogui poppler-utils fonts-liberation)
missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
