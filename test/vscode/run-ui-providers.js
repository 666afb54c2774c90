#!/usr/bin/env node
// @ts-check
// The three providers as a person meets them, in a REAL VS Code (code-server 4.139.1) driven by
// headless Chromium, against the local simulator (test/simulator, started here on 127.0.0.1):
// the built .vsix installed, then for Piper, Agno and Foundry "Agent Inspector: Add Connection…"
// run from the command palette and answered step by step (platform, base URL, org id, token,
// label), the new connection browsed in the sidebar to a session, the session clicked and its
// tool calls and code read inside the inspector's webview. Last, a wrong token set through
// "Set Token…" must turn the connection's children into the "rejected the token — Set Token…" row.
// Screenshots of every step go to test-results/vscode/ (*-providers-*.png).
//
//   npm run package && node test/vscode/run-ui-providers.js       (exit code = result)
// Env: VSIX_PATH overrides the .vsix, E2E_KEEP=1 keeps the throwaway profile, E2E_ALL_CONSOLE=1.
'use strict';
const fs = require('fs');
const path = require('path');
const h = require('./harness');
const { stepper, runUiSuite } = require('./ui-checks');

// The simulator is TypeScript: tsx compiles it on require, as `npm run simulator` does.
const tsx = require(require.resolve('tsx/cjs/api', { paths: [h.REPO] }));
const { startSimulator, catalog } = tsx.require('../simulator/server.ts', __filename);

// Not the simulator's default (pat_…) token: a fresh one per run, so it cannot be typed by accident.
const TOKEN = `pat_ui_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
const WRONG_TOKEN = `pat_wrong_${Math.random().toString(36).slice(2)}`;

const { results, step, check } = stepper();
const shot = (page, name) => h.screenshot(page, `providers-${name}`);

/** The first child of an expanded row in the Sessions view, once its children have loaded. */
async function firstChild(page, row) {
  const index = Number(await row.getAttribute('data-index'));
  const level = Number(await row.getAttribute('aria-level'));
  const next = page.locator(`.part.sidebar .monaco-list-row[data-index="${index + 1}"][aria-level="${level + 1}"]`);
  await next.waitFor({ timeout: 15000 });
  return next;
}

/** Collapses every node, so each connection is walked from a short tree. */
async function collapseAll(page) {
  const button = page.locator('.part.sidebar .actions-container [aria-label="Collapse All"]').first();
  if (await button.count()) await button.click();
}

function addConnection(page, kind, c, label) {
  return h.addConnectionByWizard(
    page,
    { kind, baseUrl: c.baseUrl, orgId: c.orgId, token: c.token, label },
    { shot: (name) => shot(page, `${kind}-${name}`) },
  );
}

const { seeEvent } = h;

void runUiSuite({
  name: 'UI provider tests',
  resultPrefixes: ['providers-'],
  tmpPrefix: 'asi-uiprov-',
  shotPrefix: 'providers-',
  steps: { results, step, check },
  async body({ page, server, profile, onCleanup }) {
    const sim = await startSimulator({ token: TOKEN });
    onCleanup(() => sim.close());
    const cat = catalog(sim);
    const conn = Object.fromEntries(cat.connections.map((c) => [c.kind, c]));
    h.log(`simulator up on ${sim.url}`);

    await step('the workbench opens and the activity-bar icon shows the Sessions view', async () => {
      await h.openSessionsView(page, server);
    });

    // ---- Piper: no listing routes, so an agent and a session are added by id.
    const piperAgent = cat.piper.agents.find((a) => a.id === cat.piper.sessions.agentId);
    const piperSession = cat.piper.sessions.everyEventKind;
    await step('Piper: Add Connection… (platform, base URL, org id, token, label) adds "Piper (UI)"', async () => {
      await addConnection(page, 'piper', conn.piper, 'Piper (UI)');
      await h.revealedExpanded(page, 'Piper (UI)');
      await h.treeRow(page, 'No agents yet — add one by id').waitFor({ timeout: 15000 });
      await shot(page, 'piper-4-added');
    });

    await step(`Piper: the "No agents yet — add one by id" row adds "${piperAgent.label}" by id`, async () => {
      await h.treeRow(page, 'No agents yet — add one by id').click();
      await h.answerInput(page, 'Add Agent to Piper (UI)', piperAgent.id);
      await h.answerInput(page, 'Add Agent to Piper (UI)', piperAgent.label);
      await h.expandRow(page, piperAgent.label);
      await h.treeRow(page, 'No sessions yet').waitFor({ timeout: 15000 });
      await shot(page, 'piper-5-agent');
    });

    await step('Piper: the "No sessions yet" row adds the session by id; clicking it opens the inspector', async () => {
      await h.treeRow(page, 'No sessions yet').click();
      await h.answerInput(page, `Add Session to ${piperAgent.label}`, piperSession);
      const row = h.treeRow(page, `Session ${piperSession.slice(0, 8)}`);
      await row.waitFor({ timeout: 15000 });
      await row.click();
      await page.locator('.tabs-container .tab').filter({ visible: true }).first().waitFor({ timeout: 30000 });
    });

    await step('Piper: the inspector shows the nested tool calls and the executed code with its output', async () => {
      const frame = h.webviewFrame(page);
      await seeEvent(frame, 'user_message', 'Why was I charged twice');
      await seeEvent(frame, 'tool_call', 'billing_agent');
      await seeEvent(frame, 'tool_call', 'list_invoices');
      await shot(page, 'piper-6-tools');
      const code = await seeEvent(frame, 'code_execution', 'pd.DataFrame(invoices)');
      const output = code.locator('.code-output').first();
      const text = await output.innerText();
      if (!/49\s+2/.test(text)) throw new Error(`code output reads ${JSON.stringify(text)}`);
      await shot(page, 'piper-7-code');
    });

    // ---- Agno: lists its agents, teams and workflows and each agent's sessions.
    await step('Agno: Add Connection… adds "Agno (UI)" and it lists agents, a team and a workflow', async () => {
      await page.keyboard.press('Escape');
      await collapseAll(page);
      await addConnection(page, 'agno', conn.agno, 'Agno (UI)');
      await h.revealedExpanded(page, 'Agno (UI)');
      for (const name of ['SQL Agent', 'Research Team', 'Content Pipeline']) await h.treeRow(page, name).waitFor({ timeout: 15000 });
      await shot(page, 'agno-4-agents');
    });

    await step('Agno: SQL Agent expands to its sessions; the newest opens in the inspector with its SQL tool call', async () => {
      const agent = await h.expandRow(page, 'SQL Agent');
      const first = await firstChild(page, agent);
      const title = (await first.locator('.label-name').first().innerText()).trim();
      await first.click();
      await page.locator('.tabs-container .tab', { hasText: title }).first().waitFor({ timeout: 30000 });
      const frame = h.webviewFrame(page);
      const tool = await seeEvent(frame, 'tool_call', 'run_sql');
      const text = await tool.innerText();
      if (!text.includes('SELECT name, SUM(total)'))
        throw new Error(`the run_sql call does not show its SQL: ${JSON.stringify(text.slice(0, 300))}`);
      await shot(page, 'agno-5-inspector');
    });

    await step('Agno: Research Agent pages its 240 sessions: "Load more…" adds the next page in the sidebar', async () => {
      await collapseAll(page);
      await h.expandRow(page, 'Agno (UI)');
      const agent = await h.expandRow(page, 'Research Agent');
      const first = await firstChild(page, agent);
      // aria-setsize = rows under the agent: one page plus "Load more…".
      const before = Number(await first.getAttribute('aria-setsize'));
      if (before !== 26) throw new Error(`expected 25 sessions and "Load more…", the agent has ${before} rows`);
      const more = page
        .locator(`.part.sidebar .monaco-list-row[aria-level="${Number(await agent.getAttribute('aria-level')) + 1}"]`, {
          hasText: 'Load more…',
        })
        .first();
      await more.scrollIntoViewIfNeeded();
      await more.click();
      await page
        .waitForFunction((el) => Number(el.getAttribute('aria-setsize')) > 26, await first.elementHandle(), { timeout: 15000 })
        .catch(async () => {
          throw new Error(
            `the sidebar still shows ${await first.getAttribute('aria-setsize')} rows under Research Agent after "Load more…"`,
          );
        });
      await shot(page, 'agno-6-load-more');
    });

    // ---- Foundry: agents discovered from allSessions; traces carry the code executions.
    await step('Foundry: Add Connection… adds "Foundry (UI)"; Code Analyst lists "Plot revenue by region" first', async () => {
      await page.keyboard.press('Escape');
      await collapseAll(page);
      await addConnection(page, 'foundry', conn.foundry, 'Foundry (UI)');
      await h.revealedExpanded(page, 'Foundry (UI)');
      const agent = await h.expandRow(page, 'Code Analyst');
      const first = await firstChild(page, agent);
      const title = (await first.locator('.label-name').first().innerText()).trim();
      if (title !== 'Plot revenue by region') throw new Error(`first session under Code Analyst is "${title}"`);
      await shot(page, 'foundry-4-sessions');
      await first.click();
      await page.locator('.tabs-container .tab', { hasText: 'Plot revenue by region' }).first().waitFor({ timeout: 30000 });
    });

    await step('Foundry: the inspector shows the SQL tool call and the Python code execution with its output', async () => {
      const frame = h.webviewFrame(page);
      await seeEvent(frame, 'tool_call', 'Revenue dataset');
      await shot(page, 'foundry-5-tools');
      const code = await seeEvent(frame, 'code_execution', 'import matplotlib');
      const text = await code.innerText();
      if (!text.includes('plotted 2 bars'))
        throw new Error(`the code execution does not show its output: ${JSON.stringify(text.slice(0, 300))}`);
      await shot(page, 'foundry-6-code');
    });

    // ---- The menus come from the provider descriptors' capabilities (context-value flags).
    await step(
      "each row's context menu offers what its provider can do: Set Token, Add Agent by ID, Remove, Hide Demo, Add Session by ID",
      async () => {
        await page.keyboard.press('Escape');
        await collapseAll(page);
        const must = (ok, message) => {
          if (!ok) throw new Error(message);
        };
        /** The context menu's entries for a tree row. */
        const menuOf = async (label) => {
          await h.treeRow(page, label).click({ button: 'right' });
          const entries = page.locator('.context-view .action-item .action-label');
          await entries.first().waitFor({ timeout: 10000 });
          const texts = (await entries.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
          await page.keyboard.press('Escape');
          return texts;
        };
        /** @type {Array<[string, string[], string[]]>} row label, entries its menu has, entries it must not have */
        const expected = [
          ['Piper (UI)', ['Set Token…', 'Add Agent by ID…', 'Remove Connection'], ['Hide Demo Sessions']],
          ['Agno (UI)', ['Set Token…', 'Remove Connection'], ['Add Agent by ID…', 'Hide Demo Sessions']],
          ['Foundry (UI)', ['Set Token…', 'Add Agent by ID…', 'Remove Connection'], ['Hide Demo Sessions']],
          ['Demo Sessions', ['Hide Demo Sessions'], ['Set Token…', 'Add Agent by ID…', 'Remove Connection']],
        ];
        for (const [label, shown, hidden] of expected) {
          const texts = await menuOf(label);
          for (const t of shown) must(texts.includes(t), `${label}'s menu has "${t}" (it shows ${JSON.stringify(texts)})`);
          for (const t of hidden) must(!texts.includes(t), `${label}'s menu has no "${t}" (it shows ${JSON.stringify(texts)})`);
        }
        await h.expandRow(page, 'Piper (UI)');
        const piperAgentMenu = await menuOf(piperAgent.label);
        must(
          piperAgentMenu.includes('Add Session by ID…'),
          `a Piper agent's menu has "Add Session by ID…" (${JSON.stringify(piperAgentMenu)})`,
        );
        await h.expandRow(page, 'Agno (UI)');
        const agnoAgentMenu = await menuOf('SQL Agent');
        must(
          !agnoAgentMenu.includes('Add Session by ID…') && agnoAgentMenu.includes('Chat with Agent…'),
          `an Agno agent's menu has Chat but no "Add Session by ID…" (${JSON.stringify(agnoAgentMenu)})`,
        );
        await shot(page, 'menus');
        await collapseAll(page);
      },
    );

    // ---- A wrong token: the tree says so where the agents were, and offers Set Token….
    await step('Set Token… with a wrong token: "Agno (UI)" shows the "rejected the token — Set Token…" row', async () => {
      await page.keyboard.press('Escape');
      await collapseAll(page);
      await h.runCommand(page, 'Agent Inspector: Set Token…');
      // A pick of the connections (it has a placeholder, no title).
      await h.pickRow(page, 'Agno (UI)');
      await h.answerInput(page, 'Set Token for Agno (UI)', WRONG_TOKEN);
      await h.expandRow(page, 'Agno (UI)');
      const row = h.treeRow(page, /Token rejected \(401\) — Set Token…/);
      await row.waitFor({ timeout: 15000 });
      const text = await row.innerText();
      if (!/Set Token/.test(text)) throw new Error(`the row does not offer Set Token…: ${JSON.stringify(text)}`);
      if (text.includes(WRONG_TOKEN) || text.includes(TOKEN)) throw new Error('the row shows the token');
      // The label is cut at the sidebar's width: the hover shows all of it.
      await row.hover();
      await page
        .locator('.monaco-hover, .workbench-hover', { hasText: 'Click to set a new token' })
        .first()
        .waitFor({ timeout: 5000 })
        .catch(() => {});
      await shot(page, 'token-rejected');
    });

    await step('clicking the row asks for the token again; the right one brings the agents back', async () => {
      await h.treeRow(page, /Token rejected \(401\) — Set Token…/).click();
      await h.answerInput(page, 'Set Token for Agno (UI)', TOKEN);
      await h.treeRow(page, 'SQL Agent').waitFor({ timeout: 15000 });
      await shot(page, 'token-fixed');
    });

    await check('the simulator saw only the right and the deliberately wrong token', async () => {
      const bad = sim.requests.filter((r) => r.auth !== 'ok' && r.auth !== 'wrong');
      if (bad.length) throw new Error(`requests without a token: ${JSON.stringify(bad.slice(0, 5).map((r) => r.path))}`);
      const wrong = sim.requests.filter((r) => r.auth === 'wrong');
      if (!wrong.length) throw new Error("no request carried the wrong token: the 401 row was not the server's answer");
      if (wrong.some((r) => !r.path.startsWith('/agno/'))) throw new Error('the wrong token reached another connection');
    });

    await check('the log ("Agent Inspector: Show Log") has the requests, and its file holds neither token', async () => {
      await h.runCommand(page, 'Agent Inspector: Show Log');
      await page
        .locator('.part.panel .view-lines', { hasText: /\/agno\/agents/ })
        .first()
        .waitFor({ timeout: 15000 });
      await shot(page, 'log');
      // The whole channel, not just the lines on screen: VS Code writes it to a file per session.
      const files = [];
      const walk = (dir) => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) walk(p);
          else if (/Agent Inspector\.log$/.test(e.name)) files.push(p);
        }
      };
      walk(path.join(profile.userDataDir, 'logs'));
      const text = files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
      if (!/GET \S+\/agno\/agents → 401/.test(text))
        throw new Error(`no log file of the channel with the requests in it (found ${files.length} file(s))`);
      if (text.includes(TOKEN) || text.includes(WRONG_TOKEN)) throw new Error('a token is in the log');
    });
  },
});
