#!/usr/bin/env bash
# Creates .venv with Python 3.10 (found on PATH or through pyenv) and installs
# the project with pinned versions. Re-runs the install only when the pins change.
set -euo pipefail
cd "$(dirname "$0")/.."

works() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; }

find_python310() {
  # pyenv's shim for python3.10 is on PATH but fails unless 3.10 is selected, so each
  # candidate is run before it is trusted.
  local candidate root
  root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
  for candidate in $(ls -d "$root"/versions/3.10.*/bin/python3.10 2>/dev/null | sort -V -r) \
                   "$(command -v python3.10 || true)"; do
    if [ -n "$candidate" ] && works "$candidate"; then echo "$candidate"; return; fi
  done
  echo "error: Python 3.10 not found (Rasa 3.6 needs it). Install it with 'pyenv install 3.10' or put python3.10 on PATH." >&2
  exit 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))'; then
  PYTHON=$(find_python310)
  echo "Creating .venv with $PYTHON"
  rm -rf .venv
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.installed
want=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "Installing dependencies into .venv (pinned in constraints.txt)"
  .venv/bin/python -m pip install --quiet --upgrade "pip==24.3.1"
  .venv/bin/python -m pip install --quiet -c constraints.txt -e ".[dev]"
  echo "$want" > "$stamp"
fi
