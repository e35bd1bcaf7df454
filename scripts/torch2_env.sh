#!/usr/bin/env bash
# Installs (once) and describes the Python environment of libtorch 2.x: the
# PyTorch wheel from PyPI (CUDA build) with transformers, peft, safetensors and
# tokenizers at the versions pinned in tests/interop/requirements.txt. Its
# torch/ folder is the libtorch the torch2 preset builds against; its Python
# runs the Hugging Face interop tests and bench_train's transformers baseline.
#
# usage: eval "$(scripts/torch2_env.sh)"
#   prints TRACESCOPE_TORCH_ROOT=... and TRACESCOPE_INTEROP_PYTHON=... exports.
# The environment lives in ${TRACESCOPE_TORCH2_VENV:-~/.cache/tracescope/torch2-<hash>},
# the hash taken over the requirements, so a changed pin makes a new one; pip's
# own cache (~/.cache/pip) keeps the downloads (~4 GB with the CUDA libraries)
# between installs on one machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
req="$root/tests/interop/requirements.txt"
hash="$(sha256sum "$req" | cut -c1-12)"
venv="${TRACESCOPE_TORCH2_VENV:-$HOME/.cache/tracescope/torch2-$hash}"
if [ ! -f "$venv/.complete" ]; then
  echo "torch2_env: installing $req into $venv (first time on this machine)" >&2
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  python3 -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --quiet --upgrade pip >&2
  "$venv/bin/python" -m pip install --quiet -r "$req" >&2
  touch "$venv/.complete"
fi
torch_root="$("$venv/bin/python" -c 'import os, torch; print(os.path.dirname(torch.__file__))')"
echo "export TRACESCOPE_TORCH_ROOT='$torch_root'"
echo "export TRACESCOPE_INTEROP_PYTHON='$venv/bin/python'"
