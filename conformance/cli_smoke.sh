#!/usr/bin/env bash
# AWS CLI smoke test for drydock: create-table, put-item, get-item, list-tables,
# delete-table, plus one error path, asserting the CLI's output.
#
# Usage:
#   conformance/cli_smoke.sh [BIN]          start BIN (or $DRYDOCK_BIN) with -inMemory
#   DRYDOCK_ENDPOINT=http://127.0.0.1:8001 DRYDOCK_ORACLE=1 conformance/cli_smoke.sh
# Exits non-zero on any mismatch; ends with "N passed, N failed".
set -uo pipefail

PYTHON=/usr/bin/python3
passed=0
failed=0
server_pid=""
log_file=""

cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null
  fi
  [[ -n "$log_file" ]] && rm -f "$log_file"
}
trap cleanup EXIT

pass() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; shift; printf '       %s\n' "$@"; }

expect_eq() {  # name expected actual
  if [[ "$2" == "$3" ]]; then pass "$1"; else fail "$1" "expected: $2" "got:      $3"; fi
}

free_port() {
  "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

if [[ -n "${DRYDOCK_ENDPOINT:-}" ]]; then
  endpoint="${DRYDOCK_ENDPOINT%/}"
else
  bin="${1:-${DRYDOCK_BIN:-}}"
  if [[ -z "$bin" || ! -x "$bin" ]]; then
    echo "usage: $0 BIN   (or set DRYDOCK_ENDPOINT / DRYDOCK_BIN)" >&2
    exit 2
  fi
  port=$(free_port)
  endpoint="http://127.0.0.1:$port"
  log_file=$(mktemp /tmp/drydock-cli-smoke.XXXXXX)
  "$bin" -port "$port" -inMemory >"$log_file" 2>&1 &
  server_pid=$!
  up=""
  for _ in $(seq 100); do  # 5 s
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "drydock exited during startup:" >&2; tail -50 "$log_file" >&2; exit 1
    fi
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$endpoint/")" == "200" ]]; then up=1; break; fi
    sleep 0.05
  done
  if [[ -z "$up" ]]; then
    echo "drydock did not answer GET / with 200 within 5 s:" >&2; tail -50 "$log_file" >&2; exit 1
  fi
fi

# Dummy credentials, no user config, no pager, no retries.
export AWS_ACCESS_KEY_ID=AKIDDRYDOCKCLISMOKE
export AWS_SECRET_ACCESS_KEY=drydock-cli-secret
export AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/nonexistent/drydock-config
export AWS_SHARED_CREDENTIALS_FILE=/nonexistent/drydock-credentials
export AWS_PAGER=""
export AWS_MAX_ATTEMPTS=1
unset AWS_PROFILE AWS_SESSION_TOKEN

ddb() { aws dynamodb --endpoint-url "$endpoint" --output json "$@"; }
# json_get 'python expression over d' < json
json_get() { "$PYTHON" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
oracle() { [[ "${DRYDOCK_ORACLE:-}" == "1" ]]; }

table="cli_smoke_$(date +%s)_$$"

# create-table
out=$(ddb create-table --table-name "$table" \
  --attribute-definitions AttributeName=pk,AttributeType=S AttributeName=sk,AttributeType=N \
  --key-schema AttributeName=pk,KeyType=HASH AttributeName=sk,KeyType=RANGE \
  --billing-mode PAY_PER_REQUEST 2>&1)
expect_eq "create-table returns the table name" "$table" \
  "$(json_get 'd["TableDescription"]["TableName"]' <<<"$out" 2>/dev/null || echo "$out")"
expect_eq "create-table echoes the key schema" "pk:HASH sk:RANGE" \
  "$(json_get '" ".join(k["AttributeName"]+":"+k["KeyType"] for k in d["TableDescription"]["KeySchema"])' <<<"$out" 2>/dev/null)"

status=""
for _ in $(seq 100); do
  status=$(ddb describe-table --table-name "$table" --query Table.TableStatus --output text 2>&1)
  [[ "$status" == "ACTIVE" ]] && break
  sleep 0.1
done
expect_eq "describe-table reaches ACTIVE" "ACTIVE" "$status"

# put-item / get-item
item='{"pk":{"S":"user#1"},"sk":{"N":"1.50"},"name":{"S":"Ada"},"tags":{"SS":["x"]},"n":{"N":"1e2"},"ok":{"BOOL":true}}'
out=$(ddb put-item --table-name "$table" --item "$item" --return-consumed-capacity TOTAL 2>&1)
expect_eq "put-item reports consumed capacity" "1.0" \
  "$(json_get 'd["ConsumedCapacity"]["CapacityUnits"]' <<<"$out" 2>/dev/null || echo "$out")"

out=$(ddb get-item --table-name "$table" --consistent-read \
  --key '{"pk":{"S":"user#1"},"sk":{"N":"1.5"}}' 2>&1)
expect_eq "get-item returns the item with normalised numbers" \
  '{"n": {"N": "100"}, "name": {"S": "Ada"}, "ok": {"BOOL": true}, "pk": {"S": "user#1"}, "sk": {"N": "1.5"}, "tags": {"SS": ["x"]}}' \
  "$(json_get 'json.dumps(d["Item"], sort_keys=True)' <<<"$out" 2>/dev/null || echo "$out")"

out=$(ddb get-item --table-name "$table" --key '{"pk":{"S":"nobody"},"sk":{"N":"0"}}' 2>&1)
expect_eq "get-item of a missing key prints nothing" "" "$out"

# list-tables
out=$(ddb list-tables 2>&1)
expect_eq "list-tables includes the table" "True" \
  "$(json_get "'$table' in d['TableNames']" <<<"$out" 2>/dev/null || echo "$out")"

# error path: the CLI's standard error line and a non-zero exit
missing="cli_smoke_missing_$$"
err=$(ddb describe-table --table-name "$missing" 2>&1 >/dev/null); rc=$?
if oracle; then message="Cannot do operations on a non-existent table"
else message="Requested resource not found: Table: $missing not found"; fi
expect_eq "describe-table of a missing table fails" "nonzero" "$([[ $rc -ne 0 ]] && echo nonzero || echo zero)"
expect_eq "the CLI prints ResourceNotFoundException and DynamoDB's message" \
  "An error occurred (ResourceNotFoundException) when calling the DescribeTable operation: $message" \
  "$(tr -d '\r' <<<"$err" | grep -v '^$' | tail -1)"

# delete-table
out=$(ddb delete-table --table-name "$table" 2>&1)
expect_eq "delete-table returns the table name" "$table" \
  "$(json_get 'd["TableDescription"]["TableName"]' <<<"$out" 2>/dev/null || echo "$out")"
gone=""
for _ in $(seq 100); do
  if ! ddb describe-table --table-name "$table" >/dev/null 2>&1; then gone=1; break; fi
  sleep 0.1
done
expect_eq "the table disappears" "1" "$gone"
out=$(ddb list-tables 2>&1)
expect_eq "list-tables no longer includes it" "False" \
  "$(json_get "'$table' in d['TableNames']" <<<"$out" 2>/dev/null || echo "$out")"

if [[ -n "$server_pid" ]] && ! kill -0 "$server_pid" 2>/dev/null; then
  fail "drydock stayed up for the whole smoke test" "$(tail -20 "$log_file")"
fi

echo "cli_smoke: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
