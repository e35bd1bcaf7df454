#!/usr/bin/env bash
# Installs what is missing, builds, and opens the workbench on the demo project.
#   ./run.sh              the GUI (under Xvfb when there is no display)
#   ./run.sh --headless   the demo experiment in the terminal
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$root"

headless=0
args=()
for a in "$@"; do
  if [ "$a" = "--headless" ]; then headless=1; else args+=("$a"); fi
done

if [ $headless -eq 1 ]; then
  scripts/install_deps.sh
else
  scripts/install_deps.sh --gui
fi
scripts/build.sh release

demo_dir="${TRACESCOPE_DEMO_DIR:-$HOME/.local/share/TraceScope}"
mkdir -p "$demo_dir"
if [ $headless -eq 1 ]; then
  exec build/release/app/tracescope-cli demo --project "$demo_dir/demo.tsproj" ${args[@]+"${args[@]}"}
fi

gui=(build/release/app/tracescope --demo "$demo_dir/demo.tsproj" ${args[@]+"${args[@]}"})
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run.sh: no display found; starting the workbench under Xvfb (set DISPLAY to use your own)"
  exec xvfb-run -a -s "-screen 0 1600x1000x24" "${gui[@]}"
fi
exec "${gui[@]}"
