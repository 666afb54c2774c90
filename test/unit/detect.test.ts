import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXPORT_FORMAT, SessionSchema } from '../../src/model';
import { detectSessionFile, NOT_A_SESSION_FILE } from '../../src/providers/detect';
import { mapPiperSession } from '../../src/providers/piper/map';

const read = (name: string) => readFileSync(join(__dirname, '../fixtures', name), 'utf8');
const json = (name: string) => JSON.parse(read(name));
const text = (v: unknown) => JSON.stringify(v, null, 2);
/** assert.throws matches a regex against "Error: …"; these check the message the user reads. */
const message = (re: RegExp) => (e: unknown) => e instanceof Error && re.test(e.message);

describe('detectSessionFile', () => {
  it("reads Piper's session-events response", () => {
    const { format, session } = detectSessionFile(read('piper-session.json'));
    assert.equal(format, 'piper');
    assert.equal(session.provider, 'piper');
    assert.equal(session.runs.length, 2);
    assert.doesNotThrow(() => SessionSchema.parse(session));
  });

  it('reads Piper even without the session object, and with empty runs when the session is there', () => {
    const { session: s, runs } = json('piper-session.json');
    assert.equal(detectSessionFile(text({ runs })).format, 'piper');
    assert.equal(detectSessionFile(text({ runs })).session.id, s.session_id, 'the id comes from the runs');
    const empty = detectSessionFile(text({ session: s, runs: [] }));
    assert.equal(empty.format, 'piper');
    assert.equal(empty.session.runs.length, 0);
  });

  it('names a Piper session file by its own title, and by its first question only when it has none', () => {
    const { session: s, runs } = json('piper-session.json');
    const titled = detectSessionFile(text({ session: { ...s, title: '  Order status for Jane  ' }, runs })).session;
    assert.equal(titled.title, 'Order status for Jane');
    assert.equal(titled.metadata.title, undefined, 'the title is the header, not a label beside it');
    for (const title of [undefined, null, '', '   ']) {
      const untitled = detectSessionFile(text({ session: { ...s, title }, runs })).session;
      assert.equal(untitled.title, detectSessionFile(read('piper-session.json')).session.title);
      assert.notEqual(untitled.title, '');
    }
    // A title beside the runs names the file too, after its session's own; "" is not given either.
    const beside = (title: unknown, sessionTitle?: string) =>
      detectSessionFile(text({ title, session: { ...s, title: sessionTitle }, runs })).session.title;
    assert.equal(beside('  Refund for order 42 '), 'Refund for order 42');
    assert.equal(beside('Refund for order 42', 'Order status for Jane'), 'Order status for Jane');
    for (const title of ['', '  ', null, 7]) assert.equal(beside(title), detectSessionFile(read('piper-session.json')).session.title);
  });

  it('reads an Agno session detail with its runs inline', () => {
    const { format, session } = detectSessionFile(read('agno-session.json'));
    assert.equal(format, 'agno');
    assert.equal(session.provider, 'agno');
    assert.deepEqual(
      session.runs.map((r) => r.id),
      ['0000bbbb-0000-4000-8000-000000000001', '0000bbbb-0000-4000-8000-000000000002'],
    );
  });

  it('reads an Agno session as { session, runs } and without runs (chat history)', () => {
    const { runs, ...detail } = json('agno-session.json');
    const wrapped = detectSessionFile(text({ session: detail, runs }));
    assert.equal(wrapped.format, 'agno');
    assert.equal(wrapped.session.runs[0].id, '0000bbbb-0000-4000-8000-000000000001');
    const bare = detectSessionFile(text(detail));
    assert.equal(bare.format, 'agno');
    assert.deepEqual(
      bare.session.runs.map((r) => r.id),
      ['0000aaaa-0000-4000-8000-000000000001:turn-1', '0000aaaa-0000-4000-8000-000000000001:turn-2'],
    );
    const wrappedBare = detectSessionFile(text({ session: detail }));
    assert.equal(wrappedBare.format, 'agno');
  });

  it('reads the Agno seed as captured (detail only)', () => {
    const seed = {
      session_id: 's-1',
      session_name: 'What tools do you have?',
      agent_id: 'basic-agent',
      chat_history: [{ role: 'user', content: 'hi', created_at: 1757088129 }],
    };
    const { format, session } = detectSessionFile(text(seed));
    assert.equal(format, 'agno');
    assert.equal(session.title, 'What tools do you have?');
  });

  it('reads a Foundry session with content and traces, flat or wrapped', () => {
    const flat = detectSessionFile(read('foundry-session.json'));
    assert.equal(flat.format, 'foundry');
    assert.equal(flat.session.provider, 'foundry');
    assert.equal(flat.session.runs.length, 2);
    assert.ok(
      flat.session.runs[0].events.some((e) => e.kind === 'code_execution'),
      'traces were used',
    );

    const { content, traces, ...session } = json('foundry-session.json');
    const wrapped = detectSessionFile(text({ session, content, traces }));
    assert.equal(wrapped.format, 'foundry');
    assert.deepEqual(wrapped.session.runs, flat.session.runs);

    const noTraces = detectSessionFile(text({ ...session, content }));
    assert.equal(noTraces.format, 'foundry');
    assert.deepEqual(
      noTraces.session.runs[1].events.map((e) => e.kind),
      ['user_message', 'assistant_message'],
    );
  });

  it("reads the extension's own export and keeps the provider it came from", () => {
    const original = mapPiperSession(json('piper-session.json'));
    const exported = { format: EXPORT_FORMAT, exportedAt: '2025-03-05T10:00:00Z', session: original };
    const { format, session } = detectSessionFile(text(exported));
    assert.equal(format, 'export');
    assert.equal(session.provider, 'piper');
    assert.deepEqual(session, JSON.parse(JSON.stringify(original)));
  });

  it('an export edited to repeat an id opens with unique ids, nothing merged', () => {
    const original = mapPiperSession(json('piper-session.json'));
    const copy = JSON.parse(JSON.stringify(original)) as typeof original;
    copy.runs[0].events[1].id = copy.runs[0].events[0].id;
    copy.runs[1].id = copy.runs[0].id;
    const { session } = detectSessionFile(text({ format: EXPORT_FORMAT, exportedAt: '2025-03-05T10:00:00Z', session: copy }));
    const ids = session.runs.flatMap((r) => r.events.map((e) => e.id));
    assert.equal(new Set(ids).size, ids.length);
    assert.notEqual(session.runs[0].id, session.runs[1].id);
    assert.equal(ids.length, original.runs.flatMap((r) => r.events).length);
  });

  it('accepts a byte-order mark', () => {
    assert.equal(detectSessionFile('\ufeff' + read('piper-session.json')).format, 'piper');
  });

  it('says that an empty or whitespace-only file is empty, not that it is not valid JSON', () => {
    for (const text of ['', '   ', '\n\t\r\n', '\ufeff', '\ufeff  \n'])
      assert.throws(() => detectSessionFile(text), message(/^the file is empty/), JSON.stringify(text));
  });

  it('says where a file is not valid JSON', () => {
    assert.throws(
      () => detectSessionFile('{\n  "runs": [\n    { "id": "r1", }\n  ]\n}'),
      (e: unknown) => e instanceof Error && /^the file is not valid JSON \(.+ at line 3, column \d+\)$/.test(e.message),
    );
    assert.throws(() => detectSessionFile('{'), message(/^the file is not valid JSON \(/));
    assert.throws(
      () => detectSessionFile('{"secret": tru}'),
      (e: unknown) => e instanceof Error && /^the file is not valid JSON \(/.test(e.message) && !e.message.includes('secret'),
      'the file text is not quoted back',
    );
  });

  it('says what it expected when the JSON is none of the formats', () => {
    for (const other of ['[1, 2, 3]', '"hello"', '{"name": "package", "version": "1.0.0"}', 'null', '{"runs": []}']) {
      assert.throws(
        () => detectSessionFile(other),
        (e: unknown) => e instanceof Error && e.message === NOT_A_SESSION_FILE,
        other,
      );
    }
    assert.equal(
      NOT_A_SESSION_FILE,
      'not a session file: expected a Piper session-events response (runs[]), an Agno session (session_id + chat_history or runs), a Foundry session (rid + content.exchanges) or an Agent Session Inspector export',
    );
  });

  it('names the field that does not fit, for each format', () => {
    const piper = json('piper-session.json');
    piper.runs[0].events[3].created_at = { when: 'now' };
    assert.throws(
      () => detectSessionFile(text(piper)),
      message(/^the file looks like a Piper session, but runs\[0\]\.events\[3\]\.created_at: /),
    );

    const agno = json('agno-session.json');
    agno.runs[0].messages[2].tool_calls = 'none';
    assert.throws(
      () => detectSessionFile(text(agno)),
      message(/^the file looks like an Agno session, but runs\[0\]\.messages\[2\]\.tool_calls: expected array/),
    );

    const { runs: _runs, ...detail } = json('agno-session.json');
    detail.chat_history[1].created_at = { when: 'now' };
    assert.throws(
      () => detectSessionFile(text({ session: detail, runs: undefined })),
      message(/^the file looks like an Agno session, but session\.chat_history\[1\]\.created_at: /),
    );
    assert.throws(
      () => detectSessionFile(text({ ...detail, runs: 'all' })),
      message(/^the file looks like an Agno session, but runs: expected an array/),
    );

    const foundry = json('foundry-session.json');
    foundry.content.exchanges[0].userInput = { text: 5 };
    assert.throws(
      () => detectSessionFile(text(foundry)),
      message(/^the file looks like a Foundry session, but content\.exchanges\[0\]\.userInput\.text: expected string/),
    );
    const { content, traces, ...fs } = json('foundry-session.json');
    fs.metadata.messageCount = 'four';
    assert.throws(
      () => detectSessionFile(text({ session: fs, content, traces })),
      message(/^the file looks like a Foundry session, but session\.metadata\.messageCount: expected number/),
    );

    const exported = { format: EXPORT_FORMAT, exportedAt: '2025-03-05T10:00:00Z', session: mapPiperSession(json('piper-session.json')) };
    (exported.session.runs[1].events[2] as { kind: string }).kind = 'telepathy';
    assert.throws(
      () => detectSessionFile(text(exported)),
      message(/^the file looks like an Agent Session Inspector export, but session\.runs\[1\]\.events\[2\]\.kind: /),
    );
    assert.throws(() => detectSessionFile(text({ format: 'agent-session-inspector/session@9', session: {} })), /unknown version/);
  });
});
