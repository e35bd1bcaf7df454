#!/usr/bin/env bash
# GPU checks of the trainer in one short call (~3 minutes after the build):
#   1. LoRA and full SFT step speed at the Llama-3.2-1B and Qwen3-1.7B shapes
#      (batch 8 x 512, bf16, random weights) with MFU, next to Hugging Face
#      transformers + peft measured in the same run: $OUT/hf_bench.json when
#      run_gpu_checks.sh already ran hf_bench.py in this call, else the
#      training half of it (tests/gpu/hf_train_bench.py);
#   2. a tiny model trained fully and with LoRA, saved by the trainer, loaded
#      by transformers / peft (tests/gpu/check_checkpoints.py): same chat text,
#      same ids, same logits.
# Callable standalone or from run_gpu_checks.sh (same carry folder and build
# tree conventions: an already configured --build is reused as is).
#
# usage: tests/gpu/run_train_gpu.sh [--carry DIR] [--out DIR] [--build DIR] [--prebuilt DIR]
#                                   [--budget S] [--jobs N] [--no-hf] [--cpu-dry-run]
#   --carry DIR    tests/gpu/make_carry.sh's folder (sqlite/pcre2 headers); default $TS_GPU_CARRY or ./gpu_carry
#   --out DIR      results (default $OUT, else build/gpu-out): train_summary.txt,
#                  train_results.json, train_logs.txt (three files: the device tool returns at most eight)
#   --build DIR    build tree (default build/gpu, or build/gpu-dry-run)
#   --prebuilt DIR use train_gpu_check of an already built tree: no configure, no build
#   --budget S     seconds for everything, build included (default 420)
#   --cpu-dry-run  the same phases on the CPU with tiny shapes against the system libtorch
# environment: TORCH_PREFIX, PYTHON (default python3), TORCH_CUDA_ARCH_LIST.
# Exit status 0 when the build, the benchmark and the checkpoint check ran and
# the checkpoints matched; speed targets are reported, not turned into failures.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
carry="${TS_GPU_CARRY:-$repo/gpu_carry}"
out="${OUT:-}"
build=""
prebuilt=0
budget=420
dry=0
hf=1
jobs="$(nproc 2>/dev/null || echo 4)"
while [ $# -gt 0 ]; do
  case "$1" in
    --carry) carry="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    --prebuilt) build="$2"; prebuilt=1; shift 2 ;;
    --budget) budget="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --no-hf) hf=0; shift ;;
    --cpu-dry-run) dry=1; shift ;;
    *) echo "usage: $0 [--carry DIR] [--out DIR] [--build DIR] [--prebuilt DIR] [--budget S] [--jobs N] [--no-hf] [--cpu-dry-run]" >&2; exit 2 ;;
  esac
done
[ -n "$out" ] || out="$repo/build/gpu-out"
[ -n "$build" ] || { if [ $dry -eq 1 ]; then build="$repo/build/gpu-dry-run"; else build="$repo/build/gpu"; fi; }
mkdir -p "$out" "$build"
out="$(cd "$out" && pwd)"
carry="$(cd "$carry" 2>/dev/null && pwd || echo "$carry")"
PYTHON="${PYTHON:-python3}"
work="$build/train-gpu-work"
mkdir -p "$work"
logs="$out/train_logs.txt"
summary="$out/train_summary.txt"
: > "$logs"
: > "$summary"
start=$SECONDS
status=0
note() { echo "$*" | tee -a "$summary"; }
remaining() { echo $(( budget - (SECONDS - start) )); }
# phase NAME CAP CMD...: runs CMD under min(CAP, time left), appends its output to the log.
phase() {
  local name="$1" cap="$2"; shift 2
  local left; left=$(remaining)
  local limit=$(( cap < left ? cap : left ))
  if [ "$limit" -lt 5 ]; then note "phase $name: SKIPPED (time budget spent)"; return 124; fi
  local t0=$SECONDS rc=0
  echo "===== $name: $*" >> "$logs"
  timeout --kill-after=10 "$limit" "$@" > "$work/$name.log" 2>&1 || rc=$?
  cat "$work/$name.log" >> "$logs"
  note "phase $name: rc=$rc in $(( SECONDS - t0 ))s (limit ${limit}s)"
  return $rc
}
note "run_train_gpu: $(date -u +%FT%TZ) dry_run=$dry budget=${budget}s build=$build"

# --- configure (skipped when the build tree is already configured) ---------------
if [ $prebuilt -eq 0 ] && [ ! -f "$build/CMakeCache.txt" ]; then
  cmake_args=(-S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DTRACESCOPE_GUI=OFF -DTRACESCOPE_TESTS=OFF
              -DTRACESCOPE_BENCH=OFF -DTRACESCOPE_CUDA_CHECKS=ON)
  command -v ninja > /dev/null && cmake_args+=(-G Ninja)
  prefix=""
  if [ $dry -eq 0 ]; then
    prefix="${TORCH_PREFIX:-$("$PYTHON" -c 'import torch;print(torch.utils.cmake_prefix_path)' 2>/dev/null)}"
    [ -n "$prefix" ] || { note "RESULT: no libtorch (set TORCH_PREFIX)"; exit 1; }
    export TORCH_CUDA_ARCH_LIST="${TORCH_CUDA_ARCH_LIST:-9.0}"
    if ! command -v nvcc > /dev/null && [ -x /usr/local/cuda/bin/nvcc ]; then
      export PATH="/usr/local/cuda/bin:$PATH" CUDACXX=/usr/local/cuda/bin/nvcc CUDAToolkit_ROOT=/usr/local/cuda
    fi
  elif [ -n "${TORCH_PREFIX:-}" ]; then
    prefix="$TORCH_PREFIX"
  fi
  [ -n "$prefix" ] && cmake_args+=("-DCMAKE_PREFIX_PATH=$prefix")
  if [ -f "$carry/sqlite/usr/include/sqlite3.h" ]; then
    cmake_args+=("-DSQLite3_INCLUDE_DIR=$carry/sqlite/usr/include")
    lib="$(ls /usr/lib/x86_64-linux-gnu/libsqlite3.so.0 /usr/lib64/libsqlite3.so.0 /usr/lib/libsqlite3.so.0 2>/dev/null | head -1)"
    [ -n "$lib" ] && cmake_args+=("-DSQLite3_LIBRARY=$lib")
  fi
  [ -f "$carry/pcre2/usr/include/pcre2.h" ] && cmake_args+=("-DPCRE2_ROOT=$carry/pcre2/usr")
  if [ -f /usr/include/nlohmann/json.hpp ] &&
     ! ls /usr/share/cmake*/nlohmann_json* /usr/lib/cmake/nlohmann_json* /usr/lib/*/cmake/nlohmann_json* > /dev/null 2>&1; then
    shim="$build/nlohmann_json_shim"
    mkdir -p "$shim"
    printf '%s\n' 'if(NOT TARGET nlohmann_json::nlohmann_json)' \
      '  add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)' \
      '  set_target_properties(nlohmann_json::nlohmann_json PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "/usr/include")' \
      'endif()' > "$shim/nlohmann_jsonConfig.cmake"
    printf '%s\n' 'set(PACKAGE_VERSION "3.11.0")' 'set(PACKAGE_VERSION_COMPATIBLE TRUE)' > "$shim/nlohmann_jsonConfigVersion.cmake"
    cmake_args+=("-Dnlohmann_json_DIR=$shim")
  fi
  phase configure 200 cmake "${cmake_args[@]}" || { tail -30 "$work/configure.log"; note "RESULT: FAIL (configure)"; exit 1; }
fi
if [ $prebuilt -eq 0 ]; then
  phase build 300 cmake --build "$build" --target train_gpu_check -j "$jobs" ||
    { tail -40 "$work/build.log"; note "RESULT: FAIL (build)"; exit 1; }
fi
check="$build/tests/train/train_gpu_check"

device=cuda
bench_args=(--shapes llama-3.2-1b,qwen3-1.7b --batch 8 --seq 512 --warmup 2 --steps 5)
if [ $dry -eq 1 ]; then
  device=cpu
  bench_args=(--shapes tiny-llama,tiny-qwen3 --batch 2 --seq 64 --warmup 1 --steps 2)
fi

# --- 1. speed: ours, then transformers + peft on the same GPU ---------------------------
phase bench_ours 150 "$check" bench --device "$device" "${bench_args[@]}" --json "$work/ours.json" || status=1
grep -E "tokens/s" "$work/bench_ours.log" | tee -a "$summary"
hf_json="$out/hf_bench.json"
if [ $hf -eq 1 ] && [ $dry -eq 0 ]; then
  if [ -f "$hf_json" ] && grep -q train_full "$hf_json"; then
    note "HF baseline: $hf_json from this call's run_gpu_checks.sh"
  else
    hf_json="$work/hf_train.json"
    phase bench_hf 150 "$PYTHON" "$repo/tests/gpu/hf_train_bench.py" "$hf_json"
  fi
fi

# --- 2. saved checkpoints load in transformers / peft ------------------------------------
phase checkpoints 90 "$check" checkpoints --device "$device" --out "$work/ckpt" || status=1
if phase load_python 90 "$PYTHON" "$repo/tests/gpu/check_checkpoints.py" "$work/ckpt" --json "$work/checkpoints.json"; then
  note "checkpoints: PASS"
else
  status=1
  note "checkpoints: FAIL"
fi
grep -E "^(PASS|FAIL)" "$work/load_python.log" | tee -a "$summary"

# --- summary: ratios and MFU ----------------------------------------------------------------
"$PYTHON" - "$work/ours.json" "$hf_json" "$work/checkpoints.json" "$out/train_results.json" <<'EOF' 2>&1 | tee -a "$summary"
import json, os, sys
ours_p, hf_p, ck_p, out_p = sys.argv[1:5]
load = lambda p: json.load(open(p)) if os.path.exists(p) else {}
ours, hf, ck = load(ours_p), load(hf_p), load(ck_p)
print(f"training speed ({ours.get('device')}, torch {ours.get('torch')}; HF: {hf.get('device', 'not measured')}):")
for shape, r in ours.items():
    if not isinstance(r, dict) or "params" not in r:
        continue
    for kind in ("train_lora", "train_full"):
        o = r.get(kind)
        if not o:
            print(f"  {shape} {kind}: {r.get('error', 'missing')}"); continue
        line = f"  {shape:<13} {kind[6:]:<4} ours {o['train_tokens_per_s']:9.0f} tok/s  MFU {100 * o['mfu']:5.1f}%"
        base = hf.get(shape, {}).get(kind, {}).get("train_tokens_per_s")
        if base:
            ratio = o["train_tokens_per_s"] / base
            # kTrainTarget of core/model/speed_targets.h; HF + peft measured in this run.
            line += f"  HF {base:9.0f} tok/s  ratio {ratio:5.2f}x  target >= 1.2x: {'met' if ratio >= 1.2 else 'NOT met'}"
        print(line)
json.dump({"ours": ours, "hf": hf, "checkpoints": ck}, open(out_p, "w"), indent=1)
EOF
note "total: $(( SECONDS - start ))s of ${budget}s"
if [ $status -eq 0 ]; then note "RESULT: PASS"; else note "RESULT: FAIL"; fi
exit $status
