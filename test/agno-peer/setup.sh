#!/usr/bin/env bash
# Creates the AgentOS test peer's virtualenv (.venv/agno-peer, git-ignored) and installs the pinned
# requirements. A no-op when the installed set already matches requirements.txt, so tests may call
# it every run. AGNO_PEER_VENV and AGNO_PEER_REQUIREMENTS override the folder and the requirements,
# to try the provider against another agno release in a folder of its own:
#   echo 'agno[os]==3.0.0' > /tmp/req.txt
#   AGNO_PEER_VENV=/tmp/agno-3.0.0 AGNO_PEER_REQUIREMENTS=/tmp/req.txt npm run test:agno
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="${AGNO_PEER_VENV:-$root/.venv/agno-peer}"
req="${AGNO_PEER_REQUIREMENTS:-$root/test/agno-peer/requirements.txt}"
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
