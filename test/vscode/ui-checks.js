// @ts-check
// What the UI runners (run-ui-*.js) share beyond the harness: steps that stop a walk-through on
// the first failure, console watching for CSP violations and errors from our extension, the
// extension host's own error log, and runUiSuite, the skeleton each runner's steps run in.
'use strict';
const fs = require('fs');
const path = require('path');
const h = require('./harness');

/** A walk-through's steps: a failing step ends the walk (later steps depend on it); `check` does not. */
function stepper() {
  const results = [];
  async function step(name, fn, { soft = false } = {}) {
    const start = Date.now();
    try {
      await fn();
      results.push({ name, ok: true });
      h.log(`✓ ${name} (${Date.now() - start} ms)`);
    } catch (e) {
      results.push({ name, ok: false });
      h.log(`✗ ${name}`);
      if (!soft) throw e;
      console.error(`    ${String(e.message).split('\n').join('\n    ')}`);
    }
  }
  const check = (name, fn) => step(name, fn, { soft: true });
  return { results, step, check };
}

/**
 * Console messages that signal a defect: errors naming our extension, and Content Security Policy
 * violations inside our webview (the page's strict CSP must hold without anything being blocked).
 */
function watchConsole(page) {
  /** @type {{ ownErrors: string[], cspViolations: string[] }} */
  const found = { ownErrors: [], cspViolations: [] };
  page.on('console', (m) => {
    const text = h.cleanConsoleText(m.text());
    if (process.env.E2E_ALL_CONSOLE) console.log(`[console.${m.type()}] ${text}`);
    if (m.type() !== 'error') return;
    const where = (m.location() && m.location().url) || '';
    if (/Content Security Policy/.test(text) && /agent-session-inspector|vscode-resource/.test(where)) {
      found.cspViolations.push(
        `${text.slice(0, 300)}\n      at ${where.replace(/^.*\/extensions\//, '…/extensions/')}:${m.location().lineNumber}`,
      );
    } else if (/agent-inspector|agentInspector|agent-session-inspector/i.test(text) && !/^ERR /.test(text)) {
      // (`ERR …` lines are the extension host's log forwarded: read in full from its file below.)
      found.ownErrors.push(text.slice(0, 400));
    }
  });
  page.on('pageerror', (e) => {
    if (/agentInspector|agent-session-inspector/.test(String(e.stack))) found.ownErrors.push(`pageerror: ${e.message}`);
  });
  return found;
}

/**
 * `[error]` entries of the extension host's log whose stack runs through our bundle, but for the
 * `known` ones (VS Code's own errors logged under our extension's name, each with why).
 */
function extensionHostErrors(profile, known = []) {
  const logs = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'remoteexthost.log') logs.push(p);
    }
  };
  walk(path.join(profile.userDataDir, 'logs'));
  const entries = logs.flatMap((f) => fs.readFileSync(f, 'utf8').split(/\n(?=\d{4}-\d\d-\d\d )/));
  return entries
    .filter((e) => / \[error\] /.test(e) && e.includes(`${h.EXTENSION_ID}-`) && !known.some((k) => k.test(e)))
    .map((e) =>
      e
        .split('\n')
        .slice(0, 3)
        .join('\n      ')
        .replace(/\/tmp\/[^/]+\/extensions\//g, '…/extensions/'),
    );
}

/**
 * The walk-through every UI runner shares around its own steps: a throwaway profile (with
 * `settings`), the .vsix installed, code-server and Chromium started, the workbench page handed
 * to `body` (which starts the peers the extension will talk to and stops them with `onCleanup`);
 * then the checks every runner ends with (strict CSP held, no errors from our extension), the
 * failure report (screenshot, code-server log tail, extension-host errors), cleanup, the summary
 * line and the exit code.
 *
 * o: { name, resultPrefixes, tmpPrefix, shotPrefix, settings?, viewport? (the window, 1440×900
 *      unless given), steps? (a stepper() the runner's helpers already use), beforeStart?({ profile,
 *      tmp, step }) (more to install before code-server starts), knownHostErrors? (RegExps of VS Code's
 *      own errors that its log files under our extension), body(ctx) }
 * ctx: { page, server, step, check, shot(page, name), profile, tmp, onCleanup(fn) }
 */
async function runUiSuite(o) {
  h.requireInstalled();
  h.resetResults(o.resultPrefixes);
  const tmp = h.tempDir(o.tmpPrefix);
  const profile = h.prepareProfile(tmp, o.settings);
  const { results, step, check } = o.steps ?? stepper();
  const shot = (page, name) => h.screenshot(page, `${o.shotPrefix}${name}`);
  const cleanups = [];
  let server;
  let browser;
  let page;
  let ok = false;
  const cleanup = async () => {
    if (browser) await browser.close().catch(() => {});
    if (server) await server.stop();
    for (const fn of cleanups.reverse())
      await Promise.resolve()
        .then(fn)
        .catch(() => {});
  };
  h.onShutdown(cleanup);
  try {
    await step(`install ${path.relative(h.REPO, h.VSIX)} into a fresh extensions folder`, async () => {
      const out = h.installVsix(profile, h.VSIX);
      if (!/was successfully installed/.test(out)) throw new Error(`unexpected install output: ${out}`);
      const installed = fs.readdirSync(profile.extensionsDir).filter((d) => d.startsWith(`${h.EXTENSION_ID}-`));
      if (installed.length !== 1)
        throw new Error(`expected one ${h.EXTENSION_ID}-* folder, found ${JSON.stringify(fs.readdirSync(profile.extensionsDir))}`);
    });
    if (o.beforeStart) await o.beforeStart({ profile, tmp, step });
    server = await h.startCodeServer(profile, { smokeTestDriver: false });
    h.log(`code-server up on port ${server.port} (pid ${server.pid})`);
    ({ context: browser, page } = await h.launchBrowser(path.join(tmp, 'chromium'), o.viewport ? { viewport: o.viewport } : {}));
    const consoleFindings = watchConsole(page);

    await o.body({ page, server, step, check, shot, profile, tmp, onCleanup: (fn) => cleanups.push(fn) });

    await check('our webviews run under their strict CSP without violations', async () => {
      const v = consoleFindings.cspViolations;
      if (v.length) throw new Error(`${v.length} Content Security Policy violation(s) in the webview:\n  ${v.join('\n  ')}`);
    });
    await check('no errors from the extension in the console or the extension host log', async () => {
      const errors = [...consoleFindings.ownErrors, ...extensionHostErrors(profile, o.knownHostErrors)];
      if (errors.length) throw new Error(`errors:\n  ${errors.join('\n  ')}`);
    });
    ok = results.every((r) => r.ok);
  } catch (e) {
    console.error(`${o.name} failed:`, (e && e.stack) || e);
    if (page) await shot(page, 'failure').catch(() => {});
    if (server) console.error(`--- code-server log tail ---\n${server.logTail()}`);
    const hostErrors = (() => {
      try {
        return extensionHostErrors(profile);
      } catch {
        return [];
      }
    })();
    if (hostErrors.length) console.error(`--- extension-host errors from our extension ---\n  ${hostErrors.join('\n  ')}`);
  } finally {
    await cleanup();
    if (ok && !process.env.E2E_KEEP) fs.rmSync(tmp, { recursive: true, force: true });
    else console.log(`kept the profile for inspection: ${tmp}`);
    const passed = results.filter((r) => r.ok).length;
    h.log(`${o.name} ${ok ? 'PASSED' : 'FAILED'}: ${passed} steps passed, ${results.length - passed} failed`);
    process.exitCode = ok ? 0 : 1;
  }
}

module.exports = { stepper, watchConsole, extensionHostErrors, runUiSuite };
