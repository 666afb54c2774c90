import assert from 'node:assert/strict';
import type { Session } from '../../src/model';
import { EVENT_CHUNK_SIZE, parseHostMessage, parseWebviewMessage } from '../../src/protocol/messages';
import { eventChunks, forPage, toSessionHeader } from '../../src/protocol/header';
import { aSession, events } from '../builders';

/** `eventCount` user messages dealt round-robin over three runs, each with a raw payload. */
function session(eventCount: number): Session {
  const b = aSession({ title: 'T', metadata: { channel: 'web', is_test: true } });
  for (const r of [0, 1, 2]) {
    const mine = Array.from({ length: eventCount }, (_, i) => i).filter((i) => i % 3 === r);
    b.run(`r${r}`, (e) => mine.map((i) => e.user(`m${i}`, { raw: { n: i } })));
  }
  return b.build();
}

describe('protocol', () => {
  it('accepts every host message it defines', () => {
    const s = session(3);
    const msgs = [
      { type: 'session/loading', title: 'x' },
      { type: 'session/begin', header: toSessionHeader(s, 'Demo'), totalEvents: 3 },
      { type: 'session/events', events: s.runs[0].events },
      { type: 'session/end' },
      { type: 'session/error', message: 'Piper rejected the token' },
    ];
    for (const m of msgs) assert.equal(parseHostMessage(m).ok, true, JSON.stringify(m));
  });

  it('rejects a message that does not fit, naming the path', () => {
    const r = parseHostMessage({ type: 'session/events', events: [{ id: 'x', runId: 'r', kind: 'tool_call', arguments: {} }] });
    assert.equal(r.ok, false);
    assert.match((r as { error: string }).error, /events\.0\.name/);
    assert.equal(parseHostMessage({ type: 'nope' }).ok, false);
    assert.equal(parseHostMessage(null).ok, false);
  });

  it('validates webview messages', () => {
    assert.equal(parseWebviewMessage({ type: 'ready' }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'showRaw', eventId: 'e1' }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'openCode', code: 'print(1)', language: 'python' }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'copy' }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'log', level: 'fatal', message: 'x' }).ok, false);
  });

  it('header carries runs without events, and chunks keep every event in order', () => {
    const s = session(EVENT_CHUNK_SIZE * 2 + 7);
    const header = toSessionHeader(s);
    assert.equal(header.runs.length, 3);
    assert.equal(header.runs.reduce((n, r) => n + r.eventCount, 0), s.totals.events);
    assert.ok(!('events' in header.runs[0]));
    const chunks = [...eventChunks(s)];
    assert.deepEqual(chunks.map((c) => c.length), [EVENT_CHUNK_SIZE, EVENT_CHUNK_SIZE, 7]);
    assert.ok(chunks.flat().every((e) => !('raw' in e)), 'raw payloads stay on the host');
    const flat = chunks.flat().map((e) => e.id);
    assert.deepEqual(flat, s.runs.flatMap((r) => r.events.map((e) => e.id)));
  });

  it('sends payloads nested deeper than the page can clone as JSON text', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    const e = forPage(events().toolCall('t', deep, { raw: { big: true } }));
    assert.equal(e.kind, 'tool_call');
    assert.equal(typeof (e as { arguments: unknown }).arguments, 'string');
    assert.ok(((e as { arguments: string }).arguments).startsWith('{"d":{"d":'));
    assert.ok(!('raw' in e));
    const shallow = forPage(events().toolResult({ a: [1, { b: 2 }] }));
    assert.deepEqual((shallow as { result: unknown }).result, { a: [1, { b: 2 }] });
  });
});

