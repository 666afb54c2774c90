import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  childByLabel,
  children,
  closeAllEditors,
  FIXTURES,
  isLoadMore,
  openTabs,
  settleWithin,
  sleep,
  summaryOf,
  tabLabels,
  testingApi,
  waitFor,
  type TestingApi,
} from './helpers';

// The tab list reaches the extension host a moment after a command: poll up to this long.
const TAB_WAIT_MS = 5000;

const tabsTitled = (title: string) => openTabs().filter((t) => t.label.includes(title));
/** Warnings and errors the extension logged since line `from` (lines read `[level] message`). */
const problemsLoggedSince = (api: TestingApi, from: number) =>
  api
    .logLines()
    .slice(from)
    .filter((l) => /^\[(warn|error)\]/.test(l));

describe('Opening sessions', () => {
  let api: TestingApi;

  before(async () => {
    api = await testingApi();
  });

  beforeEach(closeAllEditors);
  after(closeAllEditors);

  it('Open in Inspector opens one tab titled with the session, and reveals it when asked again', async () => {
    const demo = await childByLabel(api.tree, undefined, 'Demo Sessions');
    const agent = await childByLabel(api.tree, demo.element, 'Data Analyst');
    const first = (await children(api.tree, agent.element)).find((k) => !isLoadMore(k));
    assert.ok(first, 'the agent has no sessions');
    const session = summaryOf(first);

    const request = { connectionId: 'demo', agentId: session.agentId, sessionId: session.id };
    const logged = api.logLines().length;
    await vscode.commands.executeCommand('agentInspector.openSessionItem', request);
    const tab = await waitFor(
      () => tabsTitled(session.title)[0],
      TAB_WAIT_MS,
      `a tab titled "${session.title}" (open: ${JSON.stringify(tabLabels())})`,
    );
    assert.ok(tab.input instanceof vscode.TabInputWebview, 'the session tab is not a webview panel');

    await vscode.commands.executeCommand('agentInspector.openSessionItem', request);
    await sleep(500);
    assert.strictEqual(
      tabsTitled(session.title).length,
      1,
      `opening the same session twice made a second tab: ${JSON.stringify(tabLabels())}`,
    );
    const problems = problemsLoggedSince(api, logged);
    assert.deepStrictEqual(problems, [], `opening a demo session logged problems: ${JSON.stringify(problems)}`);
  });

  it('Open Session File… opens an Agno session file in the inspector', async () => {
    const uri = vscode.Uri.file(path.join(FIXTURES, 'agno-session.json'));
    const logged = api.logLines().length;
    await vscode.commands.executeCommand('agentInspector.openSessionFile', uri);
    const tab = await waitFor(
      () => tabsTitled('What tools do you have?')[0],
      TAB_WAIT_MS,
      `the inspector tab of agno-session.json (open: ${JSON.stringify(tabLabels())})`,
    );
    assert.ok(tab.input instanceof vscode.TabInputWebview, 'the file was not opened in the inspector webview');
    const problems = problemsLoggedSince(api, logged);
    assert.deepStrictEqual(problems, [], `opening a valid session file logged problems: ${JSON.stringify(problems)}`);
  });

  for (const file of ['broken-truncated.json', 'unknown-format.json']) {
    it(`Open Session File… on ${file} reports it without throwing and opens no tab`, async () => {
      const logged = api.logLines().length;
      const uri = vscode.Uri.file(path.join(FIXTURES, file));
      // The command may still be awaiting the error message a user would dismiss: that is fine.
      const outcome = await settleWithin(vscode.commands.executeCommand('agentInspector.openSessionFile', uri), 3000);
      assert.notStrictEqual(outcome.state, 'rejected', `the command threw: ${outcome.state === 'rejected' ? String(outcome.error) : ''}`);
      await sleep(1000);
      assert.deepStrictEqual(tabLabels(), [], 'a tab opened for a file that cannot be read');
      const said = api
        .logLines()
        .slice(logged)
        .filter((l) => l.includes(file));
      assert.ok(said.length > 0, `nothing in the log says why ${file} could not be opened`);
    });
  }
});
