// Chatting with an Agno agent through the simulator's AgentOS: POST /agents/{id}/runs streamed as
// server-sent events, mapped event by event. What the stream delivers, what the call returns and
// what the session then holds must agree; Stop, a broken stream and failed sends keep what the
// user needs (the partial reply, a clear error, the message never sent twice).
import assert from 'node:assert/strict';
import { SessionSchema, type SessionEvent } from '../../src/model';
import { createProvider, isCancelled, partialReply, type SendMessageResult, type SessionProvider } from '../../src/providers';
import { connectionFor, fastOptions, hits, useSimulator } from '../simulator/testing';
import { rejects as failure, ofKind, type Of } from './helpers';

/** What a chat view keeps: every delivery in order, and the latest version of each event by id. */
class Collector {
  readonly deliveries: SessionEvent[] = [];
  readonly latest = new Map<string, SessionEvent>();
  readonly onEvent = (e: SessionEvent) => {
    this.deliveries.push(e);
    this.latest.set(e.id, e);
  };
  /** The events as a view shows them: in order of first delivery, each at its latest. */
  view(): SessionEvent[] {
    return [...this.latest.values()];
  }
}

describe('Agno chat (POST /agents/{id}/runs, server-sent events, against the simulator)', () => {
  const env = useSimulator();
  let provider: SessionProvider;

  beforeEach(() => {
    provider = createProvider(connectionFor(env.sim, 'agno'), env.sim.token, fastOptions(env.log));
  });

  it('streams a run event by event: the question, reasoning, tool calls with arguments, the Python step and a growing answer', async () => {
    const c = new Collector();
    const result = await provider.sendMessage!({ agentId: 'research-agent', message: 'Summarise agent papers' }, c.onEvent);
    assert.ok(result.sessionId && result.runId);
    // What a view holds once the stream is over: the latest delivery of each event.
    const events = c.view();
    assert.deepEqual(
      events.filter((e) => e.kind !== 'other').map((e) => e.kind),
      [
        'user_message',
        'model_call',
        'reasoning',
        'tool_call',
        'tool_call',
        'tool_result',
        'tool_result',
        'model_call',
        'assistant_message',
      ],
    );
    assert.equal(ofKind(events, 'user_message')[0]!.text, 'Summarise agent papers');
    const [search, python] = ofKind(events, 'tool_call');
    assert.deepEqual([search!.name, search!.arguments], ['web_search', { query: 'Summarise agent papers', max_results: 3 }]);
    assert.equal(python!.name, 'run_python');
    assert.match((python!.arguments as { code: string }).code, /print\(/);
    const printed = ofKind(events, 'tool_result').find((r) => r.callId === python!.callId)!;
    assert.equal(printed.result, 'total=2580 mean=860.0');
    assert.match(ofKind(events, 'reasoning')[0]!.text, /^The user asked about "Summarise agent papers"\. Search first/);
    const answer = ofKind(events, 'assistant_message')[0]!;
    assert.match(answer.text, /^\*\*Here is what I found\*\* for "Summarise agent papers":[\s\S]*2 sources ✅[\s\S]*détails\.$/);
    assert.equal(answer.interrupted, undefined);
    // Every event belongs to the run; the types agno has no kind for are kept as "other".
    assert.ok(events.every((e) => e.runId === result.runId));
    assert.deepEqual([...new Set(ofKind(events, 'other').map((e) => e.type))].sort(), ['RunContentCompleted', 'RunStarted']);

    // The answer grew under one id, one word at a time, each delivery holding the whole text so far.
    const growth = c.deliveries.filter((e): e is Of<'assistant_message'> => e.kind === 'assistant_message');
    assert.ok(growth.length > 10, `the answer arrived in ${growth.length} deliveries`);
    assert.ok(growth.every((g) => g.id === answer.id));
    for (let i = 1; i < growth.length; i++)
      assert.ok(
        growth[i]!.text.startsWith(growth[i - 1]!.text) && growth[i]!.text.length >= growth[i - 1]!.text.length,
        `delivery ${i} extends the one before`,
      );
    assert.equal(growth.at(-1)!.text, answer.text);
    // Reasoning grew the same way; it came before the first tool call.
    const thinking = c.deliveries.filter((e) => e.kind === 'reasoning');
    assert.ok(thinking.length > 3 && new Set(thinking.map((t) => t.id)).size === 1);
    assert.ok(c.deliveries.indexOf(thinking[0]!) < c.deliveries.findIndex((e) => e.kind === 'tool_call'));
    // Tokens: the per-request counts of ModelRequestCompleted, not the run total again on the answer.
    const requests = ofKind(events, 'model_call');
    assert.equal(requests.length, 2);
    assert.ok(requests.every((r) => r.tokens?.input && r.tokens.output));
    assert.equal(answer.tokens, undefined);
    assert.equal(answer.latencyMs, undefined, "the run's wall time is not the answer's latency");
    assert.equal(env.sim.requests.filter((r) => r.method === 'POST').length, 1);
  });

  it('ends with the run the session then holds (GET /sessions/{id}/runs), which agrees with what streamed; the session is listed', async () => {
    const c = new Collector();
    const result = await provider.sendMessage!({ agentId: 'sql-agent', message: 'Revenue by region, and fail one tool' }, c.onEvent);
    const session = await provider.getSession('sql-agent', result.sessionId);
    assert.doesNotThrow(() => SessionSchema.parse(session));
    assert.equal(session.runs.length, 1);
    const stored = session.runs[0]!;
    assert.equal(stored.id, result.runId);
    // The result is the stored run, exactly as the inspector will show it (the system prompt included).
    assert.deepEqual(result.events, stored.events);
    assert.equal(ofKind(result.events, 'system_message').length, 1);
    // And what streamed says the same: texts, calls, results, tokens.
    const streamed = c.view();
    const texts = (list: SessionEvent[], kind: 'user_message' | 'assistant_message' | 'reasoning') => ofKind(list, kind).map((e) => e.text);
    assert.deepEqual(texts(stored.events, 'user_message'), texts(streamed, 'user_message'));
    assert.deepEqual(texts(stored.events, 'assistant_message'), texts(streamed, 'assistant_message'));
    assert.deepEqual(texts(stored.events, 'reasoning'), texts(streamed, 'reasoning'));
    const calls = (list: SessionEvent[]) => ofKind(list, 'tool_call').map((c) => [c.callId, c.name, c.arguments]);
    assert.deepEqual(calls(stored.events), calls(streamed));
    const results = (list: SessionEvent[]) =>
      ofKind(list, 'tool_result').map((r) => [r.callId, r.name, r.result, r.isError === true, r.latencyMs]);
    assert.deepEqual(results(stored.events), results(streamed));
    // The failing tool: reported as completed with an error, then as ToolCallError — one result.
    assert.deepEqual(
      ofKind(streamed, 'tool_result')
        .filter((r) => r.isError)
        .map((r) => r.name),
      ['read_url'],
    );
    // The same token counts, request by request.
    const tokens = (list: SessionEvent[]) => list.filter((e) => e.tokens).map((e) => e.tokens);
    assert.deepEqual(tokens(stored.events), tokens(streamed));
    assert.equal(stored.status, 'COMPLETED');

    const listed = await provider.listSessions('sql-agent', undefined, 5);
    assert.equal(listed.items[0]!.id, result.sessionId, 'the new session is the newest');
  });

  it('when the stored run cannot be read back, the streamed events are the result', async () => {
    env.sim.setFault({ match: '/agno/sessions/', method: 'GET', fault: { kind: 'status', status: 503 } });
    const c = new Collector();
    const result = await provider.sendMessage!({ agentId: 'research-agent', message: 'Read back fails' }, c.onEvent);
    assert.deepEqual(result.events, c.view());
    assert.equal(ofKind(result.events, 'system_message').length, 0, 'not the stored run');
    assert.match(env.log.text(), /could not read back run .*; showing the streamed events/);
  });

  it('continues a session: session_id goes in the form, the session gains a run', async () => {
    const first = await provider.sendMessage!({ agentId: 'basic-agent', message: 'hello' }, () => {});
    const second = await provider.sendMessage!({ agentId: 'basic-agent', sessionId: first.sessionId, message: 'and again' }, () => {});
    assert.equal(second.sessionId, first.sessionId);
    assert.notEqual(second.runId, first.runId);
    const session = await provider.getSession('basic-agent', first.sessionId);
    assert.deepEqual(
      session.runs.map((r) => r.id),
      [first.runId, second.runId],
    );
    assert.deepEqual(
      ofKind(second.events, 'assistant_message').map((e) => e.text),
      ['You said: and again. Here is a short answer — naïve but ✅ complete.'],
    );
    const posts = env.sim.requests.filter((r) => r.method === 'POST');
    assert.deepEqual(
      posts.map((r) => r.path),
      ['/agno/agents/basic-agent/runs', '/agno/agents/basic-agent/runs'],
    );
  });

  it('sends the user id when one is set, and agno files the session under that user', async () => {
    const result = await provider.sendMessage!({ agentId: 'basic-agent', message: 'hello', userId: 'ada@example.com' }, () => {});
    const post = env.sim.requests.find((r) => r.method === 'POST')!;
    assert.equal(new URLSearchParams(post.body!).get('user_id'), 'ada@example.com');
    const session = await provider.getSession('basic-agent', result.sessionId);
    assert.equal(session.metadata?.user_id, 'ada@example.com');
    env.sim.clearRequests();
    await provider.sendMessage!({ agentId: 'basic-agent', message: 'hello' }, () => {});
    assert.ok(!new URLSearchParams(env.sim.requests.find((r) => r.method === 'POST')!.body!).has('user_id'), 'no user id set: none sent');
  });

  it('chats with a team through /teams/{id}/runs (Team-prefixed events)', async () => {
    const result = await provider.sendMessage!({ agentId: 'research-team', message: 'Who wrote it?' }, () => {});
    assert.ok(env.sim.requests.some((r) => r.method === 'POST' && r.path === '/agno/teams/research-team/runs'));
    assert.equal(ofKind(result.events, 'tool_call').length, 2);
    assert.match(ofKind(result.events, 'assistant_message')[0]!.text, /Who wrote it\?/);
    assert.ok(ofKind(result.events, 'other').some((e) => e.type === 'TeamRunStarted'));
  });

  it('an agent that fails midway (RunError) answers with an error event; the message was delivered', async () => {
    const result = await provider.sendMessage!({ agentId: 'basic-agent', message: 'error please' }, () => {});
    const [error] = ofKind(result.events, 'error');
    assert.ok(error, 'an error event');
    assert.equal(error.code, 'ModelProviderError');
    assert.match(error.message, /Simulated model failure/);
    const [answer] = ofKind(result.events, 'assistant_message');
    assert.equal(answer!.text, 'Let me look into that… ');
    assert.equal(answer!.interrupted, true, 'the answer the failure cut short');
    const stored = (await provider.getSession('basic-agent', result.sessionId)).runs[0]!;
    assert.equal(stored.status, 'ERROR');
  });

  it('Stop aborts the stream: the server sees the client leave, the partial reply comes with the cancellation', async () => {
    const controller = new AbortController();
    const c = new Collector();
    const pending = provider.sendMessage!(
      { agentId: 'basic-agent', message: 'slow answer please, with many words to stream' },
      (e) => {
        c.onEvent(e);
        // Stop once the answer is a few words long.
        if (e.kind === 'assistant_message' && e.text.length > 30) controller.abort();
      },
      controller.signal,
    );
    const e = await failure(pending);
    assert.ok(isCancelled(e));
    const partial = partialReply(e)!;
    assert.ok(partial, 'the partial reply is on the error');
    assert.equal(partial.incomplete, true);
    const answer = ofKind(partial.events, 'assistant_message')[0]!;
    assert.equal(answer.interrupted, true);
    assert.ok(answer.text.startsWith('You said: slow answer please'), answer.text);
    assert.ok(!answer.text.includes('complete.'), 'the answer stopped early');
    assert.deepEqual(c.latest.get(answer.id), answer, 'the view got the interrupted answer too');
    const seen = await env.sim.waitForRequest((r) => r.path.endsWith('/runs') && r.method === 'POST' && r.clientClosed, 2000);
    assert.ok(seen.done);
    // Stop also asks the server to cancel the run (for runs that outlive their client).
    await env.sim.waitForRequest((r) => r.path === `/agno/agents/basic-agent/runs/${partial.runId}/cancel`, 2000);
    // AgentOS keeps the cancelled run with what was said.
    const session = await provider.getSession('basic-agent', partial.sessionId);
    assert.equal(session.runs[0]!.status, 'CANCELLED');
  });

  it('a stream that breaks midway (socket dropped) keeps the partial reply, marked incomplete, and offers Retry', async () => {
    env.sim.setFault({ match: '/runs', method: 'POST', times: 1, fault: { kind: 'breakStream', afterBytes: 4000 } });
    const c = new Collector();
    const e = await failure(provider.sendMessage!({ agentId: 'research-agent', message: 'Summarise agent papers' }, c.onEvent));
    assert.equal(e.code, 'network');
    assert.equal(e.details?.action, 'retry');
    assert.match(e.message, /dropped before Agno AgentOS finished answering/);
    const partial = partialReply(e) as SendMessageResult;
    assert.equal(partial.incomplete, true);
    assert.ok(partial.sessionId && partial.runId);
    assert.ok(partial.events.length >= 3, `${partial.events.length} events kept`);
    assert.deepEqual(c.view(), partial.events, 'what was delivered is what the partial holds');
    assert.equal(hits(env.sim, '/runs'), 1, 'never re-sent');
  });

  it('a body that ends cleanly before the run finished is an incomplete reply too', async () => {
    env.sim.setFault({ match: '/runs', method: 'POST', times: 1, fault: { kind: 'truncate' } });
    const e = await failure(provider.sendMessage!({ agentId: 'basic-agent', message: 'hello' }, () => {}));
    assert.equal(e.code, 'network');
    const partial = partialReply(e);
    assert.ok(partial?.incomplete);
  });

  it('never retries the POST: a 500 is one request and a clear server error, with nothing partial', async () => {
    env.sim.setFault({ match: '/runs', method: 'POST', fault: { kind: 'status', status: 500 } });
    const e = await failure(
      provider.sendMessage!({ agentId: 'basic-agent', message: 'hello' }, () => assert.fail('no event without an answer')),
    );
    assert.equal(e.code, 'server');
    assert.equal(e.details?.action, 'retry');
    assert.equal(partialReply(e), undefined);
    assert.equal(hits(env.sim, '/runs'), 1);
  });

  it('a dropped connection before any answer is a network error, not retried', async () => {
    env.sim.setFault({ match: '/runs', method: 'POST', fault: { kind: 'drop' } });
    const e = await failure(provider.sendMessage!({ agentId: 'basic-agent', message: 'hello' }, () => {}));
    assert.equal(e.code, 'network');
    assert.equal(partialReply(e), undefined);
    assert.equal(hits(env.sim, '/runs'), 1);
  });

  it('a wrong key is an auth error offering Set Token…, without the key in the message', async () => {
    const wrong = createProvider(connectionFor(env.sim, 'agno'), 'wrong-key-123456', fastOptions(env.log));
    const e = await failure(wrong.sendMessage!({ agentId: 'basic-agent', message: 'hello' }, () => {}));
    assert.equal(e.code, 'auth');
    assert.equal(e.details?.action, 'setToken');
    assert.ok(!e.message.includes('wrong-key-123456'));
    assert.ok(!env.log.text().includes('wrong-key-123456'));
  });

  it('an unknown agent is a clear 404; an empty message is refused before sending', async () => {
    const e = await failure(provider.sendMessage!({ agentId: 'nobody', message: 'hello' }, () => {}));
    assert.equal(e.code, 'not_found');
    env.sim.clearRequests();
    const empty = await failure(provider.sendMessage!({ agentId: 'basic-agent', message: '  ' }, () => {}));
    assert.equal(empty.code, 'validation');
    assert.equal(hits(env.sim, '/runs'), 0);
  });

  it('a stream that goes silent longer than the idle limit times out, keeping what arrived', async () => {
    const impatient = createProvider(connectionFor(env.sim, 'agno'), env.sim.token, fastOptions(env.log, { streamIdleTimeoutMs: 200 }));
    env.sim.setFault({ match: '/runs', method: 'POST', times: 1, fault: { kind: 'stallStream', afterBytes: 1500 } });
    const started = Date.now();
    const e = await failure(impatient.sendMessage!({ agentId: 'research-agent', message: 'Summarise agent papers' }, () => {}));
    assert.equal(e.code, 'timeout');
    assert.match(e.message, /stopped sending its answer: nothing arrived for 0\.2 s/);
    assert.ok(Date.now() - started < 3000);
    assert.ok(partialReply(e)?.incomplete);
    await env.sim.waitForRequest((r) => r.path.endsWith('/runs') && r.clientClosed, 2000);
  });
});
