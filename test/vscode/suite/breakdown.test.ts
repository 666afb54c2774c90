// Issue 14 in the real VS Code: "Compare Session Figures" on two demo sessions selected in the tree
// (the Markdown table's figures and the CSV export's are the sessions' own totals, computed here
// with the model's functions), "Compare with previous request" (a diff editor of the two
// requests, the first differing message marked) and `/explain` when the workbench offers no
// language model (a clear message, nothing thrown).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { handleExplain } from '../../../src/chat/explain';
import { computeBreakdown, computeTotals, sumTotals, tokenSum, type Session, type SessionEvent } from '../../../src/model';
import { catalog } from '../../../src/providers/demo/catalog';
import type { Services } from '../../../src/services';
import { closeAllEditors, openTabs, tabLabels, testingApi, waitFor, type Node } from './helpers';
import { demoSamples, TestPanels } from './fixtures';

const WAIT_MS = 8000;

/** The figures a person would check, from the session itself (not from the table code). */
function expectedFigures(s: Session): Record<string, number | undefined> {
  const events = s.runs.flatMap((r) => r.events);
  // A session's totals are the sum of its runs' (each run counts its model calls' tokens once).
  const t = sumTotals(s.runs.map((r) => computeTotals(r.events)));
  const b = computeBreakdown(s, { top: 0 });
  const times = events.filter((e) => typeof e.timeMs === 'number');
  const first = Math.min(...times.map((e) => e.timeMs!));
  const last = Math.max(...times.map((e) => e.timeMs! + (e.latencyMs ?? 0)));
  return {
    'Input tokens': t.tokens.input,
    'Output tokens': t.tokens.output,
    'Cache read tokens': t.tokens.cacheRead,
    'Cache write tokens': t.tokens.cacheWrite,
    'Reasoning tokens': t.tokens.reasoning,
    'All tokens': tokenSum(t.tokens),
    'Cost (USD)': t.costUsd,
    'Duration (ms)': times.length ? last - first : undefined,
    'Model calls': b.session.modelCalls,
    'Tool calls': t.toolCalls ?? 0,
    Errors: t.errors ?? 0,
    'Cache-hit rate': b.session.cacheHitRate,
  };
}

/** A CSV line split into cells (quotes as RFC 4180 writes them). */
function csvCells(line: string): string[] {
  const out: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cell);
      cell = '';
    } else cell += c;
  }
  out.push(cell);
  return out;
}

/** A Markdown cell's figure ("1,234 (+5)", "$0.0123", "42.0%", "—") as a number, or undefined. */
function mdFigure(cell: string): number | undefined {
  const v = cell.replace(/\(.*\)/, '').trim();
  if (v === '—') return undefined;
  const n = Number(v.replace(/[$,%]/g, ''));
  assert.ok(Number.isFinite(n), `not a figure: "${cell}"`);
  return v.endsWith('%') ? n / 100 : n;
}

/** How close a shown figure must be to the exact one: the precision it is shown with. */
function close(label: string, shown: number | undefined, exact: number | undefined, tolerance: number) {
  if (exact === undefined) return assert.strictEqual(shown, undefined, `${label}: shown ${shown}, the session does not report it`);
  assert.ok(shown !== undefined && Math.abs(shown - exact) <= tolerance, `${label}: shown ${shown}, the session says ${exact}`);
}

/** `/explain` on `session` as the active inspector's, with `model` or the workbench's choice: what it said and returned. */
async function explain(session: Session, model?: vscode.LanguageModelChat) {
  const said: string[] = [];
  const stream = {
    markdown: (m: string | vscode.MarkdownString) => said.push(typeof m === 'string' ? m : m.value),
    progress: () => {},
    button: () => {},
  } as unknown as vscode.ChatResponseStream;
  const services = {
    inspector: {
      active: () => ({ current: session, info: session, session: async () => session }),
      lastActive: () => undefined,
      loaded: () => [],
    },
    // /explain masks every stored token: this test has none.
    store: { storedTokens: async () => [] },
    log: { info: () => {} },
  } as unknown as Services;
  const request = { prompt: '', command: 'explain', ...(model ? { model } : {}) } as unknown as vscode.ChatRequest;
  const result = await handleExplain(services, request, stream, new vscode.CancellationTokenSource().token);
  return { said, result };
}

describe('Breakdown (issue 14)', function () {
  this.timeout(60000);
  let tmp: string;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'asi-breakdown-'));
  });
  beforeEach(closeAllEditors);
  after(async () => {
    await closeAllEditors();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('Compare Session Figures', () => {
    let nodes: Node[];
    let sessions: Session[];

    before(async () => {
      const two = (await demoSamples(await testingApi(), 'Data Analyst', 2)).slice(0, 2);
      nodes = two.map((x) => x.node);
      sessions = two.map((x) => x.session());
    });

    it('opens one Markdown table whose figures are the selected sessions’ totals, with the differences to the first', async () => {
      const target = vscode.Uri.file(path.join(tmp, 'table-md.csv'));
      await vscode.commands.executeCommand(
        'agentInspector.compareSessionFigures',
        nodes[0]!.element,
        nodes.map((n) => n.element),
        target,
      );
      const editor = await waitFor(
        () => vscode.window.visibleTextEditors.find((e) => e.document.uri.path.endsWith('Sessions compared.md')),
        WAIT_MS,
        `the "Sessions compared.md" editor (open: ${JSON.stringify(tabLabels())})`,
      );
      const text = editor.document.getText();
      const rows = text.split('\n').filter((l) => l.startsWith('| '));
      const header = rows[0]!
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      assert.deepStrictEqual(
        header.slice(1),
        sessions.map((s) => s.title.replace(/\s+/g, ' ')),
        'one column per selected session, in order',
      );
      const expected = sessions.map(expectedFigures);
      const labels = Object.keys(expected[0]!);
      for (const label of labels) {
        const row = rows.find((r) => r.startsWith(`| ${label} |`));
        assert.ok(row, `no "${label}" row in:\n${text}`);
        const cells = row.split('|').slice(2, -1);
        const tol = label === 'Cost (USD)' ? 0.00005 : label === 'Cache-hit rate' ? 0.0005 : 0.5;
        sessions.forEach((_, i) => close(`${label}, session ${i + 1}`, mdFigure(cells[i]!), expected[i]![label], tol));
        // The second column carries its difference to the first when both are known.
        const a = expected[0]![label];
        const b = expected[1]![label];
        const delta = /\(([+−±])([^)]*)\)/.exec(cells[1]!);
        if (a === undefined || b === undefined) assert.strictEqual(delta, null, `${label}: a difference beside an unknown figure`);
        else {
          assert.ok(delta, `${label}: no difference beside "${cells[1]}"`);
          const d = (delta[1] === '−' ? -1 : 1) * mdFigure(delta[2]!)!;
          close(`${label} difference`, d, b - a, tol * 2);
        }
      }
    });

    it('exports the table as CSV that reads back to the same figures', async () => {
      const target = vscode.Uri.file(path.join(tmp, 'figures.csv'));
      await vscode.commands.executeCommand(
        'agentInspector.compareSessionFigures',
        nodes[0]!.element,
        nodes.map((n) => n.element),
        target,
      );
      const csv = await waitFor(() => fs.existsSync(target.fsPath) && fs.readFileSync(target.fsPath, 'utf8'), WAIT_MS, 'the CSV file');
      const lines = csv
        .split('\r\n')
        .filter((l) => l.length > 0)
        .map(csvCells);
      assert.deepStrictEqual(lines[0], ['Figure', sessions[0]!.title, sessions[1]!.title, `${sessions[1]!.title} − first`]);
      const expected = sessions.map(expectedFigures);
      for (const label of Object.keys(expected[0]!)) {
        const line = lines.find((l) => l[0] === label);
        assert.ok(line, `no "${label}" line in the CSV:\n${csv}`);
        assert.strictEqual(line.length, 4, `${label}: ${JSON.stringify(line)}`);
        const num = (c: string) => (c === '' ? undefined : Number(c));
        const [a, b] = [expected[0]![label], expected[1]![label]];
        close(`${label} (CSV), session 1`, num(line[1]!), a, 1e-6);
        close(`${label} (CSV), session 2`, num(line[2]!), b, 1e-6);
        close(`${label} (CSV), difference`, num(line[3]!), a === undefined || b === undefined ? undefined : b - a, 1e-6);
      }
    });

    it('with one session selected, asks for two and opens nothing', async () => {
      const target = vscode.Uri.file(path.join(tmp, 'one.csv'));
      await vscode.commands.executeCommand('agentInspector.compareSessionFigures', nodes[0]!.element, [nodes[0]!.element], target);
      await new Promise((r) => setTimeout(r, 300));
      assert.strictEqual(openTabs().length, 0, `opened: ${JSON.stringify(tabLabels())}`);
      assert.strictEqual(fs.existsSync(target.fsPath), false, 'a CSV was written for one session');
    });
  });

  describe('Compare with previous request', () => {
    let panels: TestPanels;
    // The extension's own read-only documents: the diff's two sides are served by its registered provider.
    before(async () => {
      panels = new TestPanels((await testingApi()).raw);
    });
    afterEach(() => panels.closePanels());
    after(() => panels.dispose());

    /** The demo session that recorded two requests of one agent (offline, as a person opens it), and where they first differ. */
    function twoRequests(): { session: Session; firstId: string; secondId: string; changedAt: number } {
      for (const entry of catalog()) {
        const session = entry.load();
        const calls = session.runs
          .flatMap((r) => r.events)
          .filter((e): e is Extract<SessionEvent, { kind: 'model_call' }> => e.kind === 'model_call' && !!e.input?.length);
        if (calls.length < 2) continue;
        const [first, second] = calls.slice(-2) as [(typeof calls)[number], (typeof calls)[number]];
        const changedAt = second.input!.findIndex((m, k) => JSON.stringify(m) !== JSON.stringify(first.input![k]));
        return { session, firstId: first.id, secondId: second.id, changedAt };
      }
      throw new Error('no demo session recorded two requests');
    }

    it('opens VS Code’s diff of the two requests with the first differing message marked', async () => {
      const { session, firstId, secondId, changedAt } = twoRequests();
      const panel = panels.create('test/request-diff', session);
      await panel.handleMessage({ type: 'ready' });
      await panel.handleMessage({ type: 'compareRequests', eventId: secondId });
      const tab = await waitFor(
        () => openTabs().find((t) => t.input instanceof vscode.TabInputTextDiff),
        WAIT_MS,
        `a diff tab (open: ${JSON.stringify(tabLabels())})`,
      );
      assert.match(tab.label, new RegExp(secondId.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')));
      const input = tab.input as vscode.TabInputTextDiff;
      const [left, right] = await Promise.all([
        vscode.workspace.openTextDocument(input.original),
        vscode.workspace.openTextDocument(input.modified),
      ]);
      assert.ok(left.uri.path.includes(firstId), `left side ${left.uri.toString()} is not request ${firstId}`);
      assert.ok(right.uri.path.includes(secondId), `right side ${right.uri.toString()} is not request ${secondId}`);
      assert.notStrictEqual(left.getText(), right.getText());
      const marked = (doc: vscode.TextDocument) => /### Message (\d+)\s+◀/.exec(doc.getText())?.[1];
      assert.strictEqual(marked(left), String(changedAt + 1), `left:\n${left.getText()}`);
      assert.strictEqual(marked(right), String(changedAt + 1), `right:\n${right.getText()}`);
    });

    it('on the first request of its agent says there is nothing to compare, and opens nothing', async () => {
      const { session, firstId } = twoRequests();
      const panel = panels.create('test/request-diff-first', session);
      await panel.handleMessage({ type: 'ready' });
      await panel.handleMessage({ type: 'compareRequests', eventId: firstId });
      await new Promise((r) => setTimeout(r, 300));
      assert.strictEqual(openTabs().filter((t) => t.input instanceof vscode.TabInputTextDiff).length, 0);
    });
  });

  describe('/explain', () => {
    it('through the model a test extension registers: the session reaches it and its answer streams back', async () => {
      const [model] = await waitFor(
        async () => {
          const m = await vscode.lm.selectChatModels({ vendor: 'test-vendor' });
          return m.length ? m : undefined;
        },
        WAIT_MS,
        'the test model',
      );
      const session = catalog()[0]!.load();
      const { said, result } = await explain(session, model);
      assert.deepStrictEqual(result, { metadata: { explained: session.id } });
      const m = /Scripted answer, prompt of (\d+) characters\./.exec(said.join(''));
      assert.ok(m && Number(m[1]) > 500, `the answer: ${JSON.stringify(said)}`);
    });

    it('without a language model in the workbench says what is needed and throws nothing', async () => {
      // What this offline workbench offers: no model unless an extension registers one.
      // What this offline workbench offers besides the test model: none (Copilot cannot sign in).
      const models = (await vscode.lm.selectChatModels()).filter((m) => m.vendor !== 'test-vendor');
      assert.deepStrictEqual(
        models.map((m) => m.id),
        [],
        'this workbench offers a model; the no-model path cannot be checked here',
      );
      const selectChatModels = vscode.lm.selectChatModels;
      // handleExplain falls back to selectChatModels(): hide the test model for this check.
      (vscode.lm as { selectChatModels: typeof selectChatModels }).selectChatModels = async (s) =>
        (await selectChatModels(s)).filter((m) => m.vendor !== 'test-vendor');
      try {
        const { said, result } = await explain(catalog()[0]!.load());
        assert.deepStrictEqual(result, {});
        assert.strictEqual(said.length, 1, JSON.stringify(said));
        assert.match(said[0]!, /No language model is available\. Install and sign in to a chat model provider/);
      } finally {
        (vscode.lm as { selectChatModels: typeof selectChatModels }).selectChatModels = selectChatModels;
      }
    });
  });
});
