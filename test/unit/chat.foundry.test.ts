// Chatting with a Foundry AIP agent through the simulator: a session is created when none is
// given, streamingContinue streams the markdown as it is written (the answer grows in place), and
// the stored exchange with its trace completes the reply. Stop cancels by message id; a broken
// stream keeps its partial answer; failures are clear and never re-sent.
import assert from 'node:assert/strict';
import type { SessionEvent } from '../../src/model';
import { createdSessionOf, createProvider, isCancelled, partialReply, type SessionProvider } from '../../src/providers';
import { runTurn } from '../../src/chat/runTurn';
import { FOUNDRY_AGENTS } from '../simulator/data/foundry';
import { connectionFor, fastOptions, hits, useSimulator } from '../simulator/testing';
import { rejects as failure, ofKind, type Of } from './helpers';

const AGENT = FOUNDRY_AGENTS[1]!.rid;

describe('Foundry chat (streamingContinue, against the simulator)', () => {
  const env = useSimulator();
  let provider: SessionProvider;

  beforeEach(() => {
    provider = createProvider(connectionFor(env.sim, 'foundry'), env.sim.token, fastOptions(env.log));
  });
  afterEach(function () {
    for (const r of env.sim.requests) assert.match(r.query, /[?&]preview=true(&|$)/, `${r.path} without preview=true`);
  });

  it('creates a session, streams the answer as it is written, then adds the steps behind it from the trace', async () => {
    const deliveries: SessionEvent[] = [];
    const result = await provider.sendMessage!({ agentId: AGENT, message: 'Revenue by region?' }, (e) => deliveries.push(e));

    // A new session first, then the streamed continue with the message id, then the read-back.
    const posts = env.sim.requests.filter((r) => r.method === 'POST');
    assert.deepEqual(
      posts.map((r) => r.path.split('/').pop()),
      ['sessions', 'streamingContinue'],
    );
    const sent = JSON.parse(posts[1]!.body!) as { userInput: { text: string }; parameterInputs: unknown; messageId: string };
    assert.deepEqual(sent.userInput, { text: 'Revenue by region?' });
    assert.deepEqual(sent.parameterInputs, {});
    assert.match(sent.messageId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(posts[1]!.path.includes(encodeURIComponent(result.sessionId)) || posts[1]!.path.includes(result.sessionId));

    // Streamed: the question, then one answer growing under one id, token by token.
    assert.equal(deliveries[0]!.kind, 'user_message');
    const growth = deliveries.filter((e): e is Of<'assistant_message'> => e.kind === 'assistant_message');
    assert.ok(growth.length > 10, `${growth.length} deliveries of the answer`);
    assert.equal(new Set(growth.map((g) => g.id)).size, 1);
    for (let i = 1; i < growth.length; i++) assert.ok(growth[i]!.text.startsWith(growth[i - 1]!.text));
    const streamedText = growth.at(-1)!.text;
    assert.match(streamedText, /^\*\*You asked:\*\* Revenue by region\?[\s\S]*1\.2M €[\s\S]*Total ≈ 2\.15M €/);

    // The result: the stored exchange with its trace — reasoning, a query with its inputs, the code and its printed output.
    const events = result.events;
    assert.deepEqual(
      events.map((e) => e.kind),
      ['user_message', 'reasoning', 'tool_call', 'tool_result', 'reasoning', 'code_execution', 'assistant_message'],
    );
    const call = ofKind(events, 'tool_call')[0]!;
    assert.deepEqual(
      [call.name, call.toolType, call.arguments],
      ['Order revenue', 'OBJECT_QUERY', { objectType: 'Order', filter: 'text ~ "Revenue by region?"' }],
    );
    const code = ofKind(events, 'code_execution')[0]!;
    assert.equal(code.language, 'python');
    assert.match(code.code, /print\(f"total=/);
    assert.equal(code.output, `total=2.15M, question length=${'Revenue by region?'.length}`);
    const answer = ofKind(events, 'assistant_message')[0]!;
    assert.equal(answer.text, streamedText, 'the stored answer is what streamed');
    assert.ok((answer.tokens?.total ?? 0) > 0);

    // And exactly what opening the session shows, ids included.
    const session = await provider.getSession(AGENT, result.sessionId);
    assert.equal(session.title, 'Revenue by region?');
    const stored = session.runs.at(-1)!;
    assert.equal(stored.id, result.runId);
    assert.deepEqual(stored.events, events);

    // The new session is listed first.
    const listed = await provider.listSessions(AGENT, undefined, 3);
    assert.equal(listed.items[0]!.id, result.sessionId);
  });

  it('continues a given session without creating one', async () => {
    const first = await provider.sendMessage!({ agentId: AGENT, message: 'First question' }, () => {});
    env.sim.clearRequests();
    const second = await provider.sendMessage!({ agentId: AGENT, sessionId: first.sessionId, message: 'Second question' }, () => {});
    assert.equal(second.sessionId, first.sessionId);
    assert.ok(!env.sim.requests.some((r) => r.method === 'POST' && r.path.endsWith('/sessions')));
    const session = await provider.getSession(AGENT, first.sessionId);
    assert.deepEqual(
      session.runs.map((r) => r.id),
      [first.runId, second.runId],
    );
  });

  it('Stop aborts the stream and sends …/cancel with the message id; the partial answer is kept, interrupted', async () => {
    const controller = new AbortController();
    const deliveries: SessionEvent[] = [];
    const pending = provider.sendMessage!(
      { agentId: AGENT, message: 'slow answer please' },
      (e) => {
        deliveries.push(e);
        if (e.kind === 'assistant_message' && e.text.length > 20) controller.abort();
      },
      controller.signal,
    );
    const e = await failure(pending);
    assert.ok(isCancelled(e));
    const partial = partialReply(e)!;
    assert.equal(partial.incomplete, true);
    const answer = ofKind(partial.events, 'assistant_message')[0]!;
    assert.equal(answer.interrupted, true);
    assert.ok(answer.text.startsWith('**You asked:** slow'), answer.text);
    assert.ok(!answer.text.includes('Total'), 'stopped early');
    assert.deepEqual(deliveries.at(-1), answer, 'the view got the interrupted answer');

    const streamReq = env.sim.requests.find((r) => r.path.endsWith('/streamingContinue'))!;
    const messageId = (JSON.parse(streamReq.body!) as { messageId: string }).messageId;
    const cancel = env.sim.requests.find((r) => r.path.endsWith('/cancel'));
    assert.ok(cancel, 'a cancel request was sent');
    assert.deepEqual(
      JSON.parse(cancel.body!),
      { messageId, response: answer.text },
      'what was said goes with the cancel, so Foundry stores it',
    );
    assert.ok(cancel.path.includes(encodeURIComponent(partial.sessionId)) || cancel.path.includes(partial.sessionId));
    await env.sim.waitForRequest((r) => r.path.endsWith('/streamingContinue') && r.clientClosed, 2000);

    // Foundry keeps the exchange, cut short.
    await new Promise((r) => setTimeout(r, 50));
    const session = await provider.getSession(AGENT, partial.sessionId);
    const last = ofKind(session.runs.at(-1)!.events, 'assistant_message')[0]!;
    assert.equal(last.interrupted, true);
    assert.equal(last.text, answer.text, 'stored as the chat showed it');
  });

  it('a stream broken inside a multi-byte character keeps the text before it, marked incomplete', async () => {
    // "€" is 3 bytes: cut right after its first byte.
    const upToEuro = Buffer.byteLength(
      '**You asked:** Break it\n\nI looked the orders up and ran a short Python step:\n\n| region | revenue |\n| --- | --- |\n| EMEA | 1.2M ',
    );
    env.sim.setFault({ match: '/streamingContinue', times: 1, fault: { kind: 'breakStream', afterBytes: upToEuro + 1 } });
    const e = await failure(provider.sendMessage!({ agentId: AGENT, message: 'Break it' }, () => {}));
    assert.equal(e.code, 'network');
    assert.equal(e.details?.action, 'retry');
    const partial = partialReply(e)!;
    assert.equal(partial.incomplete, true);
    const answer = ofKind(partial.events, 'assistant_message')[0]!;
    assert.equal(answer.interrupted, true);
    assert.ok(answer.text.startsWith('**You asked:** Break it\n\nI looked the orders up'), answer.text);
    // The half of "€" that arrived is dropped, not shown as a broken character.
    assert.ok(answer.text.endsWith('| EMEA | 1.2M '), JSON.stringify(answer.text.slice(-20)));
    assert.equal(hits(env.sim, '/streamingContinue'), 1, 'never re-sent');
  });

  it('an agent failure ("error please") is a clear error with Foundry\'s name for it, nothing partial', async () => {
    const e = await failure(
      provider.sendMessage!({ agentId: AGENT, message: 'error please' }, () => assert.fail('no event without a reply')),
    );
    assert.equal(e.code, 'validation');
    assert.match(e.message, /AgentIterationsExceededLimit/);
    assert.equal(partialReply(e), undefined);
  });

  it('never retries the POSTs: a 500 on the continue is one request; a failed session creation sends nothing more', async () => {
    env.sim.setFault({ match: '/streamingContinue', fault: { kind: 'status', status: 500 } });
    const e = await failure(provider.sendMessage!({ agentId: AGENT, message: 'hi' }, () => {}));
    assert.equal(e.code, 'server');
    assert.equal(hits(env.sim, '/streamingContinue'), 1);
    env.sim.clearFaults();
    env.sim.clearRequests();
    env.sim.setFault({ match: '/sessions', method: 'POST', fault: { kind: 'status', status: 503 } });
    const created = await failure(provider.sendMessage!({ agentId: AGENT, message: 'hi' }, () => {}));
    assert.equal(created.code, 'server');
    assert.deepEqual(
      env.sim.requests.map((r) => r.path.split('/').pop()),
      ['sessions'],
    );
  });

  it('a send that fails after creating its session names that session, and the retry continues it instead of creating another', async () => {
    env.sim.setFault({ match: '/streamingContinue', times: 1, fault: { kind: 'status', status: 500 } });
    const e = await failure(provider.sendMessage!({ agentId: AGENT, message: 'hi' }, () => {}));
    const created = createdSessionOf(e);
    assert.ok(created, 'the failure names the session it created');
    assert.equal(partialReply(e), undefined, 'nothing of the reply arrived');
    // What the chat panel does with it: the failed turn carries the session, the retry goes there.
    env.sim.clearRequests();
    env.sim.setFault({ match: '/streamingContinue', times: 1, fault: { kind: 'status', status: 500 } });
    const failed = await runTurn(provider, { agentId: AGENT, message: 'hi' }, { onEvent: () => {} }, new AbortController().signal);
    assert.equal(failed.status, 'failed');
    const sessionId = (failed as { sessionId?: string }).sessionId;
    assert.ok(sessionId);
    const retried = await runTurn(
      provider,
      { agentId: AGENT, sessionId, message: 'hi' },
      { onEvent: () => {} },
      new AbortController().signal,
    );
    assert.equal(retried.status, 'complete');
    assert.equal(retried.status === 'complete' && retried.sessionId, sessionId);
    assert.equal(
      env.sim.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/sessions')).length,
      1,
      'one session created for the failed send and its retry',
    );
    // A session that was given is not "created": its failure names none.
    env.sim.setFault({ match: '/streamingContinue', times: 1, fault: { kind: 'status', status: 500 } });
    assert.equal(createdSessionOf(await failure(provider.sendMessage!({ agentId: AGENT, sessionId, message: 'hi' }, () => {}))), undefined);
  });

  it('when the trace cannot be read, the answer stays and an error event says why', async () => {
    env.sim.setFault({ match: '/sessionTraces/', fault: { kind: 'status', status: 500 } });
    const result = await provider.sendMessage!({ agentId: AGENT, message: 'No trace' }, () => {});
    assert.deepEqual(
      result.events.map((e) => e.kind),
      ['user_message', 'error', 'assistant_message'],
    );
    assert.match(ofKind(result.events, 'error')[0]!.message, /could not be loaded/);
  });

  it('an empty message is refused before any request', async () => {
    const e = await failure(provider.sendMessage!({ agentId: AGENT, message: '' }, () => {}));
    assert.equal(e.code, 'validation');
    assert.equal(env.sim.requests.length, 0);
  });
});
