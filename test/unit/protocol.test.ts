import assert from 'node:assert/strict';
import type { Session } from '../../src/model';
import { EVENT_CHUNK_SIZE, InspectorRestoreSchema, parseHostMessage, parseWebviewMessage } from '../../src/protocol/messages';
import { ChatRestoreSchema, parseChatHostMessage, parseChatWebviewMessage } from '../../src/protocol/chat';
import { CorePageMessageSchema } from '../../src/protocol/core';
import { eventChunks, forPage, toSessionHeader } from '../../src/protocol/header';
import { asciiJson, inflatePacked, packEvents, unpackEvents } from '../../src/protocol/packed';
import { COMPRESS_FROM_BYTES, packChunk, TextRooms, writeAscii } from '../../src/views/inspector/packChunk';
import * as zlib from 'node:zlib';
import fc from 'fast-check';
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
    assert.equal(
      header.runs.reduce((n, r) => n + r.eventCount, 0),
      s.totals.events,
    );
    assert.ok(!('events' in header.runs[0]));
    const chunks = [...eventChunks(s)];
    assert.deepEqual(
      chunks.map((c) => c.length),
      [EVENT_CHUNK_SIZE, EVENT_CHUNK_SIZE, 7],
    );
    assert.ok(
      chunks.flat().every((e) => !('raw' in e)),
      'raw payloads stay on the host',
    );
    const flat = chunks.flat().map((e) => e.id);
    assert.deepEqual(
      flat,
      s.runs.flatMap((r) => r.events.map((e) => e.id)),
    );
  });

  it('sends payloads nested deeper than the page can clone as JSON text', () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    const e = forPage(events().toolCall('t', deep, { raw: { big: true } }));
    assert.equal(e.kind, 'tool_call');
    assert.equal(typeof (e as { arguments: unknown }).arguments, 'string');
    assert.ok((e as { arguments: string }).arguments.startsWith('{"d":{"d":'));
    assert.ok(!('raw' in e));
    const shallow = forPage(events().toolResult({ a: [1, { b: 2 }] }));
    assert.deepEqual((shallow as { result: unknown }).result, { a: [1, { b: 2 }] });
  });

  describe('core and per-page messages', () => {
    const core = [
      { type: 'ready' },
      { type: 'log', level: 'warn', message: 'x' },
      { type: 'showRaw', eventId: 'e1' },
      { type: 'copy', text: 't' },
      { type: 'openCode', code: 'print(1)', language: 'python' },
      { type: 'openLink', url: 'https://example.org' },
      { type: 'resolvePaths', id: 1, paths: ['a.ts'] },
      { type: 'openFile', path: 'a.ts', line: 3 },
    ];

    it('both pages send the core messages, and every core message is one of them', () => {
      assert.deepEqual(
        CorePageMessageSchema.def.options.map((o) => (o.def.shape.type as { def: { values: string[] } }).def.values[0]).sort(),
        core.map((m) => m.type).sort(),
      );
      for (const m of core) {
        assert.equal(parseWebviewMessage(m).ok, true, `inspector: ${JSON.stringify(m)}`);
        assert.equal(parseChatWebviewMessage(m).ok, true, `chat: ${JSON.stringify(m)}`);
      }
    });

    it("the chat accepts none of the inspector's own messages, the inspector none of the chat's", () => {
      for (const m of [{ type: 'retry' }, { type: 'explain', eventId: 'e1' }, { type: 'compareRequests', eventId: 'e1' }]) {
        assert.equal(parseWebviewMessage(m).ok, true, `inspector: ${m.type}`);
        assert.equal(parseChatWebviewMessage(m).ok, false, `chat: ${m.type}`);
      }
      for (const m of [{ type: 'chat/send', text: 'hi' }, { type: 'chat/stop' }, { type: 'chat/draft', text: '' }]) {
        assert.equal(parseChatWebviewMessage(m).ok, true, `chat: ${m.type}`);
        assert.equal(parseWebviewMessage(m).ok, false, `inspector: ${m.type}`);
      }
      assert.equal(parseHostMessage({ type: 'chat/insert', text: 'x' }).ok, false);
      assert.equal(parseChatHostMessage({ type: 'session/end' }).ok, false);
    });

    it('both pages take the host’s core messages: file-link answers and the restore key', () => {
      for (const m of [
        { type: 'pathsResolved', id: 2, existing: ['a.ts'] },
        { type: 'page/restore', key: { source: 'file', uri: 'file:///x.json' } },
      ]) {
        assert.equal(parseHostMessage(m).ok, true, `inspector: ${m.type}`);
        assert.equal(parseChatHostMessage(m).ok, true, `chat: ${m.type}`);
      }
      assert.equal(parseHostMessage({ type: 'page/restore', key: 'not an object' }).ok, false);
    });

    it('restore keys: a provider session or a file for the inspector, an agent (and session) for the chat; nothing else', () => {
      assert.equal(
        InspectorRestoreSchema.safeParse({ source: 'session', connectionId: 'demo', agentId: 'a', sessionId: 's' }).success,
        true,
      );
      assert.equal(InspectorRestoreSchema.safeParse({ source: 'file', uri: 'file:///w/s.json', sessionId: 'trace-1' }).success, true);
      for (const bad of [
        undefined,
        null,
        {},
        { source: 'session', connectionId: 'demo', agentId: 'a' },
        { source: 'memory' },
        { source: 'file', uri: 3 },
      ]) {
        assert.equal(InspectorRestoreSchema.safeParse(bad).success, false, JSON.stringify(bad));
      }
      assert.equal(ChatRestoreSchema.safeParse({ connectionId: 'demo', agentId: 'a', agentName: 'A' }).success, true);
      assert.equal(ChatRestoreSchema.safeParse({ connectionId: 'demo', agentId: 'a' }).success, false);
    });
  });

  describe('packed event chunks', () => {
    const demo = () =>
      aSession()
        .run('r1', (e) => [
          e.user('grüße, 你好 — "quoted" \\ back\nslash 🎉 and a lone \ud800 half'),
          e.toolCall('lookup', { q: [1, { deep: null }], s: '\u2028' }),
          e.toolResult({ rows: [{ a: 1 }], note: 'é' }),
          e.assistant('done', { tokens: { input: 3, output: 4 }, costUsd: 0.0001 }),
        ])
        .build();

    it('a packed chunk stands for the same validated session/events message', () => {
      const chunk = [...eventChunks(demo())][0]!;
      const packed = packEvents(chunk);
      assert.equal(packed.type, 'session/eventsPacked');
      assert.equal(parseHostMessage(packed).ok, true, 'the packed message fits the protocol');
      const unpacked = unpackEvents((packed as { json: Uint8Array }).json);
      assert.deepEqual(unpacked, parseHostMessage({ type: 'session/events', events: chunk }));
      assert.equal(unpacked.ok && unpacked.value.type === 'session/events' && unpacked.value.events.length, 4);
    });

    it('any text survives the bytes unchanged', () => {
      fc.assert(
        fc.property(fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 20 }), fc.string({ unit: 'binary' }), (texts, name) => {
          const s = aSession()
            .run('r', (e) => [...texts.map((t) => e.user(t)), e.toolCall(name || 'x', { text: name })])
            .build();
          const chunk = s.runs[0]!.events.map(forPage);
          const json = (packEvents(chunk) as { json: Uint8Array }).json;
          assert.equal(
            json.findIndex((b) => b > 0x7f),
            -1,
            'ASCII only',
          );
          assert.deepEqual(unpackEvents(json), parseHostMessage({ type: 'session/events', events: chunk }));
        }),
      );
    });

    it('the host packs any text into the same ASCII bytes, each chunk in a buffer of its own', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 20 }),
          fc.string({ unit: 'grapheme' }),
          async (texts, more) => {
            const chunk = aSession()
              .run('r', (e) => [...texts.map((t) => e.user(t)), e.toolResult({ more, nested: [more, { [more]: texts }] })])
              .build()
              .runs[0]!.events.map(forPage);
            const packed = (await packChunk(chunk)) as { json: Uint8Array; encoding?: string };
            const json = packed.encoding ? await inflatePacked(packed.json) : packed.json;
            assert.deepEqual(json, (packEvents(chunk) as { json: Uint8Array }).json, 'the same bytes as the portable encoder');
            assert.equal(packed.json.byteOffset, 0);
            assert.equal(packed.json.byteLength, packed.json.buffer.byteLength, 'its own buffer (VS Code transfers the whole of it)');
            assert.deepEqual(unpackEvents(json), parseHostMessage({ type: 'session/events', events: chunk }));
          },
        ),
        { numRuns: 200 },
      );
    });

    it('a large chunk goes gzip-compressed, and inflated it stands for the same validated session/events message', async () => {
      const big = aSession()
        .run('r', (e) => Array.from({ length: 400 }, (_, i) => e.toolResult({ row: i, text: `result ${i} `.repeat(30), note: 'é\u2028' })))
        .build()
        .runs[0]!.events.map(forPage);
      const packed = (await packChunk(big)) as { type: string; json: Uint8Array; encoding?: string };
      const plain = (packEvents(big) as { json: Uint8Array }).json;
      assert.ok(plain.byteLength >= COMPRESS_FROM_BYTES, 'large enough to be compressed (the test would prove nothing)');
      assert.equal(packed.encoding, 'gzip');
      assert.equal(parseHostMessage(packed).ok, true, 'the compressed message fits the protocol');
      assert.ok(packed.json.byteLength * 4 < plain.byteLength, `compressed ${packed.json.byteLength} of ${plain.byteLength} bytes`);
      assert.equal(packed.json.byteOffset, 0);
      assert.equal(packed.json.byteLength, packed.json.buffer.byteLength, 'its own buffer (VS Code transfers the whole of it)');
      assert.deepEqual(unpackEvents(await inflatePacked(packed.json)), parseHostMessage({ type: 'session/events', events: big }));
    });

    it('chunks packed at once through the same rooms each stand for their own events, and the rooms are reused, not grown (property)', async () => {
      // The panel packs several chunks side by side: a room is written by one chunk only until
      // zlib has read it. Rooms smaller than the chunks, so some need a larger room of their own.
      const chunkOf = (rows: number, tag: string) =>
        aSession()
          .run('r', (e) =>
            Array.from({ length: rows }, (_, i) => e.toolResult({ tag, row: i, text: `${tag} ${i} `.repeat(20), note: 'é→' })),
          )
          .build()
          .runs[0]!.events.map(forPage);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 8 }), async (sizes) => {
          const rooms = new TextRooms(3, 96 * 1024);
          const chunks = sizes.map((n, i) => chunkOf(n, `c${i}`));
          const packed = (await Promise.all(chunks.map((c) => packChunk(c, rooms)))) as Array<{ json: Uint8Array; encoding?: string }>;
          for (const [i, p] of packed.entries()) {
            const json = p.encoding ? await inflatePacked(p.json) : p.json;
            assert.deepEqual(json, (packEvents(chunks[i]!) as { json: Uint8Array }).json, `chunk ${i} is its own events`);
            assert.equal(p.json.byteLength, p.json.buffer.byteLength, 'its own buffer, not a room (VS Code transfers the whole of it)');
          }
          const large = sizes.filter(
            (_, i) => (packEvents(chunks[i]!) as { json: Uint8Array }).json.byteLength >= COMPRESS_FROM_BYTES,
          ).length;
          assert.equal(rooms.kept, Math.min(3, large), 'every room taken was given back, up to the three kept');
          // Packed again one at a time: no new room is needed for a chunk the kept ones hold.
          const before = rooms.kept;
          for (const c of chunks) await packChunk(c, rooms);
          assert.equal(rooms.kept, before === 0 ? 0 : Math.max(1, before));
        }),
        { numRuns: 25 },
      );
    });

    it('a room is taken by one text at a time and given back for the next', () => {
      const rooms = new TextRooms(2, 16);
      const a = rooms.take('a'.repeat(10));
      const b = rooms.take('b'.repeat(10));
      assert.notEqual(a.room, b.room, 'a room in use is not handed out again');
      assert.equal(Buffer.from(a.bytes).toString('latin1'), 'a'.repeat(10));
      rooms.give(a.room);
      const c = rooms.take('c'.repeat(12));
      assert.equal(c.room, a.room, 'the room given back is the next one taken');
      assert.equal(Buffer.from(b.bytes).toString('latin1'), 'b'.repeat(10), 'the other room is untouched');
      const big = rooms.take('d'.repeat(40));
      assert.ok(big.room.length >= 40, 'a text larger than every room gets a room its size');
      rooms.give(b.room);
      rooms.give(c.room);
      rooms.give(big.room);
      assert.equal(rooms.kept, 2, 'no more rooms are kept than it was told');
    });

    it("writes any text as asciiJson's bytes, into a buffer long enough, and says when one is not (property)", () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.nat({ max: 400 }), (text, size) => {
          const expected = Buffer.from(asciiJson(text), 'latin1');
          const out = Buffer.alloc(size);
          const n = writeAscii(text, out);
          if (expected.length > size) assert.equal(n, -1, 'too short: said so, not cut');
          else assert.deepEqual(out.subarray(0, n), expected);
        }),
        { numRuns: 500 },
      );
      // A room too small for the escapes: a room of the escaped length instead, with the same bytes.
      const rooms = new TextRooms(2, 16);
      const text = 'é→…'.repeat(5);
      const { bytes } = rooms.take(text);
      assert.deepEqual(Buffer.from(bytes), Buffer.from(asciiJson(text), 'latin1'));
    });

    it('a small chunk goes as it is (not worth compressing)', async () => {
      const chunk = [...eventChunks(demo())][0]!;
      const packed = (await packChunk(chunk)) as { json: Uint8Array; encoding?: string };
      assert.equal(packed.encoding, undefined);
      assert.deepEqual(unpackEvents(packed.json), parseHostMessage({ type: 'session/events', events: chunk }));
    });

    it('any text survives compression unchanged', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.string({ unit: 'binary', maxLength: 4000 }), { minLength: 1, maxLength: 40 }), async (texts) => {
          const chunk = aSession()
            .run('r', (e) => texts.map((t) => e.user(t)))
            .build()
            .runs[0]!.events.map(forPage);
          const json = (packEvents(chunk) as { json: Uint8Array }).json;
          const gz = new Uint8Array(zlib.gzipSync(json, { level: 1 }));
          assert.deepEqual(await inflatePacked(gz), json);
        }),
        { numRuns: 60 },
      );
    });

    it('refuses bytes that are not gzip', async () => {
      await assert.rejects(inflatePacked(new TextEncoder().encode('not gzip')));
    });

    it('refuses bytes that are not UTF-8 JSON of valid events, saying why', () => {
      const bad = (bytes: Uint8Array) => unpackEvents(bytes) as { ok: boolean; error?: string };
      assert.match(bad(new Uint8Array([0xff, 0xfe, 0x5b])).error!, /^events: not UTF-8 JSON/);
      assert.match(bad(new TextEncoder().encode('[{"id":')).error!, /^events: not UTF-8 JSON/);
      assert.match(bad(new TextEncoder().encode('[{"id":"x","runId":"r","kind":"tool_call","arguments":{}}]')).error!, /events\.0\.name/);
      assert.equal(bad(new TextEncoder().encode('{"events":[]}')).ok, false, 'an object is not a list of events');
      assert.equal(parseHostMessage({ type: 'session/eventsPacked', json: 'not bytes' }).ok, false);
    });
  });
});
