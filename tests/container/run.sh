#!/usr/bin/env bash
# drydock's container test (issue #7). Builds docker/Dockerfile with Podman, then runs the
# image the way users do, through the `docker` client (pointed at Podman's API socket)
# when it is installed, else through podman itself:
#   - image: size under 20 MB, non-root user, port 8000, a health check
#   - `docker run -p 127.0.0.1:PORT:8000 drydock`: time to the first answered request
#   - the health check passes, and fails when the server is not on the probed port
#   - the session store walkthrough (boto3, aws-sdk-js v3, AWS CLI: conformance/) against
#     the container
#   - SIGTERM stop, timed; the default is in memory, so a restart forgets
#   - -sharedDb -dbPath /data on a named volume: data found again in a new container,
#     after a SIGTERM stop and after a SIGKILL
#   - amazon/dynamodb-local's own command line (`-Djava.library.path=./DynamoDBLocal_lib
#     -jar DynamoDBLocal.jar -sharedDb -dbPath ./data`, volume at
#     /home/dynamodblocal/data) works unchanged
# Prints the figures and a last line `N passed, N failed`; exits 1 if any check failed.
# Needs root (Podman as root) and scripts/install-deps.sh's packages.
# Usage: tests/container/run.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
PY=/usr/bin/python3
image=localhost/drydock:latest
tag=$$
work=build/container
mkdir -p "$work"

passed=0 failed=0
figures=()
pass() { echo "PASS $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
expect() {  # expect NAME COMMAND...: one check from a command's exit status
  local name=$1; shift
  if "$@"; then pass "$name"; else fail "$name"; fi
}
figure() { figures+=("$1"); echo "  -- $1"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

containers=() volumes=() svc_pid="" project=""
cleanup() {
  local c v
  [ -n "$project" ] && compose down -v >/dev/null 2>&1
  for c in "${containers[@]}"; do podman rm -f -t 0 "$c" >/dev/null 2>&1; done
  for v in "${volumes[@]}"; do podman volume rm -f "$v" >/dev/null 2>&1; done
  if [ -n "$svc_pid" ]; then kill "$svc_pid" 2>/dev/null; wait "$svc_pid" 2>/dev/null; fi
  rm -f "/tmp/drydock-podman-$tag.sock"
}
finish() {
  cleanup
  echo
  echo "container test figures:"
  local f
  for f in "${figures[@]}"; do echo "  $f"; done
  echo "$passed passed, $failed failed"
  [ "$failed" = 0 ]
  exit
}
trap 'fail "interrupted"; finish' INT TERM

# data_check.py's PASS/FAIL lines are this test's checks too.
data_check() {
  local out rc line before=$failed
  out=$("$PY" tests/container/data_check.py "$@" 2>&1); rc=$?
  while IFS= read -r line; do
    case $line in
      PASS\ *) pass "${line#PASS }" ;;
      FAIL\ *) fail "${line#FAIL }" ;;
      *) [ -n "$line" ] && echo "  | $line" ;;
    esac
  done <<<"$out"
  [ "$rc" = 0 ] || [ "$failed" != "$before" ] || fail "data_check.py $2 exited $rc"
  return "$rc"
}
# One conformance runner against the container: one check; its output shown on failure.
smoke() {  # NAME DIR COMMAND...
  local name=$1 dir=$2 out rc; shift 2
  out=$(cd "$dir" && DRYDOCK_ENDPOINT=$endpoint "$@" 2>&1); rc=$?
  if [ "$rc" = 0 ]; then
    pass "$name ($(grep -E '[0-9]+ (passed|failed)|^# (pass|fail) ' <<<"$out" | tr '\n' ' '))"
  else
    fail "$name (exit $rc)"
    tail -40 <<<"$out" | sed 's/^/  | /'
  fi
}

free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
# Waits until the port answers HTTP (any status); prints the milliseconds waited. Gives up
# after 10 s, or as soon as the container has exited.
wait_answer() {  # PORT CONTAINER
  local port=$1 container=$2 t0 code n=0
  t0=$(now_ms)
  while :; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -m 1 "http://127.0.0.1:$port/" 2>/dev/null)
    if [ -n "$code" ] && [ "$code" != 000 ]; then echo $(($(now_ms) - t0)); return 0; fi
    [ $(($(now_ms) - t0)) -gt 10000 ] && return 1
    n=$((n + 1))
    if [ $((n % 50)) = 0 ] &&
       [ "$(podman inspect -f '{{.State.Running}}' "$container" 2>/dev/null)" != true ]; then
      return 1
    fi
    sleep 0.002
  done
}
# Stops a container with SIGTERM (10 s grace before SIGKILL); prints milliseconds taken.
timed_stop() {
  local t0
  t0=$(now_ms)
  dk stop -t 10 "$1" >/dev/null || return 1
  echo $(($(now_ms) - t0))
}
exit_code() { podman inspect -f '{{.State.ExitCode}}' "$1"; }
show_logs() { echo "  | logs of $1:"; podman logs "$1" 2>&1 | tail -20 | sed 's/^/  | /'; }

# --- 1. Host: Podman, runc, containers.conf, the locally made base image. ------------
if ! scripts/container-setup.sh; then
  fail "scripts/container-setup.sh"
  finish
fi

# The docker client, pointed at Podman's API, so the commands are the README's own.
dk() { podman "$@"; }
if command -v docker >/dev/null 2>&1; then
  sock=/tmp/drydock-podman-$tag.sock
  podman system service --time=0 "unix://$sock" >"$work/podman-service.log" 2>&1 &
  svc_pid=$!
  for _ in $(seq 100); do DOCKER_HOST=unix://$sock docker version >/dev/null 2>&1 && break
    sleep 0.05; done
  if DOCKER_HOST=unix://$sock docker version >/dev/null 2>&1; then
    export DOCKER_HOST=unix://$sock
    dk() { docker "$@"; }
    echo "using the docker client ($(docker --version)) on Podman's API socket"
  else
    echo "the docker client cannot reach Podman's API socket; using podman"
  fi
else
  echo "no docker client; using podman"
fi

# --- 2. Build, holding the machine's build lock (the C++ build competes for 2 cores). ---
t0=$(now_ms)
if flock /tmp/drydock-build.lock podman build --pull=never --format docker \
     -f docker/Dockerfile -t "$image" . >"$work/build.log" 2>&1; then
  pass "image builds from docker/Dockerfile"
  figure "image build: $(( ($(now_ms) - t0) / 1000 )) s"
else
  fail "image builds from docker/Dockerfile (log: $work/build.log)"
  tail -30 "$work/build.log" | sed 's/^/  | /'
  finish
fi

# --- 3. The image itself. ----------------------------------------------------------
size=$(podman image inspect -f '{{.Size}}' "$image")
figure "image size: $(awk "BEGIN{printf \"%.2f\", $size/1000000}") MB ($size bytes)"
expect "image is under 20 MB on disk" [ "$size" -lt 20000000 ]
expect "image runs as a non-root numeric user" \
  [ "$(podman image inspect -f '{{.Config.User}}' "$image")" = 1000:1000 ]
expect "image exposes port 8000" \
  grep -q '"8000/tcp"' <<<"$(podman image inspect -f '{{json .Config.ExposedPorts}}' "$image")"
expect "image has a HEALTHCHECK that probes with the binary itself" \
  grep -q '"/usr/local/bin/drydock","--probe","8000"' \
  <<<"$(podman image inspect -f '{{json .HealthCheck}}' "$image")"

# --- 4. docker run: first answer, health, user, the walkthrough. -----------------------
c1=drydock-test-$tag-mem; containers+=("$c1")
p1=$(free_port)
endpoint=http://127.0.0.1:$p1
t0=$(now_ms)
if ! dk run -d --name "$c1" -p "127.0.0.1:$p1:8000" drydock >/dev/null; then
  fail "docker run -p 127.0.0.1:$p1:8000 drydock"
  finish
fi
run_ms=$(($(now_ms) - t0))
if wait_ms=$(wait_answer "$p1" "$c1"); then
  figure "docker run returned after $run_ms ms (the runtime's own start); first answer $wait_ms ms later; $((run_ms + wait_ms)) ms in all"
  expect "first request answered under 100 ms after the runtime started the container" \
    [ "$wait_ms" -lt 100 ]
else
  fail "the container answers HTTP on 127.0.0.1:$p1 within 10 s"
  show_logs "$c1"
  finish
fi
pid=$(podman inspect -f '{{.State.Pid}}' "$c1")
uid=$(awk '/^Uid:/{print $2}' "/proc/$pid/status" 2>/dev/null)
expect "the server runs as uid 1000, not root (uid seen: ${uid:-none})" [ "$uid" = 1000 ]
expect "the health check passes (podman healthcheck run)" podman healthcheck run "$c1"

smoke "session store walkthrough, boto3 (conformance/python/test_session_store.py)" \
  conformance/python "$PY" -m pytest -q test_session_store.py
if [ -d conformance/js/node_modules ]; then
  smoke "session store walkthrough, aws-sdk-js v3 (conformance/js/test/session_store.test.js)" \
    conformance/js node --test test/session_store.test.js
else
  fail "session store walkthrough, aws-sdk-js v3: conformance/js/node_modules is missing (run scripts/install-deps.sh)"
fi
smoke "AWS CLI smoke test (conformance/cli_smoke.sh)" . conformance/cli_smoke.sh
[ "$failed" = 0 ] || show_logs "$c1"

# In memory by default: what it held is gone after a restart.
data_check "$endpoint" seed MemoryOnly
if stop_ms=$(timed_stop "$c1"); then
  code=$(exit_code "$c1")
  figure "stop on SIGTERM (in memory): $stop_ms ms, exit code $code"
  expect "stops on SIGTERM in under 1 s ($stop_ms ms)" [ "$stop_ms" -lt 1000 ]
  expect "exits by itself on SIGTERM, not killed (exit code $code)" [ "$code" = 0 ]
else
  fail "docker stop $c1"
fi
dk start "$c1" >/dev/null
if wait_answer "$p1" "$c1" >/dev/null; then
  data_check "$endpoint" absent MemoryOnly
else
  fail "the in-memory container answers again after a restart"
  show_logs "$c1"
fi
dk rm -f "$c1" >/dev/null

# The health check is real: probing a port the server is not on fails.
c4=drydock-test-$tag-port; containers+=("$c4")
p4=$(free_port)
dk run -d --name "$c4" -p "127.0.0.1:$p4:9000" drydock -inMemory -port 9000 >/dev/null
if wait_answer "$p4" "$c4" >/dev/null; then
  pass "-port 9000 is honoured"
  if podman healthcheck run "$c4" >/dev/null 2>&1; then
    fail "the health check fails while nothing listens on the probed port 8000"
  else
    pass "the health check fails while nothing listens on the probed port 8000"
  fi
  # How much of a stop is drydock's own: SIGTERM to the process, until it is gone.
  pid=$(podman inspect -f '{{.State.Pid}}' "$c4")
  t0=$(date +%s%N)
  kill -TERM "$pid"
  for _ in $(seq 2000); do kill -0 "$pid" 2>/dev/null || break; sleep 0.001; done
  figure "drydock's own exit after SIGTERM (the rest of a stop is the runtime's): $((($(date +%s%N) - t0) / 1000000)) ms"
else
  fail "-port 9000 is honoured"
  show_logs "$c4"
fi
dk rm -f "$c4" >/dev/null

# --- 5. Persistence: -sharedDb -dbPath /data on a named volume, across containers. ------
vol=drydock-test-$tag-data; volumes+=("$vol")
dk volume create "$vol" >/dev/null
c2=drydock-test-$tag-disk1 c3=drydock-test-$tag-disk2 c6=drydock-test-$tag-disk3
containers+=("$c2" "$c3" "$c6")
p2=$(free_port)
endpoint=http://127.0.0.1:$p2
on_volume() {  # NAME: docker run the image with its data on the volume
  dk run -d --name "$1" -p "127.0.0.1:$p2:8000" -v "$vol:/data" drydock \
    -sharedDb -dbPath /data >/dev/null
}
on_volume "$c2"
if wait_answer "$p2" "$c2" >/dev/null; then
  data_check "$endpoint" seed Persisted || show_logs "$c2"
  stop_ms=$(timed_stop "$c2")
  code=$(exit_code "$c2")
  figure "stop on SIGTERM (on a volume): ${stop_ms:-?} ms, exit code $code"
  expect "stops on SIGTERM with data on a volume in under 1 s (${stop_ms:-?} ms)" \
    [ "${stop_ms:-99999}" -lt 1000 ]
  expect "exits by itself on SIGTERM with data on a volume (exit code $code)" [ "$code" = 0 ]
  dk rm "$c2" >/dev/null
  mnt=$(podman volume inspect -f '{{.Mountpoint}}' "$vol")
  files=$(find "$mnt" -type f -uid 1000 | wc -l)
  figure "data volume after the stop: $(du -sh "$mnt" | cut -f1), $files file(s) owned by uid 1000: $(cd "$mnt" && ls | tr '\n' ' ')"
  expect "the database files are on the volume" [ "$files" -gt 0 ]
  on_volume "$c3"
  if wait_answer "$p2" "$c3" >/dev/null; then
    data_check "$endpoint" verify Persisted || show_logs "$c3"
    # An acknowledged write survives even SIGKILL (docker kill).
    data_check "$endpoint" seed Killed
    dk kill "$c3" >/dev/null
    on_volume "$c6"
    if wait_answer "$p2" "$c6" >/dev/null; then
      echo "after docker kill (SIGKILL):"
      data_check "$endpoint" verify Killed || show_logs "$c6"
    else
      fail "a new container on the volume answers after docker kill"
      show_logs "$c6"
    fi
    dk stop -t 10 "$c6" >/dev/null
  else
    fail "a new container on the same volume answers"
    show_logs "$c3"
  fi
else
  fail "the container with -sharedDb -dbPath /data answers"
  show_logs "$c2"
fi

# --- 6. Drop-in: amazon/dynamodb-local's documented command line, unchanged. ------------
vol2=drydock-test-$tag-home; volumes+=("$vol2")
dk volume create "$vol2" >/dev/null
c5=drydock-test-$tag-dropin; containers+=("$c5")
p5=$(free_port)
dk run -d --name "$c5" -p "127.0.0.1:$p5:8000" -v "$vol2:/home/dynamodblocal/data" \
  drydock -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar \
  -sharedDb -dbPath ./data >/dev/null
if wait_answer "$p5" "$c5" >/dev/null; then
  data_check "http://127.0.0.1:$p5" seed DropIn || show_logs "$c5"
  dk stop -t 10 "$c5" >/dev/null
  mnt=$(podman volume inspect -f '{{.Mountpoint}}' "$vol2")
  expect "amazon's command line keeps its data in /home/dynamodblocal/data" \
    [ "$(find "$mnt" -type f | wc -l)" -gt 0 ]
else
  fail "amazon's command line (-Djava.library.path=... -jar DynamoDBLocal.jar -sharedDb -dbPath ./data) starts"
  show_logs "$c5"
fi

# --- 7. docker/compose.yaml: up, write, down (the volume stays), up, read, down -v. -------
if [ -n "${DOCKER_HOST:-}" ] && command -v docker-compose >/dev/null; then
  project=drydock-test-$tag
  p7=$(free_port)
  compose() { DRYDOCK_PORT=127.0.0.1:$p7 docker-compose -p "$project" -f docker/compose.yaml "$@"; }
  cname() { podman ps -a --filter "label=com.docker.compose.project=$project" --format '{{.Names}}' | head -1; }
  if compose up -d >"$work/compose.log" 2>&1 && wait_answer "$p7" "$(cname)" >/dev/null; then
    data_check "http://127.0.0.1:$p7" seed Composed
    compose down >>"$work/compose.log" 2>&1
    if compose up -d >>"$work/compose.log" 2>&1 && wait_answer "$p7" "$(cname)" >/dev/null; then
      echo "after docker-compose down and up:"
      data_check "http://127.0.0.1:$p7" verify Composed
    else
      fail "docker/compose.yaml comes up again after down"
      tail -20 "$work/compose.log" | sed 's/^/  | /'
    fi
  else
    fail "docker-compose -f docker/compose.yaml up -d answers"
    tail -20 "$work/compose.log" | sed 's/^/  | /'
  fi
  compose down -v >>"$work/compose.log" 2>&1
else
  echo "SKIP docker/compose.yaml: needs the docker client and docker-compose"
fi

finish
