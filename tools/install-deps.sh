#!/usr/bin/env bash
# Installs what oktasim needs to build and test on Debian 12, only when something is missing.
# Idempotent and quiet when everything is present; run as root (or with sudo available).
set -euo pipefail

packages=(
  g++ cmake ninja-build make pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev
  libboost-test1.81-dev libboost-url1.81-dev libssl-dev zlib1g-dev tzdata
  nodejs npm curl  # the interop test (tests/interop) runs a real SCIM server from npm and talks to it with curl
  wrk  # `oktasim bench` measures the app-server with it (the HTTP ceiling); bench skips that figure without it
)
# --with-node is accepted for older instructions; node and npm are always in the list now.

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # nodejs/npm/curl may come from outside apt (e.g. a preinstalled toolchain); accept the binaries.
    case "$p" in
      nodejs) command -v node >/dev/null && continue ;;
      npm) command -v npm >/dev/null && continue ;;
      curl) command -v curl >/dev/null && continue ;;
      wrk) command -v wrk >/dev/null && continue ;;
    esac
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
