// Model calls in the inspector and the chat page (headless Chromium): the model, provider, finish
// reason and time to first token on the card, the answer open and the request folded, tool calls
// the model asked for, a failed call in error colours, the "Model calls" filter, search through the
// call's messages, and header totals that count a request's tokens once although the answer
// message carries them too.
/// <reference lib="dom" />
import * as assert from 'assert';
import { withTotals, type Session, type SessionEvent } from '../../src/model';
import type { ChatTargetInfo } from '../../src/protocol/chat';
import { hostMessages, HOSTILE_IMG } from './fixtures';
import { webviewSuite, type WebviewPage } from './harness';

const at = (s: number) => ({ timestamp: `2026-11-20T10:00:0${s}.000Z`, timeMs: Date.parse(`2026-11-20T10:00:0${s}.000Z`) });

const EVENTS: SessionEvent[] = [
  { id: 'u1', runId: 'r1', kind: 'user_message', text: 'Weather in Paris?', ...at(0) },
  {
    id: 'm1',
    runId: 'r1',
    kind: 'model_call',
    model: 'gpt-4.1-2025-04-14',
    requestModel: 'gpt-4.1',
    provider: 'openai',
    operation: 'chat',
    finishReason: 'tool_calls',
    timeToFirstTokenMs: 240,
    latencyMs: 900,
    tokens: { input: 120, output: 14, cacheRead: 64 },
    costUsd: 0.002,
    parameters: { temperature: 0.2, max_tokens: 512 },
    input: [
      { role: 'system', text: 'You are a weather agent.' },
      { role: 'user', text: 'Weather in Paris?' },
    ],
    output: [
      { role: 'assistant', finishReason: 'tool_calls', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
    ],
    ...at(1),
  },
  {
    id: 't1',
    runId: 'r1',
    kind: 'tool_call',
    name: 'get_weather',
    callId: 'call_1',
    arguments: { city: 'Paris' },
    latencyMs: 300,
    ...at(2),
  },
  { id: 't1r', runId: 'r1', kind: 'tool_result', name: 'get_weather', callId: 'call_1', result: { sky: 'rain', celsius: 11 }, ...at(3) },
  {
    id: 'm2',
    runId: 'r1',
    kind: 'model_call',
    model: 'gpt-4.1',
    provider: 'openai',
    finishReason: 'stop',
    latencyMs: 700,
    tokens: { input: 160, output: 9 },
    costUsd: 0.001,
    input: [
      { role: 'user', text: 'Weather in Paris?' },
      { role: 'assistant', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: { city: 'Paris' } }] },
      { role: 'tool', toolCallId: 'call_1', toolResult: { sky: 'rain', celsius: 11 } },
    ],
    output: [{ role: 'assistant', text: `Rainy, 11 °C — take an umbrella. ${HOSTILE_IMG}`, finishReason: 'stop' }],
    ...at(4),
  },
  // The answer repeats the second request's tokens, as Agno's run messages do: counted once.
  {
    id: 'a1',
    runId: 'r1',
    kind: 'assistant_message',
    text: 'Rainy, 11 °C — take an umbrella.',
    tokens: { input: 160, output: 9 },
    costUsd: 0.001,
    ...at(5),
  },
  {
    id: 'm3',
    runId: 'r1',
    kind: 'model_call',
    model: 'gpt-4.1',
    provider: 'openai',
    error: 'rate_limit_exceeded: retry in 20 s',
    latencyMs: 50,
    ...at(6),
  },
];

function session(): Session {
  return withTotals({ id: 'sess-model', provider: 'file', title: 'Weather', metadata: {}, runs: [{ id: 'r1', events: EVENTS }] });
}

describe('model calls (headless Chromium)', () => {
  describe('inspector', () => {
    const suite = webviewSuite();
    const ev = (p: WebviewPage, id: string) => p.page.locator(`li.event[data-event-id="${id}"]`);

    async function openSession(): Promise<WebviewPage> {
      const p = await suite.open();
      await p.deliverAll(hostMessages(session()));
      await p.waitForState('complete');
      return p;
    }

    it('shows model, provider, finish reason and time to first token, the answer open and the request folded', async () => {
      const p = await openSession();
      const row = ev(p, 'm1');
      assert.strictEqual(await row.locator('.event__kind').textContent(), 'Model call');
      assert.strictEqual(await row.locator('.event__name').textContent(), 'gpt-4.1-2025-04-14');
      assert.deepStrictEqual(await row.locator('.event__chips > *').allTextContents(), ['openai', 'tool_calls', 'first token 240 ms']);
      assert.match((await row.locator('.event__meta').textContent()) ?? '', /900 ms.*120 in · 14 out · 64 cache read.*\$0\.0020/);
      // The answer: a call to get_weather with its arguments.
      assert.match((await row.locator('.model-messages').first().textContent()) ?? '', /assistant.*tool_calls.*Calls get_weather.*call_1/);
      // The request is folded, with the last message as its preview, and built only when opened.
      const toggle = row.getByRole('button', { name: /Request: 2 messages/ });
      assert.strictEqual(await toggle.getAttribute('aria-expanded'), 'false');
      assert.strictEqual(await row.locator('.fold-preview').first().textContent(), 'user: Weather in Paris?');
      assert.strictEqual(await row.locator('.model-message--system').count(), 0);
      await toggle.click();
      assert.strictEqual(await row.locator('.model-message--system .message-text').textContent(), 'You are a weather agent.');
      await row.getByRole('button', { name: 'Request details' }).click();
      assert.match((await row.locator('dl.fields').textContent()) ?? '', /Requested model\s*gpt-4\.1[\s\S]*Parameters[\s\S]*temperature/);
      await p.screenshot('model-call');
    });

    it('shows a tool answer inside a request and the reply text as text, hostile markup inert', async () => {
      const p = await openSession();
      const row = ev(p, 'm2');
      assert.match((await row.locator('.model-messages').first().textContent()) ?? '', /Rainy, 11 °C — take an umbrella\. <img src=x/);
      assert.strictEqual(await row.locator('img').count(), 0);
      await row.getByRole('button', { name: /Request: 3 messages/ }).click();
      const tool = row.locator('.model-message--tool');
      assert.match((await tool.textContent()) ?? '', /tool.*call_1[\s\S]*rain/);
      assert.strictEqual(await p.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    });

    it('draws a failed call in error colours and counts it as an error', async () => {
      const p = await openSession();
      const row = ev(p, 'm3');
      assert.ok(await row.evaluate((e) => e.classList.contains('tone-error')));
      assert.strictEqual(await row.locator('.model-error').textContent(), 'rate_limit_exceeded: retry in 20 s');
      assert.match((await row.locator('.event__chips').textContent()) ?? '', /failed/);
      assert.strictEqual(await p.page.locator('.total[data-field="errors"] .total__computed').textContent(), '1');
    });

    it("counts a request's tokens once in the totals although the answer carries them too", async () => {
      const p = await openSession();
      const cell = (field: string) => p.page.locator(`.total[data-field="${field}"] .total__computed`).textContent();
      assert.strictEqual(await cell('tokens.input'), '280');
      assert.strictEqual(await cell('tokens.output'), '23');
      assert.strictEqual(await cell('costUsd'), '$0.0030');
      assert.strictEqual(await cell('requests'), '3');
      assert.strictEqual(await cell('toolCalls'), '1', 'a model call is not a tool call');
    });

    it('filters model calls by kind and finds text inside their messages', async () => {
      const p = await openSession();
      await p.page.locator('[data-control="kinds"]').click();
      const box = p.page.getByRole('checkbox', { name: /Model calls/ });
      assert.match((await p.page.locator('label.kinds__option', { has: box }).textContent()) ?? '', /Model calls\s*3/);
      await box.uncheck();
      await p.page.waitForFunction(() => document.querySelectorAll('li.event[data-kind="model_call"]').length === 0);
      assert.strictEqual(await p.page.locator('li.event').count(), EVENTS.length - 3);
      await box.check();
      await p.page.keyboard.press('Escape');
      await p.page.locator('input.search__input, [data-control="search"] input, input[type="search"]').first().fill('weather agent');
      await p.page.waitForFunction(() => document.querySelector('.search__count')?.textContent === '1 / 1');
      assert.strictEqual(
        await p.page.locator('li.event.is-match').getAttribute('data-event-id'),
        'm1',
        'the system message inside the request is searched',
      );
    });
  });

  describe('chat page', () => {
    const suite = webviewSuite({ page: 'chat' });
    const target: ChatTargetInfo = {
      provider: 'agno',
      connectionLabel: 'Agno (local)',
      agentId: 'weather',
      agentName: 'Weather Agent',
      canGreet: false,
      streams: true,
    };

    it("shows a reply's model calls among its steps and its tokens once in the footer", async () => {
      const p = await suite.open();
      await p.deliver({ type: 'chat/init', target, turns: [], draft: '', loadingHistory: false });
      await p.waitForState('idle');
      await p.deliver({ type: 'chat/turnStart', turn: { id: 't1', userText: 'Weather in Paris?', status: 'streaming', events: [] } });
      await p.deliver({ type: 'chat/turnEnd', turnId: 't1', status: 'complete', elapsedMs: 2000, events: EVENTS.slice(0, 6) });
      await p.waitForState('idle');
      const turn = p.page.locator('section.turn[data-turn-id="t1"]');
      assert.strictEqual(
        await turn.locator('.chat-activity > .disclosure').first().textContent(),
        '4 steps: gpt-4.1-2025-04-14 call · get_weather · gpt-4.1 call',
      );
      assert.strictEqual(await turn.locator('li.event[data-kind="model_call"]').count(), 2);
      assert.strictEqual(await turn.locator('[data-fact="tokens"]').textContent(), '367 tokens');
      await p.screenshot('chat-model-calls');
    });
  });
});
