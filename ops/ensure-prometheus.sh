#!/usr/bin/env bash
# Makes `prometheus` and `promtool` available for the monitoring tests and the demo.
# Uses what is on PATH; otherwise installs Debian's `prometheus` package (root or passwordless sudo needed).
# Prints the directory holding both binaries on its last line.
set -euo pipefail

if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  dirname "$(command -v promtool)"
  exit 0
fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else
    echo "ensure-prometheus: need root or sudo to install Debian's prometheus package" >&2; return 1; fi
}

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-prometheus: prometheus/promtool not on PATH and no apt-get to install them;" \
       "install Prometheus 2.x and put both binaries on PATH" >&2
  exit 1
fi

echo "ensure-prometheus: installing Debian package 'prometheus' (once per machine)" >&2
export DEBIAN_FRONTEND=noninteractive
# The package's maintainer scripts try to start a service; there is no init system in CI containers, and we run
# our own instance anyway, so service start-up is refused for the duration of the install.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod +x $policy" && created_policy=1
fi
cleanup() { if [ "$created_policy" = 1 ]; then as_root rm -f "$policy"; fi; }
trap cleanup EXIT
if ! as_root apt-get install -y --no-install-recommends prometheus >&2; then
  as_root apt-get update >&2
  as_root apt-get install -y --no-install-recommends prometheus >&2
fi
# The package may have started its own server on :9090 where an init system exists; ours uses other ports.
dirname "$(command -v promtool)"
