#!/usr/bin/env bash
# Installs the Debian 12 packages TraceScope needs, only those that are missing.
# Usage: scripts/install_deps.sh [--gui] [--bench] [--fuzz] [--torch2] [--test]
set -euo pipefail

packages=(cmake ninja-build g++ pkg-config ccache
          libtorch-dev libgloo-dev libopenblas0-openmp nlohmann-json3-dev libsqlite3-dev libpcre2-dev
          qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev
          sqlite3)
for arg in "$@"; do
  case "$arg" in
    --gui) packages+=(xvfb xauth libgl1-mesa-dri fonts-dejavu-core poppler-utils) ;;
    --bench) packages+=(python3-torch) ;;
    --fuzz) packages+=(clang-14 libclang-rt-14-dev) ;;
    --torch2) packages+=(python3-venv python3-pip) ;;  # scripts/torch2_env.sh
    # The tests' independent references: R for the statistics (tests/stats/*.R),
    # python3 for the shell tests' checks.
    --test) packages+=(r-base-core python3) ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install_deps: missing Debian packages: ${missing[*]}" >&2
  echo "install_deps: run as root (or: sudo apt-get install --no-install-recommends ${missing[*]})" >&2
  exit 1
fi
echo "install_deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
