#!/usr/bin/env bash
# Builds and runs every drydock test: unit tests (release and dev = ASan+UBSan), the
# end-to-end suites (boto3, aws-sdk-js v3, AWS CLI) against the sanitizer build, and the
# container test when the machine can run containers (SKIP_CONTAINER=1 skips it).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

step() { printf '\n==== %s\n' "$*"; }
failed=()

step "build: dev (Debug, -Werror, ASan+UBSan)"
scripts/build.sh dev
step "unit tests (dev, sanitizers)"
ctest --preset dev -j2 --timeout 300 || failed+=("unit tests (dev)")

step "build: release"
scripts/build.sh release
step "unit tests (release)"
ctest --preset release -j2 --timeout 300 || failed+=("unit tests (release)")

step "fuzz targets (libFuzzer: expressions, SigV4, request decoder; 20 s each)"
bash tests/fuzz/run.sh 20 || failed+=("fuzz")

step "end-to-end suites against the sanitizer build"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 bash conformance/run.sh "$PWD/build/dev/drydock" \
  || failed+=("end-to-end")

if [ "${SKIP_CONTAINER:-0}" != 1 ] && [ -f tests/container/run.sh ]; then
  step "container image test"
  bash tests/container/run.sh || failed+=("container")
fi

echo
if [ "${#failed[@]}" -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "all test stages passed"
