import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  compareTotals,
  EVENT_KINDS,
  SessionSchema,
  type Session,
  type SessionEvent,
  type SessionSummary,
  type Totals,
} from '../../src/model';
import { partialReply, ProviderError, type ProviderKeep } from '../../src/providers/types';
import { generateSession } from '../../src/providers/demo/generate';
import { DEMO_CONNECTION, DemoProvider } from '../../src/providers/demo/provider';
import { LARGE_SESSION } from '../../src/providers/demo/samples/codingAgent';

const events = (s: Session): SessionEvent[] => s.runs.flatMap((r) => r.events);
const sha = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

async function listAll(p: DemoProvider, agentId: string, pageSize: number): Promise<{ items: SessionSummary[]; pages: number }> {
  const items: SessionSummary[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await p.listSessions(agentId, cursor, pageSize);
    assert.ok(page.items.length <= pageSize, 'a page never exceeds the page size');
    items.push(...page.items);
    cursor = page.nextCursor;
    pages++;
    assert.ok(pages < 100, 'paging terminates');
  } while (cursor);
  return { items, pages };
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (e: unknown) => e instanceof ProviderError && e.code === code);
}

/** Every demo session, the large one included (loaded once for the whole file). */
let all: Session[] = [];

/** Sums written out here rather than with computeTotals, so the check is independent of it. */
function sums(list: readonly SessionEvent[]): {
  tokens: Record<string, number>;
  cost: number;
  latency: number;
  messages: number;
  toolCalls: number;
  errors: number;
} {
  const out = { tokens: {} as Record<string, number>, cost: 0, latency: 0, messages: 0, toolCalls: 0, errors: 0 };
  for (const e of list) {
    for (const [k, v] of Object.entries(e.tokens ?? {})) if (typeof v === 'number') out.tokens[k] = (out.tokens[k] ?? 0) + v;
    out.cost += e.costUsd ?? 0;
    out.latency += e.latencyMs ?? 0;
    if (e.kind === 'user_message' || e.kind === 'assistant_message') out.messages++;
    if (e.kind === 'tool_call' || e.kind === 'code_execution') out.toolCalls++;
    if (e.kind === 'error' || (e.kind === 'tool_result' && e.isError)) out.errors++;
  }
  return out;
}

function assertTotals(t: Totals, list: readonly SessionEvent[], where: string): void {
  const s = sums(list);
  assert.equal(t.events, list.length, `${where}: events`);
  assert.equal(t.messages, s.messages, `${where}: messages`);
  assert.equal(t.toolCalls, s.toolCalls, `${where}: toolCalls`);
  assert.equal(t.errors, s.errors, `${where}: errors`);
  assert.deepEqual(Object.keys(t.tokens).sort(), Object.keys(s.tokens).sort(), `${where}: token kinds`);
  for (const [k, v] of Object.entries(s.tokens)) assert.equal(t.tokens[k as keyof Totals['tokens']], v, `${where}: tokens.${k}`);
  assert.ok(Math.abs((t.costUsd ?? 0) - s.cost) < 1e-9, `${where}: cost`);
  assert.equal(t.latencyMs ?? 0, s.latency, `${where}: latency`);
}

describe('demo source', function () {
  this.timeout(60_000);

  before(async () => {
    const p = new DemoProvider(DEMO_CONNECTION, { stepDelayMs: 0 });
    all = [];
    for (const a of await p.listAgents()) {
      const { items } = await listAll(p, a.id, 25);
      for (const s of items) all.push(await p.getSession(a.id, s.id));
    }
  });

  it('exports the demo connection the host expects', () => {
    assert.deepEqual(DEMO_CONNECTION, { id: 'demo', kind: 'demo', label: 'Demo Sessions' });
    const p = new DemoProvider(DEMO_CONNECTION);
    assert.equal(p.connection, DEMO_CONNECTION);
  });

  describe('sample content', () => {
    it('covers every event kind of the model', () => {
      const seen = new Set(all.flatMap(events).map((e) => e.kind));
      for (const kind of EVENT_KINDS) assert.ok(seen.has(kind), `no sample has a ${kind} event`);
    });

    it('validates every session against SessionSchema', () => {
      assert.ok(all.length >= 40, `expected many sessions, got ${all.length}`);
      for (const s of all) {
        const r = SessionSchema.safeParse(s);
        assert.ok(r.success, `${s.title}: ${r.success ? '' : JSON.stringify(r.error.issues[0])}`);
        assert.equal(s.provider, 'demo');
        assert.equal(s.connectionId, 'demo');
      }
    });

    it('has run and session totals equal to the sums of their events', () => {
      for (const s of all) {
        for (const r of s.runs) assertTotals(r.totals, r.events, `${s.title} / ${r.id}`);
        assertTotals(s.totals, events(s), s.title);
      }
    });

    it('never folds cache reads into input tokens', () => {
      let checked = 0;
      for (const s of all) {
        // A request can only read from the cache what an earlier request sent, and the prompt
        // only grows until the context is compacted: so input that excludes the cache stays
        // below the previous prompt, while input with the cache folded in would not.
        let previousPrompt = 0;
        for (const e of events(s)) {
          if (e.kind === 'other' && e.type === 'context_compaction') previousPrompt = 0;
          if (e.tokens?.input === undefined) continue;
          const cacheRead = e.tokens.cacheRead ?? 0;
          if (cacheRead) {
            assert.ok(cacheRead <= previousPrompt, `${s.title}: cache read ${cacheRead} of a ${previousPrompt}-token prompt`);
            assert.ok(e.tokens.input < previousPrompt, `${s.title}: input ${e.tokens.input} excludes the cached ${cacheRead}`);
            checked++;
          }
          previousPrompt = e.tokens.input + cacheRead;
        }
      }
      assert.ok(checked > 100, 'many model calls read from the prompt cache');
    });

    it('reports provider totals on some runs, with exactly one deliberate mismatch', () => {
      const reported = all.flatMap((s) => s.runs.filter((r) => r.providerTotals).map((r) => ({ s, r })));
      assert.ok(reported.length >= 5, 'several runs carry provider totals');
      assert.ok(
        all.some((s) => s.runs.some((r) => !r.providerTotals)),
        'some runs have none',
      );
      const mismatched = reported.filter(({ r }) => compareTotals(r.totals, r.providerTotals).length > 0);
      assert.equal(mismatched.length, 1, mismatched.map(({ s }) => s.title).join(', '));
      const [m] = compareTotals(mismatched[0].r.totals, mismatched[0].r.providerTotals);
      assert.equal(m.field, 'tokens.output');
      // The explanation of the mismatch: the provider counted reasoning tokens into output.
      assert.equal(m.reported - (m.computed ?? 0), mismatched[0].r.totals.tokens.reasoning);
      // The raw run payload carries the same numbers as providerTotals.
      const raw = mismatched[0].r.raw as Record<string, unknown>;
      assert.equal(raw.total_output_tokens, m.reported);
    });

    it('keeps times consistent: autumn 2026, ordered, timeMs matching the ISO string', () => {
      const autumnStart = Date.parse('2026-09-22T00:00:00Z');
      const autumnEnd = Date.parse('2026-12-21T00:00:00Z');
      for (const s of all) {
        const list = events(s);
        let prev = -Infinity;
        for (const e of list) {
          assert.ok(e.timestamp && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(e.timestamp), `${s.title}: ISO timestamp`);
          assert.equal(e.timeMs, Date.parse(e.timestamp!));
          assert.ok(e.timeMs! >= prev, `${s.title}: events in time order`);
          assert.ok(e.timeMs! >= autumnStart && e.timeMs! < autumnEnd, `${s.title}: ${e.timestamp} is in autumn 2026`);
          prev = e.timeMs!;
        }
        if (list.length) {
          assert.equal(s.createdAt, list[0].timestamp);
          assert.equal(s.updatedAt, list.at(-1)!.timestamp);
        }
        for (const r of s.runs) if (r.events.length) assert.ok(Date.parse(r.createdAt!) <= r.events[0].timeMs!);
      }
    });

    it('prices every model call and leaves non-model steps without tokens', () => {
      for (const e of all.flatMap(events)) {
        if (e.tokens) {
          assert.ok(e.model && e.provider, 'a priced event names its model');
          assert.ok(typeof e.costUsd === 'number' && e.costUsd >= 0);
        }
        if (e.kind === 'user_message' || e.kind === 'tool_result') assert.equal(e.tokens, undefined);
      }
    });

    it('gives every event a raw, Piper-shaped payload', () => {
      for (const e of all.flatMap(events)) {
        const raw = e.raw as Record<string, unknown>;
        assert.equal(raw.id, e.id);
        assert.equal(raw.run_id, e.runId);
        assert.equal(raw.created_at, e.timestamp);
        assert.equal(raw.event_type, e.kind === 'other' ? e.type : e.kind);
      }
      for (const s of all) assert.equal((s.raw as Record<string, unknown>).session_id, s.id);
    });

    it('has unique event ids in each session, and unique run ids', () => {
      for (const s of all) {
        const ids = events(s).map((e) => e.id);
        assert.equal(new Set(ids).size, ids.length, `${s.title}: duplicate event id`);
        const runIds = s.runs.map((r) => r.id);
        assert.equal(new Set([...runIds, ...ids]).size, runIds.length + ids.length);
        for (const r of s.runs) for (const e of r.events) assert.equal(e.runId, r.id);
      }
      assert.equal(new Set(all.map((s) => s.id)).size, all.length, 'session ids are unique');
    });

    it('pairs tool results with earlier calls by callId and nests only under existing calls', () => {
      let nested = 0;
      for (const s of all) {
        const calls = new Map<string, SessionEvent & { kind: 'tool_call' }>();
        const answered = new Set<string>();
        for (const e of events(s)) {
          if (e.kind === 'tool_call') {
            assert.ok(e.callId && !calls.has(e.callId), `${s.title}: call ids are unique`);
            if (e.parentCallId) {
              assert.ok(calls.has(e.parentCallId), `${s.title}: parent ${e.parentCallId} of ${e.name} exists before it`);
              nested++;
            }
            calls.set(e.callId!, e);
          } else if (e.kind === 'tool_result') {
            const call = calls.get(e.callId!);
            assert.ok(call, `${s.title}: result ${e.callId} answers an earlier call`);
            assert.equal(e.name, call.name);
            assert.equal(e.parentCallId, call.parentCallId);
            assert.ok(!answered.has(e.callId!), 'one result per call');
            answered.add(e.callId!);
          } else if (e.kind === 'code_execution' && e.parentCallId) {
            assert.ok(calls.has(e.parentCallId));
          }
        }
        assert.equal(answered.size, calls.size, `${s.title}: every call has its result`);
      }
      assert.ok(nested >= 3, 'some calls are nested under a parent call');
    });

    it('shows the rich content the inspector must render', () => {
      const list = all.flatMap(events);
      const texts = list.map((e) => ('text' in e && typeof e.text === 'string' ? e.text : '')).join('\n');
      const everything = JSON.stringify(all.map((s) => ({ t: s.title, e: events(s).map(({ raw: _raw, ...rest }) => rest) })));
      assert.ok(
        list.some((e) => e.kind === 'reasoning' && e.effort),
        'reasoning with effort',
      );
      assert.ok(
        list.some((e) => e.kind === 'assistant_message' && e.interrupted),
        'an interrupted answer',
      );
      assert.ok(
        list.some((e) => e.kind === 'error' && e.code && e.message),
        'an error with code and message',
      );
      assert.ok(
        list.some((e) => e.kind === 'tool_result' && e.isError),
        'a failing tool result',
      );
      assert.ok(
        list.some((e) => e.kind === 'code_execution' && e.language === 'python' && e.output),
        'python with printed output',
      );
      assert.ok(
        list.some((e) => e.kind === 'code_execution' && e.language === 'sql' && e.output),
        'sql with output',
      );
      const other = list.find((e) => e.kind === 'other');
      assert.ok(
        other && other.kind === 'other' && other.type && Object.keys(other.fields).length >= 2,
        'an unknown event type with fields',
      );
      assert.ok(
        /^\| --- \|/m.test(texts) && /^- /m.test(texts) && /^1\. /m.test(texts) && /```/.test(texts),
        'markdown tables, lists and code',
      );
      assert.ok(
        all.some((s) => s.runs.length >= 2 && s.runs.length < 10),
        'a hand-written session with several runs',
      );
      assert.match(everything, /[\u0590-\u05ff]/, 'Hebrew');
      assert.match(everything, /[\u0600-\u06ff]/, 'Arabic');
      assert.match(everything, /[\u4e00-\u9fff]/, 'CJK');
      assert.match(everything, /[a-z]\p{M}/u, 'combining marks');
      assert.ok(everything.includes('👩‍💻') && everything.includes('🚀'), 'emoji with zero-width joiners');
      const big = list.filter((e) => e.kind === 'tool_result' && JSON.stringify(e.result, null, 2).split('\n').length >= 300);
      assert.ok(big.length >= 2, 'tool results of hundreds of lines');
      const depth = (v: unknown): number => (v && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0);
      assert.ok(
        big.some((e) => e.kind === 'tool_result' && depth(e.result) >= 4),
        'deeply nested JSON',
      );
    });
  });

  describe('listing', () => {
    it('pages every session exactly once, newest first, at several page sizes', async () => {
      const p = new DemoProvider(DEMO_CONNECTION);
      for (const a of await p.listAgents()) {
        const reference = await listAll(p, a.id, 1000);
        assert.equal(reference.pages, 1);
        for (const size of [1, 7, 25]) {
          const { items, pages } = await listAll(p, a.id, size);
          assert.deepEqual(items, reference.items, `${a.id} at page size ${size}`);
          assert.equal(pages, Math.max(1, Math.ceil(items.length / size)));
        }
        const ids = reference.items.map((s) => s.id);
        assert.equal(new Set(ids).size, ids.length);
        for (let i = 1; i < reference.items.length; i++) {
          assert.ok(Date.parse(reference.items[i - 1].createdAt!) >= Date.parse(reference.items[i].createdAt!), `${a.id}: newest first`);
        }
        for (const s of reference.items) assert.equal(s.agentId, a.id);
      }
    });

    it('has one agent with more sessions than the default page size', async () => {
      const p = new DemoProvider(DEMO_CONNECTION);
      const first = await p.listSessions('support-triage', undefined, 25);
      assert.equal(first.items.length, 25);
      assert.ok(first.nextCursor, '"Load more…" appears');
      const second = await p.listSessions('support-triage', first.nextCursor, 25);
      assert.ok(second.items.length >= 5);
      assert.equal(second.nextCursor, undefined);
      assert.ok(second.items.some((s) => s.isTest) || first.items.some((s) => s.isTest), 'some test sessions');
    });

    it('summaries agree with the sessions they describe', async () => {
      const p = new DemoProvider(DEMO_CONNECTION);
      for (const agentId of ['research-assistant', 'data-analyst', 'support-triage']) {
        for (const s of (await listAll(p, agentId, 25)).items) {
          const full = all.find((x) => x.id === s.id)!;
          assert.equal(s.title, full.title);
          assert.equal(s.createdAt, full.createdAt);
          assert.equal(s.updatedAt, full.updatedAt);
          assert.equal(s.messageCount, full.totals.messages);
          assert.equal(s.costUsd, full.totals.costUsd);
          assert.equal(s.isTest, full.isTest);
        }
      }
    });

    it('rejects unknown agents, unknown sessions and foreign cursors', async () => {
      const p = new DemoProvider(DEMO_CONNECTION);
      await rejectsWith(p.listSessions('nobody', undefined, 25), 'not_found');
      await rejectsWith(p.getSession('nobody', 'x'), 'not_found');
      await rejectsWith(p.getSession('research-assistant', 'no-such-session'), 'not_found');
      const support = await p.listSessions('support-triage', undefined, 3);
      await rejectsWith(p.getSession('research-assistant', support.items[0].id), 'not_found');
      await rejectsWith(p.listSessions('research-assistant', support.nextCursor, 3), 'validation');
      await rejectsWith(p.listSessions('support-triage', 'not a cursor', 3), 'validation');
      await rejectsWith(
        p.sendMessage({ agentId: 'nobody', message: 'hi' }, () => {}),
        'not_found',
      );
      await rejectsWith(
        p.sendMessage({ agentId: 'research-assistant', sessionId: 'nope', message: 'hi' }, () => {}),
        'not_found',
      );
    });

    it('hands out copies: changing a returned session does not change the next one', async () => {
      const p = new DemoProvider(DEMO_CONNECTION);
      const [summary] = (await p.listSessions('research-assistant', undefined, 1)).items;
      const a = await p.getSession('research-assistant', summary.id);
      a.runs[0].events.length = 0;
      a.title = 'changed';
      const b = await p.getSession('research-assistant', summary.id);
      assert.notEqual(b.title, 'changed');
      assert.ok(b.runs[0].events.length > 0);
    });
  });

  describe('large session', () => {
    it('has at least 5,000 events and is listed without its counts', async () => {
      const large = all.find((s) => s.id === LARGE_SESSION.id);
      assert.ok(large);
      assert.equal(events(large).length, LARGE_SESSION.events);
      assert.ok(LARGE_SESSION.events >= 5000);
      assert.ok(large.runs.length >= 50, 'many runs');
      const p = new DemoProvider(DEMO_CONNECTION);
      const listed = (await listAll(p, 'coding-agent', 25)).items.find((s) => s.id === LARGE_SESSION.id)!;
      // The listing does not know counts because it never generated the events.
      assert.equal(listed.messageCount, undefined);
      assert.equal(listed.title, large.title);
      assert.equal(listed.createdAt, large.createdAt);
    });

    it('is identical on every call', async () => {
      const p = new DemoProvider(DEMO_CONNECTION);
      const a = await p.getSession('coding-agent', LARGE_SESSION.id);
      const b = await new DemoProvider(DEMO_CONNECTION).getSession('coding-agent', LARGE_SESSION.id);
      assert.equal(sha(a), sha(b));
      assert.equal(sha(a), sha(all.find((s) => s.id === LARGE_SESSION.id)));
    });

    it('generates exactly the requested number of events for any size and seed', () => {
      for (const n of [0, 1, 2, 3, 4, 5, 17, 250, 1000]) {
        for (const seed of [1, 42]) {
          const s = generateSession({ events: n, seed });
          assert.equal(events(s).length, n, `${n} events, seed ${seed}`);
          assert.ok(SessionSchema.safeParse(s).success);
        }
      }
      assert.notEqual(sha(generateSession({ events: 300, seed: 1 })), sha(generateSession({ events: 300, seed: 2 })));
      assert.equal(sha(generateSession({ events: 300, seed: 1 })), sha(generateSession({ events: 300, seed: 1 })));
    });

    it('looks like a long agentic task', () => {
      const s = generateSession({ events: 3000, seed: 7 });
      const kinds = new Map<string, number>();
      for (const e of events(s)) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
      for (const k of ['user_message', 'assistant_message', 'reasoning', 'tool_call', 'tool_result', 'code_execution', 'error'])
        assert.ok((kinds.get(k) ?? 0) > 0, k);
      assert.ok(kinds.get('tool_call')! > 1000, 'mostly tool calls');
      assert.ok(
        events(s).some((e) => e.kind === 'tool_call' && e.parentCallId),
        'delegated sub-agent calls',
      );
      // Each run ends with the agent's answer once the budget allows it.
      for (const r of s.runs.slice(0, -1)) assert.equal(r.events.at(-1)!.kind, 'assistant_message');
    });
  });

  describe('cancellation', () => {
    it('throws cancelled from every method when the signal is already aborted', async () => {
      const p = new DemoProvider(DEMO_CONNECTION, { stepDelayMs: 0 });
      const signal = AbortSignal.abort();
      await rejectsWith(p.listAgents(signal), 'cancelled');
      await rejectsWith(p.listSessions('research-assistant', undefined, 25, signal), 'cancelled');
      await rejectsWith(p.getSession('coding-agent', LARGE_SESSION.id, signal), 'cancelled');
      await rejectsWith(
        p.sendMessage({ agentId: 'research-assistant', message: 'hi' }, () => assert.fail('no events after abort'), signal),
        'cancelled',
      );
    });

    it('stops a chat mid-stream and keeps what was already said', async () => {
      const p = new DemoProvider(DEMO_CONNECTION, { stepDelayMs: 5 });
      const controller = new AbortController();
      const controller2 = new AbortController();
      const seen: SessionEvent[] = [];
      await rejectsWith(
        p.sendMessage(
          { agentId: 'data-analyst', message: 'churn by plan?' },
          (e) => {
            seen.push(e);
            if (seen.length === 2) controller.abort();
          },
          controller.signal,
        ),
        'cancelled',
      );
      assert.equal(seen.length, 2);
      const [top] = (await p.listSessions('data-analyst', undefined, 1)).items;
      const session = await p.getSession('data-analyst', top.id);
      assert.deepEqual(
        events(session).map((e) => e.id),
        seen.map((e) => e.id),
      );
      assert.equal(session.runs[0].status, 'cancelled');
      assert.equal(session.runs[0].providerTotals, undefined);
      const stopped = await p
        .sendMessage(
          { agentId: 'data-analyst', message: 'again' },
          (e) => {
            if (e.kind === 'assistant_message' || e.kind === 'tool_call') controller2.abort();
          },
          controller2.signal,
        )
        .then(
          () => undefined,
          (e: unknown) => partialReply(e),
        );
      assert.ok(stopped, 'a Stop after part of the reply arrived hands that part back');
      assert.equal(stopped.incomplete, true);
      assert.ok(stopped.events.length >= 1 && stopped.sessionId);
    });
  });

  describe('chat', () => {
    it('emits a scripted reply in order, with delays, and returns the same events', async () => {
      const p = new DemoProvider(DEMO_CONNECTION, { stepDelayMs: 20 });
      const seen: SessionEvent[] = [];
      const t0 = Date.now();
      const result = await p.sendMessage({ agentId: 'data-analyst', message: 'What drove churn in Q3?' }, (e) => seen.push(e));
      assert.ok(Date.now() - t0 >= 80, 'events are paced, not dumped at once');
      assert.deepEqual(
        seen.map((e) => e.kind),
        ['user_message', 'reasoning', 'tool_call', 'tool_result', 'assistant_message'],
      );
      assert.deepEqual(result.events, seen);
      assert.ok(seen.every((e) => e.runId === result.runId));
      for (let i = 1; i < seen.length; i++) assert.ok(seen[i].timeMs! > seen[i - 1].timeMs!);
      const call = seen[2];
      const res = seen[3];
      assert.ok(call.kind === 'tool_call' && res.kind === 'tool_result' && res.callId === call.callId);
      assert.match((seen[4] as { text: string }).text, /What drove churn in Q3\?/);
      assert.match((seen[4] as { text: string }).text, /Churn drivers in Q3 subscriptions/, 'points at a related sample');
      // The new session is listed first and holds the run.
      const [top] = (await p.listSessions('data-analyst', undefined, 25)).items;
      assert.equal(top.id, result.sessionId);
      assert.equal(top.title, 'What drove churn in Q3?');
      const session = await p.getSession('data-analyst', result.sessionId);
      assert.ok(SessionSchema.safeParse(session).success);
      assertTotals(session.totals, events(session), 'chat session');
      assert.deepEqual(compareTotals(session.runs[0].totals, session.runs[0].providerTotals), []);
    });

    it('is deterministic and continues an existing session after its last event', async () => {
      const run = async () => {
        const p = new DemoProvider(DEMO_CONNECTION, { stepDelayMs: 0 });
        const [sample] = (await p.listSessions('research-assistant', undefined, 1)).items;
        const before = await p.getSession('research-assistant', sample.id);
        const r = await p.sendMessage({ agentId: 'research-assistant', sessionId: sample.id, message: 'And Weaviate?' }, () => {});
        return { before, r, after: await p.getSession('research-assistant', sample.id) };
      };
      const one = await run();
      const two = await run();
      assert.equal(sha(one.r), sha(two.r));
      assert.equal(one.r.sessionId, one.before.id);
      assert.equal(one.after.runs.length, one.before.runs.length + 1);
      assert.ok(one.r.events[0].timeMs! > events(one.before).at(-1)!.timeMs!);
      const ids = events(one.after).map((e) => e.id);
      assert.equal(new Set(ids).size, ids.length);
      const callIds = events(one.after).flatMap((e) => (e.kind === 'tool_call' ? [e.callId] : []));
      assert.equal(new Set(callIds).size, callIds.length, 'the new turn reuses no call id');
      assertTotals(one.after.totals, events(one.after), 'continued session');
      assert.equal(one.after.updatedAt, one.r.events.at(-1)!.timestamp);
    });

    it('greets when the message is empty', async () => {
      const p = new DemoProvider(DEMO_CONNECTION, { stepDelayMs: 0 });
      const r = await p.sendMessage({ agentId: 'support-triage', message: '' }, () => {});
      assert.deepEqual(
        r.events.map((e) => e.kind),
        ['assistant_message'],
      );
      const [top] = (await p.listSessions('support-triage', undefined, 1)).items;
      assert.equal(top.id, r.sessionId);
      assert.equal(top.title, 'New conversation');
    });

    describe('after Reload Window (a new provider over the same kept state)', () => {
      /** The host's globalState slot, as JSON (what a reload reads back). */
      const keepIn = (slot: { json?: string }): ProviderKeep => ({
        read: () => (slot.json === undefined ? undefined : JSON.parse(slot.json)),
        write: async (value) => {
          slot.json = JSON.stringify(value);
        },
      });

      it('a chat made before the reload goes on, lists and opens; a new chat gets an id of its own', async () => {
        const slot: { json?: string } = {};
        const before = new DemoProvider(DEMO_CONNECTION, { stepDelayMs: 0, keep: keepIn(slot) });
        const first = await before.sendMessage({ agentId: 'data-analyst', message: 'Which plan churned most?' }, () => {});

        const after = new DemoProvider(DEMO_CONNECTION, { stepDelayMs: 0, keep: keepIn(slot) });
        const again = await after.sendMessage({ agentId: 'data-analyst', sessionId: first.sessionId, message: 'And in Q4?' }, () => {});
        assert.equal(again.sessionId, first.sessionId);
        const session = await after.getSession('data-analyst', first.sessionId);
        assert.equal(session.runs.length, 2);
        assert.equal(session.title, 'Which plan churned most?');
        assert.ok(SessionSchema.safeParse(session).success);
        assertTotals(session.totals, events(session), 'chat continued after a reload');
        const ids = events(session).map((e) => e.id);
        assert.equal(new Set(ids).size, ids.length, 'the turn after the reload reuses no event id');
        assert.ok(again.events[0].timeMs! > first.events.at(-1)!.timeMs!, 'the demo clock went on');
        const [top] = (await after.listSessions('data-analyst', undefined, 1)).items;
        assert.equal(top.id, first.sessionId);

        const fresh = await after.sendMessage({ agentId: 'data-analyst', message: 'Hello' }, () => {});
        assert.notEqual(fresh.sessionId, first.sessionId, 'the new window counts chats from one again, but skips kept ids');
        assert.equal((await after.getSession('data-analyst', first.sessionId)).runs.length, 2, 'the old chat is untouched');
      });

      it('a continued sample keeps only the chat’s runs, not the sample’s own, and comes back whole', async () => {
        const slot: { json?: string } = {};
        const before = new DemoProvider(DEMO_CONNECTION, { stepDelayMs: 0, keep: keepIn(slot) });
        const [sample] = (await before.listSessions('research-assistant', undefined, 1)).items;
        const original = await before.getSession('research-assistant', sample.id);
        await before.sendMessage({ agentId: 'research-assistant', sessionId: sample.id, message: 'And Weaviate?' }, () => {});
        const kept = JSON.parse(slot.json!) as Array<{ id: string; sample?: boolean; runs: unknown[] }>;
        assert.deepEqual(
          kept.map((k) => ({ id: k.id, sample: k.sample, runs: k.runs.length })),
          [{ id: sample.id, sample: true, runs: 1 }],
        );
        const after = await new DemoProvider(DEMO_CONNECTION, { keep: keepIn(slot) }).getSession('research-assistant', sample.id);
        assert.equal(after.runs.length, original.runs.length + 1);
        assertTotals(after.totals, events(after), 'sample continued, after a reload');
      });

      it('a damaged kept entry is skipped; the others still come back', async () => {
        const slot: { json?: string } = {};
        const before = new DemoProvider(DEMO_CONNECTION, { stepDelayMs: 0, keep: keepIn(slot) });
        const r = await before.sendMessage({ agentId: 'support-triage', message: 'hi' }, () => {});
        slot.json = JSON.stringify([{ id: 'broken', runs: 'no' }, ...(JSON.parse(slot.json!) as unknown[])]);
        const after = new DemoProvider(DEMO_CONNECTION, { keep: keepIn(slot) });
        assert.equal((await after.getSession('support-triage', r.sessionId)).runs.length, 1);
      });
    });

    it('treats agent text as text: markup in a message comes back verbatim, never interpreted', async () => {
      const p = new DemoProvider(DEMO_CONNECTION, { stepDelayMs: 0 });
      const msg = '<img src=x onerror=alert(1)> 👩‍💻 مرحبا';
      const r = await p.sendMessage({ agentId: 'research-assistant', message: msg }, () => {});
      assert.equal((r.events[0] as { text: string }).text, msg);
    });
  });
});
