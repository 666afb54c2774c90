#!/usr/bin/env node
// @ts-check
// Panels come back after "Developer: Reload Window", in a REAL VS Code (code-server 4.139.1)
// driven by headless Chromium, with the built .vsix installed: an inspector on a demo session
// (an event selected, the page scrolled), an inspector on a session file, an inspector on a file
// that is deleted before the reload, and a chat with a reply and a draft typed but not sent. After
// the reload every tab is back: the demo inspector on its session at the same event and scroll,
// the file's inspector with the file read again, the deleted file's inspector saying what happened
// (not a blank page), the chat with its turn and its draft, and the chat goes on (a demo chat's
// session is kept by the host across the reload). Screenshots go to test-results/vscode/
// (reload-*.png): look at them.
//
//   npm run package && node test/vscode/run-ui-reload.js       (exit code = result)
// Env: VSIX_PATH overrides the .vsix, E2E_KEEP=1 keeps the throwaway profile, E2E_ALL_CONSOLE=1.
'use strict';
const fs = require('fs');
const path = require('path');
const h = require('./harness');
const { stepper, runUiSuite } = require('./ui-checks');

const AGENT = 'Data Analyst';
const SESSION = 'Churn drivers in Q3 subscriptions';
const FILE_SESSION = 'What tools do you have?';
const DRAFT = 'A draft typed before the reload,\nnot sent';
const QUESTION = 'Which plan churned most?';

const { results, step, check } = stepper();

/** The tab whose title contains `text`. */
const tab = (page, text) => page.locator('.tabs-container .tab', { hasText: text }).first();

void runUiSuite({
  name: 'Reload Window tests',
  resultPrefixes: ['reload-'],
  tmpPrefix: 'asi-reload-',
  shotPrefix: 'reload-',
  steps: { results, step, check },
  settings: { 'files.simpleDialog.enable': true },
  async body({ page, server, tmp, shot }) {
    const workspace = path.join(tmp, 'workspace');
    fs.mkdirSync(workspace, { recursive: true });
    const kept = path.join(workspace, 'kept-session.json');
    const doomed = path.join(workspace, 'doomed-session.json');
    fs.copyFileSync(path.join(__dirname, 'fixtures', 'agno-session.json'), kept);
    fs.copyFileSync(path.join(__dirname, 'fixtures', 'agno-session.json'), doomed);
    const frame = h.webviewFrame(page);

    await step('the workbench opens on a folder with two session files', async () => {
      await page.goto(server.url(workspace));
      await h.waitForWorkbench(page);
    });

    let selectedId = '';
    let scrolledTo = 0;
    await step(`the demo's "${SESSION}" opens from the Sessions view; an event is selected, the page scrolled`, async () => {
      await page.locator('.activitybar [aria-label^="Agent Inspector"]').first().click();
      await h.treeRow(page, 'Demo Sessions').waitFor({ timeout: 30000 });
      await h.expandRow(page, 'Demo Sessions');
      await h.expandRow(page, AGENT);
      await h.treeRow(page, SESSION).click();
      await tab(page, SESSION).waitFor({ timeout: 30000 });
      await frame.locator('body[data-state="complete"]').waitFor({ timeout: 30000 });
      const tool = frame.locator('li[data-kind="tool_call"]').nth(1);
      await tool.scrollIntoViewIfNeeded();
      await tool
        .locator('.event__card')
        .first()
        .click({ position: { x: 5, y: 5 } });
      selectedId = (await tool.getAttribute('data-event-id')) ?? '';
      if (!selectedId) throw new Error('the tool call row has no event id');
      await frame.locator('body').evaluate((body) => body.ownerDocument.defaultView?.scrollBy(0, 120));
      await h.sleep(600); // the page saves its state at most every 250 ms
      scrolledTo = await frame.locator('body').evaluate((body) => Math.round(body.ownerDocument.defaultView?.scrollY ?? 0));
      if (scrolledTo < 100) throw new Error(`the inspector scrolled only to ${scrolledTo}`);
      await shot(page, 'inspector-before');
    });

    await step('two session files open in inspectors', async () => {
      await h.openSessionFile(page, kept);
      await frame.locator('li[data-kind="user_message"]', { hasText: FILE_SESSION }).first().waitFor({ timeout: 30000 });
      await h.openSessionFile(page, doomed);
      await page.locator('.tabs-container .tab', { hasText: FILE_SESSION }).nth(1).waitFor({ timeout: 30000 });
      await frame.locator('li[data-kind="user_message"]', { hasText: FILE_SESSION }).first().waitFor({ timeout: 30000 });
      await shot(page, 'files-open');
    });

    await step(`a chat with ${AGENT}: one reply, then a draft typed and not sent`, async () => {
      await h.treeRow(page, AGENT).click({ button: 'right' });
      // The menu draws a moment after the right-click; a click before it settles is lost.
      const item = page.locator('.context-view .action-item', { hasText: 'Chat with Agent…' }).first();
      await item.waitFor({ timeout: 10000 });
      await h.sleep(300);
      await item.click();
      await tab(page, `Chat: ${AGENT}`).waitFor({ timeout: 30000 });
      const input = frame.locator(`textarea.composer__input[aria-label="Message to ${AGENT}"]`);
      await input.waitFor({ timeout: 30000 });
      await input.fill(QUESTION);
      await input.press('Enter');
      await frame.locator('section.turn:last-child[data-status="complete"]').waitFor({ timeout: 60000 });
      await input.fill(DRAFT);
      await h.sleep(1200); // the draft reaches the host after a short debounce
      await shot(page, 'chat-before');
    });

    await step('the second session file is deleted', async () => {
      fs.rmSync(doomed);
    });

    await step('"Developer: Reload Window" reloads the workbench', async () => {
      await h.runCommand(page, 'Developer: Reload Window');
      await page.waitForLoadState('domcontentloaded');
      await h.sleep(1500);
      await h.waitForWorkbench(page);
    });

    await step(`the demo inspector is back on "${SESSION}" at the same event and scroll`, async () => {
      await tab(page, SESSION).click();
      // The extension activates again and the page asks for its session: slow on a busy machine.
      await frame.locator('body[data-state="complete"]').waitFor({ timeout: 90000 });
      await frame.locator(`body[data-selected="${selectedId}"]`).waitFor({ timeout: 10000 });
      const y = await frame.locator('body').evaluate((body) => Math.round(body.ownerDocument.defaultView?.scrollY ?? 0));
      if (Math.abs(y - scrolledTo) > 5) throw new Error(`scrolled to ${y}, was ${scrolledTo}`);
      const focused = await frame
        .locator('body')
        .evaluate((body) => body.ownerDocument.activeElement?.closest('li.event')?.getAttribute('data-event-id') ?? '');
      if (focused !== selectedId) throw new Error(`the focused event is ${JSON.stringify(focused)}, not ${selectedId}`);
      await shot(page, 'inspector-after');
    });

    await step('the inspector of the kept file is back, the file read again', async () => {
      await page.locator('.tabs-container .tab', { hasText: FILE_SESSION }).first().click();
      await h.sleep(500);
      // Which of the two file tabs is which: the deleted one shows its message instead of events.
      const events = frame.locator('li[data-kind="user_message"]', { hasText: FILE_SESSION }).first();
      const gone = frame.locator('.error-view, [role="alert"]', { hasText: 'no longer there' }).first();
      await Promise.race([events.waitFor({ timeout: 30000 }), gone.waitFor({ timeout: 30000 })]);
      if (!(await events.count())) await page.locator('.tabs-container .tab', { hasText: FILE_SESSION }).nth(1).click();
      await events.waitFor({ timeout: 30000 });
      await shot(page, 'file-after');
    });

    await step('the inspector of the deleted file says the file is gone and what to do, not a blank page', async () => {
      const tabs = page.locator('.tabs-container .tab', { hasText: FILE_SESSION });
      if ((await tabs.count()) !== 2) throw new Error(`expected two file tabs, found ${await tabs.count()}`);
      for (let i = 0; i < 2; i++) {
        await tabs.nth(i).click();
        // Until the tab shows one or the other (a restored page may still be loading on a busy machine).
        const gone = frame.locator('body', { hasText: /doomed-session\.json.+no longer there.+open it again/s });
        const events = frame.locator('li[data-kind="user_message"]', { hasText: FILE_SESSION }).first();
        await Promise.race([gone.waitFor({ timeout: 30000 }), events.waitFor({ timeout: 30000 })]).catch(() => {});
        if (await gone.count()) {
          await shot(page, 'deleted-file-after');
          return;
        }
      }
      await shot(page, 'deleted-file-missing');
      throw new Error('neither file tab says that doomed-session.json is no longer there');
    });

    await step('the chat is back with its reply and its draft', async () => {
      await tab(page, `Chat: ${AGENT}`).waitFor({ timeout: 30000 });
      await tab(page, `Chat: ${AGENT}`).click();
      const input = frame.locator(`textarea.composer__input[aria-label="Message to ${AGENT}"]`);
      await input.waitFor({ timeout: 30000 });
      await frame.locator('section.turn .chat-bubble--user', { hasText: QUESTION }).first().waitFor({ timeout: 30000 });
      await frame.locator('section.turn[data-status="complete"] .chat-bubble--agent').first().waitFor({ timeout: 30000 });
      const value = await input.inputValue();
      if (value !== DRAFT) throw new Error(`the composer holds ${JSON.stringify(value)}, not the draft`);
      await shot(page, 'chat-after');
    });

    await step('the chat goes on: the draft sent after the reload gets its reply in the same session', async () => {
      const input = frame.locator(`textarea.composer__input[aria-label="Message to ${AGENT}"]`);
      const send = frame.locator('.composer__send').first();
      if ((await send.getAttribute('disabled')) !== null) throw new Error('Send is disabled after the reload');
      await input.press('Enter');
      await frame.locator('section.turn .chat-bubble--user', { hasText: 'not sent' }).first().waitFor({ timeout: 30000 });
      await frame.locator('section.turn:last-child[data-status="complete"] .chat-bubble--agent').waitFor({ timeout: 60000 });
      const turns = await frame.locator('section.turn[data-status="complete"]').count();
      if (turns !== 2) throw new Error(`${turns} complete turns, not the one from before the reload and the new one`);
      const failed = await frame.locator('[role="alert"], .chat-error').count();
      if (failed) throw new Error(`the page shows an error: ${await frame.locator('[role="alert"], .chat-error').first().innerText()}`);
      await shot(page, 'chat-continued');
    });
  },
});
