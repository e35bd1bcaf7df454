#!/usr/bin/env bash
# Configures and builds one preset (default: dev). Used by run.sh and test.sh.
# usage: scripts/build.sh [PRESET [--target T...]]  (extra arguments go to cmake --build)
set -euo pipefail
preset="${1:-dev}"
shift || true
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jobs="${TRACESCOPE_BUILD_JOBS:-$(nproc)}"
if [ ! -f "build/$preset/build.ninja" ]; then
  cmake --preset "$preset" >/dev/null
fi
cmake --build --preset "$preset" -j "$jobs" "$@"
