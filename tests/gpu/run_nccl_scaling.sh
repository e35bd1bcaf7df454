#!/usr/bin/env bash
# Data-parallel fine-tuning on several GPUs (c10d + NCCL), for a multi-GPU box:
#   1. `tracescope-cli train --nproc N --device cuda` at N = 1, 2, 4 (as many
#      as there are GPUs), the same global batch each time;
#   2. the N = 2 weights against the N = 1 weights (max |difference|, which
#      must stay within float rounding: 1e-4 on float32 weights);
#   3. tokens/s at each N and the ratio to N = 1, for bench/README.md.
# Needs a build against the PyTorch wheel (torch2 preset, or run_gpu_checks.sh's
# build/gpu) and python3 with safetensors + torch (the wheel's). A single-GPU
# box cannot run it: NCCL refuses two ranks on one device.
#
# usage: tests/gpu/run_nccl_scaling.sh --prebuilt BUILD --model HF_DIR [--out DIR]
#                                      [--epochs E] [--cpu-dry-run]
#   --model DIR    any Llama/Qwen3 checkpoint (the carry's parity/llama_tiny, or a real one)
#   --out DIR      results: nccl_scaling.txt and nccl_scaling.json (default $OUT, else build/gpu-out)
#   --cpu-dry-run  N = 1, 2 on the CPU with Gloo (a build against Debian's libtorch):
#                  checks this script and the weight comparison without a GPU
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="" model="" out="${OUT:-}" epochs=2 dry=0
while [ $# -gt 0 ]; do
  case "$1" in
    --prebuilt) build="$2"; shift 2 ;;
    --model) model="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --cpu-dry-run) dry=1; shift ;;
    *) echo "usage: $0 --prebuilt BUILD --model HF_DIR [--out DIR] [--epochs E] [--cpu-dry-run]" >&2; exit 2 ;;
  esac
done
[ -n "$build" ] && [ -n "$model" ] || { echo "--prebuilt and --model are required" >&2; exit 2; }
cli="$build/app/tracescope-cli"
[ -x "$cli" ] || { echo "no $cli" >&2; exit 2; }
out="${out:-$repo/build/gpu-out}"
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python="${PYTHON:-python3}"

if [ $dry -eq 1 ]; then
  device=cpu counts="1 2" threads="--threads 1"
else
  device=cuda threads=""
  gpus="$(nvidia-smi -L 2>/dev/null | wc -l)"
  [ "$gpus" -ge 2 ] || { echo "needs at least 2 GPUs (found $gpus)" | tee "$out/nccl_scaling.txt"; exit 1; }
  counts="1 2"
  [ "$gpus" -ge 4 ] && counts="1 2 4"
fi

# One global batch for every N: 8 micro-batches of 4 per step, so N = 1, 2, 4
# ranks take 8, 4, 2 micro-batches each.
train() {
  local n="$1"
  "$cli" train --model "$model" --out "$work/n$n" --device "$device" --nproc "$n" \
    --data "$repo/sample_data/babi/qa1_single-supporting-fact_train.txt" --format babi \
    --epochs "$epochs" --batch-size 4 --grad-accum 8 --max-length 1024 --lr 1e-4 \
    --seed 3 --save-steps 1000 $threads >"$work/n$n.log" 2>&1
}

status=0
for n in $counts; do
  if ! train "$n"; then
    echo "N=$n failed:"; tail -n 20 "$work/n$n.log"; status=1
  fi
done
[ $status -eq 0 ] || exit 1

"$python" - "$work" "$out" $counts <<'EOF'
import json, sys, pathlib
from safetensors.torch import load_file
work, out, counts = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), [int(c) for c in sys.argv[3:]]
def result(n):
    return json.loads((work / f"n{n}" / "result.json").read_text())
def weights(n):
    final = pathlib.Path(result(n)["final_dir"])
    return {k: v.float() for f in sorted(final.glob("*.safetensors")) for k, v in load_file(f).items()}
base = result(1)
rows = []
for n in counts:
    r = result(n)
    tps = r["tokens"] / r["seconds"]
    rows.append({"nproc": n, "tokens": r["tokens"], "seconds": r["seconds"], "tokens_per_s": tps,
                 "ratio_to_1": tps / (base["tokens"] / base["seconds"])})
w1, w2 = weights(1), weights(2)
diff = max((w1[k] - w2[k]).abs().max().item() for k in w1)
ok = set(w1) == set(w2) and diff <= 1e-4
lines = [f"nproc {r['nproc']}: {r['tokens_per_s']:.0f} tokens/s ({r['ratio_to_1']:.2f}x of 1), "
         f"{r['tokens']} tokens in {r['seconds']:.1f} s" for r in rows]
lines.append(f"weights N=2 vs N=1: max |diff| {diff:.3g} ({'ok' if ok else 'FAIL'}, bound 1e-4)")
(out / "nccl_scaling.txt").write_text("\n".join(lines) + "\n")
(out / "nccl_scaling.json").write_text(json.dumps({"runs": rows, "max_abs_weight_diff": diff}, indent=1))
print("\n".join(lines))
sys.exit(0 if ok else 1)
EOF
