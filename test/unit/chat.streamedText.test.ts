// The @agent participant's half of the chat, in plain Node: a Conversation's deliveries turned
// into the appends VS Code's chat response stream takes (src/chat/streamedText.ts). Growth as
// markdown deltas, a tool call or code run as one progress line, the answers of the final events
// that never streamed at the end; and, through the demo provider, what reaches the Chat view is
// the stored answer, whole and once.
import assert from 'node:assert/strict';
import type { SessionEvent } from '../../src/model';
import { DemoProvider } from '../../src/providers/demo/provider';
import { Conversation } from '../../src/chat/conversation';
import { StreamedText, escapeMarkdown } from '../../src/chat/streamedText';
import type { StoredConnection } from '../../src/connections/store';

describe("@agent: a reply streamed into VS Code's Chat view (src/chat/streamedText.ts)", () => {
  const ev = (e: Partial<SessionEvent> & Pick<SessionEvent, 'id' | 'kind'>) => ({ runId: 'r', ...e }) as SessionEvent;

  it('@agent streams an answer as appends: growth as markdown deltas, a tool call or code run as one progress line, an answer that never streamed at the end', () => {
    const parts: string[] = [];
    const stream = { markdown: (v: string) => parts.push(`md:${v}`), progress: (v: string) => parts.push(`progress:${v}`) };
    const t = new StreamedText(stream);
    t.event(ev({ id: 'th', kind: 'reasoning', text: 'hm' }));
    t.event(ev({ id: 'th', kind: 'reasoning', text: 'hmm' }));
    t.event(ev({ id: 'c1', kind: 'tool_call', name: 'web_search', arguments: {} }));
    t.event(ev({ id: 'c1', kind: 'tool_call', name: 'web_search', arguments: { q: 'x' } }));
    t.event(ev({ id: 'a1', kind: 'assistant_message', text: 'Hel' }));
    t.event(ev({ id: 'a1', kind: 'assistant_message', text: 'Hello wor' }));
    t.event(ev({ id: 'a1', kind: 'assistant_message', text: 'Hello world.' }));
    t.event(ev({ id: 'py', kind: 'code_execution', language: 'python', code: 'print(1)' }));
    // The final events: a1 as streamed, plus an answer re-read under an id that never streamed.
    t.finish([
      ev({ id: 'a1', kind: 'assistant_message', text: 'Hello world.' }),
      ev({ id: 'z9', kind: 'assistant_message', text: 'Second part.' }),
    ]);
    assert.deepStrictEqual(parts, [
      'progress:Thinking…',
      'progress:Calling web_search…',
      'md:Hel',
      'md:lo wor',
      'md:ld.',
      'progress:Running python…',
      'md:\n\n',
      'md:Second part.',
    ]);
    // An answer Foundry re-read under a new id with the same text is not shown twice.
    const again: string[] = [];
    const t2 = new StreamedText({ markdown: (v) => again.push(String(v)), progress: () => undefined });
    t2.event(ev({ id: 's1', kind: 'assistant_message', text: 'Same answer' }));
    t2.finish([ev({ id: 'other-id', kind: 'assistant_message', text: 'Same answer' })]);
    assert.deepStrictEqual(again, ['Same answer']);
  });

  it('through a Conversation with the demo provider, the Chat view ends with the stored answer, whole and once, and one progress line per tool call', async () => {
    const demo = new DemoProvider({ id: 'demo', kind: 'demo', label: 'Demo Sessions' }, { stepDelayMs: 0 });
    const chat = new Conversation(
      {
        connection: { id: 'demo', kind: 'demo', label: 'Demo Sessions' } as StoredConnection,
        agentId: 'data-analyst',
        agentName: 'Data Analyst',
      },
      { provider: () => Promise.resolve(demo), settings: () => ({ get: () => undefined }) },
    );
    let markdown = '';
    const progress: string[] = [];
    const shown = new StreamedText({ markdown: (v) => (markdown += v), progress: (v) => progress.push(v) });
    chat.onChange((c) => {
      if (c.type === 'delivery') shown.event(c.event);
    });
    const outcome = await chat.send('Which plans drive revenue and churn?');
    assert.equal(outcome.status, 'complete');
    shown.finish(outcome.events);
    const answers = outcome.events.filter((e) => e.kind === 'assistant_message').map((e) => (e.kind === 'assistant_message' ? e.text : ''));
    assert.ok(answers.length > 0, 'the demo answered');
    assert.equal(markdown, answers.join('\n\n'));
    const calls = outcome.events.filter((e) => e.kind === 'tool_call').map((e) => (e.kind === 'tool_call' ? `Calling ${e.name}…` : ''));
    assert.ok(calls.length > 0, 'the demo called a tool');
    assert.deepEqual(
      progress.filter((p) => p.startsWith('Calling ')),
      calls,
    );
  });

  it('shows text as itself in Markdown', () => {
    assert.equal(escapeMarkdown('*not bold* [no](link) `x` #1 <b>'), '\\*not bold\\* \\[no\\]\\(link\\) \\`x\\` \\#1 \\<b\\>');
  });
});
