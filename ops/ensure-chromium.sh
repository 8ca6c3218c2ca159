#!/usr/bin/env bash
# Makes a headless-capable Chromium available for the browser tests of the processor's page.
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

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else
    echo "ensure-chromium: need root or sudo to install Debian's chromium package" >&2; return 1; fi
}

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: no chromium on PATH and no apt-get to install it;" \
       "install Chromium (or Chrome) and put it on PATH" >&2
  exit 1
fi

echo "ensure-chromium: installing Debian package 'chromium' (once per machine)" >&2
export DEBIAN_FRONTEND=noninteractive
if ! as_root apt-get install -y --no-install-recommends chromium >&2; then
  as_root apt-get update >&2
  as_root apt-get install -y --no-install-recommends chromium >&2
fi
command -v chromium
