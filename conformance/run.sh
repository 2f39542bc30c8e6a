#!/usr/bin/env bash
# Runs drydock's end-to-end conformance suites: boto3 (pytest), aws-sdk-js v3 (node --test)
# and the AWS CLI smoke test. Each runner starts its own drydock from BIN, or all of them
# use an existing endpoint.
#
# Usage:
#   conformance/run.sh build/dev/drydock
#   DRYDOCK_ENDPOINT=http://127.0.0.1:8001 DRYDOCK_ORACLE=1 conformance/run.sh   # the oracle
# Exits non-zero if any runner fails.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [[ -n "${DRYDOCK_ENDPOINT:-}" ]]; then
  unset DRYDOCK_BIN
  echo "conformance: target endpoint $DRYDOCK_ENDPOINT${DRYDOCK_ORACLE:+ (oracle: DynamoDB-only checks skipped)}"
else
  bin="${1:-${DRYDOCK_BIN:-}}"
  if [[ -z "$bin" ]]; then
    echo "usage: $0 BIN   (or set DRYDOCK_ENDPOINT to test a running endpoint)" >&2
    exit 2
  fi
  bin="$(cd "$(dirname "$bin")" 2>/dev/null && pwd)/$(basename "$bin")"
  if [[ ! -x "$bin" ]]; then
    echo "conformance: $bin is not an executable" >&2
    exit 2
  fi
  export DRYDOCK_BIN="$bin"
  echo "conformance: target binary $DRYDOCK_BIN"
fi

declare -a summaries=()
status=0

run_suite() {  # name summary-regex command...
  local name="$1" pattern="$2"; shift 2
  local log rc
  log="$(mktemp /tmp/drydock-conformance-"$name".XXXXXX)"
  echo
  echo "=== $name: $*"
  local start=$SECONDS
  "$@" 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  local summary
  summary="$(grep -E "$pattern" "$log" | tail -n 4 | tr '\n' ' ')"
  summaries+=("$(printf '%-7s %s (exit %d, %ds) %s' "$name" "$([[ $rc -eq 0 ]] && echo PASS || echo FAIL)" "$rc" "$((SECONDS - start))" "$summary")")
  [[ $rc -eq 0 ]] || status=1
  rm -f "$log"
}

# Python: Debian's interpreter (python3-boto3, python3-pytest), never a pyenv shim.
run_suite python '^=+ .*(passed|failed|error).* in [0-9.]+s|^[0-9]+ (passed|failed)' \
  /usr/bin/python3 -m pytest "$here/python" -q -p no:cacheprovider

# JavaScript: install the locked SDK versions on first use.
if [[ ! -d "$here/js/node_modules/@aws-sdk/client-dynamodb" ]]; then
  echo
  echo "=== js: npm ci (first run)"
  (cd "$here/js" && npm ci --no-audit --no-fund) || status=1
fi
run_suite js '^# (tests|pass|fail|skipped) ' \
  env NODE_NO_WARNINGS=1 bash -c 'cd "$0" && node --test --test-concurrency=1 test/' "$here/js"

run_suite cli 'passed, [0-9]+ failed' bash "$here/cli_smoke.sh"

echo
echo "=== conformance summary"
printf '%s\n' "${summaries[@]}"
exit $status
