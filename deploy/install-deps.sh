#!/usr/bin/env bash
# Installs the Debian 12 packages that quizroom needs to build, test and run.
# Idempotent: packages already present are left alone, and apt is only asked
# when something is missing. Uses sudo when not run as root.
set -euo pipefail

packages=(
  # build
  cmake g++ ninja-build ccache pkg-config
  # libraries; libboost1.81-dev conflicts with Debian's default libboost-dev (1.74)
  libboost1.81-dev nlohmann-json3-dev libssl-dev libicu-dev
  libhiredis-dev libqrencode-dev libspdlog-dev libcli11-dev
  # tests and the run command; Chromium for the browser tests
  doctest-dev redis-server chromium
  # the test that plays a game through nginx in front of the server
  nginx
  # the TLS test makes a throwaway certificate with the openssl command
  openssl
  # the fuzz targets and the sanitizer builds: Clang with its libFuzzer and
  # sanitizer runtimes, and llvm-symbolizer for readable sanitizer reports
  clang-14 libclang-rt-14-dev llvm-14
)
# Node.js and npm for the browser tests: keep the machine's own when it has
# them (NodeSource's nodejs bundles npm and conflicts with Debian's npm).
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
echo "install-deps: installing ${missing[*]}" >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
