#!/usr/bin/env bash
# chromium.sh — Debian's chromium for the browser tests (chromedp), and the
# Noto CJK fonts its screenshots need for Chinese, installed with apt-get
# when missing.
#
# usage: deploy/local/chromium.sh path    print the browser's path, installing it if needed
set -euo pipefail
find_browser() {
  for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then command -v "$b"; return 0; fi
  done
  return 1
}
case "${1:-path}" in
path)
  if find_browser >/dev/null && fc-list :lang=zh 2>/dev/null | grep -q .; then find_browser; exit 0; fi
  echo "chromium.sh: installing Debian's chromium (apt-get)" >&2
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq >&2 || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >&2
  find_browser ;;
*) echo "usage: $0 path" >&2; exit 2 ;;
esac
