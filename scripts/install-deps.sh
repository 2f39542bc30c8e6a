#!/usr/bin/env bash
# Installs everything drydock needs to build, test and benchmark, from Debian packages
# and the npm registry. Idempotent: a second run with everything present takes a second.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

# Build and runtime libraries, test tools. One list: README and .ci/run both use it.
PKGS=(
  build-essential cmake ninja-build pkg-config
  libboost-dev libboost-system-dev
  rapidjson-dev libsqlite3-dev libssl-dev
  libgtest-dev libgmock-dev
  python3 python3-boto3 python3-pytest
  nodejs
  # Fuzz targets (tests/fuzz): clang 16 with libc++ for std::expected, and its libFuzzer and
  # sanitizer runtimes.
  clang-16 libc++-16-dev libc++abi-16-dev libclang-rt-16-dev
)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm: nodesource's nodejs bundles it (and conflicts with Debian's npm); Debian's nodejs
# needs the npm package.
command -v npm >/dev/null 2>&1 || missing+=(npm)
# The AWS CLI: use one already on PATH (any install), else Debian's package.
command -v aws >/dev/null 2>&1 || missing+=(awscli)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# JavaScript end-to-end tests: aws-sdk-js v3 from the committed lock file.
if [ -f conformance/js/package-lock.json ]; then
  stamp=conformance/js/node_modules/.drydock-lock
  if ! cmp -s conformance/js/package-lock.json "$stamp" 2>/dev/null; then
    (cd conformance/js && npm ci --no-audit --no-fund --loglevel=error)
    cp conformance/js/package-lock.json "$stamp"
  fi
fi
