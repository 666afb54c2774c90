// The Piper provider against the simulator: agents and sessions from memory (Piper has no
// listing routes), session mapping with every event kind, chat, config and auth failures, faults.
import assert from 'node:assert/strict';
import type { SessionEvent } from '../../src/model';
import { createProvider, isCancelled, type SessionProvider } from '../../src/providers';
import {
  PIPER_AGENTS,
  PIPER_BIG_SESSION,
  PIPER_BIG_SESSION_EVENTS_PER_RUN,
  PIPER_BIG_SESSION_RUNS,
  PIPER_KITCHEN_SINK_SESSION,
  PiperData,
} from '../simulator/data/piper';
import { connectionFor, fastOptions, hits, memoryOf, useSimulator } from '../simulator/testing';
import { rejects, ofKind } from './helpers';

const SUPPORT = PIPER_AGENTS[0]!;
const SALES = PIPER_AGENTS[1]!;

describe('Piper provider (against the simulator)', () => {
  const env = useSimulator();
  let provider: SessionProvider;
  const salesSessions = new PiperData().sessionsOf(SALES.id);

  beforeEach(() => {
    // Remembered in an arbitrary order, some without a date: the provider sorts them.
    const remembered = [...salesSessions]
      .reverse()
      .map((m, i) => ({ id: m.id, title: m.title, createdAt: i % 7 === 3 ? undefined : new Date(m.createdMs).toISOString() }));
    provider = createProvider(
      connectionFor(env.sim, 'piper'),
      env.sim.token,
      fastOptions(env.log, {
        memory: memoryOf(
          [
            { id: SUPPORT.id, label: SUPPORT.label },
            { id: SALES.id, label: SALES.label },
          ],
          {
            [SUPPORT.id]: [{ id: PIPER_KITCHEN_SINK_SESSION, title: 'Double charge' }, { id: PIPER_BIG_SESSION }],
            [SALES.id]: remembered,
          },
        ),
      }),
    );
  });

  describe('configuration', () => {
    it('needs an organisation id that is a UUID', async () => {
      const missing = await rejects(() => createProvider({ ...connectionFor(env.sim, 'piper'), orgId: undefined }, env.sim.token));
      assert.equal(missing.code, 'config');
      assert.equal(missing.details?.action, 'editConnection');
      assert.match(missing.message, /no organisation id/);
      const bad = await rejects(() => createProvider({ ...connectionFor(env.sim, 'piper'), orgId: 'acme' }, env.sim.token));
      assert.equal(bad.code, 'config');
      assert.match(bad.message, /"acme" is not a UUID/);
    });

    it('rejects a base URL that is not http(s)', async () => {
      const e = await rejects(() => createProvider({ ...connectionFor(env.sim, 'piper'), baseUrl: 'ftp://example.com' }, env.sim.token));
      assert.equal(e.code, 'config');
      assert.match(e.message, /must use https:\/\/ or http:\/\//);
      const e2 = await rejects(() => createProvider({ ...connectionFor(env.sim, 'piper'), baseUrl: 'not a url' }, env.sim.token));
      assert.match(e2.message, /"not a url" is not a valid URL/);
    });

    it('asks for a token when none is set', async () => {
      const e = await rejects(() => createProvider(connectionFor(env.sim, 'piper'), undefined));
      assert.equal(e.code, 'auth');
      assert.equal(e.details?.action, 'setToken');
      assert.equal(e.message, 'No token set for the Piper connection "piper (simulator)" — run "Set Token…" to enter one.');
    });

    it('defaults the base URL to the hosted API (no request is made here)', () => {
      assert.doesNotThrow(() => createProvider({ ...connectionFor(env.sim, 'piper'), baseUrl: undefined }, env.sim.token));
    });
  });

  it('lists the agents the user added, without a request', async () => {
    const agents = await provider.listAgents();
    assert.deepEqual(agents, [
      { id: SUPPORT.id, name: 'Support Agent' },
      { id: SALES.id, name: 'Sales Agent' },
    ]);
    assert.equal(env.sim.requests.length, 0);
  });

  it('pages through remembered sessions newest first, undated (just added) ones on top', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await provider.listSessions(SALES.id, cursor, 25);
      assert.ok(page.items.length <= 25);
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 3);
    assert.equal(new Set(seen).size, salesSessions.length);
    const undated = seen.filter((_, i) => i < 9);
    const dated = seen.slice(9);
    // 9 of the 60 were remembered without a date: first; the rest strictly newest first.
    const byId = new Map(salesSessions.map((m) => [m.id, m.createdMs]));
    for (let i = 1; i < dated.length; i++) assert.ok(byId.get(dated[i - 1]!)! > byId.get(dated[i]!)!, `not newest first at ${i}`);
    // …and among themselves, the one added last comes first.
    const remembered = [...salesSessions]
      .reverse()
      .filter((_, i) => i % 7 === 3)
      .map((m) => m.id);
    assert.deepEqual(undated, remembered.reverse());
    const support = (await provider.listSessions(SUPPORT.id, undefined, 10)).items;
    assert.deepEqual(support, [
      { id: PIPER_BIG_SESSION, agentId: SUPPORT.id, title: `Session ${PIPER_BIG_SESSION.slice(0, 8)}` },
      { id: PIPER_KITCHEN_SINK_SESSION, agentId: SUPPORT.id, title: 'Double charge' },
    ]);
  });

  it('rejects a cursor it did not hand out', async () => {
    const e = await rejects(provider.listSessions(SALES.id, 'abc', 10));
    assert.equal(e.code, 'validation');
  });

  it('maps a session with every event kind', async () => {
    const s = await provider.getSession(SUPPORT.id, PIPER_KITCHEN_SINK_SESSION);
    assert.equal(s.provider, 'piper');
    assert.equal(s.connectionId, 'piper-sim');
    assert.equal(s.agentName, 'Support Agent');
    assert.equal(s.title, 'Double charge');
    assert.equal(s.isTest, true);
    assert.equal(s.metadata.channel_external_user_id, 'user-42');
    assert.equal(s.runs.length, 2);
    const events = s.runs.flatMap((r) => r.events);
    const kinds = new Set(events.map((e) => e.kind));
    for (const k of [
      'user_message',
      'assistant_message',
      'system_message',
      'reasoning',
      'tool_call',
      'tool_result',
      'code_execution',
      'error',
      'other',
    ] as const)
      assert.ok(kinds.has(k), `no ${k} event`);

    assert.equal(ofKind(events, 'reasoning')[0]!.effort, 'low');
    const inner = ofKind(events, 'tool_call').find((e) => e.name === 'list_invoices')!;
    assert.equal(inner.parentCallId, 'call_outer');
    assert.deepEqual(inner.arguments, { customer_id: 'cus_123' });
    const code = ofKind(events, 'code_execution')[0]!;
    assert.equal(code.language, 'python');
    assert.match(code.code, /^import pandas as pd/);
    assert.match(code.output!, /dtype: int64/);
    assert.equal(code.parentCallId, 'call_outer');
    const failed = ofKind(events, 'tool_result').find((e) => e.isError)!;
    assert.equal(failed.callId, 'call_refund');
    assert.equal(ofKind(events, 'error')[0]!.code, 'upstream_unavailable');
    const handoff = ofKind(events, 'other').find((e) => e.type === 'handoff')!;
    assert.equal(handoff.fields.handoff_target, 'tier-2-support');
    assert.ok(ofKind(events, 'other').some((e) => e.type === 'guardrail_triggered' && e.fields.guardrail === 'pii_filter'));

    const answer = ofKind(s.runs[0]!.events, 'assistant_message')[0]!;
    // Cache tokens are kept apart from input, never added into it.
    assert.deepEqual(answer.tokens, { input: 1200, output: 85, cacheRead: 1024, cacheWrite: 128 });
    assert.equal(answer.costUsd, 0.0031);
    assert.equal(answer.latencyMs, 2300);
    assert.equal(answer.model, 'gpt-4.1');
    assert.equal(answer.provider, 'openai');
    // The simulator's run totals disagree with the events in run 2: both are kept.
    assert.equal(s.runs[1]!.providerTotals!.tokens.input, s.runs[1]!.totals.tokens.input! + 300);
  });

  it('opens a session with thousands of events', async () => {
    const s = await provider.getSession(SUPPORT.id, PIPER_BIG_SESSION);
    assert.equal(s.runs.length, PIPER_BIG_SESSION_RUNS);
    assert.equal(s.totals.events, PIPER_BIG_SESSION_RUNS * PIPER_BIG_SESSION_EVENTS_PER_RUN);
    assert.ok(ofKind(s.runs[3]!.events, 'tool_call').some((e) => e.parentCallId));
  });

  it("a session read in slices from the reply's bytes (openSession) is the session getSession maps, in slices of 200 then 2,000", async () => {
    for (const id of [PIPER_BIG_SESSION, PIPER_KITCHEN_SINK_SESSION]) {
      const whole = await provider.getSession(SUPPORT.id, id);
      const sliced = await provider.openSession!(SUPPORT.id, id);
      assert.ok(sliced, `${id}: the reply was not read in slices`);
      const it = sliced.slices();
      const events: SessionEvent[] = [];
      const sizes: number[] = [];
      let step = it.next();
      // The first slice says how many events to expect (estimated from the bytes scanned so far).
      assert.ok(!step.done && step.value.head && (step.value.totalEvents ?? 0) >= step.value.events.length, `${id}: no count`);
      const first = step.value;
      for (; !step.done; step = it.next()) {
        assert.equal(step.value.wait, undefined, 'a reply is read whole: no slice waits for bytes');
        events.push(...step.value.events);
        sizes.push(step.value.events.length);
      }
      const { session, eventCounts } = step.value;
      let at = 0;
      const runs = session.runs.map((r, i) => ({ ...r, events: events.slice(at, (at += eventCounts[i]!)) }));
      assert.deepStrictEqual({ ...session, runs }, whole, `${id}: the sliced read differs from the whole`);
      // A count the page shows as a count is exact; one that is not says it is an estimate.
      if (first.totalEvents !== events.length)
        assert.equal(first.totalEstimated, true, `${id}: ${first.totalEvents} of ${events.length}, not marked`);
      assert.equal(sizes[0], Math.min(200, events.length));
      assert.ok(
        sizes.slice(1).every((n) => n > 0 && n <= 2_000),
        JSON.stringify(sizes),
      );
      // Raw JSON of an event is its bytes in the reply.
      const i = events.length - 1;
      const raw = JSON.parse(Buffer.from(sliced.bytes!.subarray(sliced.ranges.start(i), sliced.ranges.end(i))).toString('utf8')) as {
        id?: string;
      };
      assert.equal(raw.id, events[i]!.id);
    }
  });

  it('says which session was not found', async () => {
    const e = await rejects(provider.getSession(SUPPORT.id, '00000000-0000-4000-8000-000000000000'));
    assert.equal(e.code, 'not_found');
    assert.match(
      e.message,
      /^Piper has no session "00000000-0000-4000-8000-000000000000" in organisation 5f1c2a9e-.* \(404\).*Server said: Session not found$/,
    );
  });

  it('says the token was rejected (401), offering Set Token…', async () => {
    const wrong = createProvider(connectionFor(env.sim, 'piper'), 'pat_wrong_0123456789', fastOptions(env.log));
    const e = await rejects(wrong.getSession(SUPPORT.id, PIPER_KITCHEN_SINK_SESSION));
    assert.equal(e.code, 'auth');
    assert.equal(e.details?.action, 'setToken');
    assert.match(e.message, /^Piper rejected the token \(401\) — run "Set Token…" to enter a new one\./);
    assert.ok(!env.log.text().includes('pat_wrong_0123456789'));
  });

  it('hints at the pat_ prefix when the token does not have it', async () => {
    const odd = createProvider(connectionFor(env.sim, 'piper'), 'sk-something-else-123', fastOptions(env.log));
    const e = await rejects(odd.getSession(SUPPORT.id, PIPER_KITCHEN_SINK_SESSION));
    assert.match(e.message, /Piper platform tokens start with "pat_"\./);
  });

  it('retries a failed GET, then maps the session', async () => {
    env.sim.setFault({ match: '/events', times: 1, fault: { kind: 'status', status: 502 } });
    env.sim.setFault({ match: '/events', times: 1, fault: { kind: 'drop' } });
    const s = await provider.getSession(SUPPORT.id, PIPER_KITCHEN_SINK_SESSION);
    assert.equal(s.runs.length, 2);
    assert.equal(hits(env.sim, '/events'), 3);
  });

  it('names the field when the schema drifted', async () => {
    env.sim.setFault({ match: '/events', times: 1, fault: { kind: 'drift' } });
    const e = await rejects(provider.getSession(SUPPORT.id, PIPER_KITCHEN_SINK_SESSION));
    assert.equal(e.code, 'bad_response');
    assert.match(e.message, /^Piper returned a session that does not fit: runs: expected array, received object/);
  });

  it('reports truncated and invalid JSON clearly', async () => {
    env.sim.setFault({ match: '/events', times: 1, fault: { kind: 'truncate' } });
    const t = await rejects(provider.getSession(SUPPORT.id, PIPER_KITCHEN_SINK_SESSION));
    assert.equal(t.code, 'bad_response');
    assert.match(t.message, /incomplete answer .* \(truncated\)/);
    env.sim.setFault({ match: '/events', times: 1, fault: { kind: 'invalid_json' } });
    const i = await rejects(provider.getSession(SUPPORT.id, PIPER_KITCHEN_SINK_SESSION));
    assert.match(i.message, /not valid JSON/);
  });

  it('cancels getSession: the server sees the connection close', async () => {
    env.sim.setFault({ match: '/events', fault: { kind: 'delay', ms: 10_000 } });
    const controller = new AbortController();
    const pending = provider.getSession(SUPPORT.id, PIPER_KITCHEN_SINK_SESSION, controller.signal);
    await env.sim.waitForRequest((r) => r.path.endsWith('/events'));
    controller.abort();
    assert.ok(isCancelled(await rejects(pending)));
    await env.sim.waitForRequest((r) => r.path.endsWith('/events') && r.clientClosed, 2000);
  });

  describe('chat (POST /responses)', () => {
    it('starts a session, hands every event over, and the session can then be opened', async () => {
      const received: SessionEvent[] = [];
      const result = await provider.sendMessage!({ agentId: SUPPORT.id, message: 'Where is my parcel?' }, (e) => received.push(e));
      assert.ok(result.sessionId);
      assert.ok(result.runId);
      assert.deepEqual(received, result.events);
      assert.deepEqual(
        received.map((e) => e.kind),
        ['user_message', 'reasoning', 'tool_call', 'tool_result', 'code_execution', 'assistant_message'],
      );
      assert.equal(ofKind(received, 'assistant_message')[0]!.text, 'You said: Where is my parcel?');
      const post = env.sim.requests.find((r) => r.method === 'POST')!;
      assert.equal(post.query, '?include_events=true');

      const again = await provider.sendMessage!({ agentId: SUPPORT.id, sessionId: result.sessionId, message: 'Thanks' }, () => {});
      assert.equal(again.sessionId, result.sessionId);
      const s = await provider.getSession(SUPPORT.id, result.sessionId);
      assert.equal(s.runs.length, 2);
    });

    it('asks for a greeting when the message is empty', async () => {
      const result = await provider.sendMessage!({ agentId: SUPPORT.id, message: '' }, () => {});
      assert.ok(!result.events.some((e) => e.kind === 'user_message'));
      assert.equal(ofKind(result.events, 'assistant_message')[0]!.text, 'Hello! How can I help you today?');
    });

    it('never retries the POST', async () => {
      env.sim.setFault({ match: '/responses', times: 1, fault: { kind: 'status', status: 500 } });
      const e = await rejects(provider.sendMessage!({ agentId: SUPPORT.id, message: 'hi' }, () => {}));
      assert.equal(e.code, 'server');
      assert.equal(hits(env.sim, '/responses'), 1);
    });

    it('shows the provider validation detail (422)', async () => {
      const e = await rejects(provider.sendMessage!({ agentId: 'not-a-uuid', message: 'hi' }, () => {}));
      assert.equal(e.code, 'validation');
      assert.match(e.message, /\(422\): body\.agent_id: Input should be a valid UUID/);
    });
  });
});
