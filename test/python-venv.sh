#!/usr/bin/env bash
# The virtualenv of a Python test peer (test/agno-peer, test/foundry-sdk): creates <venv> and installs
# the pinned <requirements> into it. A no-op when the installed set already matches the file (a
# stamp of its hash is kept in the venv), so tests may call it every run. Python is only ever a
# test peer here: nothing the extension ships needs it.
#   bash test/python-venv.sh <label> <venv folder> <requirements file> <main package>
set -euo pipefail
label="$1"
venv="$2"
req="$3"
main="$4"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"

if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
python="${PYTHON:-python3}"
"$python" -c "import sys; sys.exit(0 if sys.version_info >= (3, 9) else '$label needs Python 3.9 or newer')"
echo "$label: installing $(grep -m1 "^$main" "$req") into $venv" >&2
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
echo "$want" > "$stamp"
