// Server-sent events from a byte stream (src/providers/sse.ts on eventsource-parser), and the Agno
// run mapping fed through it: chunks split anywhere (inside a field name, a line end, a UTF-8
// character), comments and keep-alives, CRLF, a body cut midway.
import assert from 'node:assert/strict';
import type { SessionEvent } from '../../src/model';
import { AgnoRunStream } from '../../src/providers/agno/stream';
import { createSseDecoder, type SseMessage } from '../../src/providers/sse';

const utf8 = (s: string) => new TextEncoder().encode(s);

function decodeIn(chunks: Uint8Array[]): {
  events: SseMessage[];
  comments: string[];
  end: ReturnType<ReturnType<typeof createSseDecoder>['end']>;
} {
  const events: SseMessage[] = [];
  const comments: string[] = [];
  const d = createSseDecoder({ onEvent: (m) => events.push(m), onComment: (c) => comments.push(c) });
  for (const c of chunks) d.push(c);
  return { events, comments, end: d.end() };
}

/** The bytes cut at every position in turn: two chunks, each split point once. */
function everySplit(bytes: Uint8Array): Uint8Array[][] {
  const out: Uint8Array[][] = [];
  for (let i = 0; i <= bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  return out;
}

const STREAM =
  'event: RunStarted\ndata: {"event":"RunStarted","run_id":"r1"}\n\n' +
  ': keep-alive\n\n' +
  'event: RunContent\ndata: {"event":"RunContent","content":"Grüße, naïve 👋 — ✅"}\n\n' +
  'event: RunCompleted\r\ndata: {"event":"RunCompleted",\r\ndata: "content":"done"}\r\n\r\n';

describe('SSE decoding', () => {
  it('reads events, comments and multi-line data (LF and CRLF)', () => {
    const { events, comments, end } = decodeIn([utf8(STREAM)]);
    assert.deepEqual(
      events.map((e) => e.event),
      ['RunStarted', 'RunContent', 'RunCompleted'],
    );
    assert.equal(JSON.parse(events[1]!.data).content, 'Grüße, naïve 👋 — ✅');
    // Two data lines join with a newline, and still make one JSON document.
    assert.equal(events[2]!.data, '{"event":"RunCompleted",\n"content":"done"}');
    assert.deepEqual(JSON.parse(events[2]!.data), { event: 'RunCompleted', content: 'done' });
    assert.deepEqual(comments, ['keep-alive']);
    assert.deepEqual(end, { leftover: '', brokenCharacter: false });
  });

  it('gives the same events wherever the bytes are split, even inside a multi-byte character', () => {
    const bytes = utf8(STREAM);
    const whole = decodeIn([bytes]).events;
    // The emoji (4 bytes), ü/ï (2 bytes) and — / ✅ (3 bytes) are all split somewhere below.
    for (const chunks of everySplit(bytes)) {
      const { events, end } = decodeIn(chunks);
      assert.deepEqual(events, whole, `split at byte ${chunks[0]!.length}`);
      assert.deepEqual(end, { leftover: '', brokenCharacter: false });
    }
  });

  it('gives the same events when every byte arrives alone', () => {
    const bytes = utf8(STREAM);
    const oneByOne = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
    assert.deepEqual(decodeIn(oneByOne).events, decodeIn([bytes]).events);
  });

  it('keeps keep-alive comments and blank lines out of the events', () => {
    const { events, comments } = decodeIn([utf8(':\n\n: ping\n\n\n\nevent: A\ndata: 1\n\n:ping\n\n')]);
    assert.deepEqual(
      events.map((e) => [e.event, e.data]),
      [['A', '1']],
    );
    assert.deepEqual(comments, ['', 'ping', 'ping']);
  });

  it('never dispatches an event the body cut off, and says so', () => {
    const text = 'event: A\ndata: {"n":1}\n\nevent: B\ndata: {"n":';
    const { events, end } = decodeIn([utf8(text)]);
    assert.deepEqual(
      events.map((e) => e.event),
      ['A'],
    );
    assert.equal(end.leftover, 'event: B\ndata: {"n":');
  });

  it('a body cut after a complete event plus a trailing comment is not cut', () => {
    assert.equal(decodeIn([utf8('data: 1\n\n: bye\n')]).end.leftover, '');
  });

  it('notices a body that ends inside a multi-byte character', () => {
    const bytes = utf8('data: ✅');
    const { events, end } = decodeIn([bytes.subarray(0, bytes.length - 1)]);
    assert.equal(events.length, 0);
    assert.equal(end.brokenCharacter, true);
  });
});

describe('Agno run stream mapping (fed through the SSE decoder)', () => {
  const ev = (name: string, data: Record<string, unknown>) =>
    `event: ${name}\ndata: ${JSON.stringify({ event: name, run_id: 'run-1', session_id: 's-1', created_at: 1767225600, ...data })}\n\n`;
  const body =
    ev('RunStarted', { model: 'gpt-x', model_provider: 'Acme' }) +
    ev('RunContent', { reasoning_content: 'Think ' }) +
    ev('RunContent', { reasoning_content: 'first.' }) +
    ev('ToolCallStarted', { tool: { tool_call_id: 'c1', tool_name: 'lookup', tool_args: { q: 'ü' } } }) +
    ': keep-alive\n\n' +
    ev('ToolCallCompleted', {
      tool: {
        tool_call_id: 'c1',
        tool_name: 'lookup',
        tool_args: { q: 'ü' },
        tool_call_error: true,
        result: 'down',
        metrics: { duration: 0.5 },
      },
    }) +
    ev('ToolCallError', {
      error: 'down for good',
      tool: { tool_call_id: 'c1', tool_name: 'lookup', tool_call_error: true, result: 'down' },
    }) +
    ev('RunContent', { content: 'Grüße ' }) +
    ev('RunContent', { content: '👋 done' }) +
    ev('CustomThing', { payload: { a: 1 } }) +
    ev('RunCompleted', { content: 'Grüße 👋 done', metrics: { input_tokens: 10, output_tokens: 5, total_tokens: 15, duration: 1.25 } });

  function run(chunks: Uint8Array[]): { stream: AgnoRunStream; deliveries: SessionEvent[] } {
    const stream = new AgnoRunStream('Hallo');
    const deliveries: SessionEvent[] = [];
    const d = createSseDecoder({ onEvent: (m) => deliveries.push(...stream.push(m.event, m.data)) });
    for (const c of chunks) d.push(c);
    d.end();
    return { stream, deliveries };
  }

  it('maps the run: question, growing reasoning, one tool result completed in place, growing answer with the run metrics', () => {
    const { stream, deliveries } = run([utf8(body)]);
    const events = stream.events();
    assert.equal(stream.end, 'completed');
    assert.equal(stream.runId, 'run-1');
    assert.equal(stream.sessionId, 's-1');
    assert.deepEqual(
      events.map((e) => [e.id, e.kind]),
      [
        ['run-1:0', 'user_message'],
        ['run-1:1', 'other'],
        ['run-1:2', 'reasoning'],
        ['run-1:3', 'tool_call'],
        ['run-1:4', 'tool_result'],
        ['run-1:5', 'assistant_message'],
        ['run-1:6', 'other'],
      ],
    );
    const [user, started, reasoning, call, result, answer, custom] = events as any[];
    assert.equal(user.text, 'Hallo');
    assert.equal(started.type, 'RunStarted');
    assert.equal(reasoning.text, 'Think first.');
    assert.equal(reasoning.model, 'gpt-x');
    assert.deepEqual(call.arguments, { q: 'ü' });
    assert.deepEqual([result.callId, result.isError, result.result, result.latencyMs], ['c1', true, 'down for good', 500]);
    assert.equal(answer.text, 'Grüße 👋 done');
    assert.deepEqual(answer.tokens, { input: 10, output: 5 });
    // The run's wall time (RunCompleted metrics.duration) is the run's, not the answer's own latency.
    assert.equal(answer.latencyMs, undefined);
    assert.equal(custom.type, 'CustomThing');
    assert.deepEqual(custom.fields.payload, { a: 1 });
    // Deliveries: each growth of the same event again, never a second event for the same thing.
    assert.deepEqual(
      deliveries.filter((d) => d.id === 'run-1:5').map((d: any) => d.text),
      ['Grüße ', 'Grüße 👋 done', 'Grüße 👋 done'],
    );
    assert.deepEqual(
      deliveries.filter((d) => d.id === 'run-1:4').map((d: any) => d.result),
      ['down', 'down for good'],
    );
  });

  it('maps the same whatever the chunking, byte by byte included', () => {
    const bytes = utf8(body);
    const whole = run([bytes]).stream.events();
    for (let size = 1; size <= 7; size++) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
      assert.deepEqual(run(chunks).stream.events(), whole, `chunks of ${size} bytes`);
    }
  });

  it('a stream dropped midway leaves a run that has not ended, its answer marked interrupted', () => {
    const bytes = utf8(body);
    const cut = bytes.subarray(0, bytes.indexOf(utf8('👋')[0]!) + 2);
    const { stream } = run([cut]);
    assert.equal(stream.end, undefined);
    const changed = stream.interrupt();
    const answer = stream.events().find((e) => e.kind === 'assistant_message') as any;
    assert.equal(answer.text, 'Grüße ');
    assert.equal(answer.interrupted, true);
    assert.deepEqual(
      changed.map((e) => e.id),
      [answer.id],
    );
  });

  it('shows a data line that is not JSON, and AgentOS error frames, instead of failing', () => {
    const stream = new AgnoRunStream('x');
    stream.push('RunStarted', JSON.stringify({ event: 'RunStarted', run_id: 'r', session_id: 's' }));
    stream.push(undefined, 'not json at all');
    stream.push('error', JSON.stringify({ event: 'error', error: 'event stream unavailable' }));
    const events = stream.events();
    assert.deepEqual(
      events.map((e) => e.kind),
      ['user_message', 'other', 'other', 'error'],
    );
    assert.equal((events[2] as any).text, 'not json at all');
    assert.equal((events[3] as any).message, 'event stream unavailable');
    assert.equal(stream.end, 'error');
  });
});
