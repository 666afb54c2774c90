// The inspector page in headless Chromium: a session with every event kind is posted the way the
// host posts it, and what is on screen is checked — header, totals, each kind's rendering, the
// call tree, buttons and the messages they post, hostile text, error and invalid-message
// handling, saved state, and (after every test) that no CSP violation or page error happened.
/// <reference lib="dom" />
import * as assert from 'assert';
import { withTotals, type Session } from '../../src/model';
import { mapFoundrySession } from '../../src/providers/foundry/map';
import { beginMessage } from '../builders';
import { BIG_RESULT, everyKindSession, hostMessages } from './fixtures';
import { webviewSuite, type WebviewPage, type OpenOptions, type Posted } from './harness';
import { THEMES } from './themes';

describe('inspector webview (headless Chromium)', () => {
  const suite = webviewSuite();
  const session = everyKindSession();

  const open = (o: OpenOptions = {}): Promise<WebviewPage> => suite.open(o);

  async function openSession(s: Session = session, o: OpenOptions = {}): Promise<WebviewPage> {
    const p = await open(o);
    await p.deliverAll(hostMessages(s));
    await p.waitForState('complete');
    return p;
  }

  const ev = (id: string) => `li.event[data-event-id="${id}"]`;

  /** The event row at the top of the viewport, under the sticky toolbar, and how far below the toolbar it starts. */
  async function topEventRow(page: import('playwright-core').Page): Promise<{ id: string; offset: number }> {
    return page.evaluate(() => {
      const sticky = document.querySelector('.toolbar')!.getBoundingClientRect().bottom;
      for (const row of Array.from(document.querySelectorAll<HTMLElement>('li.event'))) {
        const r = row.getBoundingClientRect();
        if (r.bottom > sticky && r.height > 0) return { id: row.dataset.eventId!, offset: Math.round(r.top - sticky) };
      }
      return { id: '', offset: 0 };
    });
  }
  // Assertions read textContent: rows off screen are skipped by content-visibility, and
  // innerText of an unrendered element is empty.

  /** A JSON tree's rows as "path value" (strings quoted, as the page draws them with CSS quotes). */
  async function treeRows(scope: import('playwright-core').Locator): Promise<string[]> {
    return scope.locator('.json-tree .jt-row').evaluateAll((rows) =>
      rows.map((r) => {
        const value = r.querySelector('.jt-summary, .jt-string, .jt-number, .jt-boolean, .jt-null');
        const text = value?.classList.contains('jt-string')
          ? `"${value.querySelector('.jt-string__text')?.textContent ?? ''}"`
          : (value?.textContent ?? '');
        return `${(r as HTMLElement).dataset.path} ${text}`;
      }),
    );
  }

  async function lastPosted(p: WebviewPage): Promise<Posted> {
    const all = await p.posted();
    assert.ok(all.length, 'nothing was posted');
    return all[all.length - 1]!;
  }

  it('says it is ready, then shows loading with the title', async () => {
    const p = await open();
    assert.deepStrictEqual((await p.posted())[0], { type: 'ready' });
    await p.deliver({ type: 'session/loading', title: 'Invoice 42' });
    await p.waitForState('loading');
    assert.match((await p.page.locator('main').textContent()) ?? '', /Loading “Invoice 42”…/);
    const ring = p.page.locator('[role="progressbar"]');
    assert.strictEqual(await ring.count(), 1);
    assert.strictEqual(await ring.getAttribute('aria-label'), 'Loading');
    // Turned by a transform (the compositor's), not a stroke animation that repaints every frame.
    assert.strictEqual(await ring.evaluate((e) => getComputedStyle(e).animationName), 'codicon-spin');
  });

  it('says "about" while the count of events is the host\'s estimate, and the count once it is one', async () => {
    for (const estimated of [true, false]) {
      const p = await open();
      try {
        await p.deliver({ ...beginMessage([{ id: 'r1', eventCount: 3 }], 5_000), ...(estimated ? { totalEstimated: true } : {}) });
        await p.deliver({ type: 'session/events', events: [{ id: 'e1', runId: 'r1', kind: 'user_message', text: 'hi' }] });
        await p.waitForState('streaming');
        const text = (await p.page.locator('.load-status').textContent())?.trim();
        assert.equal(text, estimated ? 'Loading events: 1 of about 5,000…' : 'Loading events: 1 of 5,000…');
      } finally {
        await p.close();
      }
    }
  });

  it('shows the header: title, provider, agent, badges and the totals', async () => {
    const p = await openSession();
    assert.strictEqual(await p.page.locator('header h1').textContent(), session.title);
    const facts = (await p.page.locator('.session-facts').textContent()) ?? '';
    for (const s of ['Provider', 'Demo', 'Support Agent (support-agent)', 'Created', 'Nov 20, 2026', 'Runs', 'sess-every-kind'])
      assert.ok(facts.includes(s), `facts lack ${s}: ${facts}`);
    const badges = await p.page.locator('.session-badges .badge').allTextContents();
    assert.deepStrictEqual(badges, ['test', 'channel: C042', 'user: U-7']);

    const cell = (field: string) => p.page.locator(`.total[data-field="${field}"] .total__computed`).textContent();
    const t = session.totals;
    assert.strictEqual(await cell('events'), String(t.events));
    assert.strictEqual(await cell('messages'), String(t.messages));
    assert.strictEqual(await cell('toolCalls'), String(t.toolCalls));
    assert.strictEqual(await cell('errors'), String(t.errors));
    assert.strictEqual(await cell('tokens.input'), t.tokens.input!.toLocaleString('en-US'));
    assert.strictEqual(await cell('tokens.output'), String(t.tokens.output));
    assert.strictEqual(await cell('tokens.cacheRead'), String(t.tokens.cacheRead));
    assert.strictEqual(await cell('tokens.reasoning'), String(t.tokens.reasoning));
    assert.strictEqual(await cell('costUsd'), '$0.0078');
    assert.strictEqual(await cell('latencyMs'), '5.17 s');
    // Figures as a person reads them.
    assert.deepStrictEqual([t.events, t.messages, t.toolCalls, t.errors], [18, 4, 6, 2]);
  });

  it('shows unknown figures as "—", never 0', async () => {
    const p = await openSession();
    assert.strictEqual(await p.page.locator('.total[data-field="tokens.cacheWrite"] .total__computed').textContent(), '—');
    const run2 = (await p.page.locator('section.run[data-run-id="run-2"] .run__totals').textContent()) ?? '';
    assert.match(run2, /cost —/);
    assert.match(run2, /latency —/);
    // An event without cost or latency shows none, rather than $0.
    const meta = (await p.page.locator(`${ev('h3')} .event__meta`).textContent()) ?? '';
    assert.ok(!meta.includes('$') && !meta.includes(' ms'), meta);

    const noCost = withTotals({
      id: 's-no-cost',
      provider: 'file',
      title: 'No costs reported',
      metadata: {},
      runs: [{ id: 'r', events: [{ id: 'x', runId: 'r', kind: 'user_message', text: 'hi' }] }],
    });
    await p.deliverAll(hostMessages(noCost));
    await p.waitForState('complete');
    for (const field of ['costUsd', 'latencyMs', 'tokens.input', 'tokens.total']) {
      assert.strictEqual(await p.page.locator(`.total[data-field="${field}"] .total__computed`).textContent(), '—', field);
    }
    assert.strictEqual(await p.page.locator('.total[data-field="events"] .total__computed').textContent(), '1');
  });

  it("shows the provider's totals beside the computed ones and flags a mismatch", async () => {
    const p = await openSession();
    const cost = p.page.locator('.total[data-field="costUsd"]');
    assert.ok(await cost.evaluate((e) => e.classList.contains('is-mismatch')));
    assert.match((await cost.textContent()) ?? '', /provider: \$0\.0200/);
    assert.match((await cost.textContent()) ?? '', /differs/);
    // Equal figures: shown, not flagged.
    const input = p.page.locator('.total[data-field="tokens.input"]');
    assert.match((await input.textContent()) ?? '', /provider: 3,600/);
    assert.ok(!(await input.evaluate((e) => e.classList.contains('is-mismatch'))));
    assert.match((await p.page.locator('.mismatch-banner').textContent()) ?? '', /cost \$0\.0078 vs \$0\.0200 reported/);
    assert.match(
      (await p.page.locator('section.run[data-run-id="run-1"] .run__totals').textContent()) ?? '',
      /provider reports cost \$0\.0200/,
    );
    assert.strictEqual(await p.page.locator('section.run[data-run-id="run-2"] .mismatch-flag').count(), 0);
  });

  it('a session without events says so instead of "All 0 events loaded.", and its replay is disabled', async () => {
    const empty = withTotals({ ...session, runs: session.runs.slice(0, 2).map((r) => ({ ...r, events: [] })) });
    const p = await openSession(empty);
    try {
      assert.equal((await p.page.locator('.load-status').textContent())?.trim(), 'This session has no events.');
      assert.match((await p.page.locator('.empty-note--session').textContent()) ?? '', /no events: its 2 runs have none/);
      for (const control of ['start', 'back', 'play', 'forward', 'end', 'stop']) {
        assert.ok(await p.page.locator(`.replay [data-control="${control}"]`).isDisabled(), `${control} is enabled`);
      }
      // Space (play) does nothing visible and breaks nothing.
      await p.page.keyboard.press('Space');
      assert.equal(await p.page.evaluate(() => document.body.dataset.playing), 'false');
    } finally {
      await p.close();
    }
  });

  it("an empty session shows the provider's reason where the events would be, once, and without runs says so", async () => {
    const reason = mapFoundrySession(
      {
        rid: 'ri.aip-agents..session.empty',
        metadata: { title: 'Expired', messageCount: 4, estimatedExpiresTime: '2026-11-01T00:00:00Z' },
      },
      { exchanges: [] },
    );
    const p = await openSession(reason);
    try {
      await p.screenshot('empty-session-reason');
      const notes = p.page.locator('.empty-note--session');
      assert.equal(await notes.count(), 1);
      assert.equal(
        (await notes.textContent())?.trim(),
        `This session has no events. ${reason.emptyReason}`,
        'the note is the provider-mapped reason, after the plain fact',
      );
      assert.match(reason.emptyReason ?? '', /counts 4 messages.*no exchanges.*expired.*2026-11-01/);
      // The platform's name comes from the host's registry (the page knows no kinds).
      assert.match((await p.page.locator('.session-summary').first().textContent()) ?? '', /Foundry AIP Agents/);
      assert.ok(await p.page.locator('.replay [data-control="play"]').isDisabled());
    } finally {
      await p.close();
    }
    const bare = await openSession(withTotals({ ...session, runs: [] }));
    try {
      assert.equal((await bare.page.locator('.empty-note--session').textContent())?.trim(), 'This session has no events: it has no runs.');
    } finally {
      await bare.close();
    }
  });

  it('lists runs in order, each with its events in order', async () => {
    const p = await openSession();
    assert.deepStrictEqual(await p.page.locator('section.run').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.runId)), [
      'run-1',
      'run-2',
    ]);
    assert.deepStrictEqual(await p.page.locator('section.run h2').allTextContents(), [
      'Run 1 · Investigate invoice',
      'Run 2 · Hostile content',
    ]);
    for (const run of session.runs) {
      const ids = await p.page
        .locator(`section.run[data-run-id="${run.id}"] li.event`)
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.eventId));
      assert.deepStrictEqual(
        ids,
        run.events.map((e) => e.id),
      );
    }
    assert.match(
      (await p.page.locator('section.run[data-run-id="run-1"] .run__totals').textContent()) ?? '',
      /^15 events · 2 messages · 5 tool calls · 2 errors/,
    );
  });

  it('renders messages as plain text with whitespace and line breaks kept', async () => {
    const p = await openSession();
    for (const id of ['e1', 'e2']) {
      const text = await p.page.locator(`${ev(id)} .message-text`).evaluate((e) => e.textContent);
      const expected = session.runs[0]!.events.find((e) => e.id === id) as { text: string };
      assert.strictEqual(text, expected.text);
    }
    assert.strictEqual(await p.page.locator(`${ev('e2')} .message-text`).evaluate((e) => getComputedStyle(e).whiteSpace), 'pre-wrap');
    assert.strictEqual(await p.page.locator(`${ev('e2')} .event__kind`).textContent(), 'User');
    assert.strictEqual(await p.page.locator(`${ev('e1')} .event__kind`).textContent(), 'System');
  });

  it('folds reasoning, muted, and opens it on demand', async () => {
    const p = await openSession();
    const row = p.page.locator(ev('e3'));
    assert.ok(await row.evaluate((e) => e.classList.contains('tone-muted')));
    const toggle = row.locator('button.disclosure');
    assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'false');
    assert.strictEqual(await row.locator('.reasoning-text').count(), 0, 'folded content is not built');
    assert.match((await row.locator('.fold-preview').textContent()) ?? '', /^The user asks about a failed invoice/);
    await toggle.click();
    assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'true');
    assert.match((await row.locator('.reasoning-text').textContent()) ?? '', /Second line of thought\.$/);
    const controls = await toggle.getAttribute('aria-controls');
    assert.ok(controls && (await p.page.locator(`#${controls}`).isVisible()));
    assert.match((await row.locator('.event__title').textContent()) ?? '', /effort: medium/);
  });

  it('shows tool calls with name, call id and formatted arguments', async () => {
    const p = await openSession();
    const row = p.page.locator(ev('e4'));
    assert.strictEqual(await row.locator('.event__name').textContent(), 'lookup_invoice');
    assert.strictEqual(await row.locator('.call-id').textContent(), 'call_A');
    // Arguments are a JSON tree: small containers open, one row per value, addressed by path.
    assert.deepStrictEqual(await treeRows(row), [
      '$ {2 keys}',
      '$.invoiceId 42',
      '$.include [2 items]',
      '$.include[0] "attempts"',
      '$.include[1] "customer"',
    ]);
    const meta = (await row.locator('.event__meta').textContent()) ?? '';
    for (const s of ['850 ms', '1,200 in', '40 out', '800 cache read', '$0.0031', 'gpt-4.1'])
      assert.ok(meta.includes(s), `meta lacks ${s}: ${meta}`);
    assert.strictEqual(await row.locator('.meta-time').getAttribute('title'), '2026-11-20T09:15:03.250Z');
    // Arguments given as a string of JSON are shown formatted, and say so.
    const e6 = p.page.locator(ev('e6'));
    assert.deepStrictEqual(await treeRows(e6), ['$ {2 keys}', '$.scope "payments"', '$.depth 2']);
    assert.match((await e6.locator('.block-note').textContent()) ?? '', /JSON text/);
  });

  it('folds a large result: its 300 rows open 100 at a time', async () => {
    const p = await openSession();
    const row = p.page.locator(ev('e5'));
    // The big array starts folded, with a glimpse of its first items.
    assert.deepStrictEqual(
      (await treeRows(row)).map((r) => r.slice(0, 40)),
      ['$ {2 keys}', '$.total 300', '$.rows [300 items] [{…}, {…}, {…}, {…}, {…'].map((r) => r.slice(0, 40)),
    );
    await row.getByRole('button', { name: 'Expand rows' }).click();
    assert.strictEqual(await row.locator('.jt-row:not(.jt-more)[data-level="2"]').count(), 100);
    await row.getByRole('button', { name: /Show 100 more \(100 of 300 shown\)/ }).click();
    await row.getByRole('button', { name: /Show 100 more \(200 of 300 shown\)/ }).click();
    assert.strictEqual(await row.locator('.jt-row:not(.jt-more)[data-level="2"]').count(), 300);
    assert.strictEqual(await row.locator('.jt-show-more').count(), 0);
    assert.strictEqual(
      await row.locator('.jt-row[data-path="$.rows[299]"] .jt-summary').textContent(),
      '{4 keys} {id: 300, name: "customer-300", plan: "free", mrr: 2093}',
    );
    assert.strictEqual(BIG_RESULT.rows.length, 300);
  });

  it('pairs results with their calls and nests calls under their parent', async () => {
    const p = await openSession();
    const depth = (id: string) => p.page.locator(ev(id)).getAttribute('data-depth');
    assert.deepStrictEqual(await Promise.all(['e4', 'e5', 'e6', 'e7', 'e8', 'e9', 'e10', 'e11', 'e12'].map(depth)), [
      '0',
      '0',
      '0',
      '1',
      '1',
      '1',
      '0',
      '0',
      '0',
    ]);
    const indent = async (id: string) => p.page.locator(`${ev(id)} .event__card`).evaluate((e) => e.getBoundingClientRect().left);
    assert.ok((await indent('e7')) > (await indent('e6')) + 10, 'nested call is indented');
    assert.strictEqual(await indent('e8'), await indent('e7'), 'result sits at its call depth');
    // A result right after its call is joined to it; one further away links back and forth.
    assert.ok(await p.page.locator(ev('e5')).evaluate((e) => e.classList.contains('event--joined')));
    assert.strictEqual(await p.page.locator(`${ev('e5')} .call-id`).textContent(), 'call_A');
    assert.strictEqual(await p.page.locator(`${ev('e10')} .event__name`).textContent(), 'investigate', 'result named after its call');
    await p.page.locator(ev('e10')).getByRole('button', { name: 'Go to the call of investigate' }).click();
    assert.strictEqual(await p.page.evaluate(() => document.activeElement?.closest('li')?.dataset.eventId), 'e6');
    await p.page.locator(ev('e6')).getByRole('button', { name: 'Go to the result' }).click();
    assert.strictEqual(await p.page.evaluate(() => document.activeElement?.closest('li')?.dataset.eventId), 'e10');
    assert.match((await p.page.locator(`${ev('e7')} .parent-call`).textContent()) ?? '', /inside call_B/);
    // A failed result marks its call too.
    assert.match((await p.page.locator(`${ev('e11')} .event__chips`).textContent()) ?? '', /failed/);
    assert.ok(await p.page.locator(ev('e12')).evaluate((e) => e.classList.contains('tone-error')));
    assert.strictEqual(await p.page.locator(`${ev('e12')} .event__kind`).textContent(), 'Tool error');
  });

  it('shows code in a monospace block with its language and its output beneath', async () => {
    const p = await openSession();
    const row = p.page.locator(ev('e9'));
    const code = session.runs[0]!.events.find((e) => e.id === 'e9') as { code: string; output: string };
    assert.strictEqual(await row.locator('.code-language').textContent(), 'python');
    assert.strictEqual(await row.locator('pre.source-code').evaluate((e) => e.textContent), code.code);
    assert.strictEqual(await row.locator('pre.code-output').evaluate((e) => e.textContent), code.output);
    const font = await row.locator('pre.source-code').evaluate((e) => getComputedStyle(e).fontFamily);
    assert.match(font, /mono/i);
    const [codeBox, outBox] = await Promise.all([
      row.locator('pre.source-code').boundingBox(),
      row.locator('pre.code-output').boundingBox(),
    ]);
    assert.ok(codeBox && outBox && outBox.y > codeBox.y + codeBox.height - 1, 'output is beneath the code');
  });

  it('makes errors stand out with code and message in theme error colours', async () => {
    const p = await openSession({ ...session }, { theme: 'light' });
    const row = p.page.locator(ev('e13'));
    assert.strictEqual(await row.locator('.error-code').textContent(), 'RATE_LIMITED');
    assert.match((await row.locator('.message-text').textContent()) ?? '', /Too many requests to the billing API/);
    const style = await row
      .locator('.event__card')
      .evaluate((e) => ({ border: getComputedStyle(e).borderTopColor, background: getComputedStyle(e).backgroundColor }));
    assert.strictEqual(style.border, 'rgb(190, 17, 0)', 'inputValidation-errorBorder');
    // The theme's error background as a 40% tint of the editor's (text on it stays at 4.5:1 in every theme).
    const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    const err = rgb(THEMES.light.vars['--vscode-inputValidation-errorBackground']!);
    const bg = rgb(THEMES.light.vars['--vscode-editor-background']!);
    const m = /color\(srgb ([\d.]+) ([\d.]+) ([\d.]+)\)/.exec(style.background);
    assert.ok(m, `a color-mix() tint, got ${style.background}`);
    [1, 2, 3].forEach((c, i) =>
      assert.ok(
        Math.abs(Number(m[c]) * 255 - (0.4 * err[i]! + 0.6 * bg[i]!)) < 1.5,
        `inputValidation-errorBackground tint: ${style.background}`,
      ),
    );
    assert.strictEqual(await row.locator('.event__icon').evaluate((e) => getComputedStyle(e).color), 'rgb(190, 17, 0)', 'error icon');
    assert.ok(await row.locator('.event__icon').evaluate((e) => e.classList.contains('codicon-error')));
  });

  it('shows unknown events with their type and every field', async () => {
    const p = await openSession();
    const row = p.page.locator(ev('e14'));
    assert.strictEqual(await row.locator('.event__name').textContent(), 'handoff');
    assert.strictEqual(await row.locator('.message-text').textContent(), 'Handing over to the billing agent.');
    assert.deepStrictEqual(await row.locator('dt.field-name').allTextContents(), ['target_agent', 'priority', 'urgent', 'context']);
    assert.deepStrictEqual((await row.locator('dd.field-value').allTextContents()).slice(0, 3), ['billing', '2', 'true']);
    assert.deepStrictEqual(await treeRows(row.locator('dd.field-value').nth(3)), [
      '$ {2 keys}',
      '$.invoice 42',
      '$.notes [2 items]',
      '$.notes[0] "expired card"',
      '$.notes[1] "declined retry"',
    ]);
  });

  it('marks interrupted answers', async () => {
    const p = await openSession();
    const row = p.page.locator(ev('e15'));
    assert.strictEqual(await row.locator('.event__chips .badge').textContent(), 'interrupted');
    assert.ok(await row.evaluate((e) => e.classList.contains('tone-warning')));
    assert.match((await row.locator('.interrupted-note').textContent()) ?? '', /cut short/);
    assert.strictEqual(await p.page.locator(`${ev('h3')} .badge`).count(), 0, 'a complete answer is not marked');
  });

  it('posts showRaw, copy and openCode from its buttons', async () => {
    const p = await openSession();
    await p.clearPosted();
    await p.page.getByRole('button', { name: 'Raw JSON of the whole session' }).click();
    assert.deepStrictEqual(await lastPosted(p), { type: 'showRaw' });
    await p.page
      .locator(ev('e4'))
      .getByRole('button', { name: /^Raw JSON of this/ })
      .click();
    assert.deepStrictEqual(await lastPosted(p), { type: 'showRaw', eventId: 'e4' });
    const code = session.runs[0]!.events.find((e) => e.id === 'e9') as { code: string };
    await p.page.locator(ev('e9')).getByRole('button', { name: 'Copy the python code' }).click();
    assert.deepStrictEqual(await lastPosted(p), { type: 'copy', text: code.code });
    await p.page.locator(ev('e9')).getByRole('button', { name: 'Open the python code in an editor' }).click();
    assert.deepStrictEqual(await lastPosted(p), { type: 'openCode', code: code.code, language: 'python' });
    await p.page.locator(ev('e4')).getByRole('button', { name: 'Copy arguments of lookup_invoice' }).click();
    assert.deepStrictEqual(await lastPosted(p), {
      type: 'copy',
      text: JSON.stringify({ invoiceId: 42, include: ['attempts', 'customer'] }, null, 2),
    });
    // Keyboard works too.
    await p.page
      .locator(ev('e13'))
      .getByRole('button', { name: /^Raw JSON of this/ })
      .focus();
    await p.page.keyboard.press('Enter');
    assert.deepStrictEqual(await lastPosted(p), { type: 'showRaw', eventId: 'e13' });
  });

  it('ignores and logs messages that do not fit the protocol', async () => {
    const p = await openSession();
    const before = await p.page.locator('li.event').count();
    await p.clearPosted();
    await p.deliver({ type: 'session/events', events: [{ id: 'bad', kind: 'user_message' }] });
    await p.deliver({ type: 'session/explode' });
    await p.deliver('just a string');
    const logs = await waitForLogs(p, 3);
    assert.ok(
      logs.every((m) => m.level === 'warn' && /does not fit the protocol/.test(String(m.message))),
      JSON.stringify(logs),
    );
    assert.match(String(logs[0]!.message), /session\/events/);
    assert.strictEqual(await p.page.locator('li.event').count(), before, 'nothing was half-applied');
    // Well-formed but out of order: logged, ignored.
    await p.deliver({ type: 'session/events', events: [] });
    const more = await waitForLogs(p, 4);
    assert.match(String(more[3]!.message), /arrived while complete/);
  });

  /** Delivers messages as the host does since issue 15: the event chunks as UTF-8 JSON bytes. */
  async function deliverPacked(p: WebviewPage, messages: unknown[]): Promise<void> {
    await p.page.evaluate((text) => {
      for (const m of JSON.parse(text) as Array<{ type: string; events?: unknown }>) {
        if (m.type === 'session/events')
          window.postMessage({ type: 'session/eventsPacked', json: new TextEncoder().encode(JSON.stringify(m.events)) }, '*');
        else window.postMessage(m, '*');
      }
    }, JSON.stringify(messages));
  }

  it('draws a session sent as packed chunks exactly as one sent as objects', async () => {
    const rowsOf = (p: WebviewPage) =>
      p.page.locator('li.event').evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.eventId} ${e.textContent}`));
    const plain = await openSession();
    const packed = await open();
    await deliverPacked(packed, hostMessages(session, 3));
    await packed.waitForState('complete');
    const [a, b] = [await rowsOf(plain), await rowsOf(packed)];
    assert.ok(a.length > 10, `rows drawn: ${a.length}`);
    assert.deepStrictEqual(b, a);
  });

  it('shows events of a kind and fields it does not know from a packed chunk; refuses a mistyped one saying which', async () => {
    const p = await open();
    const messages = hostMessages(session, 1000) as Array<{ type: string }>;
    const runId = session.runs[0]!.id;
    const sent = messages.slice(0, -1);
    await deliverPacked(p, sent);
    await p.clearPosted();
    // As a string: a function here would be compiled with helpers the page does not have.
    await p.page.evaluate(`(() => {
      const runId = ${JSON.stringify(runId)};
      const pack = (events) => ({ type: 'session/eventsPacked', json: new TextEncoder().encode(JSON.stringify(events)) });
      // A kind from a newer host, and a field the schema does not name on a known kind.
      window.postMessage(pack([
        { id: 'new-1', runId, kind: 'handoff', text: 'Handing over to billing', target: 'billing-agent', timeMs: 1 },
        { id: 'new-2', runId, kind: 'user_message', text: 'And the refund?', sentiment: 'annoyed' },
      ]), '*');
      window.postMessage(pack([{ id: 'bad-1', runId, kind: 'user_message', text: 5 }]), '*');
      window.postMessage({ type: 'session/end' }, '*');
    })()`);
    await p.waitForState('complete');
    const handoff = p.page.locator('li.event[data-event-id="new-1"]');
    assert.match((await handoff.textContent()) ?? '', /handoff/);
    assert.match((await handoff.textContent()) ?? '', /billing-agent/, 'its fields are shown');
    assert.match((await p.page.locator('li.event[data-event-id="new-2"]').textContent()) ?? '', /And the refund\?/);
    assert.strictEqual(await p.page.locator('li.event[data-event-id="bad-1"]').count(), 0, 'the mistyped chunk is not half-applied');
    const [log] = await waitForLogs(p, 1);
    assert.match(
      String(log!.message),
      /does not fit the protocol \(session\/eventsPacked\).*events\.0\.text: expected string, received number \(event "bad-1"\)/,
    );
  });

  /** As deliverPacked, every other chunk gzip-compressed in the page (CompressionStream), as the host sends large ones. */
  async function deliverCompressed(p: WebviewPage, messages: unknown[]): Promise<void> {
    // As a string: a function here would be compiled with helpers the page does not have.
    await p.page.evaluate(`(async () => {
      const gzip = async (bytes) =>
        new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
      // All compressed first, then posted at once: the page must keep their order while it inflates them.
      let n = 0;
      const out = [];
      for (const m of ${JSON.stringify(messages)}) {
        if (m.type !== 'session/events') out.push(m);
        else {
          const json = new TextEncoder().encode(JSON.stringify(m.events));
          out.push(n++ % 2 ? { type: 'session/eventsPacked', json } : { type: 'session/eventsPacked', json: await gzip(json), encoding: 'gzip' });
        }
      }
      for (const m of out) window.postMessage(m, '*');
    })()`);
  }

  it('draws a session sent as compressed chunks, between plain ones, exactly as one sent as objects', async () => {
    const rowsOf = (p: WebviewPage) =>
      p.page.locator('li.event').evaluateAll((els) => els.map((e) => `${(e as HTMLElement).dataset.eventId} ${e.textContent}`));
    const plain = await openSession();
    const compressed = await open();
    const messages = hostMessages(session, 3);
    assert.ok(
      messages.filter((m) => (m as { type: string }).type === 'session/events').length > 4,
      'several chunks (the test would prove nothing)',
    );
    await deliverCompressed(compressed, messages);
    await compressed.waitForState('complete');
    const [a, b] = [await rowsOf(plain), await rowsOf(compressed)];
    assert.ok(a.length > 10, `rows drawn: ${a.length}`);
    assert.deepStrictEqual(b, a, 'the same rows in the same order');
    assert.deepStrictEqual(
      (await compressed.posted()).filter((m) => m.type === 'log'),
      [],
      'nothing logged',
    );
  });

  it('refuses and logs a compressed chunk whose bytes are not gzip, and takes in the chunks after it', async () => {
    const p = await open();
    const messages = hostMessages(session, 1000) as Array<{ type: string }>;
    const runId = session.runs[0]!.id;
    await deliverPacked(p, messages.slice(0, -1));
    await p.clearPosted();
    await p.page.evaluate(`(async () => {
      const runId = ${JSON.stringify(runId)};
      const json = new TextEncoder().encode(JSON.stringify([{ id: 'after-bad', runId, kind: 'user_message', text: 'still here' }]));
      const gz = new Uint8Array(await new Response(new Blob([json]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
      window.postMessage({ type: 'session/eventsPacked', json: new TextEncoder().encode('not gzip at all'), encoding: 'gzip' }, '*');
      window.postMessage({ type: 'session/eventsPacked', json: gz, encoding: 'gzip' }, '*');
      window.postMessage({ type: 'session/end' }, '*');
    })()`);
    await p.waitForState('complete');
    assert.match((await p.page.locator('li.event[data-event-id="after-bad"]').textContent()) ?? '', /still here/);
    const [log] = await waitForLogs(p, 1);
    assert.equal(log!.level, 'warn');
    assert.match(
      String(log!.message),
      /does not fit the protocol \(session\/eventsPacked\): events: compressed bytes that could not be inflated \(.+\)/,
    );
  });

  it('ignores and logs a packed chunk that is not JSON of valid events', async () => {
    const p = await openSession();
    const before = await p.page.locator('li.event').count();
    await p.clearPosted();
    await p.page.evaluate(() => {
      window.postMessage({ type: 'session/eventsPacked', json: new TextEncoder().encode('[{"id":"bad","kind":"user_message"}]') }, '*');
      window.postMessage({ type: 'session/eventsPacked', json: new Uint8Array([0xff, 0x00]) }, '*');
    });
    const logs = await waitForLogs(p, 2);
    assert.ok(
      logs.every((m) => m.level === 'warn' && /does not fit the protocol \(session\/eventsPacked\)/.test(String(m.message))),
      JSON.stringify(logs),
    );
    assert.match(String(logs[1]!.message), /not UTF-8 JSON/);
    assert.strictEqual(await p.page.locator('li.event').count(), before, 'nothing was half-applied');
  });

  async function waitForLogs(p: WebviewPage, n: number): Promise<Posted[]> {
    for (let i = 0; i < 100; i++) {
      const logs = (await p.posted()).filter((m) => m.type === 'log');
      if (logs.length >= n) return logs;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`expected ${n} log messages, got ${JSON.stringify(await p.posted())}`);
  }

  it('shows a load failure with its message and a Retry that posts retry', async () => {
    const p = await open();
    await p.deliver({ type: 'session/loading', title: 'Broken' });
    await p.deliver({ type: 'session/error', message: 'The server answered 503. Try again in a minute, or check the connection.' });
    await p.waitForState('error');
    const alert = p.page.getByRole('alert');
    assert.match((await alert.textContent()) ?? '', /Could not load the session/);
    assert.match((await alert.textContent()) ?? '', /The server answered 503\. Try again in a minute/);
    await p.clearPosted();
    await p.page.getByRole('button', { name: 'Retry' }).click();
    assert.deepStrictEqual(await p.posted(), [{ type: 'retry' }]);
    // The retry's new load replaces the error.
    await p.deliverAll(hostMessages(session));
    await p.waitForState('complete');
    assert.strictEqual(await p.page.getByRole('alert').count(), 0);
  });

  it('shows hostile text as text and runs none of it', async () => {
    const p = await openSession();
    assert.strictEqual(await p.page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
    assert.strictEqual(await p.page.locator('#app img, #app script, #app iframe, #app a, #app [onerror], #app [onclick]').count(), 0);
    const user = (await p.page.locator(`${ev('h1')} .message-text`).textContent()) ?? '';
    assert.ok(user.includes('<script>window.__pwned = "script"</script>'), user);
    assert.ok(user.includes('<img src=x onerror="window.__pwned = \'img\'">'), user);
    assert.ok(user.includes('<a href="javascript:'), user);
    assert.strictEqual(await p.page.locator(`${ev('h2')} .event__name`).textContent(), '<img src=x onerror=alert(1)>');
    assert.strictEqual(await p.page.locator(`${ev('h2')} .call-id`).textContent(), 'call_<b>');
    // Give an onerror handler, had one been created, time to fire.
    await p.page.waitForTimeout(200);
    assert.strictEqual(await p.page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
  });

  it('draws a new session in place of the previous one, and runs the header did not list', async () => {
    const p = await openSession();
    const other = withTotals({
      id: 's2',
      provider: 'agno',
      title: 'Second session',
      metadata: {},
      runs: [{ id: 'only', events: [{ id: 'a', runId: 'only', kind: 'user_message', text: 'first' }] }],
    });
    const messages = hostMessages(other);
    // One event names a run the header does not list: shown, not dropped.
    (messages[1] as { events: unknown[] }).events.push({ id: 'b', runId: 'stray', kind: 'assistant_message', text: 'stray' });
    await p.deliverAll(messages);
    await p.waitForState('complete');
    assert.strictEqual(await p.page.locator('header h1').textContent(), 'Second session');
    assert.deepStrictEqual(await p.page.locator('li.event').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.eventId)), [
      'a',
      'b',
    ]);
    assert.match((await p.page.locator('section.run[data-run-id="stray"]').textContent()) ?? '', /not in the session header/);
  });

  it('takes a header that claims a trillion events without making room for them first', async () => {
    const p = await open();
    const messages = hostMessages(session);
    (messages[0] as { totalEvents: number }).totalEvents = 1e12;
    await p.deliverAll(messages);
    await p.waitForState('complete');
    assert.deepStrictEqual(p.pageErrors, []);
    const n = session.runs.reduce((k, r) => k + r.events.length, 0);
    assert.strictEqual(await p.page.evaluate(() => document.body.dataset.rendered), String(n));
    assert.ok((await p.page.locator('li.event').count()) > 0, 'rows drawn');
  });

  it('remembers open folds, folded runs and scroll position across a reload', async () => {
    const p = await openSession(session, { viewport: { width: 1000, height: 600 } });
    await p.page.locator(`${ev('e3')} button.disclosure`).click();
    await p.page.locator('section.run[data-run-id="run-2"] h2 button').click();
    await p.page.evaluate(() => window.scrollTo(0, 900));
    await p.page.waitForTimeout(400);
    const before = await topEventRow(p.page);
    const state = (await p.savedState()) as { scrollY: number; sessionId: string; topEventId: string };
    assert.strictEqual(state.sessionId, session.id);
    assert.ok(state.scrollY >= 800, JSON.stringify(state));
    await p.close();

    const again = await openSession(session, { viewport: { width: 1000, height: 600 }, state });
    assert.strictEqual(await again.page.locator(`${ev('e3')} button.disclosure`).getAttribute('aria-expanded'), 'true');
    assert.ok(await again.page.locator(`${ev('e3')} .reasoning-text`).isVisible());
    assert.strictEqual(await again.page.locator('section.run[data-run-id="run-2"] h2 button').getAttribute('aria-expanded'), 'false');
    assert.ok(await again.page.locator('section.run[data-run-id="run-2"] ol.events').isHidden());
    // What the reader saw is back: the same event at the top, at the same place under the toolbar
    // (not merely the same scrollY, which rows measured later or a header drawn differently move).
    const after = await topEventRow(again.page);
    assert.strictEqual(after.id, before.id, `top row ${after.id}, saved with ${before.id} at the top`);
    assert.ok(Math.abs(after.offset - before.offset) <= 2, `top row ${after.offset} px under the toolbar, saved at ${before.offset}`);
    assert.strictEqual(state.topEventId, before.id);
  });

  it('puts the saved top event back even where the rows above it are drawn taller after the reload', async () => {
    const p = await openSession(session, { viewport: { width: 1000, height: 600 } });
    await p.page.evaluate(() => window.scrollTo(0, 700));
    await p.page.waitForTimeout(400);
    const before = await topEventRow(p.page);
    const state = (await p.savedState()) as { scrollY: number; topEventId: string };
    await p.close();
    // The reloaded page lays out rows above differently (a wider font): a bare scrollY would land elsewhere.
    const again = await openSession(session, {
      viewport: { width: 1000, height: 600 },
      state,
      initScript:
        "const sheet = new CSSStyleSheet(); sheet.replaceSync('li.event { padding-top: 40px !important; }'); document.adoptedStyleSheets = [sheet];",
    });
    const after = await topEventRow(again.page);
    assert.strictEqual(after.id, before.id);
    assert.ok(Math.abs(after.offset - before.offset) <= 2, `${after.offset} vs ${before.offset}`);
    assert.notStrictEqual(await again.page.evaluate(() => Math.round(window.scrollY)), state.scrollY, 'the layout above did change');
  });

  it('keeps what Reload Window needs: the host’s restore key beside the view state, and the selected event', async () => {
    const p = await openSession(session, { viewport: { width: 1000, height: 600 } });
    const key = { source: 'session', connectionId: 'demo', agentId: 'data-analyst', sessionId: session.id };
    await p.deliver({ type: 'page/restore', key });
    await p.page
      .locator(`${ev('e5')} .event__card`)
      .first()
      .click({ position: { x: 4, y: 4 } });
    await p.page.evaluate(() => window.scrollBy(0, 40));
    await p.page.waitForTimeout(400);
    const state = (await p.savedState()) as { restore: unknown; selectedEventId: string; sessionId: string };
    assert.deepStrictEqual(state.restore, key, 'saving the view state keeps the restore key');
    assert.strictEqual(state.selectedEventId, 'e5');
    await p.close();

    const again = await openSession(session, { viewport: { width: 1000, height: 600 }, state });
    await again.page.locator('body[data-selected="e5"]').waitFor({ timeout: 10000 });
    assert.strictEqual(
      await again.page.evaluate(() => document.activeElement?.closest('li.event')?.getAttribute('data-event-id')),
      'e5',
      'the selected event has the focus again',
    );
    await again.page.waitForTimeout(400);
    assert.deepStrictEqual(
      ((await again.savedState()) as { restore: unknown }).restore,
      key,
      'still kept after the reloaded page saved its state',
    );
  });

  it('wraps long lines by default and keeps them on one line when unticked', async () => {
    const p = await openSession();
    const pre = p.page.locator(`${ev('e9')} pre.source-code`);
    assert.strictEqual(await pre.evaluate((e) => getComputedStyle(e).whiteSpace), 'pre-wrap');
    await p.page.locator('label.checkbox', { hasText: 'Wrap long lines' }).click();
    assert.strictEqual(await pre.evaluate((e) => getComputedStyle(e).whiteSpace), 'pre');
    await p.page.waitForTimeout(400);
    assert.strictEqual(((await p.savedState()) as { wrap: boolean }).wrap, false);
  });

  it('has landmarks, headings, labelled buttons and collapsibles that say their state', async () => {
    const p = await openSession();
    assert.strictEqual(await p.page.getByRole('banner').count(), 1);
    assert.strictEqual(await p.page.getByRole('main').count(), 1);
    assert.strictEqual(await p.page.getByRole('heading', { level: 1 }).count(), 1);
    assert.strictEqual(await p.page.getByRole('heading', { level: 2, name: /^Run / }).count(), 2);
    assert.strictEqual(await p.page.getByRole('heading', { level: 3 }).count(), 18);
    const unnamed = await p.page.evaluate(() =>
      Array.from(document.querySelectorAll('button'))
        .filter((b) => !(b.getAttribute('aria-label') || b.textContent?.trim()))
        .map((b) => b.outerHTML.slice(0, 120)),
    );
    assert.deepStrictEqual(unnamed, []);
    const disclosures = await p.page.locator('button.disclosure').evaluateAll((els) =>
      els.map((e) => ({
        expanded: e.getAttribute('aria-expanded'),
        controls: !!document.getElementById(e.getAttribute('aria-controls') ?? ''),
      })),
    );
    assert.ok(disclosures.length >= 3);
    assert.ok(
      disclosures.every((d) => (d.expanded === 'true' || d.expanded === 'false') && d.controls),
      JSON.stringify(disclosures),
    );
    // Each event is an article named by its heading.
    assert.strictEqual(await p.page.getByRole('article', { name: /Tool call lookup_invoice/ }).count(), 1);
  });
});
