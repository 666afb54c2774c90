#!/usr/bin/env bash
# Creates the Foundry SDK checker's virtualenv (.venv/foundry-sdk, git-ignored) and installs the
# pinned official SDK. A no-op when the installed set already matches requirements.txt, so the
# unit test calls it every run. FOUNDRY_SDK_VENV and FOUNDRY_SDK_REQUIREMENTS override the folder
# and the requirements, to check the simulator against another SDK release:
#   echo 'foundry-platform-sdk==1.120.0' > /tmp/req.txt
#   FOUNDRY_SDK_VENV=/tmp/foundry-sdk FOUNDRY_SDK_REQUIREMENTS=/tmp/req.txt npx mocha test/unit/foundry.sdk.test.ts
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# The one venv script both Python peers share (test/python-venv.sh).
exec bash "$root/test/python-venv.sh" foundry-sdk "${FOUNDRY_SDK_VENV:-$root/.venv/foundry-sdk}" "${FOUNDRY_SDK_REQUIREMENTS:-$root/test/foundry-sdk/requirements.txt}" foundry-platform-sdk
