#!/usr/bin/env bash
# Creates the AgentOS test peer's virtualenv (.venv/agno-peer, git-ignored) and installs the pinned
# requirements. A no-op when the installed set already matches requirements.txt, so tests may call
# it every run. AGNO_PEER_VENV overrides the folder.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="${AGNO_PEER_VENV:-$root/.venv/agno-peer}"
req="$root/test/agno-peer/requirements.txt"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"

if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
python="${PYTHON:-python3}"
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else "agno needs Python 3.9 or newer")'
echo "agno-peer: installing $(grep -m1 '^agno' "$req") into $venv" >&2
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
echo "$want" > "$stamp"
