#!/usr/bin/env node
// @ts-check
// "Ask about this session" as a person does it, in a REAL VS Code (code-server 4.139.1) driven by
// headless Chromium, with VS Code's own Chat view and a language model registered by a test-only
// extension (test/vscode/lm-test-model: scripted, streams its answer in parts, cites the event
// ids it was sent, writes every prompt it receives to its storage folder). Against the local
// simulator: an Agno chat in which the user pastes the connection's token, opened in the
// inspector; then
//   - the inspector's "Explain with the editor's model": the Chat view opens on `@agent /explain`,
//     the answer streams in, it ends with "Show event …" links, and a click on one reveals that
//     event in the inspector; the prompt the model got holds no form of the token and fits the
//     model's maxInputTokens;
//   - `@agent /explain` typed into the Chat view's input;
//   - "Why did this fail?" on an error of a demo session: the prompt asks about that event;
//   - no model (the test model withdrawn): a clear message, nothing breaks.
// Screenshots of every step go to test-results/vscode/ (*-explain-*.png): look at them.
//
//   npm run package && node test/vscode/run-ui-explain.js       (exit code = result)
// Env: E2E_KEEP=1 keeps the throwaway profile.
/* global document -- in a function Playwright runs inside the page */
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const h = require('./harness');
const { stepper, runUiSuite } = require('./ui-checks');

const tsx = require(require.resolve('tsx/cjs/api', { paths: [h.REPO] }));
const { startSimulator, catalog } = tsx.require('../simulator/server.ts', __filename);
const { secretForms } = tsx.require('../../src/model/secretForms.ts', __filename);

const TOKEN = `pat_explain_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
// Small, so every session explained here is trimmed to it (each is 600–700 tokens whole).
const MAX_INPUT_TOKENS = 450;
process.env.LM_TEST_MAX_INPUT_TOKENS = String(MAX_INPUT_TOKENS);

const { results, step, check } = stepper();
const shot = (page, name) => h.screenshot(page, `explain-${name}`);

/** The test model's folder in the profile's global storage: ready.json, prompts.jsonl. */
const modelDir = (profile) => path.join(profile.userDataDir, 'User', 'globalStorage', 'agent-inspector-tests.lm-test-model');

function prompts(profile) {
  const file = path.join(modelDir(profile), 'prompts.jsonl');
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => /** @type {{ text: string }} */ (JSON.parse(l)).text);
}

async function until(what, fn, timeout = 30000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await h.sleep(250);
  }
}

/** The next prompt the model receives after `count` earlier ones. */
const nextPrompt = (profile, count) => until('the model to receive a prompt', () => prompts(profile)[count], 45000);

/** What a prompt must be: no form of the token, within the model's input budget (as it counts). */
function checkPrompt(prompt) {
  const leaked = secretForms(TOKEN).filter((f) => prompt.includes(f));
  if (leaked.length) throw new Error(`the prompt holds the token as ${JSON.stringify(leaked)}`);
  const tokens = Math.ceil(prompt.length / 4);
  if (tokens > MAX_INPUT_TOKENS) throw new Error(`the prompt is ${tokens} tokens, over the model's ${MAX_INPUT_TOKENS}`);
  if (!/… \d+ events left out to fit the model's input budget …/.test(prompt))
    throw new Error('the prompt was not trimmed (no events left out)');
  return tokens;
}

/** The Chat view (secondary side bar) and its last response. */
const chatView = (page) => page.locator('.interactive-session').filter({ visible: true }).first();
const lastResponse = (page) => chatView(page).locator('.interactive-item-container.interactive-response').last();

/**
 * How many responses the chat holds, by the list index of the last one drawn: the Chat view is a
 * virtual list, so once earlier answers scroll out a count of drawn responses stops growing.
 */
const responses = (page) =>
  chatView(page)
    .locator('.interactive-item-container.interactive-response')
    .evaluateAll((items) => {
      const indexes = items.map((item) => Number(item.closest('.monaco-list-row')?.getAttribute('data-index') ?? NaN));
      return indexes.every(Number.isFinite) && indexes.length ? Math.max(...indexes) + 1 : items.length;
    });

/** Waits until the last response, after `earlier` ones, reads `pattern`; returns its text. */
async function seeAnswer(page, pattern, name, earlier = 0) {
  await until(`response ${earlier + 1}`, async () => (await responses(page)) > earlier, 45000);
  await until(
    `the Chat view to show ${pattern}`,
    async () =>
      pattern.test(
        (await lastResponse(page)
          .innerText()
          .catch(() => '')) || '',
      ),
    45000,
  );
  await shot(page, name);
  return lastResponse(page).innerText();
}

/** Types into the Chat view's input, as a person does, and sends it. */
async function typeInChat(page, text) {
  const input = chatView(page).locator('.interactive-input-part .monaco-editor').first();
  await input.waitFor({ timeout: 15000 });
  await input.click();
  // After a participant's answer the view keeps "@agent " in the input: start from an empty one.
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  // The space closes the command suggestion, which would otherwise take the Enter.
  await page.keyboard.type(`${text} `, { delay: 20 });
  await h.sleep(500);
  await page.keyboard.press('Enter');
}

function inspectorTab(page, title) {
  return page.locator('.tabs-container .tab', { hasText: title }).filter({ hasNotText: 'Chat:' }).first();
}

void runUiSuite({
  name: 'UI explain tests',
  resultPrefixes: ['explain-'],
  tmpPrefix: 'asi-uiexplain-',
  shotPrefix: 'explain-',
  settings: { 'chat.disableAIFeatures': false },
  steps: { results, step, check },
  // Typed into the Chat view after its model went away, VS Code refuses the request itself
  // (getModelForRequest, before any participant runs) and logs that under the participant's extension.
  knownHostErrors: [/\[error\] Error: Language model unavailable\n\s+at \S+getModelForRequest /],
  async beforeStart({ profile, tmp, step: s }) {
    await s('install the test-only language model (test/vscode/lm-test-model) beside the extension', async () => {
      const vsix = path.join(tmp, 'lm-test-model.vsix');
      execFileSync(
        path.join(h.REPO, 'node_modules', '.bin', 'vsce'),
        ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '-o', vsix],
        { cwd: path.join(h.REPO, 'test', 'vscode', 'lm-test-model'), stdio: 'ignore' },
      );
      const out = h.installVsix(profile, vsix);
      if (!/was successfully installed/.test(out)) throw new Error(`unexpected install output: ${out}`);
      // A model is only kept when its extension is in the profile's extensions.json (what --install-extension writes).
      const listed = JSON.parse(fs.readFileSync(path.join(profile.extensionsDir, 'extensions.json'), 'utf8'));
      if (!listed.some((e) => e.identifier.id === 'agent-inspector-tests.lm-test-model'))
        throw new Error('the test model is not in extensions.json');
    });
  },
  async body({ page, server, profile, onCleanup }) {
    const sim = await startSimulator({ token: TOKEN });
    onCleanup(() => sim.close());
    const agno = catalog(sim).connections.find((x) => x.kind === 'agno');
    const frame = h.webviewFrame(page);

    await step('the workbench opens, and vscode.lm hands out the test model before anything is asked', async () => {
      await h.openSessionsView(page, server);
      const ready = await until('the test model (ready.json)', () => fs.existsSync(path.join(modelDir(profile), 'ready.json')), 60000);
      if (!ready) throw new Error('no model');
    });

    const question = `Please keep my key ${TOKEN} safe`;
    await step('an Agno chat in which the user pastes the connection token, opened in the inspector', async () => {
      await h.addConnectionByWizard(page, { kind: 'agno', baseUrl: agno.baseUrl, token: TOKEN, label: 'Agno (explain)' });
      await h.revealedExpanded(page, 'Agno (explain)');
      await h.sleep(1000);
      await h.runCommand(page, 'Agent Inspector: Chat with Agent…');
      await h.pickRow(page, 'Agno (explain)');
      await h.pickRow(page, 'Research Agent');
      const input = frame.locator('textarea.composer__input[aria-label="Message to Research Agent"]');
      await input.waitFor({ timeout: 30000 });
      await input.fill(question);
      await input.press('Enter');
      await frame.locator('section.turn:last-child[data-status="complete"]').waitFor({ timeout: 30000 });
      await frame.locator('header button.button', { hasText: 'Open in Inspector' }).click();
      await inspectorTab(page, 'Please keep my key').waitFor({ timeout: 20000 });
      await frame.locator('li[data-kind="user_message"]').first().waitFor({ timeout: 30000 });
      const shown = await frame.locator('li[data-kind="user_message"]').first().innerText();
      if (shown.includes(TOKEN)) throw new Error(`the inspector shows the token: ${shown}`);
      await shot(page, '1-inspector');
    });

    let cited = '';
    await step('"Explain with the editor\'s model": the answer streams into the Chat view and cites events', async () => {
      const before = prompts(profile).length;
      await frame.locator('button.breakdown__action', { hasText: 'Explain with the editor' }).click();
      const partial = await seeAnswer(page, /Scripted answer/, '2-streaming');
      // The model sends its answer in four parts 700 ms apart: the first shows before the last.
      if (/See \[/.test(partial)) throw new Error(`the answer did not stream: it came whole (${JSON.stringify(partial)})`);
      await seeAnswer(page, /See \[[^\]]+\]/, '3-answer');
      // The links come once the answer has ended.
      const text = await seeAnswer(page, /Show event/, '3-answer-links');
      const prompt = await nextPrompt(profile, before);
      const tokens = checkPrompt(prompt);
      if (!prompt.includes('Please keep my key ***'))
        throw new Error(`the prompt does not hold the masked question: ${prompt.slice(0, 600)}`);
      h.log(`  prompt: ${prompt.length} characters, ~${tokens} tokens (of ${MAX_INPUT_TOKENS}), trimmed, token masked`);
      cited = /Show event (\S+)/.exec(text)?.[1] ?? '';
    });

    await step('a click on "Show event …" under the answer reveals that event in the inspector', async () => {
      if (!cited) throw new Error('no cited event');
      const link = lastResponse(page)
        .locator('a, .monaco-button, button', { hasText: `Show event ${cited}` })
        .first();
      await link.click();
      const row = frame.locator(`li.event[data-event-id="${cited}"]`);
      await row.waitFor({ timeout: 15000 });
      await until(
        `event ${cited} revealed`,
        () => row.evaluate((el) => el.classList.contains('is-flashing') || el.contains(document.activeElement)),
        15000,
      );
      await shot(page, '4-revealed');
    });

    await step("`@agent /explain` typed into the Chat view answers about the inspector's session", async () => {
      const before = prompts(profile).length;
      const earlier = await responses(page);
      await typeInChat(page, '@agent /explain');
      await shot(page, '5-typed');
      await seeAnswer(page, /Show event/, '6-typed-answer', earlier);
      const prompt = await nextPrompt(profile, before);
      checkPrompt(prompt);
      if (!prompt.includes('Please keep my key ***')) throw new Error('the typed /explain did not explain the inspector session');
    });

    await step('"Why did this fail?" on an error of a demo session asks the model about that event, within its budget', async () => {
      await h.expandRow(page, 'Demo Sessions');
      await h.expandRow(page, 'Data Analyst');
      await h.treeRow(page, 'Weekly revenue numbers').click();
      await inspectorTab(page, 'Weekly revenue numbers').waitFor({ timeout: 20000 });
      const error = frame.locator('li[data-kind="error"]').first();
      await error.waitFor({ timeout: 30000 });
      const id = await error.getAttribute('data-event-id');
      let why = error.locator('button.why-failed');
      if (!(await why.count())) {
        await error.locator('.event__card').first().click();
        why = error.locator('button.why-failed');
      }
      await why.first().scrollIntoViewIfNeeded();
      await shot(page, '7-error');
      const before = prompts(profile).length;
      const earlier = await responses(page);
      await why.first().click();
      const text = await seeAnswer(
        page,
        new RegExp(`The event \\[${id?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\] failed`),
        '8-why',
        earlier,
      );
      const prompt = await nextPrompt(profile, before);
      const tokens = checkPrompt(prompt);
      if (!prompt.includes(`Explain why the event [${id}] failed`)) throw new Error('the prompt does not ask about the error');
      if (!prompt.includes(`\n[${id}] error: `)) throw new Error('trimming left out the event asked about');
      h.log(`  why-failed prompt: ~${tokens} tokens, trimmed, the error kept; answer ${JSON.stringify(text.slice(0, 160))}`);
    });

    await step('no model (the test model withdrawn): Explain says what is needed, and nothing breaks', async () => {
      await h.runCommand(page, 'LM Test Model: Withdraw');
      await h.sleep(1500);
      await frame.locator('button.breakdown__action', { hasText: 'Explain with the editor' }).click();
      const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'No language model is available' }).first();
      await toast.waitFor({ timeout: 15000 });
      await shot(page, '9-no-model');
      // What the Chat view itself does when typed into without a model (recorded, not ours to decide).
      await typeInChat(page, '@agent /explain');
      await h.sleep(4000);
      const said = await lastResponse(page)
        .innerText()
        .catch(() => '');
      h.log(`  the Chat view without a model answers: ${JSON.stringify(said.slice(0, 200))}`);
      if (!/Language model unavailable|No language model is available/.test(said))
        throw new Error(`typed without a model, the Chat view says ${JSON.stringify(said)}`);
      await shot(page, '10-no-model-typed');
      await frame.locator('li[data-kind="error"]').first().waitFor({ timeout: 5000 });
    });
  },
});
