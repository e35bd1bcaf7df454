#!/usr/bin/env bash
# GPU checks of the model engine in one call (about 5-8 minutes on an H100/H200
# box as described in docs/DESIGN.md section 4): configure core + CLI against the
# PyTorch wheel's CUDA libtorch (no Qt, no sqlite3.h on the box: headers come
# from the carry folder), build only the engine, the GPU check programs and the
# CLI, run parity on CUDA (float32 and bfloat16), CUDA-graph vs eager decode,
# the engine's generation benchmark at the shapes of hf_bench.py and hf_bench.py
# itself on the same GPU, and print the ratios. Everything lands in $OUT.
#
# usage: tests/gpu/run_gpu_checks.sh [--carry DIR] [--out DIR] [--build DIR] [--prebuilt DIR]
#                                    [--fixtures DIR] [--budget SECONDS] [--jobs N] [--train]
#                                    [--cpu-dry-run]
#   --carry DIR    made by tests/gpu/make_carry.sh: parity/ (fixtures), hf_bench.py,
#                  hf_baseline_h100.json, sqlite/usr/include/sqlite3.h,
#                  pcre2/usr/include/pcre2.h (default: $TS_GPU_CARRY or ./gpu_carry)
#   --out DIR      results (default: $OUT, else build/gpu-out): four files, since the
#                  device tool returns at most eight: gpu_summary.txt, gpu_logs.txt
#                  (every phase's output and the set -x trace), gpu_results.json
#                  (parity + engine benchmark), hf_bench.json (hf_bench.py's output)
#   --build DIR    build tree (default: build/gpu, or build/gpu-dry-run)
#   --prebuilt DIR use the programs of an already built tree (configured with
#                  TRACESCOPE_CUDA_CHECKS or TRACESCOPE_TESTS): no configure, no
#                  build (ctest's gpu_checks_cpu_dry_run runs the script this way)
#   --fixtures DIR parity fixtures (default: the carry's parity/)
#   --budget S     total seconds for these checks, build included (default 480)
#   --train        afterwards run tests/gpu/run_train_gpu.sh (the trainer's checks) on
#                  the same build tree, carry and $OUT (its own budget, ~3-5 minutes)
#   --train-budget S  seconds for those trainer checks (default: run_train_gpu.sh's)
#   --cpu-dry-run  the same phases on the CPU against the system libtorch with
#                  tiny shapes (checks the script itself; no HF run without torch)
# environment: TORCH_PREFIX (libtorch's CMake prefix; default: the wheel's
#   torch.utils.cmake_prefix_path), PYTHON (default python3), TORCH_CUDA_ARCH_LIST,
#   TS_BUILD_TYPE (default Release; a dry run may reuse a RelWithDebInfo tree).
# Exit status: 0 when the build and every parity check passed, 1 otherwise
# (benchmark targets are reported in gpu_summary.txt, not turned into failures).
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
carry="${TS_GPU_CARRY:-$repo/gpu_carry}"
out="${OUT:-}"
build=""
prebuilt=0
fixtures=""
budget=480
dry=0
train=0
train_budget=""
jobs="$(nproc 2>/dev/null || echo 4)"
while [ $# -gt 0 ]; do
  case "$1" in
    --carry) carry="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --prebuilt) build="$2"; prebuilt=1; shift 2 ;;
    --fixtures) fixtures="$2"; shift 2 ;;
    --budget) budget="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --train) train=1; shift ;;
    --train-budget) train_budget="$2"; shift 2 ;;
    --cpu-dry-run) dry=1; shift ;;
    *) echo "usage: $0 [--carry DIR] [--out DIR] [--build DIR] [--prebuilt DIR] [--fixtures DIR] [--budget S] [--jobs N] [--train] [--cpu-dry-run]" >&2; exit 2 ;;
  esac
done
[ -n "$out" ] || out="$repo/build/gpu-out"
[ -n "$build" ] || { if [ $dry -eq 1 ]; then build="$repo/build/gpu-dry-run"; else build="$repo/build/gpu"; fi; }
mkdir -p "$out" "$build"
carry="$(cd "$carry" 2>/dev/null && pwd || echo "$carry")"
out="$(cd "$out" && pwd)"
build="$(cd "$build" && pwd)"
PYTHON="${PYTHON:-python3}"

work="$build/gpu-checks-work"  # per-phase logs; gathered into $out/gpu_logs.txt
mkdir -p "$work"
logs="$out/gpu_logs.txt"
summary="$out/gpu_summary.txt"
: > "$logs"
: > "$summary"
exec > >(tee "$work/trace.log") 2>&1
PS4='+ [${SECONDS}s] '
set -x

status=0
note() { echo "$*" | tee -a "$summary"; }
remaining() { echo $(( budget - SECONDS )); }
# phase NAME CAP_SECONDS CMD...: runs CMD under the smaller of CAP and the time
# left, keeps its output in $work/NAME.log (appended to $logs) and its duration
# in the summary.
phase() {
  local name="$1" cap="$2"; shift 2
  local left; left=$(remaining)
  local limit=$(( cap < left ? cap : left ))
  if [ "$limit" -lt 5 ]; then note "phase $name: SKIPPED (time budget spent)"; return 124; fi
  local t0=$SECONDS rc=0
  timeout --kill-after=10 "$limit" "$@" > "$work/$name.log" 2>&1 || rc=$?
  { echo "===== $name (rc=$rc, $(( SECONDS - t0 ))s): $*"; cat "$work/$name.log"; } >> "$logs"
  note "phase $name: rc=$rc in $(( SECONDS - t0 ))s (limit ${limit}s)"
  return $rc
}
# Appends the trace to the logs once, at exit (also after an early failure).
finish() { set +x; { echo "===== set -x trace"; cat "$work/trace.log"; } >> "$logs" 2>/dev/null; }
trap finish EXIT

note "run_gpu_checks: $(date -u +%FT%TZ) repo=$repo carry=$carry dry_run=$dry budget=${budget}s jobs=$jobs"

# --- environment -------------------------------------------------------------
{
  uname -a; nvidia-smi 2>&1 | head -20; g++ --version | head -1; cmake --version | head -1
  ninja --version 2>/dev/null; "$PYTHON" --version 2>&1
  "$PYTHON" -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.is_available())' 2>&1
  "$PYTHON" -c 'import transformers, peft; print("transformers", transformers.__version__, "peft", peft.__version__)' 2>&1
  ls "$carry" 2>&1
} > "$work/environment.log" 2>&1
{ echo "===== environment"; cat "$work/environment.log"; } >> "$logs"

[ -n "$fixtures" ] || fixtures="$carry/parity"
[ -d "$fixtures" ] || { note "missing $fixtures (make it with tests/gpu/make_carry.sh)"; exit 1; }

# A prebuilt tree skips configure and build (the block below, up to "fi").
if [ $prebuilt -eq 1 ]; then
  note "prebuilt tree: $build (no configure, no build)"
  cli="$build/app/tracescope-cli"
  for program in "$build/tests/gpu/gpu_parity" "$build/tests/gpu/gpu_bench_generate"; do
    [ -x "$program" ] || { note "RESULT: $program is not built in $build"; exit 1; }
  done
else
# --- configure -----------------------------------------------------------------
cmake_args=(-S "$repo" -B "$build" "-DCMAKE_BUILD_TYPE=${TS_BUILD_TYPE:-Release}" -DTRACESCOPE_GUI=OFF -DTRACESCOPE_TESTS=OFF
            -DTRACESCOPE_BENCH=OFF -DTRACESCOPE_CUDA_CHECKS=ON "-DTS_PARITY_FIXTURES=$fixtures")
command -v ninja > /dev/null && cmake_args+=(-G Ninja)
prefixes=()
if [ $dry -eq 0 ]; then
  torch_prefix="${TORCH_PREFIX:-$("$PYTHON" -c 'import torch;print(torch.utils.cmake_prefix_path)' 2>/dev/null)}"
  [ -n "$torch_prefix" ] || { note "no libtorch: set TORCH_PREFIX or install the torch wheel"; exit 1; }
  prefixes+=("$torch_prefix")
  export TORCH_CUDA_ARCH_LIST="${TORCH_CUDA_ARCH_LIST:-9.0}"  # H100 / H200
  if ! command -v nvcc > /dev/null && [ -x /usr/local/cuda/bin/nvcc ]; then
    export PATH="/usr/local/cuda/bin:$PATH" CUDACXX=/usr/local/cuda/bin/nvcc CUDAToolkit_ROOT=/usr/local/cuda
  fi
elif [ -n "${TORCH_PREFIX:-}" ]; then
  prefixes+=("$TORCH_PREFIX")
fi
# sqlite3.h (and pcre2.h) unpacked from Debian packages into the carry; the box
# only has the runtime libraries (libsqlite3.so.0, libpcre2-8.so.0).
if [ -f "$carry/sqlite/usr/include/sqlite3.h" ]; then
  cmake_args+=("-DSQLite3_INCLUDE_DIR=$carry/sqlite/usr/include")
  sqlite_lib=""
  for f in /usr/lib/x86_64-linux-gnu/libsqlite3.so.0 /usr/lib64/libsqlite3.so.0 /usr/lib/libsqlite3.so.0; do
    [ -e "$f" ] && { sqlite_lib="$f"; break; }
  done
  [ -n "$sqlite_lib" ] && cmake_args+=("-DSQLite3_LIBRARY=$sqlite_lib")
fi
[ -f "$carry/pcre2/usr/include/pcre2.h" ] && cmake_args+=("-DPCRE2_ROOT=$carry/pcre2/usr")
# nlohmann/json.hpp without its CMake package: a two-file shim package.
json_package=0
for d in /usr/share/cmake*/nlohmann_json* /usr/lib/cmake/nlohmann_json* /usr/lib/*/cmake/nlohmann_json* \
         /usr/local/share/cmake*/nlohmann_json* /usr/local/lib/cmake/nlohmann_json*; do
  [ -e "$d" ] && json_package=1
done
if [ "${TS_FORCE_JSON_SHIM:-0}" = 1 ] || { [ -f /usr/include/nlohmann/json.hpp ] && [ $json_package -eq 0 ]; }; then
  shim="$build/nlohmann_json_shim"
  mkdir -p "$shim"
  cat > "$shim/nlohmann_jsonConfig.cmake" <<'EOF'
if(NOT TARGET nlohmann_json::nlohmann_json)
  add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
  set_target_properties(nlohmann_json::nlohmann_json PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "/usr/include")
endif()
EOF
  cat > "$shim/nlohmann_jsonConfigVersion.cmake" <<'EOF'
set(PACKAGE_VERSION "3.11.0")
set(PACKAGE_VERSION_COMPATIBLE TRUE)
EOF
  cmake_args+=("-Dnlohmann_json_DIR=$shim")
fi
if [ ${#prefixes[@]} -gt 0 ]; then cmake_args+=("-DCMAKE_PREFIX_PATH=$(IFS=';'; echo "${prefixes[*]}")"); fi

if ! phase configure 240 cmake "${cmake_args[@]}"; then
  tail -40 "$work/configure.log"
  note "RESULT: configure failed (see configure.log)"
  exit 1
fi

# --- build: the engine and the check programs first, then the CLI ---------------
if ! phase build_checks 300 cmake --build "$build" --target gpu_parity gpu_bench_generate -j "$jobs"; then
  tail -60 "$work/build_checks.log"
  note "RESULT: build of the GPU checks failed (see build_checks.log)"
  exit 1
fi
cli="$build/app/tracescope-cli"
phase build_cli 200 cmake --build "$build" --target tracescope-cli -j "$jobs" || { tail -30 "$work/build_cli.log"; cli=""; }
fi  # prebuilt

device=cuda; dtypes=float32,bfloat16; bench_dtype=bfloat16
bench_args=(--batches "1,16" --prompt 384 --new 64 --repeats 3 --compare-eager)
if [ $dry -eq 1 ]; then
  device=cpu
  bench_args=(--shapes "tiny-llama,tiny-qwen3" --batches "1,4" --prompt 32 --new 16 --repeats 2)
fi

# --- parity ----------------------------------------------------------------------
if phase parity 150 "$build/tests/gpu/gpu_parity" --fixtures "$fixtures" --device "$device" --dtypes "$dtypes" \
     --json "$work/parity.json"; then
  note "parity: PASS"
else
  status=1
  note "parity: FAIL"
fi
grep -E "^=>|vs eager|gpu_parity:" "$work/parity.log" | tee -a "$summary"

# --- CLI smoke test ------------------------------------------------------------------
if [ -n "$cli" ] && [ -x "$cli" ]; then
  phase cli_smoke 60 bash -c "'$cli' model info '$fixtures/llama_tiny' &&
    '$cli' logits --model '$fixtures/llama_tiny' --ids 1,17,42 --device $device --json | head -c 300 && echo &&
    '$cli' generate --model '$fixtures/llama_tiny' --adapter '$fixtures/llama_tiny_lora' --ids 1,10,20,30,40 \
      --ids 5,400 --max-new-tokens 8 --device $device --dtype bfloat16" || status=1
fi

# --- benchmarks: the engine, then transformers on the same GPU -----------------------
phase bench_engine 150 "$build/tests/gpu/gpu_bench_generate" --device "$device" --dtype "$bench_dtype" \
  "${bench_args[@]}" --json "$work/bench_engine.json"
grep -E "b=" "$work/bench_engine.log" | tee -a "$summary"

hf_json="$out/hf_bench.json"
if [ $dry -eq 0 ] || "$PYTHON" -c 'import torch, transformers' > /dev/null 2>&1; then
  if [ -f "$carry/hf_bench.py" ] && "$PYTHON" -c 'import torch; assert torch.cuda.is_available()' > /dev/null 2>&1; then
    phase bench_hf 240 "$PYTHON" "$carry/hf_bench.py" "$hf_json"
  else
    note "bench_hf: skipped (no hf_bench.py in the carry or no CUDA torch in $PYTHON)"
  fi
fi

# --- ratios ----------------------------------------------------------------------------
"$PYTHON" - "$work/bench_engine.json" "$hf_json" "$carry/hf_baseline_h100.json" "$work/parity.json" \
  "$out/gpu_results.json" <<'EOF' 2>&1 | tee -a "$summary"
import json, os, sys
engine_path, hf_path, ref_path, parity_path, results_path = sys.argv[1:6]
load = lambda p: json.load(open(p)) if os.path.exists(p) else None
json.dump({"parity": load(parity_path), "engine_bench": load(engine_path), "hf_bench": load(hf_path)},
          open(results_path, "w"), indent=1)
if not os.path.exists(engine_path):
    print("ratios: no engine benchmark results"); sys.exit(0)
engine = json.load(open(engine_path))
source, hf = "same run", None
if os.path.exists(hf_path):
    hf = json.load(open(hf_path))
if not hf or not any(isinstance(v, dict) and v.get("generate") for v in hf.values()):
    source, hf = "REFERENCE H100 file, not this run", (json.load(open(ref_path)) if os.path.exists(ref_path) else {})
print(f"ratios vs transformers ({source}; engine on {engine.get('device')} {engine.get('dtype')}, HF on {hf.get('device')}):")
for r in engine.get("results", []):
    rate = r["engine"]["gen_tokens_per_s"]
    base = next((g["gen_tokens_per_s"] for g in hf.get(r["model"], {}).get("generate", []) if g["batch"] == r["batch"]), None)
    eager = r.get("engine_eager", {}).get("gen_tokens_per_s")
    line = f"  {r['model']:<14} b={r['batch']:<3} engine {rate:9.1f} tok/s"
    if eager: line += f" (eager {eager:.1f})"
    if base:
        # Targets from core/model/speed_targets.h via the engine's JSON: >= 5x at
        # batch 1, >= 2x at batch 16. Graded only against HF measured in this run.
        target = r.get("target_ratio")
        line += f"  HF {base:8.1f} tok/s  ratio {rate / base:6.2f}x"
        if target is None:
            line += "  (no target at this batch size)"
        elif source != "same run":
            line += f"  target >= {target:g}x: not graded (HF not measured in this run)"
        else:
            line += f"  target >= {target:g}x: {'met' if rate / base >= target else 'NOT met'}"
    print(line)
EOF

note "total: ${SECONDS}s of ${budget}s budget"
if [ $status -eq 0 ]; then note "RESULT: PASS"; else note "RESULT: FAIL"; fi

if [ $train -eq 1 ] && [ -x "$repo/tests/gpu/run_train_gpu.sh" ]; then
  train_args=(--carry "$carry" --out "$out" --build "$build" --jobs "$jobs")
  [ $prebuilt -eq 1 ] && train_args=(--carry "$carry" --out "$out" --prebuilt "$build" --jobs "$jobs")
  [ $dry -eq 1 ] && train_args+=(--cpu-dry-run)
  [ -n "$train_budget" ] && train_args+=(--budget "$train_budget")
  "$repo/tests/gpu/run_train_gpu.sh" "${train_args[@]}" || note "run_train_gpu.sh: FAIL (see train_summary.txt)"
fi
exit $status
