#!/usr/bin/env node
// @ts-check
// The extension-host suite in DESKTOP VS Code through @vscode/test-electron — the same
// out/test/vscode/suite/index.js that run-ext-tests.js runs in code-server. For machines that can
// download VS Code (update.code.visualstudio.com); CI here cannot, so CI uses code-server instead.
//
//   npm run test:desktop          (builds the suite, then runs this)
// Env: VSCODE_EXECUTABLE=/path/to/code uses an installed VS Code instead of downloading one;
//      VSCODE_VERSION=1.90.0 pins the downloaded version (default: stable).
// Linux without a display: run it under `xvfb-run -a npm run test:desktop`.
'use strict';
const fs = require('fs');
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const { REPO, QUIET_SETTINGS, prepareWorkspace, tempDir } = require('./harness');

async function main() {
  const extensionTestsPath = path.join(REPO, 'out', 'test', 'vscode', 'suite', 'index.js');
  for (const f of [extensionTestsPath, path.join(REPO, 'dist', 'extension.js')]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run "node esbuild.js --tests" first`);
  }
  // A fresh profile every run: the suite checks what lands in globalState and settings.
  const userDataDir = tempDir('asi-desktop-user-');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(QUIET_SETTINGS, null, 2));
  try {
    await runTests({
      extensionDevelopmentPath: REPO,
      extensionTestsPath,
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE || undefined,
      version: process.env.VSCODE_VERSION || undefined,
      launchArgs: [
        prepareWorkspace(),
        '--user-data-dir',
        userDataDir,
        '--disable-extensions',
        '--disable-workspace-trust',
        '--skip-welcome',
        '--skip-release-notes',
        '--disable-telemetry',
      ],
    });
  } finally {
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error('desktop extension tests failed:', e && e.message ? e.message : e);
  process.exit(1);
});
