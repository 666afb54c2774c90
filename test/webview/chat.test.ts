// The chat page in headless Chromium: the real page (CHAT_PAGE through the one page builder, same CSP as in VS Code) served
// from 127.0.0.1 with the stand-in acquireVsCodeApi, the host's messages delivered as the
// ChatPanel sends them, and what is on screen and what the page posts checked — sending, a reply
// growing as it streams, Stop, a failed send that keeps the draft with Retry, a broken stream
// marked incomplete, the draft restored after a reload, Piper's waiting state and hostile text.
// After every test: no CSP violation, no page error, and everything posted fits the protocol.
/// <reference lib="dom" />
import * as assert from 'assert';
import type { SessionEvent } from '../../src/model';
import type { ChatHostMessage, ChatTargetInfo } from '../../src/protocol/chat';
import { events as eventsOf, type EventExtra } from '../builders';
import { HOSTILE_IMG, HOSTILE_SCRIPT } from './fixtures';
import { webviewSuite, type OpenOptions, type WebviewPage } from './harness';

const AGNO: ChatTargetInfo = {
  provider: 'agno',
  connectionLabel: 'Agno (local)',
  agentId: 'research-agent',
  agentName: 'Research Agent',
  canGreet: false,
  streams: true,
};
const PIPER: ChatTargetInfo = {
  provider: 'piper',
  connectionLabel: 'Piper',
  agentId: 'agent-1',
  agentName: 'Support Bot',
  canGreet: true,
  streams: false,
};

const init = (target: ChatTargetInfo, extra: Partial<Extract<ChatHostMessage, { type: 'chat/init' }>> = {}): ChatHostMessage => ({
  type: 'chat/init',
  target,
  turns: [],
  draft: '',
  loadingHistory: false,
  ...extra,
});

// Ids are given where a test sends the same event again (same id = the text grew).
const r1 = eventsOf('r1');
const answer = (id: string, text: string, extra: EventExtra<'assistant_message'> = {}): SessionEvent =>
  r1.assistant(text, { id, ...extra });
const CALL = r1.toolCall('web_search', { query: 'vector databases 2026' }, { id: 'c1', callId: 'k1' });
const RESULT = r1.toolResult({ hits: 3 }, { id: 'c1r', name: 'web_search', callId: 'k1' });
const REASONING = r1.reasoning('Look it up first.', { id: 'th' });
const CODE = r1.code('print(6 * 7)', 'python', { id: 'py', output: '42\n' });

describe('chat webview (headless Chromium)', () => {
  const suite = webviewSuite({ page: 'chat' });

  async function open(target: ChatTargetInfo = AGNO, o: OpenOptions & { draft?: string } = {}): Promise<WebviewPage> {
    const p = await suite.open(o);
    await p.deliver(init(target, { draft: o.draft ?? '' }));
    await p.waitForState('idle');
    return p;
  }

  const composer = (p: WebviewPage) => p.page.locator('textarea.composer__input');
  const turn = (p: WebviewPage, id: string) => p.page.locator(`section.turn[data-turn-id="${id}"]`);

  /** Types a message, presses Enter and checks what the page posted. */
  async function typeAndSend(p: WebviewPage, text: string): Promise<void> {
    await composer(p).fill(text);
    await p.clearPosted();
    await composer(p).press('Enter');
    const sent = await p.waitForPosted((m) => m.type === 'chat/send');
    assert.deepStrictEqual(sent, { type: 'chat/send', text });
  }

  it('names the agent, offers Send, and a greeting where the agent can greet', async () => {
    const p = await open(PIPER);
    assert.match((await p.page.locator('.chat-title').textContent()) ?? '', /Support Bot/);
    assert.match((await p.page.locator('.chat-header__facts').textContent()) ?? '', /Piper.*replies in one piece.*New session/);
    assert.strictEqual(await composer(p).getAttribute('aria-label'), 'Message to Support Bot');
    await p.clearPosted();
    await p.page.locator('button.button.chat-greet').click();
    assert.deepStrictEqual(await p.waitForPosted((m) => m.type === 'chat/send'), { type: 'chat/send', text: '' });
    const other = await open(AGNO);
    assert.strictEqual(await other.page.locator('button.button.chat-greet').count(), 0, 'Agno has no greeting');
  });

  it('sends with Enter, shows the message at once and a Stop while the reply streams', async () => {
    const p = await open();
    await typeAndSend(p, 'Compare two vector databases');
    assert.strictEqual(await composer(p).inputValue(), '', 'the composer empties once the message is sent');
    await p.deliver({
      type: 'chat/turnStart',
      turn: { id: 't1', userText: 'Compare two vector databases', status: 'streaming', events: [] },
    });
    await p.waitForState('busy');
    assert.match((await turn(p, 't1').locator('.chat-bubble--user').textContent()) ?? '', /Compare two vector databases/);
    assert.ok(await p.page.locator('button.button.composer__stop').isVisible(), 'Stop is shown');
    assert.ok(await p.page.locator('button.button.composer__send[disabled]').count(), 'Send is disabled while a reply comes');
    // Enter while busy sends nothing.
    await composer(p).fill('second');
    await p.clearPosted();
    await composer(p).press('Enter');
    await new Promise((r) => setTimeout(r, 150));
    assert.ok(!(await p.posted()).some((m) => m.type === 'chat/send'), 'a second send while busy');
  });

  it('grows the answer in place as the same id arrives with longer text, with the tool call inline', async () => {
    const p = await open();
    await typeAndSend(p, 'Find vector databases');
    await p.deliver({ type: 'chat/turnStart', turn: { id: 't1', userText: 'Find vector databases', status: 'streaming', events: [] } });
    await p.deliver({ type: 'chat/events', turnId: 't1', events: [r1.user('Find vector databases', { id: 'u' }), REASONING, CALL] });
    const tool = turn(p, 't1').locator('li.event[data-kind="tool_call"]');
    await tool.waitFor();
    assert.match((await tool.textContent()) ?? '', /web_search[\s\S]*vector databases 2026/);
    assert.strictEqual(await turn(p, 't1').locator('.chat-bubble--user').count(), 1, 'the echoed user message is not shown twice');
    await p.deliver({ type: 'chat/events', turnId: 't1', events: [RESULT, answer('a1', 'Two options')] });
    const bubble = turn(p, 't1').locator('.chat-bubble--agent');
    await p.page.waitForFunction(() => document.querySelector('.chat-bubble--agent')?.textContent?.includes('Two options'));
    await p.deliver({ type: 'chat/events', turnId: 't1', events: [answer('a1', 'Two options: Qdrant and pgvector.')] });
    await p.page.waitForFunction(() => document.querySelector('.chat-bubble--agent')?.textContent?.includes('Qdrant and pgvector.'));
    assert.strictEqual(await bubble.count(), 1, 'one bubble per answer id');
    assert.ok(await bubble.evaluate((b) => b.classList.contains('is-live')), 'the growing answer is marked live');
    assert.match(
      (await turn(p, 't1').locator('.chat-activity .disclosure').first().textContent()) ?? '',
      /3 steps: reasoning · web_search/,
    );
    await p.screenshot('chat-streaming');
    await p.deliver({
      type: 'chat/turnEnd',
      turnId: 't1',
      status: 'complete',
      elapsedMs: 2340,
      events: [
        REASONING,
        CALL,
        RESULT,
        answer('a1', 'Two options: **Qdrant** and pgvector.', { tokens: { input: 1000, output: 234 }, costUsd: 0.0042 }),
        CODE,
      ],
    });
    await p.waitForState('idle');
    const footer = turn(p, 't1').locator('.turn__footer');
    assert.strictEqual(await footer.locator('[data-fact="tokens"]').textContent(), '1,234 tokens');
    assert.strictEqual(await footer.locator('[data-fact="cost"]').textContent(), 'cost $0.0042');
    assert.strictEqual(await footer.locator('[data-fact="latency"]').textContent(), 'latency 2.34 s');
    assert.ok(!(await bubble.evaluate((b) => b.classList.contains('is-live'))), 'no longer live');
    assert.strictEqual(await bubble.locator('strong').textContent(), 'Qdrant', 'answers are markdown, drawn by the inspector’s renderer');
    // markdown-it leaves newlines between its tags: kept (pre-wrap), they drew blank lines between paragraphs.
    assert.strictEqual(
      await bubble.locator('.markdown-body').evaluate((b) => getComputedStyle(b).whiteSpace),
      'normal',
      'rendered markdown keeps its source newlines as blank lines',
    );
    assert.match((await turn(p, 't1').locator('li.event[data-kind="code_execution"]').textContent()) ?? '', /print\(6 \* 7\)[\s\S]*42/);
    // The activity group folds, and stays folded when the turn is drawn again.
    await turn(p, 't1').locator('.chat-activity > .disclosure').first().click();
    assert.ok(!(await tool.isVisible()), 'folded');
    await p.deliver({ type: 'chat/session', sessionId: 'sess-1', title: 'Find vector databases' });
    await turn(p, 't1').locator('button.button', { hasText: 'Open in Inspector' }).waitFor();
    assert.ok(!(await turn(p, 't1').locator('li.event[data-kind="tool_call"]').isVisible()), 'still folded after a redraw');
    await p.clearPosted();
    await turn(p, 't1').locator('button.button', { hasText: 'Open in Inspector' }).click();
    await p.waitForPosted((m) => m.type === 'chat/openInspector');
    assert.match((await p.page.locator('.chat-header__facts').textContent()) ?? '', /Session “Find vector databases”/);
  });

  it('folds the provider’s bookkeeping events (Agno’s RunStarted…) into one line that opens to every field', async () => {
    const p = await open();
    await typeAndSend(p, 'Find vector databases');
    const other = (id: string, type: string, fields: Record<string, unknown>): SessionEvent => r1.other(type, fields, { id });
    const started = other('o1', 'RunStarted', { model: 'scripted', model_provider: 'Scripted' });
    const request = other('o2', 'ModelRequestStarted', { model: 'scripted' });
    const requested = other('o3', 'ModelRequestCompleted', { input_tokens: 12, output_tokens: 3 });
    await p.deliver({ type: 'chat/turnStart', turn: { id: 't1', userText: 'Find vector databases', status: 'streaming', events: [] } });
    await p.deliver({
      type: 'chat/turnEnd',
      turnId: 't1',
      status: 'complete',
      elapsedMs: 900,
      events: [started, request, REASONING, requested, CALL, RESULT, answer('a1', 'Two options.'), other('o4', 'RunCompleted', {})],
    });
    await p.waitForState('idle');
    const t = turn(p, 't1');
    const [steps, afterAnswer] = [t.locator('.chat-activity').first(), t.locator('.chat-activity').nth(1)];
    assert.strictEqual(await steps.locator('.disclosure').first().textContent(), '3 steps: reasoning · web_search (+3 provider events)');
    const folds = steps.locator('.chat-provider-events');
    assert.deepStrictEqual(await folds.locator('> .disclosure').allTextContents(), [
      '2 provider events: RunStarted · ModelRequestStarted',
      '1 provider event: ModelRequestCompleted',
    ]);
    assert.ok(await steps.locator('li.event[data-kind="tool_call"]').isVisible(), 'the agent’s own steps are open');
    assert.strictEqual(await steps.locator('li.event[data-kind="other"]').count(), 0, 'the folded rows are not even built yet');
    // A group of nothing but bookkeeping after the answer is folded as a whole.
    assert.strictEqual(await afterAnswer.locator('> .disclosure').textContent(), '1 provider event: RunCompleted');
    assert.strictEqual(await afterAnswer.locator('> .disclosure').getAttribute('aria-expanded'), 'false');
    await folds.first().locator('> .disclosure').click();
    const rows = steps.locator('li.event[data-kind="other"]');
    assert.strictEqual(await rows.count(), 2);
    assert.match((await rows.first().textContent()) ?? '', /RunStarted[\s\S]*model_provider[\s\S]*Scripted/);
    await p.screenshot('chat-provider-events');
  });

  it('Stop posts chat/stop; the partial reply stays, marked stopped, with a Retry that resends the message', async () => {
    const p = await open();
    await typeAndSend(p, 'Write a long essay');
    await p.deliver({ type: 'chat/turnStart', turn: { id: 't1', userText: 'Write a long essay', status: 'streaming', events: [] } });
    await p.deliver({ type: 'chat/events', turnId: 't1', events: [answer('a1', 'Once upon')] });
    await p.clearPosted();
    await p.page.locator('button.button.composer__stop').click();
    await p.waitForPosted((m) => m.type === 'chat/stop');
    await p.deliver({
      type: 'chat/turnEnd',
      turnId: 't1',
      status: 'cancelled',
      elapsedMs: 900,
      error: 'Stopped: the rest of the reply was not requested.',
      events: [answer('a1', 'Once upon a', { interrupted: true })],
    });
    await p.waitForState('idle');
    assert.match((await turn(p, 't1').locator('.chat-bubble--agent').textContent()) ?? '', /Once upon a[\s\S]*cut short/);
    assert.strictEqual(await turn(p, 't1').locator('.badge', { hasText: 'stopped' }).count(), 1);
    await p.clearPosted();
    await turn(p, 't1').locator('button.button', { hasText: 'Retry' }).click();
    assert.deepStrictEqual(await p.waitForPosted((m) => m.type === 'chat/send'), { type: 'chat/send', text: 'Write a long essay' });
  });

  it('a failed send puts the message back in the composer with the error and a Retry', async () => {
    const p = await open();
    await typeAndSend(p, 'Hello there\nsecond line');
    await p.deliver({ type: 'chat/turnStart', turn: { id: 't1', userText: 'Hello there\nsecond line', status: 'streaming', events: [] } });
    // Typed while waiting: kept, after the restored message.
    await composer(p).fill('and more');
    await p.deliver({
      type: 'chat/turnEnd',
      turnId: 't1',
      status: 'failed',
      events: [],
      error: 'Agno rejected the token (401).',
      restoreDraft: 'Hello there\nsecond line',
    });
    await p.waitForState('idle');
    // The page redraws on its next frame: wait for the turn to go before asserting it went.
    await turn(p, 't1')
      .waitFor({ state: 'detached', timeout: 5000 })
      .catch(() => undefined);
    assert.strictEqual(await turn(p, 't1').count(), 0, 'the unanswered turn leaves the conversation');
    await p.page
      .waitForFunction(
        () => (document.querySelector('textarea.composer__input') as HTMLTextAreaElement | null)?.value.includes('and more'),
        undefined,
        { timeout: 5000 },
      )
      .catch(() => undefined);
    assert.strictEqual(await composer(p).inputValue(), 'Hello there\nsecond line\n\nand more');
    const alert = p.page.locator('.chat-failure[role="alert"]');
    assert.match((await alert.textContent()) ?? '', /Not sent: Agno rejected the token \(401\)\.[\s\S]*back in the box/);
    assert.strictEqual(
      (await p.savedState<Record<string, unknown>>()).chat &&
        ((await p.savedState<Record<string, unknown>>()).chat as { draft: string }).draft,
      'Hello there\nsecond line\n\nand more',
      'the draft is in the page state',
    );
    await p.waitForPosted((m) => m.type === 'chat/draft' && m.text === 'Hello there\nsecond line\n\nand more');
    await p.screenshot('chat-failed-send');
    await p.clearPosted();
    await alert.locator('button.button', { hasText: 'Retry' }).click();
    assert.deepStrictEqual(await p.waitForPosted((m) => m.type === 'chat/send'), {
      type: 'chat/send',
      text: 'Hello there\nsecond line\n\nand more',
    });
    assert.strictEqual(await alert.count(), 0, 'the error goes once retried');
  });

  it('a stream that broke midway keeps the partial reply, marked incomplete, and offers Retry', async () => {
    const p = await open(AGNO, { theme: 'light' });
    await typeAndSend(p, 'Summarise the report');
    await p.deliver({ type: 'chat/turnStart', turn: { id: 't1', userText: 'Summarise the report', status: 'streaming', events: [] } });
    await p.deliver({ type: 'chat/events', turnId: 't1', events: [CALL, answer('a1', 'The report says')] });
    await p.deliver({
      type: 'chat/turnEnd',
      turnId: 't1',
      status: 'incomplete',
      elapsedMs: 4100,
      error: 'The connection to Agno dropped while the reply was streaming.',
      events: [CALL, answer('a1', 'The report says', { interrupted: true } as Partial<SessionEvent>)],
    });
    await p.waitForState('idle');
    const t = turn(p, 't1');
    assert.strictEqual(await t.getAttribute('data-status'), 'incomplete');
    assert.strictEqual(await t.locator('.badge', { hasText: 'incomplete' }).count(), 1);
    assert.match((await t.locator('.turn__error').textContent()) ?? '', /dropped while the reply was streaming/);
    assert.ok(await t.locator('.chat-bubble--agent.is-interrupted').count(), 'the partial answer is marked');
    assert.match((await t.locator('.chat-bubble--agent').textContent()) ?? '', /The report says/);
    await p.screenshot('chat-incomplete-light');
    await p.clearPosted();
    await t.locator('button.button', { hasText: 'Retry' }).click();
    assert.deepStrictEqual(await p.waitForPosted((m) => m.type === 'chat/send'), { type: 'chat/send', text: 'Summarise the report' });
  });

  it('keeps the draft: saved to the host and the page state, restored after a reload, the page’s own copy first', async () => {
    const p = await open();
    await composer(p).fill('half a thought');
    await p.waitForPosted((m) => m.type === 'chat/draft' && m.text === 'half a thought');
    const state = await p.savedState<Record<string, unknown>>();
    assert.deepStrictEqual(state.chat, { key: 'Agno (local)/research-agent', draft: 'half a thought' });
    // The panel is shown again: the page reloads with its saved state, the host sends an older draft.
    const again = await open(AGNO, { state, draft: 'older' });
    assert.strictEqual(await composer(again).inputValue(), 'half a thought');
    await again.waitForPosted((m) => m.type === 'chat/draft' && m.text === 'half a thought');
    // A new page (panel closed and reopened): the host's draft.
    const fresh = await open(AGNO, { draft: 'from the host' });
    assert.strictEqual(await composer(fresh).inputValue(), 'from the host');
  });

  it('keeps its turns in the page state for Reload Window (the serializer reopens the chat with them)', async () => {
    const turn = {
      id: 't-saved',
      userText: 'What changed?',
      status: 'complete' as const,
      events: [{ id: 'a1', runId: 'r1', kind: 'assistant_message' as const, text: 'Nothing since.' }],
    };
    const p = await open(AGNO);
    await p.deliver(init(AGNO, { turns: [turn] }));
    await p.page.locator('.chat-bubble--agent', { hasText: 'Nothing since.' }).first().waitFor();
    await p.page.waitForFunction(
      () => Array.isArray((window as unknown as { __state?: { chatTurns?: unknown } }).__state?.chatTurns),
      undefined,
      { timeout: 5000 },
    );
    const state = await p.savedState<{ chatTurns: Array<{ id: string; userText: string }> }>();
    assert.deepStrictEqual(
      state.chatTurns.map((t) => [t.id, t.userText]),
      [['t-saved', 'What changed?']],
    );
  });

  it('Piper: a clear waiting state until the whole reply arrives, then its steps', async () => {
    const p = await open(PIPER);
    await typeAndSend(p, 'Where is my order?');
    await p.deliver({ type: 'chat/turnStart', turn: { id: 't1', userText: 'Where is my order?', status: 'pending', events: [] } });
    await p.waitForState('busy');
    const waiting = turn(p, 't1').locator('.turn__waiting');
    assert.match((await waiting.textContent()) ?? '', /Waiting for Support Bot… The reply arrives in one piece/);
    assert.strictEqual(await waiting.locator('[role="progressbar"]').count(), 1);
    await p.screenshot('chat-piper-waiting');
    await p.deliver({
      type: 'chat/turnEnd',
      turnId: 't1',
      status: 'complete',
      elapsedMs: 1200,
      events: [CALL, RESULT, answer('a1', 'It ships tomorrow.')],
    });
    await p.waitForState('idle');
    assert.strictEqual(await turn(p, 't1').locator('.turn__waiting').count(), 0);
    assert.match((await turn(p, 't1').locator('.chat-bubble--agent').textContent()) ?? '', /It ships tomorrow\./);
    assert.strictEqual(await turn(p, 't1').locator('li.event[data-kind="tool_result"]').count(), 1);
  });

  it('shows earlier turns of a continued session, and agent text as text, never markup', async () => {
    const p = await suite.open();
    await p.deliver(init({ ...AGNO, sessionId: 's-9', sessionTitle: 'Old chat' }, { loadingHistory: true }));
    await p.page.locator('.chat-history-state', { hasText: 'Loading the earlier messages' }).waitFor();
    await p.deliver({
      type: 'chat/history',
      turns: [
        {
          id: 'h1',
          status: 'complete',
          events: [
            { id: 'u1', runId: 'r0', kind: 'user_message', text: `Hi ${HOSTILE_IMG}` },
            CALL,
            answer('a0', `Hello ${HOSTILE_SCRIPT}`),
          ],
        },
      ],
    });
    await turn(p, 'h1').waitFor();
    assert.strictEqual(await p.page.locator('.chat-history-state').count(), 0);
    assert.match((await turn(p, 'h1').locator('.chat-bubble--user').textContent()) ?? '', /Hi <img src=x onerror/);
    assert.match((await turn(p, 'h1').locator('.chat-bubble--agent').textContent()) ?? '', /Hello <script>/);
    assert.strictEqual(await p.page.locator('.chat-log img, .chat-log script').count(), 0);
    assert.strictEqual(await p.page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
    assert.strictEqual(await turn(p, 'h1').locator('button.button', { hasText: 'Retry' }).count(), 0, 'stored turns are not resent');
    // The raw JSON button of an answer asks the host (which keeps the payload).
    await p.clearPosted();
    await turn(p, 'h1').locator('.chat-bubble--agent .event__raw, .chat-bubble--agent .icon-button').first().click();
    assert.deepStrictEqual(await p.waitForPosted((m) => m.type === 'showRaw'), { type: 'showRaw', eventId: 'a0' });
    await p.screenshot('chat-history-dark');
  });

  it('a failed history load says so and retries; a message that does not fit the protocol is logged and ignored', async () => {
    const p = await suite.open({ theme: 'high-contrast' });
    await p.deliver(init({ ...AGNO, sessionId: 's-9' }, { historyError: 'Agno answered 500.' }));
    const state = p.page.locator('.chat-history-state--error');
    await state.waitFor();
    await p.clearPosted();
    await state.locator('button.button', { hasText: 'Retry' }).click();
    await p.waitForPosted((m) => m.type === 'chat/reloadHistory');
    await p.deliver({ type: 'chat/events', turnId: 42 });
    const warn = await p.waitForPosted((m) => m.type === 'log');
    assert.strictEqual(warn.level, 'warn');
    assert.match(String(warn.message), /does not fit the protocol \(chat\/events\)/);
    await p.screenshot('chat-history-error-hc');
  });
});
