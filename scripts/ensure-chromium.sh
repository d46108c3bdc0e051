#!/usr/bin/env bash
# The browser the web app's end-to-end tests drive (tests/src/web-app.test.ts): Debian's Chromium,
# with a Chinese font so that pages render as users see them. Installs them once (as root, through
# apt); does nothing when they are there. No browser is downloaded from anywhere else.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "[ensure-chromium] need ${need[*]} and root to install them (apt-get install ${need[*]})" >&2; exit 1; }
  sudo="sudo"
fi
echo "[ensure-chromium] installing ${need[*]} from Debian's packages…"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "[ensure-chromium] $(chromium --version 2>/dev/null | head -1)"
