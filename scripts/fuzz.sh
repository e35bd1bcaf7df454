#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz in a separate clang build
# (build/fuzz) and runs each for a bounded time (docs/RELIABILITY.md).
#
#   scripts/fuzz.sh                      every target, 60 s each, one after another
#   scripts/fuzz.sh --seconds 600 --targets csv,safetensors
#   scripts/fuzz.sh --seconds 30 --jobs 2 --seed 1   two targets at a time (./test.sh)
#   scripts/fuzz.sh --list               the target names
#   scripts/fuzz.sh --build-only         configure and build, run nothing
#   scripts/fuzz.sh --summary-only       the table again from the last runs' logs
#
# Each target keeps a growing corpus in build/fuzz/corpus/<target> (seeded
# from slices of ../shared/data made at build time) and writes crash, timeout,
# leak and out-of-memory inputs to build/fuzz/artifacts/<target>/. A found
# input belongs in tests/fuzz/regressions/<target>/ once fixed: ctest replays
# that folder in the ordinary build (fuzz_regressions_<target>).
# Exit code: 0 when no target produced an artifact, 1 otherwise.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

seconds=60
targets=""
build="build/fuzz"
build_only=0
nice_level=10
jobs=1
seed=0
summary_only=0
all="safetensors tokenizer_json tokenizer_encode chat_template python_literal csv load_cotempqa load_babi
     load_msmarco load_sft_csv load_jsonl trace_parser model_config adapter_config"

usage() { awk 'NR>1 && !/^#/ {exit} NR>1' "$0" | sed 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --targets) targets="${2//,/ }"; shift 2 ;;
    --build-dir) build="$2"; shift 2 ;;
    --build-only) build_only=1; shift ;;
    --nice) nice_level="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --summary-only) summary_only=1; shift ;;
    --list) echo $all; exit 0 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
done
[ -n "$targets" ] || targets="$all"

cxx="${CXX_FUZZ:-clang++-14}"
cc="${CC_FUZZ:-clang-14}"
command -v "$cxx" >/dev/null || { echo "$cxx not found (apt-get install clang-14 libclang-rt-14-dev)" >&2; exit 2; }

if [ ! -f "$build/build.ninja" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRACESCOPE_FUZZ=ON -DTRACESCOPE_GUI=OFF \
    -DTRACESCOPE_TESTS=OFF -DTRACESCOPE_BENCH=OFF
fi
if [ $summary_only -eq 0 ]; then
  nice -n "$nice_level" cmake --build "$build" --target fuzz_targets -j "${FUZZ_BUILD_JOBS:-2}"
fi
[ $build_only -eq 1 ] && exit 0

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
seeds="$build/tests/fuzz/seeds"
mkdir -p "$build/logs"

# Writes logs/<target>.row (executions, coverage, features, exec/s, artifacts)
# from the target's log and artifact folder, and prints it.
summarize_target() {
  local t="$1"
  local log="$build/logs/$t.log"
  local artifacts="$build/artifacts/$t"
  # libFuzzer's final line: "#N DONE cov: X ft: Y corp: ... exec/s: Z"; on a
  # crash the last status line before the report.
  local last execs cov ft eps found
  last=$(grep -E '^#[0-9]+[[:space:]]+(DONE|NEW|REDUCE|pulse|INITED)' "$log" | tail -1 || true)
  execs=$(grep -E 'stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1 || true)
  [ -n "$execs" ] || execs=$(echo "$last" | sed -E 's/^#([0-9]+).*/\1/')
  cov=$(echo "$last" | sed -nE 's/.* cov: ([0-9]+).*/\1/p' || true)
  ft=$(echo "$last" | sed -nE 's/.* ft: ([0-9]+).*/\1/p')
  eps=$(grep -E 'stat::average_exec_per_sec' "$log" | awk '{print $2}' | tail -1 || true)
  found=$(find "$artifacts" -type f | wc -l)
  printf '%-16s %10s %8s %8s %10s  %s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "${eps:-?}" "$found" \
    > "$build/logs/$t.row"
  cat "$build/logs/$t.row"
}

# Runs one target; its summary row goes to logs/<target>.row, its exit status
# (0 clean, 1 artifact or non-zero exit) to logs/<target>.rc.
run_target() {
  local t="$1"
  local exe="$build/tests/fuzz/fuzz_$t"
  local corpus="$build/corpus/$t"
  local artifacts="$build/artifacts/$t"
  local log="$build/logs/$t.log"
  mkdir -p "$corpus" "$artifacts"
  echo "== fuzz_$t for $seconds s (log: $log)"
  # -timeout: one input taking longer is a hang; -rss_limit_mb/-malloc_limit_mb:
  # an input that makes the parser allocate that much is a resource bug.
  # -seed 0 lets libFuzzer pick one (printed in the log).
  set +e
  nice -n "$nice_level" "$exe" "$corpus" $( [ -d "$seeds/$t" ] && echo "$seeds/$t" ) \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 -seed="$seed" \
    -artifact_prefix="$artifacts/" -print_final_stats=1 >"$log" 2>&1
  local rc=$?
  set -e
  summarize_target "$t"
  local found
  found=$(find "$artifacts" -type f | wc -l)
  if [ $rc -ne 0 ] || [ "$found" -gt 0 ]; then
    grep -E 'ERROR: |SUMMARY: |==[0-9]+== ' "$log" | head -5 || true
    echo 1 > "$build/logs/$t.rc"
  else
    echo 0 > "$build/logs/$t.rc"
  fi
}

if [ $summary_only -eq 1 ]; then
  for t in $targets; do
    [ -f "$build/logs/$t.log" ] || continue
    summarize_target "$t" >/dev/null
    found=$(find "$build/artifacts/$t" -type f 2>/dev/null | wc -l)
    [ "$found" -eq 0 ] && echo 0 > "$build/logs/$t.rc" || echo 1 > "$build/logs/$t.rc"
  done
else
  for t in $targets; do
    [ -x "$build/tests/fuzz/fuzz_$t" ] || { echo "no fuzz target $t" >&2; exit 2; }
    rm -f "$build/logs/$t.row" "$build/logs/$t.rc"
  done
  running=0
  for t in $targets; do
    run_target "$t" &
    running=$((running + 1))
    if [ "$running" -ge "$jobs" ]; then
      wait -n || true
      running=$((running - 1))
    fi
  done
  wait || true
fi

status=0
printf '%-16s %10s %8s %8s %10s  %s\n' target executions cov ft "exec/s" artifacts > "$build/fuzz-summary.txt"
for t in $targets; do
  cat "$build/logs/$t.row" >> "$build/fuzz-summary.txt" 2>/dev/null || echo "$t: no result" >> "$build/fuzz-summary.txt"
  [ "$(cat "$build/logs/$t.rc" 2>/dev/null || echo 1)" = 0 ] || status=1
done
echo
cat "$build/fuzz-summary.txt"
exit $status
