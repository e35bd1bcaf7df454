#!/usr/bin/env bash
# Assembles the folder run_gpu_checks.sh needs on a GPU box that has no
# internet, no sqlite3.h and no pcre2.h: the parity fixtures, the transformers
# baseline script and its H100 figures, and the two headers unpacked from
# Debian's libsqlite3-dev and libpcre2-dev (apt-get download + dpkg -x; the box
# has the matching runtime libraries). The folder (default gpu_carry/) is
# git-ignored; hand it to the GPU run as a carried path.
#
# usage: tests/gpu/make_carry.sh [DIR]   (TRACESCOPE_SHARED_DATA overrides ../shared/data)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dest="${1:-$repo/gpu_carry}"
shared_data="${TRACESCOPE_SHARED_DATA:-$repo/../shared/data}"
shared_bench="$(cd "$shared_data/.." && pwd)/bench"

mkdir -p "$dest"
rm -rf "$dest/parity"
cp -r "$shared_data/parity" "$dest/parity"
chmod -R u+w "$dest/parity"
cp "$shared_bench/hf_bench.py" "$shared_bench/hf_baseline_h100.json" "$dest/"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && apt-get download libsqlite3-dev libpcre2-dev > /dev/null)
for pkg in sqlite:libsqlite3-dev pcre2:libpcre2-dev; do
  name="${pkg%%:*}"
  deb="$(ls "$work"/"${pkg#*:}"_*.deb)"
  rm -rf "${dest:?}/$name" "$work/x"
  dpkg -x "$deb" "$work/x"
  mkdir -p "$dest/$name/usr"
  cp -r "$work/x/usr/include" "$dest/$name/usr/"  # headers only; the box has the libraries
done
echo "carry folder ready: $dest ($(du -sh "$dest" | cut -f1))"
ls "$dest" "$dest/sqlite/usr/include" "$dest/pcre2/usr/include"
