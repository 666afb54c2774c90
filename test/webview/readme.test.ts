// The README's pictures of the pages, drawn by the real bundles in light and dark: the inspector
// on a demo session, the same session mid-replay, and a chat. `npm run readme-images` writes them
// to docs/images/ (README_IMAGES=1); every run checks what they show and keeps a copy in
// test-results/webview/readme-*.png.
/// <reference lib="dom" />
import * as assert from 'assert';
import type { ChatHostMessage } from '../../src/protocol/chat';
import { catalog } from '../../src/providers/demo/catalog';
import { events as eventsOf } from '../builders';
import { hostMessages } from './fixtures';
import { readmeImage, webviewSuite } from './harness';
import { waitForCursor } from './replayHelpers';

const SESSION = 'Churn drivers in Q3 subscriptions';
const VIEWPORT = { width: 1100, height: 760 };

describe('README pictures (headless Chromium)', () => {
  const inspector = webviewSuite();
  const session = catalog()
    .map((e) => e.load())
    .find((s) => s.title === SESSION)!;

  for (const theme of ['light', 'dark'] as const) {
    it(`the inspector and a replay of "${SESSION}" in the ${theme} theme`, async () => {
      assert.ok(session, `the demo has "${SESSION}"`);
      const p = await inspector.open({ theme, viewport: VIEWPORT });
      await p.deliverAll(hostMessages(session));
      await p.waitForState('complete');
      assert.ok((await p.page.locator('li.event').count()) > 5, 'events drawn');
      await readmeImage(p.page, `inspector-${theme}`);

      await p.page.getByRole('slider', { name: 'Replay position' }).fill('6');
      await waitForCursor(p, 6);
      assert.equal(await p.page.locator('[aria-current="step"]').count(), 1, 'one current event');
      await p.page.locator('[aria-current="step"]').first().scrollIntoViewIfNeeded();
      await readmeImage(p.page, `replay-${theme}`);
    });
  }
});

describe('README pictures of the chat (headless Chromium)', () => {
  const chat = webviewSuite({ page: 'chat' });
  const e = eventsOf('r1');
  const history: ChatHostMessage = {
    type: 'chat/history',
    turns: [
      {
        id: 'h1',
        status: 'complete',
        events: [
          e.user('Which vector databases should we evaluate for 40M embeddings?'),
          e.reasoning('Compare managed and self-hosted options that handle this size; check recent benchmarks first.'),
          e.toolCall('web_search', { query: 'vector database benchmark 40M embeddings 2026' }, { callId: 'k1', latencyMs: 820 }),
          e.toolResult({ hits: 3, top: ['Qdrant', 'pgvector', 'Milvus'] }, { name: 'web_search', callId: 'k1' }),
          e.assistant(
            'Two fit well:\n\n- **Qdrant** — fast filtering, runs self-hosted or managed.\n- **pgvector** — stays inside the Postgres you already run.\n\nMilvus scales further but needs more operating.',
            { tokens: { input: 1840, output: 96 }, costUsd: 0.0061, latencyMs: 2300, model: 'gpt-4.1' },
          ),
        ],
      },
    ],
  };

  for (const theme of ['light', 'dark'] as const) {
    it(`a chat with its tool call and answer in the ${theme} theme`, async () => {
      const p = await chat.open({ theme, viewport: { width: 760, height: 1000 } });
      await p.deliver({
        type: 'chat/init',
        target: {
          provider: 'agno',
          connectionLabel: 'Agno (local)',
          agentId: 'research-agent',
          agentName: 'Research Agent',
          canGreet: false,
          streams: true,
          sessionId: 's-1',
          sessionTitle: 'Vector databases',
        },
        turns: [],
        draft: 'And which is cheapest to run?',
        loadingHistory: true,
      });
      await p.deliver(history);
      await p.page.locator('section.turn[data-turn-id="h1"] .chat-bubble--agent', { hasText: 'pgvector' }).waitFor();
      assert.equal(await p.page.locator('section.turn[data-turn-id="h1"] li.event[data-kind="tool_call"]').count(), 1);
      await readmeImage(p.page, `chat-${theme}`);
    });
  }
});
