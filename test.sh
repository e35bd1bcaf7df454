#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test (CI entry point via .ci/run).
#   ./test.sh            release build (the one run.sh uses), all tests except the GPU ones
#   ./test.sh --asan     also builds the asan preset and runs the unit suite under ASan+UBSan
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

asan=0
for a in "$@"; do
  case "$a" in
    --asan) asan=1 ;;
    *) echo "usage: ./test.sh [--asan]" >&2; exit 2 ;;
  esac
done

scripts/install_deps.sh --gui
scripts/build.sh release
export QT_QPA_PLATFORM=offscreen
jobs="${TRACESCOPE_TEST_JOBS:-$(nproc)}"
ctest --preset release -j "$jobs"

if [ $asan -eq 1 ]; then
  scripts/build.sh asan
  ctest --preset asan -j "$jobs"
fi
