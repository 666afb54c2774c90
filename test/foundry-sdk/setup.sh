#!/usr/bin/env bash
# Creates the Foundry SDK checker's virtualenv (.venv/foundry-sdk, git-ignored) and installs the
# pinned official SDK. A no-op when the installed set already matches requirements.txt, so the
# unit test calls it every run. FOUNDRY_SDK_VENV and FOUNDRY_SDK_REQUIREMENTS override the folder
# and the requirements, to check the simulator against another SDK release:
#   echo 'foundry-platform-sdk==1.120.0' > /tmp/req.txt
#   FOUNDRY_SDK_VENV=/tmp/foundry-sdk FOUNDRY_SDK_REQUIREMENTS=/tmp/req.txt npx mocha test/unit/foundry.sdk.test.ts
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="${FOUNDRY_SDK_VENV:-$root/.venv/foundry-sdk}"
req="${FOUNDRY_SDK_REQUIREMENTS:-$root/test/foundry-sdk/requirements.txt}"
stamp="$venv/.requirements.sha256"
want="$(sha256sum "$req" | cut -d' ' -f1)"

if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  exit 0
fi
python="${PYTHON:-python3}"
"$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else "the Foundry SDK needs Python 3.9 or newer")'
echo "foundry-sdk: installing $(grep -m1 '^foundry-platform-sdk' "$req") into $venv" >&2
"$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
echo "$want" > "$stamp"
