// The chat's conversation in plain Node (src/chat/conversation.ts), as the chat panel and the
// @agent participant use it: turns and their events upserted by id, streamed deliveries passed on
// in 40 ms batches (driven here by a fake clock), a failed send giving the message back to the
// draft, a new chat taking its session (and its draft) from the first reply, history, Stop,
// continuing a paused run. Against the demo provider (the real one, offline) where it can answer,
// and a scripted provider where the test must decide when each delivery arrives and how it ends.
import { pieces } from './recorder';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Connection, SessionEvent } from '../../src/model';
import { upsertEvent } from '../../src/model/upsert';
import { DemoProvider } from '../../src/providers/demo/provider';
import {
  ProviderError,
  type ContinueRunRequest,
  type SendMessageEventHandler,
  type SendMessageRequest,
  type SendMessageResult,
  type SessionProvider,
} from '../../src/providers';
import { Conversation, FLUSH_MS, summarize, type ConversationChange, type ConversationDeps } from '../../src/chat/conversation';
import { ChatDrafts, type DraftState } from '../../src/chat/drafts';
import type { ChatTarget } from '../../src/chat/target';
import type { StoredConnection } from '../../src/connections/store';
import { EventBuilder } from '../builders';

/** A clock the test moves: timers fire only when `tick` passes their time. */
class FakeTimers {
  private nowMs = 0;
  private next = 1;
  private readonly due = new Map<number, { at: number; fn: () => void }>();
  readonly setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.next++;
    this.due.set(id, { at: this.nowMs + ms, fn });
    return id;
  };
  readonly clearTimeout = (h: unknown): void => void this.due.delete(h as number);
  get pending(): number {
    return this.due.size;
  }
  tick(ms: number): void {
    this.nowMs += ms;
    for (const [id, t] of [...this.due].sort((a, b) => a[1].at - b[1].at)) {
      if (t.at > this.nowMs) continue;
      this.due.delete(id);
      t.fn();
    }
  }
}

/** VS Code's workspaceState, as a map. */
class MapState implements DraftState {
  readonly values = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): PromiseLike<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

/** A provider whose replies the test plays: each send waits until the test resolves or rejects it. */
class ScriptedProvider implements SessionProvider {
  readonly requests: SendMessageRequest[] = [];
  readonly continues: ContinueRunRequest[] = [];
  private current:
    { onEvent: SendMessageEventHandler; resolve(r: SendMessageResult): void; reject(e: unknown): void; signal?: AbortSignal } | undefined;
  constructor(readonly connection: Connection) {}
  listAgents = () => Promise.resolve([]);
  listSessions = () => Promise.resolve({ items: [] });
  getSession = (): never => {
    throw new ProviderError('not_found', 'No such session.');
  };
  sendMessage(req: SendMessageRequest, onEvent: SendMessageEventHandler, signal?: AbortSignal): Promise<SendMessageResult> {
    this.requests.push(req);
    return this.play(onEvent, signal);
  }
  continueRun(req: ContinueRunRequest, onEvent: SendMessageEventHandler, signal?: AbortSignal): Promise<SendMessageResult> {
    this.continues.push(req);
    return this.play(onEvent, signal);
  }
  deliver(e: SessionEvent): void {
    this.current!.onEvent(e);
  }
  resolve(r: SendMessageResult): void {
    this.current!.resolve(r);
  }
  reject(e: unknown): void {
    this.current!.reject(e);
  }
  get signal(): AbortSignal | undefined {
    return this.current?.signal;
  }
  private play(onEvent: SendMessageEventHandler, signal?: AbortSignal): Promise<SendMessageResult> {
    return new Promise((resolve, reject) => {
      this.current = { onEvent, resolve, reject, signal };
    });
  }
}

const connection = (kind: StoredConnection['kind'], id = `${kind}-1`): StoredConnection =>
  ({ id, kind, label: `${kind} connection` }) as StoredConnection;
const target = (kind: StoredConnection['kind'], extra: Partial<ChatTarget> = {}): ChatTarget => ({
  connection: connection(kind),
  agentId: 'agent-1',
  agentName: 'Agent One',
  ...extra,
});

/** Lets the provider's promise callbacks and the conversation's awaits run. */
const settle = () => new Promise<void>((r) => setImmediate(r));

function harness(t: ChatTarget, provider: SessionProvider, extra: Partial<ConversationDeps> = {}) {
  const timers = new FakeTimers();
  const state = new MapState();
  const drafts = new ChatDrafts(state);
  const changes: ConversationChange[] = [];
  const logs: string[] = [];
  const settings: Record<string, unknown> = {};
  const chat = new Conversation(t, {
    provider: () => Promise.resolve(provider),
    settings: () => ({ get: <T>(key: string) => settings[key] as T | undefined }),
    drafts,
    log: { info: (m) => logs.push(`info ${m}`), warn: (m) => logs.push(`warn ${m}`) },
    timers,
    ...extra,
  });
  chat.onChange((c) => void changes.push(c));
  const of = <K extends ConversationChange['type']>(type: K) =>
    changes.filter((c): c is Extract<ConversationChange, { type: K }> => c.type === type);
  return { chat, timers, drafts, changes, of, logs, settings };
}

describe('chat conversation (src/chat/conversation.ts, plain Node)', () => {
  it('passes streamed deliveries on at once and in 40 ms batches holding the latest version of each id, in first-arrival order', async () => {
    const provider = new ScriptedProvider({ id: 'agno-1', kind: 'agno', label: 'Agno' });
    const h = harness(target('agno'), provider);
    const e = new EventBuilder('r1');
    const sending = h.chat.send('Research vector databases');
    await settle();
    const [start] = h.of('turnStart');
    assert.equal(start!.turn.status, 'streaming', 'an Agno reply streams');
    const turnId = start!.turn.id;

    const user = e.user('Research vector databases');
    const answer = e.assistant('Vec');
    const call = e.toolCall('web_search', { q: 'vector db' });
    provider.deliver(user);
    provider.deliver(answer);
    provider.deliver(call);
    provider.deliver({ ...answer, text: 'Vector databases' });
    assert.equal(h.of('delivery').length, 4, 'each delivery is passed on at once');
    assert.equal(h.of('events').length, 0, 'nothing batched before 40 ms');
    h.timers.tick(FLUSH_MS - 1);
    assert.equal(h.of('events').length, 0);
    h.timers.tick(1);
    await settle();
    const [batch] = h.of('events');
    assert.equal(batch!.turnId, turnId);
    assert.deepEqual(
      batch!.events.map((x) => [x.id, x.kind === 'assistant_message' ? x.text : x.kind]),
      [
        [user.id, 'user_message'],
        [answer.id, 'Vector databases'],
        [call.id, 'tool_call'],
      ],
    );
    // The conversation's own turn holds the same, upserted.
    assert.deepEqual(
      h.chat.turns[0]!.events.map((x) => x.id),
      [user.id, answer.id, call.id],
    );

    // A later delivery goes in the next batch, alone.
    provider.deliver({ ...answer, text: 'Vector databases store embeddings.' });
    h.timers.tick(FLUSH_MS);
    await settle();
    assert.deepEqual(
      h.of('events')[1]!.events.map((x) => x.id),
      [answer.id],
    );

    // The end carries the whole reply: what still waited is dropped, its timer cleared.
    provider.deliver({ ...answer, text: 'Vector databases store embeddings. Done.' });
    assert.equal(h.timers.pending, 1);
    const final = [user, { ...call }, { ...answer, text: 'Vector databases store embeddings. Done.' }];
    provider.resolve({ sessionId: 'S1', runId: 'r1', events: final });
    const outcome = await sending;
    assert.equal(h.timers.pending, 0, 'the waiting batch was cancelled');
    h.timers.tick(FLUSH_MS);
    assert.equal(h.of('events').length, 2, 'no batch after the end');
    assert.equal(outcome.status, 'complete');
    const [end] = h.of('turnEnd');
    assert.deepEqual(end!.turn.events, final, 'the resolved result replaces what streamed');
    assert.deepEqual(summarize(outcome), {
      status: 'complete',
      sessionId: 'S1',
      events: 3,
      kinds: ['user_message', 'tool_call', 'assistant_message'],
      error: undefined,
    });
  });

  it("a token pasted into the first message is masked in the session's title (tab, Sessions view, remembered state)", async () => {
    const token = 'sk-live-7f3a9c2e41b8d605';
    const demo = new DemoProvider({ id: 'demo', kind: 'demo', label: 'Demo Sessions' }, { stepDelayMs: 0 });
    const t: ChatTarget = { connection: connection('demo', 'demo'), agentId: 'data-analyst', agentName: 'Data Analyst' };
    const h = harness(t, demo, { secrets: () => Promise.resolve(['other-secret-value', token]) });
    const outcome = await h.chat.send(`why is ${token} rejected?`);
    assert.equal(outcome.status, 'complete');
    const titles = [...h.of('session').map((c) => c.title), ...h.of('replied').map((c) => c.title), h.chat.target.sessionTitle ?? ''];
    assert.equal(titles.length, 3);
    for (const title of titles) {
      assert.deepEqual(pieces(token, title), [], `the title "${title}" holds a piece of the token`);
      assert.match(title, /^why is .+ rejected\?$/, 'the rest of the message still names the session');
    }
    // A chat whose SecretStorage cannot answer still starts, named after what it can show.
    const failing = harness({ ...t }, demo, { secrets: () => Promise.reject(new Error('keychain locked')) });
    assert.equal((await failing.chat.send('Bearer abcdef0123456789 please')).status, 'complete');
    assert.ok(!(failing.chat.target.sessionTitle ?? '').includes('abcdef0123456789'));
  });

  it('a new chat takes its session from the first reply: key, draft and title move with it, and the next send continues that session (demo provider)', async () => {
    const demo = new DemoProvider({ id: 'demo', kind: 'demo', label: 'Demo Sessions' }, { stepDelayMs: 0 });
    const t: ChatTarget = { connection: connection('demo', 'demo'), agentId: 'data-analyst', agentName: 'Data Analyst' };
    const h = harness(t, demo);
    assert.equal(h.chat.key, 'demo/data-analyst/new');
    assert.ok(h.chat.isBlank);

    const outcome = await h.chat.send('Which plans drive revenue and churn?\nsecond line');
    assert.equal(outcome.status, 'complete');
    const sessionId = (outcome as { sessionId: string }).sessionId;
    assert.ok(sessionId);
    // While the reply was being written, the user typed the next message: it stays with the chat.
    assert.equal(h.chat.key, `demo/data-analyst/${sessionId}`);
    const [session] = h.of('session');
    assert.deepEqual(session, {
      type: 'session',
      sessionId,
      title: 'Which plans drive revenue and churn?',
      from: 'demo/data-analyst/new',
      to: `demo/data-analyst/${sessionId}`,
    });
    assert.deepEqual(
      h.of('replied').map((r) => [r.sessionId, r.title, r.events.length]),
      [[sessionId, 'Which plans drive revenue and churn?', outcome.events.length]],
    );
    assert.deepEqual(
      h.changes.map((c) => c.type).filter((x) => x !== 'delivery' && x !== 'events'),
      ['turnStart', 'turnEnd', 'session', 'replied'],
    );
    assert.ok(!h.chat.isBlank);

    await h.chat.saveDraft('And by region?');
    assert.equal(h.drafts.get(`demo/data-analyst/${sessionId}`), 'And by region?');
    const again = await h.chat.send('And by region?');
    assert.equal(again.status, 'complete');
    assert.equal((again as { sessionId: string }).sessionId, sessionId, 'continuing went to another session');
    assert.equal(h.of('session').length, 1, 'the session is adopted once');
    assert.equal(h.drafts.get(`demo/data-analyst/${sessionId}`), '', 'a sent message leaves the draft');
    assert.equal((await demo.getSession('data-analyst', sessionId)).runs.length, 2);
    assert.equal(h.chat.turns.length, 2);
  });

  it('a draft typed in a new chat moves to its session when the first reply names it', async () => {
    const provider = new ScriptedProvider({ id: 'agno-1', kind: 'agno', label: 'Agno' });
    const h = harness(target('agno'), provider);
    const sending = h.chat.send('first');
    await settle();
    await h.chat.saveDraft('typed while it answered');
    provider.resolve({ sessionId: 'S9', events: [new EventBuilder('r1').assistant('ok')] });
    await sending;
    assert.equal(h.drafts.get('agno-1/agent-1/new'), '');
    assert.equal(h.drafts.get('agno-1/agent-1/S9'), 'typed while it answered');
    assert.equal(h.chat.draft, 'typed while it answered');
  });

  it('a send that failed before anything arrived leaves the conversation and gives the message back, before what was typed since', async () => {
    const provider = new ScriptedProvider({ id: 'agno-1', kind: 'agno', label: 'Agno' });
    const h = harness(target('agno'), provider);
    const sending = h.chat.send('Please keep this text');
    await settle();
    assert.equal(h.drafts.get('agno-1/agent-1/new'), '', 'the message left the draft while sending');
    await h.chat.saveDraft('typed meanwhile');
    provider.reject(new ProviderError('auth', 'Agno refused the token (401): set a new one.', { status: 401, action: 'setToken' }));
    const outcome = await sending;
    assert.equal(outcome.status, 'failed');
    assert.equal(outcome.status === 'failed' && outcome.action, 'setToken', 'the action reaches the panel (its Set Token… button)');
    assert.deepEqual(h.chat.turns, [], 'the failed turn left the conversation');
    const [end] = h.of('turnEnd');
    assert.equal(end!.restoreDraft, 'Please keep this text');
    assert.match(end!.error!, /401/);
    assert.equal(h.drafts.get('agno-1/agent-1/new'), 'Please keep this text\n\ntyped meanwhile');
    assert.equal(h.of('session').length + h.of('replied').length, 0);
    assert.ok(
      h.logs.some((l) => l.startsWith('warn Chat with Agent One (agno connection): the message was not answered:')),
      h.logs.join('\n'),
    );
    assert.ok(h.chat.isBlank);
  });

  it('a provider that cannot be created (no token) is a failed turn with its reason, not a throw', async () => {
    const h = harness(target('piper'), new ScriptedProvider({ id: 'p', kind: 'piper', label: 'P' }), {
      provider: () => Promise.reject(new ProviderError('auth', 'No token is stored for this connection: run "Set Token…".')),
    });
    const outcome = await h.chat.send('hello');
    assert.equal(outcome.status, 'failed');
    assert.match((outcome as { error: string }).error, /Set Token/);
    assert.equal(h.of('turnEnd')[0]!.restoreDraft, 'hello');
  });

  it('one reply at a time: a send while busy is refused and changes nothing', async () => {
    const provider = new ScriptedProvider({ id: 'agno-1', kind: 'agno', label: 'Agno' });
    const h = harness(target('agno'), provider, { texts: { busy: 'wait (localised)' } });
    const first = h.chat.send('one');
    await settle();
    assert.ok(h.chat.busy);
    const second = await h.chat.send('two');
    assert.deepEqual([second.status, (second as { error: string }).error], ['failed', 'wait (localised)']);
    assert.equal(h.chat.turns.length, 1);
    assert.equal(provider.requests.length, 1);
    provider.resolve({ sessionId: 'S', events: [] });
    await first;
    assert.ok(!h.chat.busy);
  });

  it("Stop aborts the provider's request, and so does the caller's own signal; the part that arrived is kept, marked interrupted", async () => {
    const provider = new ScriptedProvider({ id: 'agno-1', kind: 'agno', label: 'Agno' });
    const h = harness(target('agno', { sessionId: 'S' }), provider);
    const e = new EventBuilder('r1');
    const sending = h.chat.send('long question');
    await settle();
    const partial = e.assistant('Half an ans');
    provider.deliver(partial);
    h.chat.stop();
    assert.ok(provider.signal?.aborted, 'the provider was told to stop');
    provider.reject(new ProviderError('cancelled', 'Cancelled.'));
    const outcome = await sending;
    assert.equal(outcome.status, 'cancelled');
    assert.deepEqual(
      outcome.events.map((x) => x.kind === 'assistant_message' && x.interrupted),
      [true],
    );
    assert.equal(h.chat.turns[0]!.status, 'cancelled');

    const external = new AbortController();
    const next = h.chat.send('again', external.signal);
    await settle();
    external.abort();
    assert.ok(provider.signal?.aborted);
    provider.reject(new ProviderError('cancelled', 'Cancelled.'));
    assert.equal((await next).status, 'failed', 'nothing arrived before the stop');
    const before = new AbortController();
    before.abort();
    const late = h.chat.send('already stopped', before.signal);
    await settle();
    assert.ok(provider.signal?.aborted, 'a signal aborted before the send stops it at once');
    provider.reject(new ProviderError('cancelled', 'Cancelled.'));
    await late;
  });

  it('closing mid-reply stops the request and passes nothing more on', async () => {
    const provider = new ScriptedProvider({ id: 'agno-1', kind: 'agno', label: 'Agno' });
    const h = harness(target('agno'), provider);
    const sending = h.chat.send('q');
    await settle();
    provider.deliver(new EventBuilder('r1').assistant('a'));
    h.chat.dispose();
    assert.ok(provider.signal?.aborted);
    assert.equal(h.timers.pending, 0);
    const seen = h.changes.length;
    provider.reject(new ProviderError('cancelled', 'Cancelled.'));
    await sending;
    assert.equal(h.changes.length, seen, 'a closed conversation tells no one');
  });

  it('says who is sending from the settings, per platform; a value of the wrong shape is not sent', async () => {
    for (const [kind, settings, expected] of [
      ['piper', { 'piper.profileMetadata': { user_name: 'Ada' } }, { profileMetadata: { user_name: 'Ada' } }],
      ['piper', { 'piper.profileMetadata': ['not', 'an', 'object'] }, { profileMetadata: undefined }],
      ['agno', { 'agno.userId': '  ada@example.com ' }, { userId: 'ada@example.com' }],
      ['agno', { 'agno.userId': 42 }, { userId: undefined }],
      ['foundry', { 'agno.userId': 'ada', 'piper.profileMetadata': { a: 1 } }, {}],
    ] as const) {
      const provider = new ScriptedProvider({ id: 'x', kind, label: kind });
      const h = harness(target(kind), provider);
      Object.assign(h.settings, settings);
      const sending = h.chat.send('hi');
      await settle();
      provider.resolve({ sessionId: 'S', events: [] });
      await sending;
      const { agentId, sessionId, message, ...identity } = provider.requests[0]!;
      assert.deepEqual([agentId, sessionId, message], ['agent-1', undefined, 'hi']);
      assert.deepEqual(identity, expected, `${kind} ${JSON.stringify(settings)}`);
    }
  });

  it('an empty message is sent only where the platform greets (Piper, the demo)', () => {
    const accepts = (kind: StoredConnection['kind'], text: string) =>
      new Conversation(target(kind), {
        provider: () => Promise.reject(new Error('unused')),
        settings: () => ({ get: () => undefined }),
      }).accepts(text);
    assert.deepEqual(
      [accepts('piper', ''), accepts('demo', ' \n'), accepts('agno', ''), accepts('foundry', '  '), accepts('agno', 'hi')],
      [true, true, false, false, true],
    );
  });

  it("loads the session's earlier runs as turns before one sent meanwhile, and the session's title; a failed load says why and can be retried", async () => {
    const demo = new DemoProvider({ id: 'demo', kind: 'demo', label: 'Demo Sessions' }, { stepDelayMs: 0 });
    const [summary] = (await demo.listSessions('data-analyst', undefined, 1)).items;
    const stored = await demo.getSession('data-analyst', summary!.id);
    const h = harness(
      { connection: connection('demo', 'demo'), agentId: 'data-analyst', agentName: 'Data Analyst', sessionId: stored.id },
      demo,
    );
    const loading = h.chat.loadHistory();
    assert.equal(h.chat.history.state, 'loading');
    await loading;
    assert.equal(h.chat.history.state, 'loaded');
    const [history] = h.of('history');
    assert.deepEqual(
      history!.turns.map((t) => [t.id, t.events.length]),
      stored.runs.map((r) => [`history-${r.id}`, r.events.length]),
    );
    assert.equal(history!.title, stored.title);
    assert.equal(h.chat.target.sessionTitle, stored.title);
    assert.equal(h.chat.event(stored.runs[0]!.events[0]!.id)?.id, stored.runs[0]!.events[0]!.id, 'Show raw JSON finds a history event');

    let fail = true;
    const flaky = new ScriptedProvider({ id: 'agno-1', kind: 'agno', label: 'Agno' });
    flaky.getSession = () => {
      if (fail) throw new ProviderError('network', 'Could not reach Agno at 127.0.0.1: is it running?');
      return stored as never;
    };
    const f = harness(target('agno', { sessionId: 'S1', sessionTitle: 'Mine' }), flaky);
    await f.chat.loadHistory();
    assert.deepEqual(f.chat.history, { state: 'failed', error: 'Could not reach Agno at 127.0.0.1: is it running?' });
    assert.deepEqual(
      f.of('history').map((x) => [x.turns.length, x.error]),
      [[0, 'Could not reach Agno at 127.0.0.1: is it running?']],
    );
    fail = false;
    await f.chat.loadHistory();
    assert.deepEqual(f.chat.history, { state: 'loaded' });
    assert.equal(f.of('history')[1]!.title, undefined, 'a title the user already has is kept');
    assert.equal(f.chat.target.sessionTitle, 'Mine');
  });

  it("continuing a paused run: a refusal keeps the turn as it was with the decisions for Retry; a continue replaces the turn's events with the stored run", async () => {
    const provider = new ScriptedProvider({ id: 'agno-1', kind: 'agno', label: 'Agno' });
    const h = harness(target('agno', { sessionId: 'S' }), provider, { texts: { notContinued: (e) => `did not continue: ${e}` } });
    const e = new EventBuilder('r1');
    const paused = [e.user('delete the file'), e.toolCall('delete', { path: 'a.txt' })];
    const sending = h.chat.send('delete the file');
    await settle();
    provider.resolve({ sessionId: 'S', runId: 'r1', events: paused });
    await sending;
    const turn = h.chat.turns[0]!;
    const decisions = [{ callId: 'c1', outcome: 'approved' as const }];

    assert.deepEqual(await h.chat.continueRun('nope', 'r1', decisions), {
      status: 'failed',
      events: 0,
      kinds: [],
      error: 'That reply is no longer in this chat.',
    });

    const refused = h.chat.continueRun(turn.id, 'r1', decisions);
    await settle();
    assert.deepEqual(
      h.of('turnResume').map((x) => x.decisions),
      [decisions],
    );
    provider.reject(new ProviderError('server', 'AgentOS answered 500.'));
    const r1 = await refused;
    assert.equal(r1.status, 'failed');
    assert.deepEqual(
      [turn.status, turn.events, turn.error, turn.decisions],
      ['complete', paused, 'did not continue: AgentOS answered 500.', decisions],
    );
    assert.deepEqual(h.of('turnEnd').at(-1)!.decisions, decisions);
    assert.equal(provider.continues[0]!.runId, 'r1');

    const going = h.chat.continueRun(turn.id, 'r1', decisions);
    await settle();
    provider.deliver(e.assistant('Deleted'));
    const stored = [...paused, e.toolResult('ok'), e.assistant('Deleted a.txt.')];
    provider.resolve({ sessionId: 'S', runId: 'r1', events: stored });
    const r2 = await going;
    assert.deepEqual([r2.status, r2.sessionId, r2.events], ['complete', 'S', 4]);
    assert.deepEqual([turn.events, turn.decisions, turn.error], [stored, undefined, undefined]);
    assert.equal(h.of('replied').at(-1)!.events, stored, 'the tree and inspectors learn of the continued run');
  });

  it('a listener that throws is logged and the conversation carries on', async () => {
    const demo = new DemoProvider({ id: 'demo', kind: 'demo', label: 'Demo Sessions' }, { stepDelayMs: 0 });
    const h = harness({ connection: connection('demo', 'demo'), agentId: 'data-analyst', agentName: 'Data Analyst' }, demo);
    h.chat.onChange((c) => {
      if (c.type === 'turnEnd') throw new Error('the page is gone');
    });
    const outcome = await h.chat.send('hello');
    assert.equal(outcome.status, 'complete');
    assert.ok(
      h.logs.some((l) => l === 'warn Chat: handling turnEnd failed: the page is gone'),
      h.logs.join('\n'),
    );
    assert.equal(h.of('replied').length, 1);
  });
});

describe('upsertEvent: one delivery rule for the chat (host and page) and a live inspector', () => {
  it('keeps one event per id in first-arrival order, each the latest delivered', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: fc.constantFrom('a', 'b', 'c', 'd', 'e'), v: fc.integer() }), { maxLength: 60 }),
        (deliveries) => {
          const list: Array<{ id: string; v: number }> = [];
          for (const d of deliveries) upsertEvent(list, d);
          const firstSeen = [...new Set(deliveries.map((d) => d.id))];
          assert.deepEqual(
            list.map((x) => x.id),
            firstSeen,
          );
          for (const x of list) assert.equal(x, deliveries.filter((d) => d.id === x.id).at(-1));
        },
      ),
    );
  });
});
