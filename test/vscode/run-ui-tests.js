#!/usr/bin/env node
// @ts-check
// What a person sees, in a REAL VS Code (code-server 4.139.1) driven by headless Chromium: the
// built .vsix installed as a user would, the activity-bar icon clicked, Demo Sessions → an agent →
// a session expanded and opened, and the events read inside the inspector's webview. Screenshots
// of every step go to test-results/vscode/ (look at them: they are the review of the UI).
//
//   npm run package && node test/vscode/run-ui-tests.js       (exit code = result)
// Env: VSIX_PATH overrides the .vsix, E2E_KEEP=1 keeps the throwaway profile, UI_THEME=light runs
// in VS Code's light theme, README_IMAGES=1 also writes the README's pictures (docs/images/).
'use strict';
const h = require('./harness');
const { stepper, runUiSuite } = require('./ui-checks');

// A hand-written demo session (src/providers/demo/samples/dataAnalyst.ts) with a user message,
// tool calls, SQL and Python with printed output, reasoning and an error.
const AGENT = 'Data Analyst';
const SESSION = 'Churn drivers in Q3 subscriptions';
const EXPECT = {
  userMessage: 'Which plans churned most in Q3',
  toolName: 'describe_table',
  codeOutput: '(4 rows)',
};

const { results, step, check } = stepper();
const THEME = process.env.UI_THEME === 'light' ? 'light' : 'dark';

void runUiSuite({
  name: 'UI tests',
  resultPrefixes: ['ui-'],
  tmpPrefix: 'asi-ui-',
  shotPrefix: 'ui-',
  steps: { results, step, check },
  settings: { 'workbench.colorTheme': THEME === 'light' ? 'Default Light Modern' : 'Default Dark Modern' },
  async body({ page, server }) {
    await step('the workbench opens', async () => {
      await page.goto(server.url(h.prepareWorkspace()));
      await h.waitForWorkbench(page);
      await h.screenshot(page, 'ui-workbench');
    });

    await step('the activity-bar icon opens the Agent Inspector sidebar with Demo Sessions', async () => {
      const icon = page.locator('.activitybar [aria-label^="Agent Inspector"]').first();
      await icon.waitFor({ timeout: 30000 });
      await icon.click();
      await h.treeRow(page, 'Demo Sessions').waitFor({ timeout: 30000 });
      await h.screenshot(page, 'ui-sidebar');
    });

    await step(`Demo Sessions expands to its agents, ${AGENT} among them`, async () => {
      await h.expandRow(page, 'Demo Sessions');
      for (const name of ['Research Assistant', 'Data Analyst', 'Support Triage']) await h.treeRow(page, name).waitFor({ timeout: 15000 });
      await h.screenshot(page, 'ui-agents');
    });

    await step(`${AGENT} expands to its sessions`, async () => {
      await h.expandRow(page, AGENT);
      await h.treeRow(page, SESSION).waitFor({ timeout: 30000 });
      await h.screenshot(page, 'ui-sessions');
      await h.readmeImage(page, `tree-${THEME}`);
    });

    await step('clicking a session opens the inspector in a tab titled with the session', async () => {
      await h.treeRow(page, SESSION).click();
      await page.locator('.tabs-container .tab', { hasText: SESSION }).first().waitFor({ timeout: 30000 });
    });

    const frame = h.webviewFrame(page);
    await step('the webview shows the user message, a tool call and the code output', async () => {
      const user = frame.locator('li[data-kind="user_message"]', { hasText: EXPECT.userMessage }).first();
      await user.waitFor({ timeout: 30000 });
      const tool = frame.locator('li[data-kind="tool_call"]', { hasText: EXPECT.toolName }).first();
      await tool.waitFor({ timeout: 15000 });
      await h.screenshot(page, 'ui-inspector');
      await h.readmeImage(page, `vscode-inspector-${THEME}`);
      const output = frame.locator('li[data-kind="code_execution"] .code-output', { hasText: EXPECT.codeOutput }).first();
      await output.waitFor({ state: 'attached', timeout: 15000 });
      await output.scrollIntoViewIfNeeded();
      await output.waitFor({ state: 'visible', timeout: 5000 });
      const text = await output.innerText();
      if (!text.includes('starter') || !text.includes('13.2')) throw new Error(`code output reads ${JSON.stringify(text)}`);
      await h.screenshot(page, 'ui-inspector-code');
    });

    await step('the replay plays the session from its start to its end at 10×', async () => {
      const replay = frame.locator('.replay[role="group"]');
      await replay.waitFor({ timeout: 15000 });
      const position = replay.locator('.replay__position');
      await replay.locator('[data-control="start"]').click();
      const first = (await position.innerText()).trim();
      const m = /^1 \/ (\d+)/.exec(first);
      if (!m) throw new Error(`after "Jump to the start" the position reads ${JSON.stringify(first)}, not "1 / N"`);
      const total = Number(m[1]);
      if (total < 10) throw new Error(`the demo session replays only ${total} events`);
      await frame.locator('[aria-current="step"]').first().waitFor({ timeout: 5000 });
      await h.screenshot(page, 'ui-replay-start');
      await replay.locator('select[aria-label="Replay speed"]').selectOption('10');
      await replay.locator('[data-control="play"]').click();
      await replay.locator('[data-control="play"][aria-pressed="true"]').waitFor({ timeout: 5000 });
      await h.screenshot(page, 'ui-replay-playing');
      // The player stops by itself on the last event.
      await replay.locator('.replay__position', { hasText: new RegExp(`^${total} / ${total}`) }).waitFor({ timeout: 90000 });
      await replay.locator('[data-control="play"][aria-pressed="false"]').waitFor({ timeout: 10000 });
      const current = frame.locator('[aria-current="step"]').first();
      await current.waitFor({ timeout: 5000 });
      const kind = (await current.getAttribute('data-kind')) ?? (await current.locator('[data-kind]').first().getAttribute('data-kind'));
      if (kind !== 'assistant_message') throw new Error(`the replay ended on a ${kind} event, not the agent's last answer`);
      await h.screenshot(page, 'ui-replay-end');
    });

    await step('"Agent Inspector: Show Log" from the command palette shows the log of that load', async () => {
      await h.runCommand(page, 'Agent Inspector: Show Log');
      // Monaco renders spaces as no-break spaces: match with \s.
      await page
        .locator('.part.panel .view-lines', { hasText: /Inspector:\s+loaded\s+demo/ })
        .first()
        .waitFor({ timeout: 15000 });
      await h.screenshot(page, 'ui-log');
    });

    await step('"Welcome: Open Walkthrough…" lists Get Started with Agent Session Inspector, which shows its four steps', async () => {
      await h.runCommand(page, 'Welcome: Open Walkthrough...');
      await h.pickRow(page, 'Get Started with Agent Session Inspector');
      const steps = ['Open a sample session', 'Connect Piper, Agno or Foundry', 'Open a session file', 'Chat with an agent'];
      for (const title of steps) await page.locator('.getting-started-step', { hasText: title }).first().waitFor({ timeout: 15000 });
      // The first step is open: its button runs the command.
      await page
        .locator('.getting-started-step.expanded', { hasText: steps[0] })
        .locator('a, .button-link', { hasText: 'Open Demo Sessions' })
        .first()
        .waitFor({ timeout: 10000 });
      await h.screenshot(page, 'ui-walkthrough');
      await h.readmeImage(page, `walkthrough-${THEME}`);
    });
  },
});
