// The breakdown section of the inspector (headless Chromium): folded by default, opened by its
// toggle, a tab per grouping reached by the arrow keys, figures that equal computeBreakdown()'s
// (unknown shown as "—"), every row opening its events one by one, the prompt-growth chart with
// its "Compare with previous request", and readable text in light, dark and both high-contrast
// themes (screenshots breakdown-*.png).
/// <reference lib="dom" />
import * as assert from 'assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { computeBreakdown, tokenSum, withTotals, type Session, type SessionEvent } from '../../src/model';
import { generateSession } from '../../src/providers/demo/generate';
import { hostMessages } from './fixtures';
import { lowContrast, RESULTS_DIR, webviewSuite, type WebviewPage } from './harness';
import type { ThemeKind } from './themes';

const at = (s: number) => ({
  timestamp: `2026-11-20T10:00:${String(s).padStart(2, '0')}.000Z`,
  timeMs: Date.parse(`2026-11-20T10:00:${String(s).padStart(2, '0')}.000Z`),
});
const msgs = (n: number) => Array.from({ length: n }, (_, i) => ({ role: i % 2 ? 'assistant' : 'user', text: `message ${i}` }));

const LEAD: SessionEvent[] = [
  { id: 'u1', runId: 'r1', kind: 'user_message', text: 'Compare vector databases', ...at(0) },
  {
    id: 'm1',
    runId: 'r1',
    kind: 'model_call',
    model: 'gpt-4.1',
    tokens: { input: 1200, output: 40 },
    costUsd: 0.0027,
    latencyMs: 800,
    timeToFirstTokenMs: 210,
    input: msgs(2),
    ...at(1),
  },
  { id: 'c1', runId: 'r1', kind: 'tool_call', name: 'web_search', callId: 'k1', arguments: { q: 'vector db' }, ...at(2) },
  { id: 'o1', runId: 'r1', kind: 'tool_result', name: 'web_search', callId: 'k1', result: 'x'.repeat(9000), latencyMs: 1240, ...at(3) },
  {
    id: 'm2',
    runId: 'r1',
    kind: 'model_call',
    model: 'gpt-4.1',
    tokens: { input: 3100, output: 25, cacheRead: 1152 },
    costUsd: 0.0068,
    latencyMs: 1400,
    input: msgs(4),
    ...at(4),
  },
  {
    id: 'c2',
    runId: 'r1',
    kind: 'tool_call',
    name: 'delegate_reader',
    callId: 'k2',
    toolType: 'agent',
    arguments: { task: 'read' },
    ...at(5),
  },
  {
    id: 'm3',
    runId: 'r1',
    kind: 'model_call',
    model: 'gpt-4.1-mini',
    parentCallId: 'k2',
    tokens: { input: 500, output: 60 },
    costUsd: 0.0003,
    latencyMs: 300,
    input: msgs(1),
    ...at(6),
  },
  {
    id: 'c3',
    runId: 'r1',
    kind: 'tool_call',
    name: 'fetch_page',
    callId: 'k3',
    parentCallId: 'k2',
    arguments: { url: 'https://example.invalid' },
    ...at(7),
  },
  {
    id: 'o3',
    runId: 'r1',
    kind: 'tool_result',
    name: 'fetch_page',
    callId: 'k3',
    parentCallId: 'k2',
    result: { status: 403 },
    isError: true,
    latencyMs: 310,
    ...at(8),
  },
  { id: 'o2', runId: 'r1', kind: 'tool_result', name: 'delegate_reader', callId: 'k2', result: { pages: 1 }, latencyMs: 90, ...at(9) },
  // The prompt was rebuilt: the cache broke here.
  {
    id: 'm4',
    runId: 'r1',
    kind: 'model_call',
    model: 'gpt-4.1',
    tokens: { input: 4300, output: 300, cacheRead: 0 },
    costUsd: 0.011,
    latencyMs: 2100,
    input: [{ role: 'system', text: 'changed' }, ...msgs(6)],
    ...at(10),
  },
  { id: 'a1', runId: 'r1', kind: 'assistant_message', text: 'Qdrant, with pgvector as the fallback.', ...at(11) },
];
const MEMBER: SessionEvent[] = [
  { id: 'u2', runId: 'r2', kind: 'user_message', text: 'Check the prices', ...at(12) },
  // No cost reported: stays unknown.
  {
    id: 'a2',
    runId: 'r2',
    kind: 'assistant_message',
    text: 'Prices checked.',
    tokens: { input: 90, output: 12 },
    latencyMs: 400,
    ...at(13),
  },
];

function session(): Session {
  return withTotals({
    id: 'bd-1',
    provider: 'demo',
    title: 'Breakdown fixture',
    agentName: 'Research Assistant',
    metadata: {},
    runs: [
      { id: 'r1', title: 'Compare the options', events: LEAD, providerTotals: { tokens: { input: 9000 }, costUsd: 0.0208 } },
      { id: 'r2', title: 'Member run: Pricer', agentName: 'Pricer', events: MEMBER },
    ],
    providerTotals: { tokens: { input: 9190, output: 500 } },
  });
}

const READABLE: Array<[string, number]> = [
  ['.breakdown__summary', 4.5],
  ['.breakdown__tab', 4.5],
  ['.breakdown__table td', 4.5],
  ['.breakdown__table th', 4.5],
  ['.breakdown__row-link', 4.5],
  ['.breakdown__nav-text', 4.5],
  ['.breakdown__note', 3],
];

async function openBreakdown(p: WebviewPage): Promise<void> {
  await p.deliverAll(hostMessages(session()));
  await p.waitForState('complete');
  await p.page.locator('.breakdown .disclosure').click();
  await p.page.locator('.breakdown__table').first().waitFor();
}

const cellTexts = (p: WebviewPage) =>
  p.page.$$eval('.breakdown__table tbody tr', (rows) => rows.map((r) => Array.from(r.children).map((c) => (c.textContent ?? '').trim())));

describe('inspector breakdown (headless Chromium)', () => {
  const suite = webviewSuite();
  const b = computeBreakdown(session());

  it('is folded until asked for, then shows the runs with the figures the model computed', async () => {
    const p = await suite.open({ theme: 'dark' });
    await p.deliverAll(hostMessages(session()));
    await p.waitForState('complete');
    assert.strictEqual(await p.page.locator('.breakdown__body').isHidden(), true, 'folded by default');
    assert.strictEqual(await p.page.locator('.breakdown__table').count(), 0, 'nothing computed while folded');
    await p.page.locator('.breakdown .disclosure').click();
    const summary = await p.page.locator('.breakdown__summary').innerText();
    assert.match(summary, new RegExp(tokenSum(b.session.tokens)!.toLocaleString('en-US')), summary);
    assert.match(summary, /provider differs on output/, "the provider's differing totals are said");
    const rows = await cellTexts(p);
    assert.strictEqual(rows.length, 2);
    // Input, output of run 1: the sub-agent's call is in the run (same run), so 9,100 / 425.
    assert.deepStrictEqual(rows[0]!.slice(1, 3), [
      b.runs[0]!.tokens.input!.toLocaleString('en-US'),
      b.runs[0]!.tokens.output!.toLocaleString('en-US'),
    ]);
    assert.match(rows[0]![0]!, /provider says input 9,000/, "the run's provider figure beside ours");
    assert.strictEqual(rows[1]![6], '—', 'the member run reported no cost: unknown, not $0');
  });

  it('keeps up while the session streams: new events are added, a replaced one counts once, focus stays on its row', async () => {
    const p = await suite.open({ theme: 'dark' });
    await openBreakdown(p);
    await p.page.locator('.breakdown__tab[data-tab="models"]').click();
    await p.page.getByRole('button', { name: 'gpt-4.1', exact: true }).focus();
    // A new request streams in (its figures grow), then a new model answers in a new run.
    const call = (output: number): SessionEvent => ({
      id: 'm5',
      runId: 'r2',
      kind: 'model_call',
      model: 'gpt-4.1',
      tokens: { input: 700, output },
      costUsd: output / 1000,
      latencyMs: 500,
      ...at(14),
    });
    const later: SessionEvent = {
      id: 'm6',
      runId: 'r3',
      kind: 'model_call',
      model: 'o4-mini',
      tokens: { input: 50, output: 5 },
      ...at(15),
    };
    await p.deliver({ type: 'session/append', events: [call(10)] });
    await p.deliver({ type: 'session/append', events: [call(80), later] });
    const grown = session();
    grown.runs[1] = { ...grown.runs[1]!, events: [...grown.runs[1]!.events, call(80)] };
    grown.runs.push({ id: 'r3', events: [later], totals: { tokens: {} } });
    const want = computeBreakdown(grown);
    const total = tokenSum(want.session.tokens)!.toLocaleString('en-US');
    await p.page.waitForFunction((t) => document.querySelector('.breakdown__summary')?.textContent?.startsWith(`${t} tokens`), total);
    const rows = new Map((await cellTexts(p)).map((r) => [r[0], r]));
    const gpt = want.models.find((m) => m.key === 'gpt-4.1')!;
    assert.deepStrictEqual(rows.get('gpt-4.1')!.slice(1, 3), [
      gpt.tokens.input!.toLocaleString('en-US'),
      gpt.tokens.output!.toLocaleString('en-US'),
    ]);
    assert.strictEqual(rows.get('gpt-4.1')![10], String(gpt.modelCalls), 'the replaced request is one model call');
    assert.ok(rows.has('o4-mini'), [...rows.keys()].join(', '));
    assert.strictEqual(
      await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset.focusKey),
      'gpt-4.1',
      'the redraw kept the keyboard on its row',
    );
    assert.deepStrictEqual(p.pageErrors, []);
  });

  it('moves between tabs with the arrow keys; agents keep members and sub-agents apart from the leader', async () => {
    const p = await suite.open({ theme: 'dark' });
    await openBreakdown(p);
    await p.page.locator('.breakdown__tab[data-tab="runs"]').focus();
    await p.page.keyboard.press('ArrowRight');
    assert.strictEqual(await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset.tab), 'agents');
    assert.strictEqual(await p.page.locator('.breakdown__tab[data-tab="agents"]').getAttribute('aria-selected'), 'true');
    const rows = await cellTexts(p);
    const byLabel = new Map(rows.map((r) => [r[0], r]));
    const lead = b.agents.find((a) => a.role === 'agent')!;
    assert.strictEqual(byLabel.get('Research Assistant')![1], lead.tokens.input!.toLocaleString('en-US'));
    assert.ok(byLabel.has('delegate_reader (sub-agent)'), [...byLabel.keys()].join(', '));
    assert.strictEqual(byLabel.get('delegate_reader (sub-agent)')![1], '500');
    assert.strictEqual(byLabel.get('Pricer (member)')![1], '90');
    await p.page.keyboard.press('End');
    assert.strictEqual(await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset.tab), 'prompt');
    await p.page.keyboard.press('Home');
    assert.strictEqual(await p.page.evaluate(() => (document.activeElement as HTMLElement).dataset.tab), 'runs');
  });

  it("opens a row's events: the first is revealed, Next walks to the rest", async () => {
    const p = await suite.open({ theme: 'dark' });
    await openBreakdown(p);
    await p.page.locator('.breakdown__tab[data-tab="tools"]').click();
    // Tools sort by result size: web_search's 9,000 characters first.
    const first = await cellTexts(p);
    assert.strictEqual(first[0]![0], 'web_search');
    await p.page.locator('.breakdown').getByRole('button', { name: 'fetch_page', exact: true }).click();
    await p.page.waitForFunction(() => /event 1 of 2/.test(document.querySelector('.breakdown__nav')?.textContent ?? ''));
    assert.strictEqual(
      await p.page.evaluate(() => document.activeElement?.closest('li.event')?.getAttribute('data-event-id')),
      'c3',
      'the call is focused',
    );
    await p.page.getByRole('button', { name: 'Next event' }).click();
    await p.page.waitForFunction(() => /event 2 of 2/.test(document.querySelector('.breakdown__nav')?.textContent ?? ''));
    assert.strictEqual(
      await p.page.evaluate(() => document.activeElement?.closest('li.event')?.getAttribute('data-event-id')),
      'o3',
      'then its failed result',
    );
    assert.strictEqual(await p.page.getByRole('button', { name: 'Next event' }).isDisabled(), true);
  });

  it('lists the costliest calls and draws prompt growth, with a diff where the cache broke', async () => {
    const p = await suite.open({ theme: 'dark' });
    await openBreakdown(p);
    await p.page.locator('.breakdown__tab[data-tab="calls"]').click();
    const calls = await cellTexts(p);
    assert.deepStrictEqual(
      calls.map((r) => r[0]),
      b.topCalls.map((c) => `#${c.index + 1} ${c.kind.replace(/_/g, ' ')}`),
    );
    // Columns: call, model, agent, prompt, output, cache hit, cost, time, first token.
    const row = (label: string) => calls.find((r) => r[0] === label)!;
    assert.deepStrictEqual(row('#11 model call').slice(3, 6), ['4,300', '300', '0%'], 'a reported 0 cache read is a 0% hit');
    assert.strictEqual(row('#5 model call')[5], '27.1%', '1,152 of 4,252 prompt tokens from the cache');
    assert.strictEqual(row('#2 model call')[5], '—', 'no cache figure: unknown');
    assert.strictEqual(row('#2 model call')[8], '210 ms', 'time to first token');
    assert.strictEqual(row('#7 model call')[2], 'delegate_reader');
    await p.page.locator('.breakdown__tab[data-tab="prompt"]').click();
    assert.strictEqual(
      await p.page.locator('.prompt-chart__bar').count(),
      b.calls.filter((c) => c.promptTokens !== undefined).length,
      'one bar per call',
    );
    const breaks = await p.page.locator('.prompt-breaks li').allInnerTexts();
    assert.ok(
      breaks.some((t) => t.includes('#11') && t.includes('27% → 0%')),
      breaks.join(' | '),
    );
    await p.clearPosted();
    await p.page.locator('.prompt-breaks li', { hasText: '#11' }).getByRole('button', { name: 'Compare with previous request' }).click();
    await p.waitForPosted((m) => m.type === 'compareRequests');
    assert.deepStrictEqual(
      (await p.posted()).filter((m) => m.type === 'compareRequests'),
      [{ type: 'compareRequests', eventId: 'm4' }],
    );
    // A bar is a button: Enter on it opens its call.
    await p.page.locator('.prompt-chart__bar').first().focus();
    await p.page.keyboard.press('Enter');
    await p.page.waitForFunction(() => /model call #2: event 1 of 1/.test(document.querySelector('.breakdown__nav')?.textContent ?? ''));
  });

  // A long session has thousands of runs: a table draws ROW_CAP of them and a button for more
  // (ROW_CAP of webview/breakdown/breakdownView.ts, which cannot be imported outside the page).
  const ROW_CAP = 100;
  const long = generateSession({ events: 12_000, seed: 5 });
  const lb = computeBreakdown(long);

  it('draws the first runs of a long session and more on "Show more", from the keyboard, with the model\'s figures', async () => {
    assert.ok(lb.runs.length > 2 * ROW_CAP, `the fixture has ${lb.runs.length} runs`);
    const p = await suite.open({ theme: 'dark' });
    await p.deliverAll(hostMessages(long));
    await p.waitForState('complete');
    await p.page.locator('.breakdown .disclosure').click();
    await p.page.locator('.breakdown__table').first().waitFor();
    assert.strictEqual(
      await p.page.evaluate(() => document.body.dataset.breakdownEvents),
      String(long.runs.reduce((n, r) => n + r.events.length, 0)),
      'every event folded in',
    );
    let rows = await cellTexts(p);
    assert.strictEqual(rows.length, ROW_CAP, 'the first ROW_CAP runs drawn');
    for (const i of [0, ROW_CAP - 1]) {
      assert.deepStrictEqual(rows[i]!.slice(1, 3), [
        lb.runs[i]!.tokens.input!.toLocaleString('en-US'),
        lb.runs[i]!.tokens.output!.toLocaleString('en-US'),
      ]);
    }
    const more = p.page.locator('.breakdown__more');
    assert.strictEqual(await more.innerText(), `Show ${ROW_CAP} more (${(lb.runs.length - ROW_CAP).toLocaleString('en-US')} not shown)`);
    await more.focus();
    await p.page.keyboard.press('Enter');
    await p.page.waitForFunction((n) => document.querySelectorAll('.breakdown__table tbody tr').length === n, 2 * ROW_CAP, {
      timeout: 10000,
    });
    assert.strictEqual(
      await p.page.evaluate(() => document.activeElement?.classList.contains('breakdown__more')),
      true,
      'focus stays on the button',
    );
    rows = await cellTexts(p);
    assert.strictEqual(rows[2 * ROW_CAP - 1]![1], lb.runs[2 * ROW_CAP - 1]!.tokens.input!.toLocaleString('en-US'));
    while (await more.isVisible()) {
      await p.page.keyboard.press('Enter');
    }
    assert.strictEqual((await cellTexts(p)).length, lb.runs.length, 'every run drawn once asked for');
    assert.strictEqual(
      await p.page.evaluate(() => document.activeElement?.classList.contains('breakdown__row-link')),
      true,
      'with the button gone, focus is on the first row it drew',
    );
    assert.deepStrictEqual(p.pageErrors, []);
  });

  it('folded away, waits for the session to load, then folds it in the background, so that opening it is quick', async () => {
    const p = await suite.open({ theme: 'dark' });
    const messages = hostMessages(long);
    const end = messages.pop() as { type: string };
    assert.strictEqual(end.type, 'session/end');
    await p.deliverAll(messages);
    await p.page.waitForFunction(
      (n) => Number(document.body.dataset.rendered) === n,
      long.runs.reduce((n, r) => n + r.events.length, 0),
    );
    assert.strictEqual(
      await p.page.evaluate(() => document.body.dataset.breakdownFolded),
      undefined,
      'nothing folded while the session loads',
    );
    await p.deliver(end);
    await p.waitForState('complete');
    // Without being opened, the whole session is folded in, a slice a task.
    await p.page.waitForFunction(
      (n) => document.body.dataset.breakdownFolded === String(n),
      long.runs.reduce((n, r) => n + r.events.length, 0),
      {
        timeout: 20000,
      },
    );
    assert.strictEqual(await p.page.locator('.breakdown__table').count(), 0, 'still nothing drawn while folded');
    await p.page.locator('.breakdown .disclosure').click();
    await p.page.locator('.breakdown__table').first().waitFor();
    const rows = await cellTexts(p);
    assert.deepStrictEqual(rows[0]!.slice(1, 3), [
      lb.runs[0]!.tokens.input!.toLocaleString('en-US'),
      lb.runs[0]!.tokens.output!.toLocaleString('en-US'),
    ]);
    assert.deepStrictEqual(p.pageErrors, []);
  });

  for (const theme of ['light', 'dark', 'high-contrast', 'high-contrast-light'] as ThemeKind[]) {
    it(`shows "Show more" readably in the ${theme} theme (screenshot breakdown-${theme}-more.png)`, async () => {
      const p = await suite.open({ theme, viewport: { width: 1100, height: 800 } });
      await p.deliverAll(hostMessages(long));
      await p.waitForState('complete');
      await p.page.locator('.breakdown .disclosure').click();
      const more = p.page.locator('.breakdown__more');
      await more.waitFor();
      await more.scrollIntoViewIfNeeded();
      assert.deepStrictEqual(await lowContrast(p.page, [['.breakdown__more', 4.5]]), [], `low contrast in the ${theme} theme`);
      await more.focus();
      const box = (await p.page.locator('.breakdown__scroll').boundingBox())!;
      await p.page.screenshot({
        path: shotPath(`breakdown-${theme}-more`),
        clip: { x: 0, y: Math.max(0, box.y + box.height - 260), width: 1100, height: 320 },
      });
      assert.deepStrictEqual(p.pageErrors, []);
    });
  }

  for (const theme of ['light', 'dark', 'high-contrast', 'high-contrast-light'] as ThemeKind[]) {
    it(`is readable in the ${theme} theme (screenshots breakdown-${theme}-*.png)`, async () => {
      const p = await suite.open({ theme, viewport: { width: 1100, height: 800 } });
      await openBreakdown(p);
      assert.deepStrictEqual(
        await lowContrast(
          p.page,
          READABLE.filter(([s]) => s !== '.breakdown__nav-text'),
        ),
        [],
        `low contrast in the ${theme} theme (runs)`,
      );
      await p.page.locator('.breakdown').screenshot({ path: shotPath(`breakdown-${theme}-runs`) });
      await p.page.locator('.breakdown__tab[data-tab="agents"]').click();
      await p.page.getByRole('button', { name: 'Pricer (member)' }).click();
      await p.page.evaluate(() => window.scrollTo(0, 0));
      assert.deepStrictEqual(
        await lowContrast(
          p.page,
          READABLE.filter(([s]) => s !== '.breakdown__note'),
        ),
        [],
        `low contrast in the ${theme} theme`,
      );
      await p.page.locator('.breakdown').screenshot({ path: shotPath(`breakdown-${theme}-agents`) });
      await p.page.locator('.breakdown__tab[data-tab="prompt"]').click();
      await p.page.locator('.breakdown').screenshot({ path: shotPath(`breakdown-${theme}-prompt`) });
      assert.deepStrictEqual(await p.violations(), []);
      assert.deepStrictEqual(p.pageErrors, []);
    });
  }
});

function shotPath(name: string): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  return path.join(RESULTS_DIR, `${name}.png`);
}
