// What the UI runners (run-ui-tests.js, run-ui-providers.js) share beyond the harness: steps that
// stop a walk-through on the first failure, console watching for CSP violations and errors from
// our extension, and the extension host's own error log.
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
  const found = { ownErrors: [], cspViolations: [] };
  page.on('console', (m) => {
    const text = h.cleanConsoleText(m.text());
    if (process.env.E2E_ALL_CONSOLE) console.log(`[console.${m.type()}] ${text}`);
    if (m.type() !== 'error') return;
    const where = (m.location() && m.location().url) || '';
    if (/Content Security Policy/.test(text) && /agent-session-inspector|vscode-resource/.test(where)) {
      found.cspViolations.push(`${text.slice(0, 300)}\n      at ${where.replace(/^.*\/extensions\//, '…/extensions/')}:${m.location().lineNumber}`);
    } else if (/agent-inspector|agentInspector|agent-session-inspector/i.test(text) && !/^ERR /.test(text)) {
      // (`ERR …` lines are the extension host's log forwarded: read in full from its file below.)
      found.ownErrors.push(text.slice(0, 400));
    }
  });
  page.on('pageerror', (e) => { if (/agentInspector|agent-session-inspector/.test(String(e.stack))) found.ownErrors.push(`pageerror: ${e.message}`); });
  return found;
}

/** `[error]` entries of the extension host's log whose stack runs through our bundle. */
function extensionHostErrors(profile) {
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
  return entries.filter((e) => / \[error\] /.test(e) && e.includes(`${h.EXTENSION_ID}-`))
    .map((e) => e.split('\n').slice(0, 3).join('\n      ').replace(/\/tmp\/[^/]+\/extensions\//g, '…/extensions/'));
}

module.exports = { stepper, watchConsole, extensionHostErrors };
