#!/usr/bin/env node
// @ts-check
// `npm start` (after `npm run package`): opens the freshly built extension for a person to use.
//   - desktop VS Code when `code` is on PATH: installs dist-vsix/agent-session-inspector.vsix
//     into it (--force, so a rebuild replaces the old one) and opens a window;
//   - otherwise a local code-server (the real VS Code in the browser; installed once by
//     test/vscode/setup.sh) on 127.0.0.1, with the .vsix installed into a profile kept under
//     .vscode-test/user-start/ (settings, connections and tokens survive restarts). It prints the
//     URL and runs until Ctrl-C, then stops code-server and everything it started.
// Env: PORT=8080 picks the port (default: a free one); START_WITH=code-server skips desktop VS Code.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const h = require('../test/vscode/harness');

const VSIX = h.VSIX;
const START_DIR = path.join(h.REPO, '.vscode-test', 'user-start');

/** The `code` command on PATH, if any (code.cmd on Windows). */
function findCode() {
  const names = process.platform === 'win32' ? ['code.cmd', 'code.exe'] : ['code'];
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    for (const name of names) {
      const p = path.join(dir, name);
      try {
        fs.accessSync(p, fs.constants.X_OK);
        if (fs.statSync(p).isFile()) return p;
      } catch {
        /* not here */
      }
    }
  }
  return undefined;
}

function openInDesktop(code) {
  console.log(`Installing ${path.relative(h.REPO, VSIX)} into VS Code (${code})…`);
  const shell = process.platform === 'win32';
  const r = spawnSync(code, ['--install-extension', VSIX, '--force'], { stdio: 'inherit', shell });
  if (r.status !== 0) throw new Error(`"code --install-extension" failed (exit ${r.status})`);
  spawn(code, ['--new-window'], { stdio: 'ignore', detached: true, shell }).unref();
  console.log('\nVS Code is opening. Click the "Agent Inspector" icon in the activity bar: the demo sessions are there.');
}

async function openInCodeServer() {
  if (!h.isInstalled()) {
    console.log('code-server is not installed yet: running test/vscode/setup.sh (a few minutes, once)…');
    const r = spawnSync('bash', [path.join(h.REPO, 'test', 'vscode', 'setup.sh')], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error('test/vscode/setup.sh failed');
  }
  // A person's profile, not a test's: keep the quiet defaults but leave Git on.
  const profile = h.prepareProfile(START_DIR, { 'git.enabled': true });
  console.log(`Installing ${path.relative(h.REPO, VSIX)} into ${path.relative(h.REPO, profile.extensionsDir)}…`);
  h.installVsix(profile, VSIX);

  let port;
  if (process.env.PORT) {
    port = Number(process.env.PORT);
    if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PORT=${process.env.PORT} is not a port number`);
  }
  const server = await h.startCodeServer(profile, { port, smokeTestDriver: false });
  let stopping = false;
  h.onShutdown(async () => {
    stopping = true;
    console.log('\nStopping code-server…');
    await server.stop();
  });
  const url = server.url();
  console.log(
    [
      '',
      'Agent Session Inspector is running in VS Code (code-server) at:',
      '',
      `    ${url}`,
      '',
      'Open it in a browser and click the "Agent Inspector" icon in the activity bar: the demo',
      `sessions are there. Log: ${path.relative(h.REPO, profile.logFile)}. Press Ctrl-C to stop.`,
      '',
    ].join('\n'),
  );
  // Stay up as long as code-server does; its exit (a crash, a kill) ends us too.
  const code = await new Promise((resolve) => {
    if (server.exited) resolve(1);
    else server.child.on('exit', (c) => resolve(c ?? 1));
  });
  if (stopping) return; // Ctrl-C: the shutdown handler finishes and exits
  console.error(`code-server exited (${code}); see ${profile.logFile}`);
  console.error(server.logTail(20));
  process.exit(code || 1);
}

async function main() {
  if (!fs.existsSync(VSIX)) throw new Error(`${VSIX} is missing: run "npm run package" (npm start does it for you)`);
  const code = process.env.START_WITH === 'code-server' ? undefined : findCode();
  if (code) openInDesktop(code);
  else await openInCodeServer();
}

main().catch((e) => {
  console.error(`npm start: ${e && e.message ? e.message : e}`);
  process.exit(1);
});
