#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (CI entry point via .ci/run).
#   ./test.sh                  the asan preset (ASan + UBSan over all of our code, GUI
#                              included): every test except the GPU ones runs under the
#                              sanitizers; then every libFuzzer target for a short,
#                              bounded time (scripts/fuzz.sh, a separate clang build)
#   ./test.sh --release        the release preset instead (what run.sh builds; the
#                              quicker local loop); no fuzzing unless --fuzz-seconds
#   ./test.sh --no-fuzz        leave out the fuzzing
#   ./test.sh --fuzz-seconds N seconds per fuzz target (default 20, two at a time)
#   ./test.sh --no-torch2      leave out the libtorch 2.x build: by default the
#                              torch2 preset (the PyTorch wheel, CUDA paths
#                              compiled; scripts/torch2_env.sh installs it) builds
#                              the CLI and the engine, trainer and scoring tests
#                              and runs them on the CPU, with the Hugging Face
#                              interop tests and the GPU scripts' CPU dry runs
# docs/RELIABILITY.md has the figures behind these choices.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

preset=asan
fuzz_seconds=20
fuzz_asked=0
torch2=1
while [ $# -gt 0 ]; do
  case "$1" in
    --release) preset=release ;;
    --asan) preset=asan ;;
    --no-fuzz) fuzz_seconds=0 ;;
    --no-torch2) torch2=0 ;;
    --fuzz-seconds) fuzz_seconds="${2:?--fuzz-seconds needs a number}"; fuzz_asked=1; shift ;;
    *) echo "usage: ./test.sh [--release] [--no-fuzz] [--fuzz-seconds N] [--no-torch2]" >&2; exit 2 ;;
  esac
  shift
done
[ "$preset" = asan ] || [ $fuzz_asked -eq 1 ] || fuzz_seconds=0

# Each phase's wall time, so a slow CI run shows where the time went.
phase_start=$SECONDS
phase_done() {
  echo "== test.sh: $1 took $((SECONDS - phase_start)) s (total so far $SECONDS s)"
  phase_start=$SECONDS
}

deps=(--gui --test)
[ "$fuzz_seconds" -gt 0 ] && deps+=(--fuzz)
[ $torch2 -eq 1 ] && deps+=(--torch2)
scripts/install_deps.sh "${deps[@]}"
phase_done "installing packages"
scripts/build.sh "$preset"
phase_done "building ($preset)"
export QT_QPA_PLATFORM=offscreen
jobs="${TRACESCOPE_TEST_JOBS:-$(nproc)}"
ctest --preset "$preset" -j "$jobs"
phase_done "tests ($preset)"

if [ $torch2 -eq 1 ]; then
  eval "$(scripts/torch2_env.sh)"
  phase_done "libtorch 2.x environment (scripts/torch2_env.sh)"
  scripts/build.sh torch2 --target tracescope-cli engine_tests
  phase_done "building (torch2)"
  ctest --preset torch2 -j "$jobs"
  phase_done "tests (torch2: engine, trainer, scoring, interop)"
fi

if [ "$fuzz_seconds" -gt 0 ]; then
  # A fixed seed: the same corpus and the same mutations on every run, so a
  # red CI points at a change, not at luck.
  scripts/fuzz.sh --seconds "$fuzz_seconds" --jobs "$(nproc)" --seed 1 --nice 0
  phase_done "fuzz build and runs"
fi
