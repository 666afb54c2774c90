// The inspector's editor integration in the real VS Code: export a session as JSON and as
// Markdown (to a file URI passed in, as the save dialog would return it — nothing else written),
// compare two sessions and two runs in a diff editor, open executed code as an untitled document
// in its language through the panel's message handler, and file links: which paths name
// workspace files, and opening one at a line.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXPORT_FORMAT } from '../../../src/model';
import { catalog } from '../../../src/providers/demo/catalog';
import type { InspectorPanel } from '../../../src/views/inspector/panel';
import { externalLinkTarget, languageIdFor, openExternalLink, resolveWorkspacePaths } from '../../../src/views/webviewHost/pageRequests';
import { RawDocuments } from '../../../src/views/rawDocuments';
import { closeAllEditors, openTabs, tabLabels, testingApi, waitFor, type Node, type TestingApi } from './helpers';
import { demoSamples, TestPanels, type DemoSample } from './fixtures';

const WAIT_MS = 8000;

describe('Inspector editor integration', function () {
  this.timeout(60000);
  let api: TestingApi;
  let samples: DemoSample[];
  let sessions: Node[];
  let tmp: string;

  before(async () => {
    api = await testingApi();
    samples = await demoSamples(api, 'Data Analyst', 2);
    sessions = samples.map((x) => x.node);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'asi-export-'));
  });

  beforeEach(closeAllEditors);

  after(async () => {
    await closeAllEditors();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** The demo session behind a tree node, as the catalog builds it (same data the provider serves). */
  const demoSession = (node: Node) => samples.find((x) => x.node === node)!.session();

  describe('export', () => {
    it('exports a session as JSON to the given file: the export format with the whole session, nothing else written', async () => {
      const node = sessions[0]!;
      const dir = fs.mkdtempSync(path.join(tmp, 'json-'));
      const target = vscode.Uri.file(path.join(dir, 'session.json'));
      const returned = await vscode.commands.executeCommand<vscode.Uri | undefined>('agentInspector.exportJson', node.element, target);
      assert.strictEqual(returned?.toString(), target.toString(), 'the command returns the file it wrote');
      const doc = JSON.parse(fs.readFileSync(target.fsPath, 'utf8'));
      assert.strictEqual(doc.format, EXPORT_FORMAT);
      assert.ok(!Number.isNaN(Date.parse(doc.exportedAt)), 'exportedAt is a time');
      const expected = demoSession(node);
      assert.strictEqual(doc.session.id, expected.id);
      assert.strictEqual(doc.session.title, expected.title);
      assert.strictEqual(doc.session.runs.length, expected.runs.length);
      assert.deepStrictEqual(
        doc.session.runs.map((r: { events: Array<{ id: string }> }) => r.events.map((e) => e.id)),
        expected.runs.map((r) => r.events.map((e) => e.id)),
        'every event of every run, in order',
      );
      assert.deepStrictEqual(fs.readdirSync(dir), ['session.json'], 'no temporary file left beside it');
    });

    it('exports a session as a Markdown transcript, replacing an existing file atomically', async () => {
      const node = sessions[1]!;
      const dir = fs.mkdtempSync(path.join(tmp, 'md-'));
      const target = vscode.Uri.file(path.join(dir, 'transcript.md'));
      fs.writeFileSync(target.fsPath, 'old content');
      await vscode.commands.executeCommand('agentInspector.exportMarkdown', node.element, target);
      const text = fs.readFileSync(target.fsPath, 'utf8');
      const expected = demoSession(node);
      assert.ok(text.startsWith(`# ${expected.title}`), text.slice(0, 120));
      assert.ok(!text.includes('old content'));
      const firstUser = expected.runs[0]!.events.find((e) => e.kind === 'user_message');
      assert.ok(
        firstUser && firstUser.kind === 'user_message' && text.includes(firstUser.text.split('\n')[0]!),
        'the transcript has the first user message',
      );
      assert.deepStrictEqual(fs.readdirSync(dir), ['transcript.md']);
    });
  });

  describe('compare', () => {
    const diffTabs = () => openTabs().filter((t) => t.input instanceof vscode.TabInputTextDiff);

    it('compares two sessions picked in the tree in a diff editor of their transcripts', async () => {
      const [a, b] = [sessions[0]!, sessions[1]!];
      await vscode.commands.executeCommand('agentInspector.compareSessions', a.element, [a.element, b.element]);
      const tab = await waitFor(() => diffTabs()[0], WAIT_MS, `a diff tab (open: ${JSON.stringify(tabLabels())})`);
      const input = tab.input as vscode.TabInputTextDiff;
      const [left, right] = await Promise.all([
        vscode.workspace.openTextDocument(input.original),
        vscode.workspace.openTextDocument(input.modified),
      ]);
      assert.ok(left.getText().includes(demoSession(a).title), 'left is the first session');
      assert.ok(right.getText().includes(demoSession(b).title), 'right is the second session');
      assert.ok(tab.label.includes('↔'), tab.label);
    });

    it('compares two runs of a session, given by index, in a diff editor', async () => {
      const node = sessions.find((n) => demoSession(n).runs.length >= 2);
      assert.ok(node, 'a demo session with two runs');
      const session = demoSession(node);
      await vscode.commands.executeCommand('agentInspector.compareRuns', node.element, 0, 1);
      const tab = await waitFor(() => diffTabs()[0], WAIT_MS, `a diff tab (open: ${JSON.stringify(tabLabels())})`);
      const input = tab.input as vscode.TabInputTextDiff;
      const [left, right] = await Promise.all([
        vscode.workspace.openTextDocument(input.original),
        vscode.workspace.openTextDocument(input.modified),
      ]);
      const firstText = (i: number) => {
        const e = session.runs[i]!.events.find((x) => x.kind === 'user_message');
        return e && e.kind === 'user_message' ? e.text.split('\n')[0]! : '';
      };
      assert.ok(left.getText().includes(firstText(0)), 'left is run 1');
      assert.ok(right.getText().includes(firstText(1)), 'right is run 2');
      assert.notStrictEqual(left.getText(), right.getText());
      assert.match(tab.label, /run 1 ↔ run 2/);
    });
  });

  describe('page requests', () => {
    let panel: InspectorPanel;
    let posted: unknown[];
    let panels: TestPanels;
    const folder = () => vscode.workspace.workspaceFolders?.[0];
    const created: string[] = [];

    // A panel of our own per test (closing all editors before each test disposes it).
    beforeEach(() => {
      panel = panels.create('test/page-requests', catalog()[0]!.load());
      posted = [];
      panel.onDidPost((m) => posted.push(m));
    });

    afterEach(() => panel?.dispose());

    let outsideDir: string | undefined;
    before(async () => {
      panels = new TestPanels(new RawDocuments());
      const root = folder();
      assert.ok(root, 'the tests run with a workspace folder open');
      const write = (rel: string, content: string) => {
        const file = path.join(root.uri.fsPath, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
        created.push(rel.split('/')[0]!);
      };
      write('links-src/linked.ts', Array.from({ length: 30 }, (_, i) => `export const line${i + 1} = ${i + 1};`).join('\n'));
      write('links-data/sales.csv', 'region,total\nnorth,1\n');
      write('links-nested/pkg/util/helpers.py', 'def helper():\n    return 1\n');
      // A link inside the workspace to a file outside it (issue 11, finding 10).
      outsideDir = fs.mkdtempSync(path.join(os.tmpdir(), 'asi-outside-'));
      fs.writeFileSync(path.join(outsideDir, 'secret.txt'), 'not for links\n');
      fs.symlinkSync(path.join(outsideDir, 'secret.txt'), path.join(root.uri.fsPath, 'links-src', 'outside-link.txt'));
    });

    after(() => {
      panels?.dispose();
      panels?.raw.dispose();
      if (outsideDir) fs.rmSync(outsideDir, { recursive: true, force: true });
      const root = folder();
      if (root) for (const top of new Set(created)) fs.rmSync(path.join(root.uri.fsPath, top), { recursive: true, force: true });
    });

    it('opens executed code as an untitled document in its language', async () => {
      for (const [language, expected] of [
        ['python', 'python'],
        ['sql', 'sql'],
        ['shell', 'shellscript'],
        ['cobol-85', 'plaintext'],
      ] as const) {
        const code = `-- ${language} code ${Math.random()}\nselect 1;`;
        await panel.handleMessage({ type: 'openCode', code, language });
        const editor = await waitFor(
          () => vscode.window.visibleTextEditors.find((e) => e.document.getText() === code),
          WAIT_MS,
          `an editor with the ${language} code`,
        );
        assert.ok(editor.document.isUntitled, 'an untitled document, not a file');
        assert.strictEqual(editor.document.languageId, expected, `language of ${language}`);
      }
      assert.strictEqual(languageIdFor('py'), 'python');
    });

    it('ignores a message that does not fit the protocol, and says so in the log', async () => {
      const before = vscode.window.visibleTextEditors.length;
      const logged = panels.log.lines().length;
      await panel.handleMessage({ type: 'openCode', code: 42 });
      assert.strictEqual(vscode.window.visibleTextEditors.length, before);
      assert.ok(
        panels.log
          .lines()
          .slice(logged)
          .some((l) => /does not fit the protocol/.test(l)),
      );
    });

    it('resolves the paths that name workspace files, and only those', async () => {
      const root = folder()!;
      const inside = path.join(root.uri.fsPath, 'links-src', 'linked.ts');
      const asked = [
        'links-src/linked.ts',
        './links-data/sales.csv',
        inside,
        'pkg/util/helpers.py',
        'links-src/missing.ts',
        '../outside.txt',
        '/etc/passwd',
        'links-src/../../etc/passwd',
        'links-src',
        'links-src/outside-link.txt',
        path.join(root.uri.fsPath, 'links-src', 'outside-link.txt'),
      ];
      assert.deepStrictEqual(await resolveWorkspacePaths(asked), [
        'links-src/linked.ts',
        './links-data/sales.csv',
        inside,
        'pkg/util/helpers.py',
      ]);
      // Through the panel: the page gets the answer to its request, by id.
      posted.length = 0;
      const logged = panels.log.lines().length;
      await panel.handleMessage({ type: 'resolvePaths', id: 7, paths: ['links-src/linked.ts', 'nope/nothing.py'] });
      assert.deepStrictEqual(
        posted.filter((m) => (m as { type: string }).type === 'pathsResolved'),
        [{ type: 'pathsResolved', id: 7, existing: ['links-src/linked.ts'] }],
        `posted ${JSON.stringify(posted).slice(0, 300)}; log: ${JSON.stringify(panels.log.lines().slice(logged))}`,
      );
    });

    it('opens a linked file at its line, and refuses a path outside the workspace', async () => {
      await panel.handleMessage({ type: 'openFile', path: 'links-src/linked.ts', line: 12 });
      const editor = await waitFor(
        () => vscode.window.visibleTextEditors.find((e) => e.document.uri.path.endsWith('/links-src/linked.ts')),
        WAIT_MS,
        'the linked file in an editor',
      );
      assert.strictEqual(editor.selection.active.line, 11, 'the cursor is on line 12');
      assert.strictEqual(editor.document.lineAt(11).text, 'export const line12 = 12;');
      await panel.handleMessage({ type: 'openFile', path: 'pkg/util/helpers.py' });
      await waitFor(
        () => vscode.window.visibleTextEditors.find((e) => e.document.uri.path.endsWith('/links-nested/pkg/util/helpers.py')),
        WAIT_MS,
        'a file found below the root',
      );
      await panel.handleMessage({ type: 'openFile', path: '/etc/hostname' });
      await panel.handleMessage({ type: 'openFile', path: '../../../../etc/hostname' });
      assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.path === '/etc/hostname'), 'a file outside the workspace was opened');
    });

    it('opens only http(s) links, and only through openExternal', async () => {
      const opened: string[] = [];
      const open = async (u: vscode.Uri) => {
        opened.push(u.toString(true));
        return true;
      };
      assert.strictEqual(await openExternalLink('https://example.com/docs?q=1#x', open), true);
      for (const bad of [
        'javascript:alert(1)',
        'command:workbench.action.terminal.new',
        'file:///etc/passwd',
        'vscode://x',
        'data:text/html,hi',
        'not a url',
      ]) {
        assert.strictEqual(await openExternalLink(bad, open), false, bad);
        assert.strictEqual(externalLinkTarget(bad), undefined, bad);
      }
      assert.deepStrictEqual(opened, ['https://example.com/docs?q=1#x']);
      // Through the panel a refused link is logged, without its address.
      const logged = panels.log.lines().length;
      await panel.handleMessage({ type: 'openLink', url: 'javascript:alert("secret-token-123")' });
      const lines = panels.log.lines().slice(logged);
      assert.ok(
        lines.some((l) => /not http\(s\)/.test(l)),
        JSON.stringify(lines),
      );
      assert.ok(!lines.some((l) => l.includes('secret-token-123')));
    });
  });
});
