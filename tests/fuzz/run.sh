#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/CMakeLists.txt, clang 16 + libc++, ASan+UBSan) into
# build/fuzz/ and runs each for a while from its committed seed corpus. Fails on any crash,
# leak, UB report, timeout or invariant violation; the input is saved in build/fuzz/crashes/.
#
# Usage: tests/fuzz/run.sh [seconds-per-target] [target...]
#   targets: parsers (expressions), sigv4 (Authorization header, authenticate), decoder (request
#   bodies: DynamoDB JSON). Default: 20 seconds each, all three.
# Reproduce a crash:  build/fuzz/fuzz_<target> build/fuzz/crashes/<target>-crash-<sha1>
# A fixed crash's input goes into tests/fuzz/corpus/<target>/regress-<what> so that every run
# replays it (libFuzzer runs the whole seed corpus before mutating).
set -euo pipefail
cd "$(dirname "$0")/../.."

seconds=${1:-20}
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(parsers sigv4 decoder)
cxx=${FUZZ_CXX:-clang++-16}
out=build/fuzz
lock=/tmp/drydock-build.lock

if ! command -v "$cxx" >/dev/null 2>&1; then
  echo "fuzz: $cxx not found; scripts/install-deps.sh installs it" >&2
  exit 1
fi

# Per-target input limits. parsers: DynamoDB's 4096-character expression limit, and a little
# past it so the length check is fuzzed too. sigv4: a request head with a small body. decoder:
# request bodies as SDKs send them (the regression input for deep nesting is 16000 bytes).
declare -A max_len=([parsers]=4200 [sigv4]=8192 [decoder]=16384)

for t in "${targets[@]}"; do
  [ -n "${max_len[$t]:-}" ] || { echo "fuzz: unknown target '$t' (parsers, sigv4, decoder)" >&2; exit 2; }
done

build() {
  local names=()
  for t in "${targets[@]}"; do names+=("fuzz_$t"); done
  # Configuring compiles CMake's probe programs, so it takes the lock like the build.
  if [ ! -f "$out/build.ninja" ]; then
    flock "$lock" cmake -S tests/fuzz -B "$out" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" || return 1
  fi
  flock "$lock" cmake --build "$out" -j2 --target "${names[@]}"
}

start=$(date +%s)
mkdir -p "$out/crashes" "$out/logs"
if ! build >"$out/logs/build.log" 2>&1; then
  grep -v '^\[' "$out/logs/build.log" | tail -60
  echo "fuzz: build failed (log: $out/logs/build.log)"
  exit 1
fi
echo "fuzz: built ${targets[*]} in $(($(date +%s) - start)) s"

# Stack traces with file:line. clang 16's runtime looks for llvm-symbolizer-16, which comes with
# the llvm-16 package (not installed); any llvm-symbolizer reads clang 16's line tables.
symbolizer=""
if command -v llvm-symbolizer >/dev/null 2>&1; then
  symbolizer=":external_symbolizer_path=$(command -v llvm-symbolizer)"
fi
passed=0
failed=()
for t in "${targets[@]}"; do
  seeds=tests/fuzz/corpus/$t
  work=$out/corpus/$t  # new inputs found here; kept between local runs, never committed
  log=$out/logs/$t.log
  mkdir -p "$work"
  dict=()
  [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="tests/fuzz/$t.dict")
  # A 1 MB stack (the default is 8 MB): recursion that grows with the input then overflows at
  # the input sizes the fuzzer reaches instead of at megabytes.
  set +e
  (
    ulimit -s 1024
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1$symbolizer \
      ASAN_OPTIONS=detect_leaks=1$symbolizer \
      "$out/fuzz_$t" "$work" "$seeds" "${dict[@]}" \
      -max_total_time="$seconds" -max_len="${max_len[$t]}" -timeout=5 -rss_limit_mb=2048 \
      -print_final_stats=1 -print_funcs=0 -artifact_prefix="$out/crashes/$t-"
  ) >"$log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 || true)
  seeded=$(find "$seeds" -type f | wc -l)
  if [ "$rc" = 0 ]; then
    passed=$((passed + 1))
    echo "fuzz: $t ok: ${runs:-?} runs (${speed:-?}/s), $seeded seeds, ${cov:-cov: ?} (log: $log)"
  else
    failed+=("$t")
    echo "fuzz: $t FAILED (exit $rc); the report from $log:"
    # The start of the report (a stack overflow's trace is thousands of lines) and its end.
    awk '/ERROR: |runtime error:|invariant violated|ALARM:|out-of-memory/ { on = 1 }
         on && shown < 40 { print; shown++ }' "$log"
    grep -E '^SUMMARY|^MS: |Test unit written' "$log" || tail -20 "$log"
    ls -1 "$out/crashes/$t-"* 2>/dev/null | sed 's/^/  saved input: /' || true
  fi
done

echo "fuzz: stage took $(($(date +%s) - start)) s"
echo "fuzz: ${passed} passed, ${#failed[@]} failed"
[ "${#failed[@]}" = 0 ]
