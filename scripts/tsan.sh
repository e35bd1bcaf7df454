#!/usr/bin/env bash
# Builds the thread tests under ThreadSanitizer (the tsan preset, build/tsan)
# and runs them: ctest label "threads" - the job framework and the workbench's
# job workers (docs/RELIABILITY.md). Only those tests and what they link are
# built, not the whole tree.
#   scripts/tsan.sh            build and run
#   scripts/tsan.sh --build-only
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build_only=0
case "${1:-}" in
  --build-only) build_only=1 ;;
  "") ;;
  *) echo "usage: scripts/tsan.sh [--build-only]" >&2; exit 2 ;;
esac
[ -f build/tsan/build.ninja ] || cmake --preset tsan >/dev/null
targets=(test_job_threads)
# The GUI workers' test exists only where the GUI is built.
if ninja -C build/tsan -t targets all 2>/dev/null | grep -q '^test_ui_job_threads:'; then
  targets+=(test_ui_job_threads)
fi
cmake --build build/tsan --target "${targets[@]}" -j "${TRACESCOPE_BUILD_JOBS:-$(nproc)}"
[ $build_only -eq 1 ] && exit 0
export QT_QPA_PLATFORM=offscreen
ctest --preset tsan
