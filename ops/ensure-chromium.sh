#!/usr/bin/env bash
# Makes a headless-capable Chromium available for the browser tests of the processor's page (docs/ui.md).
# Uses what is on PATH (chromium, chromium-browser, google-chrome); otherwise installs Debian's `chromium` package
# (root or passwordless sudo needed).
# Prints the binary's path on its last line.
set -euo pipefail

for name in chromium chromium-browser google-chrome google-chrome-stable; do
  if command -v "$name" >/dev/null 2>&1; then
    command -v "$name"
    exit 0
  fi
done

command -v apt-get >/dev/null 2>&1 || {
  echo "ensure-chromium: no Chromium on PATH and no apt-get to install it; put chromium (or chrome) on PATH" >&2
  exit 1
}
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "ensure-chromium: installing chromium needs root or sudo" >&2; exit 1; }
  sudo=(sudo -n)
fi

echo "ensure-chromium: installing Debian package 'chromium' (once per machine)" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get install -y --no-install-recommends chromium >&2 \
  || { "${sudo[@]}" apt-get update >&2 && "${sudo[@]}" apt-get install -y --no-install-recommends chromium >&2; }
command -v chromium
