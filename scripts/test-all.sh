#!/usr/bin/env bash
# Every test layer, in order from fastest to slowest. The first run on a fresh machine installs
# what the browser and VS Code layers need (Debian chromium, Node 24, code-server) into ignored
# folders; later runs reuse them.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n=== %s ===\n' "$*"; }

step "typecheck"
npx tsc -p . --noEmit
npx tsc -p webview --noEmit
npx tsc -p tsconfig.js.json

step "lint (typescript-eslint + the architecture's import rules)"
npm run --silent lint

step "unit tests (plain Node)"
npx mocha

step "browser/VS Code prerequisites"
bash test/vscode/setup.sh

step "webview tests (headless Chromium)"
npm run --silent test:webview

step "extension tests in a real VS Code (code-server)"
npm run --silent test:vscode
