import assert from 'node:assert/strict';
import { sessionToMarkdown, runToMarkdown, type Session } from '../../src/model';
import { aSession } from '../builders';

const session: Session = aSession({ id: 's1', provider: 'piper', title: 'Refund\nquestion', createdAt: '2026-11-01T10:00:00Z' })
  .run('r1', (e) => [
    e.user('Where is my refund?', { timestamp: '2026-11-01T10:00:00Z' }),
    e.toolCall('lookup', { order: 42 }, { callId: 'c1', latencyMs: 120 }),
    e.toolResult('has ``` fences', { callId: 'c1', isError: true }),
    e.code('print(1)', 'python', { output: '1' }),
    e.code('SELECT 1', 'sql', { name: 'sandbox', callId: 'c2', arguments: { db: 'sales' } }),
    e.other('guardrail', { verdict: 'ok' }),
    e.assistant('It is on its way.', { costUsd: 0.0012, interrupted: true }),
  ])
  .build();

describe('transcript', () => {
  it('renders every event with its kind, keeping fences intact', () => {
    const md = sessionToMarkdown(session);
    assert.match(md, /^# Refund question\n/);
    assert.match(md, /### 🔧 Tool call `lookup` \(c1\) — 120 ms/);
    assert.match(md, /"order": 42/);
    assert.match(md, /````\nhas ``` fences\n````/, 'a longer fence than any run of backticks inside');
    assert.match(md, /```python\nprint\(1\)\n```\n\nOutput:\n\n```text\n1\n```/);
    assert.match(
      md,
      /### ▶️ Code `sandbox` \(sql\) \(c2\)\n\n```sql\nSELECT 1\n```\n\nArguments:\n\n```json\n\{\n  "db": "sales"\n\}\n```/,
    );
    assert.match(md, /### ❔ guardrail/);
    assert.match(md, /### 🤖 Assistant \(interrupted\) — \$0\.0012/);
    assert.match(md, /1 errors/);
  });
  it('renders a model call with its model, finish reason, request and response', () => {
    const s = aSession({ provider: 'file', title: 't' })
      .run('r', (e) => [
        e.modelCall({
          model: 'gpt-4.1',
          provider: 'openai',
          finishReason: 'tool_calls',
          timeToFirstTokenMs: 240,
          latencyMs: 900,
          input: [
            { role: 'system', text: 'Be brief.' },
            { role: 'user', text: 'Weather\nin Paris?' },
          ],
          output: [{ role: 'assistant', toolCalls: [{ id: 'c1', name: 'get_weather', arguments: { city: 'Paris' } }] }],
          tokens: { input: 12, output: 5 },
        }),
      ])
      .build();
    const md = sessionToMarkdown(s);
    assert.match(md, /### 🧠 Model call `gpt-4\.1` — 900 ms · 17 tokens · gpt-4\.1/);
    assert.match(md, /_openai · finish: tool_calls · first token 240 ms_/);
    assert.match(md, /Request:\n\n- \*\*system\*\*: Be brief\.\n- \*\*user\*\*: Weather in Paris\?/);
    assert.match(md, /Response:\n\n- \*\*assistant\*\*\n  - calls `get_weather` \{ "city": "Paris" \}/);
    assert.match(md, /0 tool calls, 0 errors, 17 tokens/, 'a model call is not a tool call');
  });
  it('diff mode leaves out ids and timings so only content differs', () => {
    const md = sessionToMarkdown(session, { forDiff: true });
    assert.doesNotMatch(md, /s1|c1|120 ms|2026-11-01/);
    const other = { ...session, id: 's2', createdAt: '2026-11-02T10:00:00Z' };
    assert.equal(sessionToMarkdown(other, { forDiff: true }), md);
    assert.equal(runToMarkdown(session.runs[0], 0, { forDiff: true })[0], '## Run 1');
  });
});
