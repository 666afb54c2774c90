#!/usr/bin/env node
// @ts-check
// Chatting with an agent of each provider as a person does, in a REAL VS Code (code-server
// 4.139.1) driven by headless Chromium, against the local simulator (test/simulator, started here
// on 127.0.0.1): the built .vsix installed; the demo's Data Analyst chatted with from its context
// menu in the Sessions view (the reply streams in with its tool call; the session appears in the
// tree; "Open in Inspector" replays it); then Piper (greeting by the profile name from settings,
// then a question), Agno and Foundry each added through the Add Connection… wizard and chatted
// with through "Chat with Agent…" from the command palette; last, "Send Selection to Agent" from
// the editor's context menu. Every reply and its tool call are checked on screen inside the chat
// webview. Screenshots of every step go to test-results/vscode/ (*-chat-*.png): look at them.
//
//   npm run package && node test/vscode/run-ui-chat.js       (exit code = result)
// Env: VSIX_PATH overrides the .vsix, E2E_KEEP=1 keeps the throwaway profile, E2E_ALL_CONSOLE=1.
'use strict';
const h = require('./harness');
const { stepper, runUiSuite } = require('./ui-checks');

// The simulator is TypeScript: tsx compiles it on require, as `npm run simulator` does.
const tsx = require(require.resolve('tsx/cjs/api', { paths: [h.REPO] }));
const { startSimulator, catalog } = tsx.require('../simulator/server.ts', __filename);

const TOKEN = `pat_chatui_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
const PROFILE_NAME = 'Ada';

const { results, step, check } = stepper();
const shot = (page, name) => h.screenshot(page, `chat-${name}`);

async function addConnection(page, kind, c, label) {
  await h.addConnectionByWizard(page, { kind, baseUrl: c.baseUrl, orgId: c.orgId, token: TOKEN, label });
  // Add Connection reveals the new connection expanded and focused: let that finish, or the focus
  // it takes would close the next quick pick.
  await h.revealedExpanded(page, label);
  await h.sleep(1000);
}

/** "Chat with Agent…" from the palette: connection, then agent; waits for the chat tab. */
async function chatFromPalette(page, connectionLabel, agentName, kind) {
  for (let attempt = 1; ; attempt++) {
    try {
      await h.runCommand(page, 'Agent Inspector: Chat with Agent…');
      await h.pickRow(page, connectionLabel, { beforeClick: () => shot(page, `${kind}-1-connection`) });
      // The agents load behind a progress notification, then their pick opens.
      await h.pickRow(page, agentName, { beforeClick: () => shot(page, `${kind}-2-agent`) });
      await chatTab(page, agentName);
      return;
    } catch (e) {
      // A quick pick closes when something else takes focus (the tree revealing a node): say so, try once more.
      if (attempt >= 2) throw e;
      h.log(`  (the pick closed before it was answered: ${String(e.message).split('\n')[0]} — again)`);
      await shot(page, `${kind}-pick-closed`);
      await page.keyboard.press('Escape');
    }
  }
}

function chatTab(page, agentName) {
  return page
    .locator('.tabs-container .tab', { hasText: `Chat: ${agentName}` })
    .first()
    .waitFor({ timeout: 30000 });
}

/** The chat webview's composer, once the page has its agent. */
async function composer(frame, agentName) {
  const input = frame.locator(`textarea.composer__input[aria-label="Message to ${agentName}"]`);
  await input.waitFor({ timeout: 30000 });
  return input;
}

async function sendMessage(frame, agentName, text) {
  const input = await composer(frame, agentName);
  await input.fill(text);
  await input.press('Enter');
  // The message shows at once, in the last turn.
  await frame
    .locator('section.turn .chat-bubble--user', { hasText: text.split('\n')[0] })
    .last()
    .waitFor({ timeout: 10000 });
}

/** The last turn, once its reply has ended: checks the answer, the tool call and the footer. */
async function seeReply(frame, { answerText, toolName }) {
  const turn = frame.locator('section.turn').last();
  await frame.locator('section.turn:last-child[data-status="complete"]').waitFor({ timeout: 30000 });
  const bubble = turn.locator('.chat-bubble--agent', { hasText: answerText }).last();
  await bubble.waitFor({ timeout: 10000 });
  const tool = turn.locator('li.event[data-kind="tool_call"]', { hasText: toolName }).first();
  await tool.waitFor({ state: 'attached', timeout: 10000 });
  await tool.scrollIntoViewIfNeeded();
  await tool.waitFor({ state: 'visible', timeout: 5000 });
  const facts = await turn.locator('.turn__facts').innerText();
  if (!/latency \d/.test(facts)) throw new Error(`the reply's footer reads ${JSON.stringify(facts)}`);
  return { turn, bubble, tool, facts };
}

void runUiSuite({
  name: 'UI chat tests',
  resultPrefixes: ['chat-'],
  tmpPrefix: 'asi-uichat-',
  shotPrefix: 'chat-',
  settings: { 'agentInspector.piper.profileMetadata': { user_name: PROFILE_NAME } },
  steps: { results, step, check },
  async body({ page, server, onCleanup }) {
    const sim = await startSimulator({ token: TOKEN });
    onCleanup(() => sim.close());
    const c = catalog(sim);
    const conn = (kind) => c.connections.find((x) => x.kind === kind);
    h.log(`simulator on ${sim.url}`);

    const frame = h.webviewFrame(page);

    await step('the workbench opens and the Agent Inspector sidebar shows Demo Sessions', async () => {
      await page.goto(server.url(h.prepareWorkspace()));
      await h.waitForWorkbench(page);
      const icon = page.locator('.activitybar [aria-label^="Agent Inspector"]').first();
      await icon.waitFor({ timeout: 30000 });
      await icon.click();
      await h.expandRow(page, 'Demo Sessions');
      await h.treeRow(page, 'Data Analyst').waitFor({ timeout: 15000 });
    });

    // ---- demo, from the tree's context menu ------------------------------------------------
    const demoQuestion = 'Which plans drive churn and revenue?';
    await step('right-click Data Analyst → "Chat with Agent…" opens a chat panel', async () => {
      await h.treeRow(page, 'Data Analyst').click({ button: 'right' });
      const item = page.locator('.context-view .action-item', { hasText: 'Chat with Agent…' }).first();
      await item.waitFor({ timeout: 10000 });
      await shot(page, 'demo-1-context-menu');
      await item.click();
      await chatTab(page, 'Data Analyst');
      await composer(frame, 'Data Analyst');
      await shot(page, 'demo-2-empty');
    });

    await step(
      'the demo reply streams in: Stop while it comes, then the answer, its tool call and its tokens, cost and latency',
      async () => {
        await sendMessage(frame, 'Data Analyst', demoQuestion);
        // The demo paces its events (250 ms apart): the reply is still coming.
        await frame.locator('button.button.composer__stop').filter({ visible: true }).waitFor({ timeout: 5000 });
        await frame
          .locator('section.turn li.event[data-kind="tool_call"]', { hasText: 'search_sample_sessions' })
          .first()
          .waitFor({ timeout: 15000 });
        await shot(page, 'demo-3-streaming');
        const { facts } = await seeReply(frame, { answerText: 'scripted reply', toolName: 'search_sample_sessions' });
        if (!/\d+ tokens/.test(facts) || !/cost \$/.test(facts)) throw new Error(`the demo reply's footer reads ${JSON.stringify(facts)}`);
        await shot(page, 'demo-4-reply');
      },
    );

    await step('the chat session appears under Data Analyst in the Sessions view', async () => {
      await h.expandRow(page, 'Data Analyst');
      // Newest first: the chat is the first session under the agent.
      await h.treeRow(page, demoQuestion).waitFor({ timeout: 15000 });
      await shot(page, 'demo-5-tree');
    });

    await step('"Open in Inspector" replays the chat session in the inspector', async () => {
      await frame.locator('header button.button', { hasText: 'Open in Inspector' }).click();
      await page
        .locator('.tabs-container .tab', { hasText: demoQuestion })
        .filter({ hasNotText: 'Chat:' })
        .first()
        .waitFor({ timeout: 15000 });
      const tool = frame.locator('li[data-kind="tool_call"]', { hasText: 'search_sample_sessions' }).first();
      await tool.waitFor({ timeout: 30000 });
      await frame.locator('li[data-kind="user_message"]', { hasText: demoQuestion }).first().waitFor({ timeout: 10000 });
      await shot(page, 'demo-6-inspector');
    });

    // ---- Piper: greeting, then a question (not streamed: a waiting state) ------------------
    await step('Piper: Add Connection…, then Add Agent by ID… from the palette', async () => {
      await addConnection(page, 'piper', conn('piper'), 'Piper (chat)');
      const agent = c.piper.agents[0];
      await h.runCommand(page, 'Agent Inspector: Add Agent by ID…');
      await h.answerInput(page, 'Add Agent to Piper (chat)', agent.id);
      await h.answerInput(page, 'Add Agent to Piper (chat)', agent.label);
      await h.treeRow(page, agent.label).waitFor({ timeout: 15000 });
    });

    await step('Piper: "Chat with Agent…" → Greet me → a greeting by the profile name from settings', async () => {
      await chatFromPalette(page, 'Piper (chat)', 'Support Agent', 'piper');
      await composer(frame, 'Support Agent');
      await frame.locator('button.button.chat-greet').click();
      await frame.locator('section.turn .chat-bubble--agent', { hasText: `Hello ${PROFILE_NAME}!` }).waitFor({ timeout: 20000 });
      await shot(page, 'piper-3-greeting');
    });

    await step('Piper: a question shows the waiting state, then the reply with its lookup_account call and code', async () => {
      sim.setFault({ match: '/responses', method: 'POST', times: 1, fault: { kind: 'delay', ms: 1500 } });
      await sendMessage(frame, 'Support Agent', 'Which plan is account 42 on?');
      await frame.locator('section.turn .turn__waiting', { hasText: 'arrives in one piece' }).last().waitFor({ timeout: 5000 });
      await shot(page, 'piper-4-waiting');
      await seeReply(frame, { answerText: 'plan', toolName: 'lookup_account' });
      await frame
        .locator('section.turn')
        .last()
        .locator('li.event[data-kind="code_execution"]', { hasText: 'seats=16' })
        .waitFor({ state: 'attached', timeout: 5000 });
      await shot(page, 'piper-5-reply');
    });

    // ---- Agno: streamed (SSE) ---------------------------------------------------------------
    await step('Agno: Add Connection…, "Chat with Agent…" → Research Agent; the reply streams with its web_search call', async () => {
      await addConnection(page, 'agno', conn('agno'), 'Agno (chat)');
      await chatFromPalette(page, 'Agno (chat)', 'Research Agent', 'agno');
      await sendMessage(frame, 'Research Agent', 'Find papers about attention');
      await frame.locator('section.turn .chat-bubble__live, section.turn[data-status="complete"]').last().waitFor({ timeout: 20000 });
      await shot(page, 'agno-3-streaming');
      await seeReply(frame, { answerText: '', toolName: 'web_search' });
      await shot(page, 'agno-4-reply');
    });

    await step(
      'Agno: a run paused for confirmation shows its pending step; Approve continues it in the same turn and it completes',
      async () => {
        await sendMessage(frame, 'Research Agent', 'Clean up old orders, confirm please');
        const turn = frame.locator('section.turn').last();
        const pending = turn.locator('.chat-pending.is-waiting', { hasText: 'delete_records' });
        await pending.waitFor({ timeout: 20000 });
        await frame.locator('section.turn:last-child[data-status="complete"]').waitFor({ timeout: 20000 });
        await shot(page, 'agno-5-paused');
        await pending.locator('button.button', { hasText: 'Approve' }).click();
        // The same turn streams on and ends with the run as stored: the step approved, the tool's result, the answer.
        await turn.locator('.chat-bubble--agent', { hasText: 'Done:' }).waitFor({ timeout: 20000 });
        await frame.locator('section.turn:last-child[data-status="complete"]').waitFor({ timeout: 20000 });
        const badge = (await turn.locator('.chat-pending .badge').first().innerText()).trim();
        if (badge !== 'approved') throw new Error(`the pending step reads "${badge}" after approving`);
        if (await turn.locator('.pending-controls').count()) throw new Error('the answer controls are still there after the run completed');
        await shot(page, 'agno-6-approved');
      },
    );

    // ---- Foundry: streamingContinue ---------------------------------------------------------
    await step('Foundry: Add Connection…, "Chat with Agent…" → Order Status Agent; the reply with its query tool call', async () => {
      await addConnection(page, 'foundry', conn('foundry'), 'Foundry (chat)');
      await chatFromPalette(page, 'Foundry (chat)', c.foundry.agents[0].name, 'foundry');
      await sendMessage(frame, c.foundry.agents[0].name, 'Revenue by region for order 1042?');
      await seeReply(frame, { answerText: '', toolName: 'Order revenue' });
      await shot(page, 'foundry-3-reply');
    });

    // ---- Send Selection to Agent ------------------------------------------------------------
    await check('"Send Selection to Agent" from the editor context menu sends the selection with its file name', async () => {
      await page.keyboard.press('Escape');
      await page.keyboard.press('Control+P');
      await page.locator('.quick-input-widget input').filter({ visible: true }).first().waitFor({ timeout: 10000 });
      await page.keyboard.type('notes.txt');
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'notes.txt' }).first().waitFor({ timeout: 10000 });
      await page.keyboard.press('Enter');
      const editor = page.locator('.editor-instance .monaco-editor .view-lines').first();
      await editor.waitFor({ timeout: 10000 });
      await editor.click();
      await page.keyboard.press('Control+A');
      await editor.click({ button: 'right' });
      const item = page.locator('.context-view .action-item', { hasText: 'Send Selection to Agent' }).first();
      await item.waitFor({ timeout: 10000 });
      await shot(page, 'selection-1-menu');
      await item.click();
      // It goes to the chat used last (Foundry's), which comes to the front.
      await frame.locator('section.turn .chat-bubble--user', { hasText: 'notes.txt' }).last().waitFor({ timeout: 15000 });
      await frame.locator('section.turn:last-child[data-status="complete"] .chat-bubble--agent').waitFor({ timeout: 30000 });
      await shot(page, 'selection-2-sent');
    });
  },
});
