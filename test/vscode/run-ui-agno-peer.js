#!/usr/bin/env node
// @ts-check
// The Agno provider in a REAL VS Code (code-server 4.139.1, headless Chromium) against a REAL
// AgentOS: test/agno-peer (agno pinned in its requirements.txt, a scripted model, SQLite) is
// started on 127.0.0.1 with a fresh security key; the built .vsix is installed; "Agent Inspector:
// Add Connection…" is answered as a person would (Agno AgentOS, base URL, security key, label);
// the connection is browsed to the agent "Helper" and the session agno wrote with tool calls, a
// failed tool and reasoning is opened. What the inspector shows is compared with the peer's dump
// of what agno stored, not with hand-written text. Screenshots: test-results/vscode/*ui-agno-peer-*.
//
//   npm run package && node test/vscode/run-ui-agno-peer.js       (exit code = result)
// Env: VSIX_PATH overrides the .vsix, E2E_KEEP=1 keeps the throwaway profile, E2E_ALL_CONSOLE=1.
'use strict';
const h = require('./harness');
const { stepper, runUiSuite } = require('./ui-checks');

// The peer's starter is TypeScript: tsx compiles it on require.
const tsx = require(require.resolve('tsx/cjs/api', { paths: [h.REPO] }));
const { startAgnoPeer } = tsx.require('../agno-peer/start.ts', __filename);

const LABEL = 'Agno peer (UI)';
const { results, step, check } = stepper();
const shot = (page, name) => h.screenshot(page, `ui-agno-peer-${name}`);

/** The `n` rows of the Sessions view that follow `row`, with their labels (the description left out). */
async function rowsAfter(page, row, n) {
  const index = Number(await row.getAttribute('data-index'));
  const out = [];
  for (let i = 1; i <= n; i++) {
    const next = page.locator(`.part.sidebar .monaco-list-row[data-index="${index + i}"]`);
    await next.waitFor({ timeout: 15000 });
    out.push({ row: next, title: (await next.locator('.label-name').first().innerText()).trim() });
  }
  return out;
}

/** The inspector's event rows, in list order: kind, index and text. */
async function eventRows(frame) {
  await frame.locator('li[data-kind]').first().waitFor({ timeout: 30000 });
  return frame.locator('li[data-kind]').evaluateAll((els) =>
    els.map((e) => ({
      kind: e.getAttribute('data-kind'),
      index: Number(e.getAttribute('data-index')),
      text: e.textContent || '',
      error: e.classList.contains('tone-error'),
    })),
  );
}

const { seeEvent } = h;

void runUiSuite({
  name: 'UI Agno peer tests',
  resultPrefixes: ['ui-agno-peer-'],
  tmpPrefix: 'asi-uiagno-',
  shotPrefix: 'ui-agno-peer-',
  steps: { results, step, check },
  async body({ page, server, onCleanup }) {
    /** @type {any} */
    let peer;
    await step('the Agno peer (a real AgentOS) starts and wrote its conversations', async () => {
      peer = await startAgnoPeer();
      onCleanup(() => peer.stop());
      h.log(`Agno peer up on ${peer.baseUrl}`);
    });
    const dump = peer.dump;
    const helper = dump.agents.find((a) => a.agent_id === 'helper');
    const helperSessions = dump.sessions.filter((s) => s.agent_id === 'helper').sort((a, b) => b.created_at - a.created_at);
    // The session agno stored with its events (a streamed run): tool calls, a failure, reasoning.
    const want = dump.runs['s-stream'][0];
    const wantTitle = want.input.input_content;
    const failed = want.tools.find((t) => t.tool_call_error);
    const good = want.tools.filter((t) => !t.tool_call_error);
    if (!failed || !good.length || !want.reasoning_content)
      throw new Error('the peer did not write a run with a good tool, a failed one and reasoning');

    await step('the workbench opens on the Sessions view', async () => {
      await h.openSessionsView(page, server);
    });

    await step(`Add Connection… (Agno AgentOS, the peer's URL, its security key, a label) adds "${LABEL}"`, async () => {
      await h.addConnectionByWizard(
        page,
        { kind: 'agno', baseUrl: peer.baseUrl, token: peer.key, label: LABEL },
        { shot: (name) => shot(page, name) },
      );
      await h.treeRow(page, LABEL).waitFor({ timeout: 15000 });
    });

    await step('the connection lists the agents agno serves, by name', async () => {
      await h.expandRow(page, LABEL);
      for (const a of dump.agents) await h.treeRow(page, a.name).waitFor({ timeout: 15000 });
      await shot(page, '4-agents');
    });

    let sessionRow;
    await step(`"${helper.name}" lists its sessions newest first, as agno stored them`, async () => {
      const agentRow = await h.expandRow(page, helper.name);
      const expected = helperSessions.map((s) => dump.runs[s.session_id][0].input.input_content);
      // The children arrive after the expansion: wait for the last one before reading the order.
      await h.treeRow(page, expected[expected.length - 1]).waitFor({ timeout: 15000 });
      const rows = await rowsAfter(page, agentRow, helperSessions.length);
      const titles = rows.map((r) => r.title);
      if (JSON.stringify(titles) !== JSON.stringify(expected))
        throw new Error(`sessions read ${JSON.stringify(titles)}, agno has ${JSON.stringify(expected)}`);
      const wanted = rows.find((r) => r.title === wantTitle);
      if (!wanted) throw new Error(`no session row reads "${wantTitle}"`);
      sessionRow = wanted.row;
      await shot(page, '5-sessions');
    });

    await step(`clicking "${wantTitle}" opens it in the inspector`, async () => {
      await sessionRow.click();
      await page.locator('.tabs-container .tab', { hasText: wantTitle }).first().waitFor({ timeout: 30000 });
      await seeEvent(h.webviewFrame(page), 'user_message', wantTitle);
      await shot(page, '6-opened');
    });

    await step('the inspector shows the reasoning agno stored, after the question and before the tool calls', async () => {
      const frame = h.webviewFrame(page);
      const rows = await eventRows(frame);
      const reasoning = rows.filter((r) => r.kind === 'reasoning');
      if (reasoning.length !== 1 || !reasoning[0].text.includes(want.reasoning_content))
        throw new Error(`reasoning rows: ${JSON.stringify(reasoning.map((r) => r.text.slice(0, 200)))}`);
      const user = rows.find((r) => r.kind === 'user_message');
      const firstCall = rows.find((r) => r.kind === 'tool_call');
      if (!(user.index < reasoning[0].index && reasoning[0].index < firstCall.index))
        throw new Error(`order: user #${user.index}, reasoning #${reasoning[0].index}, first call #${firstCall.index}`);
      await seeEvent(frame, 'reasoning', want.reasoning_content);
      await shot(page, '7-reasoning');
    });

    await step('each tool agno ran is one call with its arguments and one result; the failed one is one error', async () => {
      const frame = h.webviewFrame(page);
      const rows = await eventRows(frame);
      const calls = rows.filter((r) => r.kind === 'tool_call');
      const resultRows = rows.filter((r) => r.kind === 'tool_result');
      if (calls.length !== want.tools.length || resultRows.length !== want.tools.length)
        throw new Error(`${calls.length} calls and ${resultRows.length} results for ${want.tools.length} tools`);
      for (const t of want.tools) {
        const call = calls.filter((r) => r.text.includes(t.tool_name) && r.text.includes(t.tool_call_id));
        if (call.length !== 1) throw new Error(`${call.length} call rows for ${t.tool_name} (${t.tool_call_id})`);
        for (const v of Object.values(t.tool_args))
          if (!call[0].text.includes(String(v))) throw new Error(`the ${t.tool_name} call does not show its argument ${JSON.stringify(v)}`);
        const result = resultRows.filter((r) => r.text.includes(t.tool_call_id));
        if (result.length !== 1) throw new Error(`${result.length} result rows for ${t.tool_name}`);
        if (result[0].error !== (t.tool_call_error === true))
          throw new Error(`${t.tool_name}'s result is ${result[0].error ? '' : 'not '}shown as an error`);
        if (!result[0].text.includes(t.tool_call_error ? t.result : JSON.parse(t.result).city))
          throw new Error(`${t.tool_name}'s result reads ${JSON.stringify(result[0].text.slice(0, 300))}`);
      }
      const errorRow = await seeEvent(frame, 'tool_result', failed.result);
      if (!/Tool error/.test(await errorRow.innerText())) throw new Error('the failed tool is not labelled "Tool error"');
      await shot(page, '8-failed-tool');
    });

    await step('the answer agno stored closes the run', async () => {
      const frame = h.webviewFrame(page);
      const rows = await eventRows(frame);
      const answers = rows.filter((r) => r.kind === 'assistant_message');
      if (answers.length !== 1 || !answers[0].text.includes('quote service unavailable for AGNO'))
        throw new Error(`answers: ${JSON.stringify(answers.map((a) => a.text.slice(0, 200)))}`);
      const lastResult = Math.max(...rows.filter((r) => r.kind === 'tool_result').map((r) => r.index));
      if (answers[0].index < lastResult) throw new Error('the answer comes before a tool result');
      await seeEvent(frame, 'assistant_message', 'Results:');
      await shot(page, '9-answer');
    });

    await check('the security key appears nowhere on screen', async () => {
      const text = await page.locator('body').innerText();
      if (text.includes(peer.key)) throw new Error('the key is on screen');
    });
  },
});
