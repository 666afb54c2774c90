#!/usr/bin/env node
// @ts-check
// Extension-host tests in a REAL VS Code (code-server 4.139.1), headless, offline. The same mocha
// suite that @vscode/test-electron runs on a desktop (run-desktop.js): VS Code loads the repo as
// an extension under development, requires out/test/vscode/suite/index.js in the extension host
// and awaits its run(); the workbench then calls window.codeAutomationExit(0|1), which we expose.
//
//   node test/vscode/run-ext-tests.js        (after `node esbuild.js --tests`; exit code = result)
// Env: EXT_DEV_PATH / EXT_TESTS_PATH override what is loaded (used to try the plumbing on another
// extension), EXT_TEST_TIMEOUT_MS (default 180000), E2E_ALL_CONSOLE=1 prints the whole page console,
// E2E_KEEP=1 keeps the throwaway profile.
'use strict';
const fs = require('fs');
const path = require('path');
const h = require('./harness');

const DEV_PATH = path.resolve(process.env.EXT_DEV_PATH || h.REPO);
const TESTS_PATH = path.resolve(process.env.EXT_TESTS_PATH || path.join(h.REPO, 'out', 'test', 'vscode', 'suite', 'index.js'));
const TIMEOUT_MS = Number(process.env.EXT_TEST_TIMEOUT_MS || 180000);

function checkBuilt() {
  const missing = [TESTS_PATH];
  if (DEV_PATH === h.REPO) missing.push(path.join(h.REPO, 'dist', 'extension.js'));
  const absent = missing.filter((f) => !fs.existsSync(f));
  if (absent.length) throw new Error(`not built: ${absent.join(', ')} — run "node esbuild.js --tests" first`);
}

/** The extension host's own log: where activation errors end up. */
function extHostLogTail(profile, lines = 40) {
  const found = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/exthost.*\.log$/.test(e.name)) found.push(p);
    }
  };
  try {
    walk(path.join(profile.userDataDir, 'logs'));
  } catch {
    /* no logs yet */
  }
  return found
    .map((f) => `--- ${path.relative(profile.dir, f)} ---\n${fs.readFileSync(f, 'utf8').split('\n').slice(-lines).join('\n')}`)
    .join('\n');
}

async function main() {
  h.requireInstalled();
  checkBuilt();
  const workspace = h.prepareWorkspace();
  h.resetResults(['ext-tests-']);
  const tmp = h.tempDir('asi-exttest-');
  // AI features on, so the test-only model below can be registered (vscode.lm).
  const profile = h.prepareProfile(tmp, { 'chat.disableAIFeatures': false });
  // The test-only model as an installed extension of this throwaway profile (the web workbench
  // loads only one extensionDevelopmentPath).
  fs.cpSync(
    path.join(h.REPO, 'test', 'vscode', 'lm-test-model'),
    path.join(profile.extensionsDir, 'agent-inspector-tests.lm-test-model-0.0.1'),
    { recursive: true },
  );
  let server;
  let browser;
  /** @type {number | 'timeout' | 'not run'} */
  let result = 'not run';
  const cleanup = async () => {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop();
  };
  h.onShutdown(cleanup);
  try {
    server = await h.startCodeServer(profile);
    h.log(`code-server up on port ${server.port} (pid ${server.pid})`);
    const { context, page } = await h.launchBrowser(path.join(tmp, 'chromium'));
    browser = context;
    let settle;
    /** @type {Promise<number>} */
    const exited = new Promise((r) => {
      settle = r;
    });
    await page.exposeFunction('codeAutomationExit', (code) => settle(code));
    page.on('console', (m) => {
      const text = h.cleanConsoleText(m.text());
      if (text.includes('[ext-test]')) console.log(text.slice(text.indexOf('[ext-test]')));
      else if (process.env.E2E_ALL_CONSOLE) console.log(`[console.${m.type()}] ${text}`);
    });
    page.on('pageerror', (e) => {
      if (process.env.E2E_ALL_CONSOLE) console.log('[pageerror]', e.message);
    });
    const payload = [
      ['extensionDevelopmentPath', server.remote(DEV_PATH)],
      ['extensionTestsPath', server.remote(TESTS_PATH)],
    ];
    await page.goto(server.url(workspace, payload));
    h.log('workbench loading; waiting for the extension-host tests');
    let timer;
    /** @type {Promise<'timeout'>} */
    const timedOut = new Promise((r) => {
      timer = setTimeout(() => r('timeout'), TIMEOUT_MS);
    });
    result = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    h.log(`tests finished: ${result === 'timeout' ? `TIMEOUT after ${TIMEOUT_MS / 1000}s` : `exit code ${result}`}`);
    if (result !== 0) {
      await page.screenshot({ path: path.join(h.RESULTS, 'ext-tests-failure.png') }).catch(() => {});
      if (result === 'timeout') console.error(`--- code-server log tail ---\n${server.logTail()}\n${extHostLogTail(profile)}`);
    }
  } catch (e) {
    console.error('ext tests could not run:', (e && e.stack) || e);
    if (server) console.error(`--- code-server log tail ---\n${server.logTail()}`);
  } finally {
    await cleanup();
    if (result === 0 && !process.env.E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
    else console.log(`kept the profile for inspection: ${tmp}`);
    h.log(`extension-host tests ${result === 0 ? 'PASSED' : 'FAILED'}`);
    process.exitCode = result === 0 ? 0 : 1;
  }
}

void main();
