#!/usr/bin/env bash
# Creates the AgentOS test peer's virtualenv (.venv/agno-peer, git-ignored) and installs the pinned
# requirements. A no-op when the installed set already matches requirements.txt, so tests may call
# it every run. AGNO_PEER_VENV and AGNO_PEER_REQUIREMENTS override the folder and the requirements,
# to try the provider against another agno release in a folder of its own:
#   echo 'agno[os]==3.0.0' > /tmp/req.txt
#   AGNO_PEER_VENV=/tmp/agno-3.0.0 AGNO_PEER_REQUIREMENTS=/tmp/req.txt npm run test:agno
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# The one venv script both Python peers share (test/python-venv.sh).
exec bash "$root/test/python-venv.sh" agno-peer "${AGNO_PEER_VENV:-$root/.venv/agno-peer}" "${AGNO_PEER_REQUIREMENTS:-$root/test/agno-peer/requirements.txt}" agno
