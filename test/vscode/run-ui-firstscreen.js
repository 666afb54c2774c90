#!/usr/bin/env node
// @ts-check
// The inspector's first screen in a REAL VS Code (code-server 4.139.1) at 900×700, as a person
// meets it, driven by the keyboard alone: "Focus on Sessions View" puts focus on the tree's first
// row, the arrows and Enter open a demo session, the events are on screen under a one-line header,
// and the page's keys work (/ then Escape, Space, Escape, e to the last error and once more, ?).
// Then the same page in both high-contrast themes, every chip, badge and code colour measured
// in the page against 4.5:1, and "Open Session File…" on an empty and a whitespace-only file.
// Screenshots of every step go to test-results/vscode/ (look at them).
//
//   npm run package && node test/vscode/run-ui-firstscreen.js       (exit code = result)
// Env: E2E_KEEP=1 keeps the throwaway profile. CAPTURE_THEMES=1 also records the colour
// variables VS Code gives a webview in every built-in theme into test/webview/vscode-themes.json
// (what the headless theme tests draw with).
/* global document, window, requestAnimationFrame, getComputedStyle -- in functions Playwright runs inside the pages */
'use strict';
const fs = require('fs');
const path = require('path');
const h = require('./harness');
const { stepper, runUiSuite } = require('./ui-checks');

const AGENT = 'Data Analyst';
const SESSION = 'Churn drivers in Q3 subscriptions';
const VIEWPORT = { width: 900, height: 700 };
const CONTRAST = fs.readFileSync(path.join(h.REPO, 'test', 'webview', 'contrast.js'), 'utf8').replace(/^\/\/.*\n/gm, '');
/** What must read at 4.5:1 in every theme: chips, badges, code and its highlighting, the header's line. */
const MUST_READ = [
  '.chip',
  '.badge',
  'code',
  'kbd',
  '.code-text',
  '.jt-key',
  '.jt-string',
  '.jt-number',
  '.jt-boolean',
  '.jt-null',
  '[class^="hljs-"]',
  '.event__kind',
  '.session-title',
  '.message-text',
  '.summary-figure',
  '.total__computed',
  '.load-status',
];
/** VS Code 1.139's built-in colour themes, both high-contrast ones included: theme id → the label its picker shows. */
const BUILT_IN_THEMES = {
  'Dark Modern': 'Dark Modern',
  'Light Modern': 'Light Modern',
  'Dark+': 'Dark+',
  'Light+': 'Light+',
  'Dark 2026': 'Dark 2026',
  'Light 2026': 'Light 2026',
  'Visual Studio Dark': 'Dark (Visual Studio)',
  'Visual Studio Light': 'Light (Visual Studio)',
  'Default High Contrast': 'Dark High Contrast',
  'Default High Contrast Light': 'Light High Contrast',
  Abyss: 'Abyss',
  'Kimbie Dark': 'Kimbie Dark',
  Monokai: 'Monokai',
  'Monokai Dimmed': 'Monokai Dimmed',
  'Quiet Light': 'Quiet Light',
  Red: 'Red',
  'Solarized Dark': 'Solarized Dark',
  'Solarized Light': 'Solarized Light',
  'Tomorrow Night Blue': 'Tomorrow Night Blue',
};

const { results, step, check } = stepper();

/** The element that has keyboard focus in the workbench, described. */
const workbenchFocus = (page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    if (!a) return { where: 'nothing' };
    return {
      where:
        a.tagName.toLowerCase() +
        (a.className && typeof a.className === 'string' ? `.${a.className.split(' ').slice(0, 2).join('.')}` : ''),
      inSidebar: !!a.closest('.part.sidebar'),
      inTree: !!a.closest('.monaco-list, .monaco-tree'),
      focusedRow: (a.closest('.monaco-list') || a).querySelector?.('.monaco-list-row.focused')?.getAttribute('aria-label') ?? null,
      focusedIndex: Number((a.closest('.monaco-list') || a).querySelector?.('.monaco-list-row.focused')?.getAttribute('data-index') ?? -1),
      isWebview: a.tagName === 'IFRAME' && a.classList.contains('webview'),
    };
  });

/** Picks a colour theme as a person does: Preferences: Color Theme, its label, Enter. */
async function useTheme(page, frame, id) {
  const label = BUILT_IN_THEMES[id];
  // The palette row titled exactly so ("Browse Color Themes in Marketplace" matches the words too).
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input').first();
  await input.fill('>Preferences: Color Theme');
  await page
    .locator('.quick-input-widget .monaco-list-row', { has: page.locator('.label-name', { hasText: /^Preferences: Color Theme$/ }) })
    .first()
    .click();
  await page.locator('.quick-input-widget input[placeholder*="olor"]').first().waitFor({ timeout: 15000 });
  await input.fill(label);
  const row = page
    .locator('.quick-input-widget .monaco-list-row', {
      has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[()+]/g, '\\$&')}$`) }),
    })
    .first();
  await row.waitFor({ timeout: 15000 });
  await row.click();
  // VS Code marks the webview's body with the theme it drew with.
  await frame.locator(`body[data-vscode-theme-id="${id}"]`).waitFor({ state: 'attached', timeout: 20000 });
  // Let the page settle on its new colours (variables arrive first, styles resolve on the next frame).
  await frame.locator('html').evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** Contrast of every element matching each selector in the page; those under 4.5 as readable lines. */
async function poorContrast(frame) {
  const poor = [];
  for (const selector of MUST_READ) {
    // The measuring script as text (the page's CSP allows no eval; Playwright's evaluate is not eval).
    const found = await frame.locator('html').evaluate(`(${CONTRAST})(${JSON.stringify(selector)}, true)`);
    for (const r of /** @type {Array<{ ratio: number, text: string, cls: string, fg: string, bg: string }>} */ (found)) {
      if (r.text && r.ratio < 4.5) poor.push(`${selector} "${r.text}" (${r.cls}) ${r.ratio}:1, ${r.fg} on ${r.bg}`);
    }
  }
  return [...new Set(poor)];
}

void runUiSuite({
  name: 'First screen UI tests',
  resultPrefixes: ['fs-'],
  tmpPrefix: 'asi-fs-',
  shotPrefix: 'fs-',
  viewport: VIEWPORT,
  steps: { results, step, check },
  settings: { 'workbench.colorTheme': 'Dark Modern', 'files.simpleDialog.enable': true },
  async body({ page, server, profile, tmp, shot }) {
    await step('the workbench opens at 900×700', async () => {
      await page.goto(server.url(h.prepareWorkspace()));
      await h.waitForWorkbench(page);
      await page.locator('.activitybar [aria-label^="Agent Inspector"]').first().waitFor({ timeout: 30000 });
    });

    await step('"Agent Inspector: Focus on Sessions View" puts keyboard focus on the tree\'s first row', async () => {
      await h.runCommand(page, 'Agent Inspector: Focus on Sessions View');
      await h.treeRow(page, 'Demo Sessions').waitFor({ timeout: 30000 });
      const deadline = Date.now() + 5000;
      let f = await workbenchFocus(page);
      while (!(f.inTree && f.focusedRow) && Date.now() < deadline) {
        await h.sleep(200);
        f = await workbenchFocus(page);
      }
      await shot(page, 'sessions-focused');
      if (!f.inSidebar || !f.inTree) throw new Error(`focus is on ${f.where}, not in the Sessions tree`);
      if (!f.focusedRow || f.focusedIndex !== 0)
        throw new Error(`the focused row is ${JSON.stringify(f.focusedRow)} (index ${f.focusedIndex}), not the first`);
    });

    await step(`the arrows and Enter open ${AGENT}'s session "${SESSION}" without the mouse`, async () => {
      // Walk down to Demo Sessions (the first row is usually it; connections may come first).
      // Down, or up again when a row that loaded meanwhile (agents, sessions) carried the focus past it.
      const goTo = async (label) => {
        for (let i = 0; i < 40; i++) {
          const f = await workbenchFocus(page);
          if (f.focusedRow && f.focusedRow.startsWith(label)) return;
          const target = await page.evaluate((l) => {
            const list = document.activeElement?.closest('.monaco-list');
            const row = Array.from(list?.querySelectorAll('.monaco-list-row') ?? []).find((r) =>
              (r.getAttribute('aria-label') ?? '').startsWith(l),
            );
            return Number(row?.getAttribute('data-index') ?? -1);
          }, label);
          await page.keyboard.press(target >= 0 && target < f.focusedIndex ? 'ArrowUp' : 'ArrowDown');
          await h.sleep(120);
        }
        throw new Error(`the arrows never reached "${label}" (focus: ${JSON.stringify(await workbenchFocus(page))})`);
      };
      await goTo('Demo Sessions');
      await page.keyboard.press('ArrowRight');
      await h.treeRow(page, AGENT).waitFor({ timeout: 15000 });
      await goTo(AGENT);
      await page.keyboard.press('ArrowRight');
      await h.treeRow(page, SESSION).waitFor({ timeout: 30000 });
      await goTo(SESSION);
      await shot(page, 'session-row-focused');
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab', { hasText: SESSION }).first().waitFor({ timeout: 30000 });
    });

    const frame = h.webviewFrame(page);
    await step('at 900×700 the events are on screen under a one-line header', async () => {
      await frame.locator('body[data-state="complete"]').waitFor({ state: 'attached', timeout: 60000 });
      const seen = await frame.locator('html').evaluate(() => {
        const toolbar = document.querySelector('.toolbar')?.getBoundingClientRect().bottom ?? 0;
        const cards = Array.from(document.querySelectorAll('li.event .event__card')).filter((c) => {
          const r = c.getBoundingClientRect();
          return r.top >= toolbar - 1 && r.top + 28 <= window.innerHeight;
        });
        return {
          events: cards.length,
          height: window.innerHeight,
          width: window.innerWidth,
          header: document.querySelector('header.session-header')?.getBoundingClientRect().height ?? 0,
        };
      });
      await shot(page, 'inspector-900x700');
      h.log(`webview ${seen.width}×${seen.height}: header ${Math.round(seen.header)}px, ${seen.events} events readable`);
      if (seen.events < 1) throw new Error(`no event is readable in the ${seen.width}×${seen.height} webview (header ${seen.header}px)`);
      const line = await frame.locator('.session-summary__figures').innerText();
      if (!/\d+ runs?/.test(line) || !/events/.test(line) || !/errors?/.test(line))
        throw new Error(`the header's line reads ${JSON.stringify(line)}`);
    });

    await step('the keys of the page: / searches, Escape leaves the box, Space plays, Escape stops', async () => {
      // Opening from the tree with Enter hands the focus to the panel: the keys reach the page.
      await page.keyboard.press('/');
      const search = frame.locator('input[type="search"], .search input').first();
      await frame.locator('html').evaluate(() => new Promise((r) => setTimeout(r, 100)));
      if (!(await search.evaluate((el) => el === document.activeElement))) throw new Error('/ did not focus the search box');
      await page.keyboard.type('plan');
      await shot(page, 'search');
      await page.keyboard.press('Escape');
      if (await search.evaluate((el) => el === document.activeElement)) throw new Error('Escape left focus in the search box');
      await page.keyboard.press(' ');
      await frame.locator('body[data-playing="true"]').waitFor({ state: 'attached', timeout: 5000 });
      await shot(page, 'playing');
      await page.keyboard.press('Escape');
      await frame.locator('body[data-playing="false"]').waitFor({ state: 'attached', timeout: 5000 });
    });

    await step('e walks the errors, and once past the last one says so on screen; the focus ring is 2px', async () => {
      for (let i = 0; i < 200; i++) {
        await page.keyboard.press('e');
        const notice = frame.locator('.toolbar__notice:not([hidden])');
        if (await notice.count()) {
          const text = await notice.innerText();
          if (!/No more errors after this one|no errors/i.test(text)) throw new Error(`the notice reads ${JSON.stringify(text)}`);
          await shot(page, 'no-later-error');
          const ring = await frame.locator('html').evaluate(() => {
            const a = document.activeElement;
            return a ? { outline: getComputedStyle(a).outlineWidth, style: getComputedStyle(a).outlineStyle, cls: a.className } : null;
          });
          if (!ring || ring.outline !== '2px' || ring.style === 'none')
            throw new Error(`the focused event's ring is ${JSON.stringify(ring)}`);
          return;
        }
      }
      throw new Error('e never reached the last error');
    });

    await step('? opens the keyboard shortcuts beside the ? button', async () => {
      await page.keyboard.press('?');
      const popover = frame.locator('.popover.help');
      await popover.waitFor({ state: 'visible', timeout: 5000 });
      const b = await frame.locator('[data-control="help"]').boundingBox();
      const r = await popover.boundingBox();
      if (!b || !r) throw new Error('no box for the popover or its button');
      await shot(page, 'help');
      if (Math.abs(r.y - (b.y + b.height)) > 8 || Math.abs(r.x + r.width - (b.x + b.width)) > 10) {
        throw new Error(`the popover is at ${JSON.stringify(r)}, the button at ${JSON.stringify(b)}`);
      }
      await page.keyboard.press('Escape');
      await popover.waitFor({ state: 'hidden', timeout: 5000 });
    });

    await step('Details opens the facts, totals and chart (and the choice is a user setting)', async () => {
      await frame.locator('[data-control="session-details"]').click();
      await frame.locator('.totals-grid').waitFor({ state: 'visible', timeout: 5000 });
      await shot(page, 'details');
      const file = path.join(profile.userDataDir, 'User', 'settings.json');
      const deadline = Date.now() + 10000;
      // VS Code rewrites the file in place: read half-written (empty or cut), it is "not yet", not a failure.
      const setting = () => {
        try {
          return JSON.parse(fs.readFileSync(file, 'utf8'))['agentInspector.sessionHeader.expanded'];
        } catch {
          return undefined;
        }
      };
      while (setting() !== true) {
        if (Date.now() > deadline)
          throw new Error('the Details toggle did not reach the user setting agentInspector.sessionHeader.expanded');
        await h.sleep(200);
      }
    });

    await step('with the inspector focused, "Focus on Sessions View" brings the focus back to a row of the tree', async () => {
      await h.runCommand(page, 'Agent Inspector: Focus on Sessions View');
      const deadline = Date.now() + 5000;
      let f = await workbenchFocus(page);
      while (!(f.inTree && f.focusedRow) && Date.now() < deadline) {
        await h.sleep(200);
        f = await workbenchFocus(page);
      }
      await shot(page, 'sessions-refocused');
      if (!f.inSidebar || !f.inTree || !f.focusedRow)
        throw new Error(`focus is on ${f.where} (row ${JSON.stringify(f.focusedRow)}), not on a row of the Sessions tree`);
    });

    for (const [id, name] of [
      ['Default High Contrast', 'hc-dark'],
      ['Default High Contrast Light', 'hc-light'],
    ]) {
      await check(`in ${id} every chip, badge and code colour reads at 4.5:1 or better (measured in the page)`, async () => {
        await useTheme(page, frame, id);
        await shot(page, `theme-${name}`);
        // A tool call's arguments and a code block in view too, for the screenshot.
        await frame.locator('li[data-kind="code_execution"]').first().scrollIntoViewIfNeeded();
        await shot(page, `theme-${name}-code`);
        const poor = await poorContrast(frame);
        if (poor.length) throw new Error(`${poor.length} low-contrast texts:\n  ${poor.slice(0, 25).join('\n  ')}`);
        await frame.locator('html').evaluate(() => window.scrollTo(0, 0));
      });
    }

    for (const [name, content] of [
      ['empty-session.json', ''],
      ['blank-session.json', '  \n\t\n  '],
    ]) {
      await check(
        `Open Session File… on ${content ? 'a whitespace-only' : 'an empty'} file says, cause first, that the file is empty`,
        async () => {
          const file = path.join(tmp, name);
          fs.writeFileSync(file, content);
          const tabsBefore = await page.locator('.tabs-container .tab').count();
          await h.openSessionFile(page, file);
          const toast = page.locator('.notifications-toasts .notification-toast', { hasText: name }).first();
          await toast.waitFor({ timeout: 15000 });
          await shot(page, `empty-file-${content ? 'blank' : 'empty'}`);
          const text = (await toast.locator('.notification-list-item-message').first().innerText()).trim();
          // The toast's first words are the cause (a toast cuts long messages), the name after it.
          if (!text.startsWith('The file is empty (or only white space)'))
            throw new Error(`the toast says "${text}", not first that the file is empty`);
          if (!text.includes(`“${name}” was not opened as a session`)) throw new Error(`the toast does not name the file: "${text}"`);
          if (/JSON/.test(text)) throw new Error(`the toast speaks of JSON: "${text}"`);
          const tabsAfter = await page.locator('.tabs-container .tab').count();
          if (tabsAfter !== tabsBefore) throw new Error(`an editor opened for the empty file (${tabsBefore} → ${tabsAfter} tabs)`);
          await toast.hover();
          await toast
            .locator('.codicon-notifications-clear, .action-label.codicon-close')
            .first()
            .click()
            .catch(() => {});
        },
      );
    }

    if (process.env.CAPTURE_THEMES === '1') {
      await step('record the colour variables VS Code gives a webview in every built-in theme', async () => {
        const used = usedVariables();
        /** @type {Record<string, { kind: string, bodyClass: string, vars: Record<string, string> }>} */
        const themes = {};
        for (const id of Object.keys(BUILT_IN_THEMES)) {
          await useTheme(page, frame, id);
          themes[id] = await frame.locator('html').evaluate((html, names) => {
            const vars = {};
            for (const n of names) {
              const v = html.style.getPropertyValue(n).trim();
              if (v) vars[n] = v;
            }
            return {
              kind: document.body.dataset.vscodeThemeKind ?? '',
              bodyClass: document.body.className.split(' ').find((c) => /^vscode-/.test(c)) ?? '',
              vars,
            };
          }, used);
          h.log(`${id}: ${themes[id].kind}, ${Object.keys(themes[id].vars).length} variables`);
        }
        const out = path.join(h.REPO, 'test', 'webview', 'vscode-themes.json');
        fs.writeFileSync(out, `${JSON.stringify({ vscode: '1.139.1 (code-server 4.139.1)', themes }, null, 1)}\n`);
        h.log(`wrote ${path.relative(h.REPO, out)}`);
      });
    }
  },
});

/** Every --vscode-* variable the pages' CSS and bundles read (what the recorded themes must hold). */
function usedVariables() {
  const files = ['media/inspector.css', 'media/chat.css', 'dist/webview.js', 'dist/chat.js'].map((f) => path.join(h.REPO, f));
  const names = new Set();
  for (const f of files) for (const m of fs.readFileSync(f, 'utf8').matchAll(/--vscode-[A-Za-z0-9-]+/g)) names.add(m[0]);
  return [...names].sort();
}
