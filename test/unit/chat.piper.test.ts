// Chatting with a Piper agent through the simulator: one POST /responses per message, not
// streamed — the whole run arrives at once and is handed over in order. A greeting (empty
// message) uses the profile metadata; failures are clear, never retried, and Stop really stops.
import assert from 'node:assert/strict';
import type { SessionEvent } from '../../src/model';
import { createProvider, isCancelled, partialReply, type SessionProvider } from '../../src/providers';
import { PIPER_AGENTS } from '../simulator/data/piper';
import { connectionFor, fastOptions, hits, memoryOf, useSimulator } from '../simulator/testing';
import { rejects as failure, ofKind } from './helpers';

const AGENT = PIPER_AGENTS[0]!;

describe('Piper chat (POST /responses, against the simulator)', () => {
  const env = useSimulator();
  let provider: SessionProvider;
  const posted = () => env.sim.requests.filter((r) => r.method === 'POST').map((r) => JSON.parse(r.body!) as Record<string, unknown>);

  beforeEach(() => {
    provider = createProvider(
      connectionFor(env.sim, 'piper'),
      env.sim.token,
      fastOptions(env.log, { memory: memoryOf([{ id: AGENT.id, label: AGENT.label }]) }),
    );
  });

  it('a greeting: an empty message goes as null with the profile metadata, and the agent greets by name', async () => {
    const received: SessionEvent[] = [];
    const result = await provider.sendMessage!(
      { agentId: AGENT.id, message: '', profileMetadata: { user_name: 'Ada', preferences: { tone: 'brief' } } },
      (e) => received.push(e),
    );
    assert.deepEqual(posted(), [
      { agent_id: AGENT.id, message: null, profile_metadata: { user_name: 'Ada', preferences: { tone: 'brief' } } },
    ]);
    assert.deepEqual(received, result.events);
    assert.deepEqual(
      ofKind(result.events, 'assistant_message').map((e) => e.text),
      ['Hello Ada! How can I help you today?'],
    );
    assert.ok(!result.events.some((e) => e.kind === 'user_message'));
  });

  it('no profile metadata: the field is left out; a question gets a run with a tool call, code and its printed output', async () => {
    const result = await provider.sendMessage!({ agentId: AGENT.id, message: 'How many seats?', profileMetadata: {} }, () => {});
    assert.deepEqual(posted(), [{ agent_id: AGENT.id, message: 'How many seats?' }]);
    const call = ofKind(result.events, 'tool_call')[0]!;
    assert.deepEqual([call.name, call.arguments], ['lookup_account', { query: 'How many seats?', fields: ['plan', 'status'] }]);
    const code = ofKind(result.events, 'code_execution')[0]!;
    assert.equal(code.language, 'python');
    assert.equal(code.output, 'seats=16');
    // The same run as opening the session shows.
    const session = await provider.getSession(AGENT.id, result.sessionId);
    assert.deepEqual(session.runs.at(-1)!.events, result.events);
  });

  it('a run that fails ("error please") answers with the failed tool and an error event', async () => {
    const result = await provider.sendMessage!({ agentId: AGENT.id, message: 'error please' }, () => {});
    const failed = ofKind(result.events, 'tool_result')[0]!;
    assert.equal(failed.isError, true);
    const error = ofKind(result.events, 'error')[0]!;
    assert.equal(error.code, 'run_failed');
    assert.match(error.message, /a tool timed out/);
  });

  it('Stop while waiting for the whole reply: cancelled, the server sees the close, nothing partial', async () => {
    env.sim.setFault({ match: '/responses', fault: { kind: 'delay', ms: 5000 } });
    const controller = new AbortController();
    const pending = provider.sendMessage!(
      { agentId: AGENT.id, message: 'hi' },
      () => assert.fail('no event before the reply'),
      controller.signal,
    );
    await env.sim.waitForRequest((r) => r.path.endsWith('/responses/'));
    controller.abort();
    const e = await failure(pending);
    assert.ok(isCancelled(e));
    assert.equal(partialReply(e), undefined);
    await env.sim.waitForRequest((r) => r.path.endsWith('/responses/') && r.clientClosed, 2000);
  });

  it('waits for a whole reply longer than for a listing: the request timeout does not cut an agent’s run short', async () => {
    const opts = (extra: object) =>
      fastOptions(env.log, { memory: memoryOf([{ id: AGENT.id, label: AGENT.label }]), timeoutMs: 150, ...extra });
    env.sim.setFault({ match: '/responses', fault: { kind: 'delay', ms: 600 } });
    const patient = createProvider(connectionFor(env.sim, 'piper'), env.sim.token, opts({}));
    const result = await patient.sendMessage!({ agentId: AGENT.id, message: 'How many seats?' }, () => {});
    assert.ok(ofKind(result.events, 'assistant_message').length > 0, 'the reply arrived after the request timeout had passed');
    // Opening the session is a listing-sized request and keeps the connection's own deadline.
    env.sim.setFault({ match: '/events', fault: { kind: 'delay', ms: 600 } });
    const slowOpen = await failure(patient.getSession(AGENT.id, result.sessionId));
    assert.equal(slowOpen.code, 'timeout');
    // The whole-reply deadline still ends a reply that never comes, with the usual message.
    const hasty = createProvider(connectionFor(env.sim, 'piper'), env.sim.token, opts({ wholeReplyTimeoutMs: 300 }));
    const e = await failure(hasty.sendMessage!({ agentId: AGENT.id, message: 'hi' }, () => {}));
    assert.equal(e.code, 'timeout');
    assert.match(e.message, /^Piper gave no answer within 0\.3 s \(POST \/piper\/v1\/orgs\/[^)]+\/responses\/\)/);
  });

  it('a dropped connection is a network error offering Retry, sent once', async () => {
    env.sim.setFault({ match: '/responses', fault: { kind: 'drop' } });
    const e = await failure(provider.sendMessage!({ agentId: AGENT.id, message: 'hi' }, () => {}));
    assert.equal(e.code, 'network');
    assert.equal(e.details?.action, 'retry');
    assert.equal(hits(env.sim, '/responses'), 1);
  });
});
