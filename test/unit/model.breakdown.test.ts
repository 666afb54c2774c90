// The attribution arithmetic of computeBreakdown() on sessions small enough to check by hand, and
// the property that every grouping sums to the session's own totals whatever the events say.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  cacheHitRate,
  computeBreakdown,
  promptTokens,
  requestDiff,
  withTotals,
  type Group,
  type Session,
  type SessionEvent,
  type TokenUsage,
  type Totals,
} from '../../src/model';
import { catalog } from '../../src/providers/demo/catalog';
import { events } from '../builders';

type Ev = SessionEvent;
const TOKEN_KEYS = ['input', 'output', 'cacheRead', 'cacheWrite', 'reasoning', 'total'] as const;

function session(
  runs: Array<{ id: string; events: Ev[]; agentName?: string; model?: string; providerTotals?: Totals }>,
  extra: Partial<Session> = {},
): Session {
  return withTotals({ id: 's', provider: 'file', title: 'T', metadata: {}, agentName: 'Leader', runs, ...extra });
}

/** Sums a grouping's figures the way the session totals sum events. */
function sumGroups(groups: Group[]) {
  const out: { tokens: TokenUsage; costUsd?: number; modelCalls: number; toolCalls: number; errors: number; events: number } = {
    tokens: {},
    modelCalls: 0,
    toolCalls: 0,
    errors: 0,
    events: 0,
  };
  for (const g of groups) {
    for (const k of TOKEN_KEYS) if (g.tokens[k] !== undefined) out.tokens[k] = (out.tokens[k] ?? 0) + g.tokens[k]!;
    if (g.costUsd !== undefined) out.costUsd = (out.costUsd ?? 0) + g.costUsd;
    out.modelCalls += g.modelCalls;
    out.toolCalls += g.toolCalls;
    out.errors += g.errors;
    out.events += g.eventIds?.length ?? 0;
  }
  return out;
}

/** `counts`: the grouping holds every event (runs, agents), so counts add up too; models hold model calls only. */
function assertSumsToTotals(s: Session, groups: Group[], what: string, counts = !what.endsWith('models')): void {
  const sum = sumGroups(groups);
  // Sums of floating-point figures differ by rounding, which grows with the figures added (±1e12
  // added and taken out again leaves ~1e-4), not with the total: the tolerance scales with them.
  const magnitude = (get: (e: Session['runs'][number]['events'][number]) => number | undefined) =>
    Math.max(
      1,
      s.runs.reduce((acc, r) => acc + r.events.reduce((a, e) => (Number.isFinite(get(e)) ? a + Math.abs(get(e)!) : a), 0), 0),
    );
  for (const k of TOKEN_KEYS) {
    const want = s.totals.tokens[k];
    const scale = magnitude((e) => e.tokens?.[k]);
    if (want === undefined) assert.equal(sum.tokens[k], undefined, `${what}: tokens.${k} is unknown in the session, so in every group`);
    else
      assert.ok(
        sum.tokens[k] === want || Math.abs((sum.tokens[k] ?? NaN) - want) <= 1e-9 * scale,
        `${what}: tokens.${k} ${sum.tokens[k]} ≠ ${want}`,
      );
  }
  if (s.totals.costUsd === undefined) assert.equal(sum.costUsd, undefined, `${what}: cost unknown`);
  else
    assert.ok(
      sum.costUsd === s.totals.costUsd || Math.abs((sum.costUsd ?? NaN) - s.totals.costUsd) <= 1e-12 * magnitude((e) => e.costUsd),
      `${what}: cost ${sum.costUsd} ≠ ${s.totals.costUsd}`,
    );
  if (!counts) return;
  assert.equal(sum.toolCalls, s.totals.toolCalls, `${what}: tool calls`);
  assert.equal(sum.errors, s.totals.errors, `${what}: errors`);
}

const byKey = (groups: Group[], label: string) => {
  const g = groups.find((x) => x.label === label);
  assert.ok(g, `a group "${label}" among ${groups.map((x) => x.label).join(', ')}`);
  return g;
};

describe('breakdown: where the tokens, money and time went', () => {
  // Leader run: a reasoning step (8 in / 3 out), a tool-calling step with cache reads, a tool, a
  // sub-agent whose own model step and tool nest under its call, and the answer.
  // (Ids are named where the assertions below read them.)
  const r1 = events('r1');
  const leader: Ev[] = [
    r1.user('go', { id: 'u' }),
    r1.reasoning('think', { id: 'm1', tokens: { input: 800, output: 30 }, costUsd: 0.01, latencyMs: 400, model: 'big' }),
    r1.toolCall(
      'search',
      {},
      { id: 'c1', callId: 'k1', tokens: { input: 200, cacheRead: 600, output: 20 }, costUsd: 0.004, latencyMs: 300, model: 'big' },
    ),
    r1.toolResult('x'.repeat(5000), { id: 'o1', name: 'search', callId: 'k1', latencyMs: 1200 }),
    r1.toolCall('delegate_reader', { task: 'read' }, { id: 'c2', callId: 'k2', toolType: 'agent' }),
    r1.toolCall(
      'fetch',
      {},
      { id: 'c3', callId: 'k3', parentCallId: 'k2', tokens: { input: 100, output: 10 }, costUsd: 0.001, latencyMs: 150, model: 'small' },
    ),
    r1.toolResult({ ok: false }, { id: 'o3', callId: 'k3', parentCallId: 'k2', isError: true, latencyMs: 50 }),
    r1.toolResult({ pages: 1 }, { id: 'o2', name: 'delegate_reader', callId: 'k2', latencyMs: 20 }),
    r1.assistant('done', { id: 'a1', tokens: { input: 300, cacheRead: 900, output: 40 }, costUsd: 0.005, latencyMs: 500, model: 'big' }),
  ];
  // A team member's run: its tokens are its own, never the leader's.
  const r2 = events('r2', 'm');
  const member: Ev[] = [
    r2.user('sub-task'),
    r2.assistant('ok', { id: 'ma', tokens: { input: 50, output: 5 }, latencyMs: 90 }),
    r2.error('boom'),
  ];
  const s = session(
    [
      { id: 'r1', events: leader, providerTotals: { tokens: { input: 1400, output: 110 }, costUsd: 0.02 } },
      { id: 'r2', events: member, agentName: 'Researcher', model: 'mini' },
    ],
    { providerTotals: { tokens: { input: 1450, output: 105, cacheRead: 1600 }, costUsd: 0.02 } },
  );
  const b = computeBreakdown(s);

  it('adds up to the session totals in every grouping', () => {
    assert.deepEqual(b.session.tokens, s.totals.tokens);
    assert.equal(b.session.costUsd, s.totals.costUsd);
    for (const [what, groups] of [
      ['runs', b.runs],
      ['agents', b.agents],
      ['models', b.models],
    ] as const)
      assertSumsToTotals(s, groups, what);
    assert.equal(b.session.modelCalls, 5);
    assert.equal(sumGroups(b.models).modelCalls, 5, 'each model call in exactly one model group');
  });

  it('gives a member its own tokens and a sub-agent what nests under its call, not their leader', () => {
    const lead = byKey(b.agents, 'Leader');
    assert.equal(lead.role, 'agent');
    // 800 + 200 + 300 input; the sub-agent's 100 and the member's 50 are theirs.
    assert.deepEqual(lead.tokens, { input: 1300, output: 90, cacheRead: 1500 });
    assert.equal(lead.toolCalls, 2, "search and the delegate call itself are the leader's");
    const reader = byKey(b.agents, 'delegate_reader');
    assert.equal(reader.role, 'sub-agent');
    assert.deepEqual(reader.tokens, { input: 100, output: 10 });
    assert.deepEqual(reader.eventIds, ['c3', 'o3']);
    assert.equal(reader.errors, 1);
    const researcher = byKey(b.agents, 'Researcher');
    assert.equal(researcher.role, 'member');
    assert.deepEqual(researcher.tokens, { input: 50, output: 5 });
    assert.equal(researcher.costUsd, undefined, 'the member reported no cost: unknown, not 0');
    assert.equal(researcher.errors, 1);
  });

  it('groups by model, with the run model standing in for events that name none', () => {
    assert.deepEqual(byKey(b.models, 'big').tokens, { input: 1300, output: 90, cacheRead: 1500 });
    assert.deepEqual(byKey(b.models, 'small').tokens, { input: 100, output: 10 });
    assert.deepEqual(byKey(b.models, 'mini').tokens, { input: 50, output: 5 });
    assert.equal(byKey(b.models, 'big').modelCalls, 3);
  });

  it('groups by tool: calls, errors, tool time and result sizes, joined by call id', () => {
    const search = byKey(b.tools, 'search');
    assert.equal(search.toolCalls, 1);
    assert.equal(search.toolMs, 1200, "the result's latency is tool time");
    assert.equal(search.modelMs, undefined, "the model step that rode on the call is not the tool's");
    assert.deepEqual(search.tokens, {}, "the call carried the model step's tokens: those are the model's, not the tool's");
    assert.equal(search.modelCalls, 0);
    assert.equal(search.resultChars, 5000);
    const fetch = byKey(b.tools, 'fetch');
    assert.equal(fetch.errors, 1, 'the nameless result was joined to its call by id');
    assert.equal(fetch.resultChars, JSON.stringify({ ok: false }).length);
    assert.deepEqual(fetch.eventIds, ['c3', 'o3']);
  });

  it('splits model time from tool time per run', () => {
    const r1 = b.runs[0];
    assert.equal(r1.modelMs, 400 + 300 + 150 + 500);
    assert.equal(r1.toolMs, 1200 + 50 + 20);
    assert.equal(b.runs[1].toolMs, undefined, 'no tool in the member run: unknown');
  });

  it('works out the cache-hit rate per call, run and session from the calls that report cache reads', () => {
    const byId = new Map(b.calls.map((c) => [c.eventId, c]));
    assert.equal(byId.get('c1')!.cacheHitRate, 600 / 800);
    assert.equal(byId.get('a1')!.cacheHitRate, 900 / 1200);
    assert.equal(byId.get('m1')!.cacheHitRate, undefined, 'no cache figure: unknown, not a miss');
    assert.equal(b.session.cacheReported, 2);
    assert.equal(b.session.cacheHitRate, 1500 / 2000);
    assert.equal(b.runs[1].cacheHitRate, undefined);
    assert.equal(b.runs[1].cacheReported, 0);
    assert.equal(cacheHitRate({ input: 0, cacheRead: 0 }), undefined, 'an empty prompt has no rate');
    assert.equal(cacheHitRate({ input: 10, cacheRead: 0, cacheWrite: 30 }), 0, 'a reported 0 is a real miss');
    assert.equal(promptTokens({ input: 10, cacheRead: 5, cacheWrite: 1 }), 16);
  });

  it('lists the most expensive calls (cost first) and the largest tool results', () => {
    const top = computeBreakdown(s, { top: 3 });
    assert.deepEqual(
      top.topCalls.map((c) => c.eventId),
      ['m1', 'a1', 'c1'],
    );
    assert.deepEqual(
      top.topResults.map((r) => [r.eventId, r.callEventId]),
      [
        ['o1', 'c1'],
        ['o3', 'c3'],
        ['o2', 'c2'],
      ],
    );
    assert.equal(computeBreakdown(s, { top: 10 }).topCalls.at(-1)!.eventId, 'ma', 'a call without a cost ranks after every priced one');
    assert.deepEqual(computeBreakdown(s, { top: 0 }).topCalls, []);
  });

  it("keeps the provider's own totals beside ours, with the differences", () => {
    assert.deepEqual(b.providerTotals, s.providerTotals);
    assert.deepEqual(
      b.mismatches.map((m) => m.field),
      ['tokens.cacheRead'],
      'input and output agree with the provider; its cache reads and cost differ',
    );
    // The run's figures include its sub-agent's (the same run): only output differs.
    assert.deepEqual(b.runs[0].mismatches, [{ field: 'tokens.output', computed: 100, reported: 110 }]);
    assert.equal(b.runs[1].providerTotals, undefined);
  });

  it('leaves every figure unknown in a session that reports none', () => {
    const bare = computeBreakdown(
      session([
        {
          id: 'r',
          events: [events().user('hi'), events().assistant('yo', { id: 'a' })],
        },
      ]),
    );
    assert.deepEqual(bare.session.tokens, {});
    for (const f of [bare.session, ...bare.runs, ...bare.agents]) {
      assert.equal(f.costUsd, undefined);
      assert.equal(f.modelMs, undefined);
      assert.equal(f.toolMs, undefined);
      assert.equal(f.cacheHitRate, undefined);
    }
    assert.deepEqual(bare.models, [], 'no model call, no model group');
    assert.equal(bare.wallMs, undefined, 'no times, no duration');
  });

  it('counts a request once, on its model call, where the run has model calls (as the totals do)', () => {
    const e = events('r');
    const s2 = session([
      {
        id: 'r',
        events: [
          e.user('go'),
          e.modelCall({
            id: 'mc1',
            tokens: { input: 100, output: 10, cacheRead: 300 },
            costUsd: 0.002,
            latencyMs: 700,
            timeToFirstTokenMs: 120,
            model: 'm',
          }),
          // The same request's figures, seen again on the call it made: not added in again.
          e.toolCall('grep', {}, { callId: 'k', tokens: { input: 100, output: 10, cacheRead: 300 }, costUsd: 0.002, latencyMs: 700 }),
          e.toolResult('hit', { callId: 'k', latencyMs: 40 }),
          e.modelCall({ id: 'mc2', tokens: { input: 20, output: 30, cacheRead: 400 }, latencyMs: 900, model: 'm', error: 'overloaded' }),
          e.assistant('done', { tokens: { input: 20, output: 30, cacheRead: 400 }, latencyMs: 900 }),
        ],
      },
    ]);
    const b2 = computeBreakdown(s2);
    for (const [what, groups] of [
      ['runs', b2.runs],
      ['agents', b2.agents],
      ['models', b2.models],
    ] as const)
      assertSumsToTotals(s2, groups, what);
    assert.deepEqual(b2.session.tokens, { input: 120, output: 40, cacheRead: 700 });
    assert.equal(b2.session.costUsd, 0.002);
    assert.deepEqual(
      b2.calls.map((c) => [c.eventId, c.ttftMs, c.promptTokens]),
      [
        ['mc1', 120, 400],
        ['mc2', undefined, 420],
      ],
    );
    assert.equal(b2.session.modelMs, 1600, "the calls' time, not their copies'");
    assert.equal(b2.session.toolMs, 40);
    assert.equal(b2.session.errors, s2.totals.errors, 'a failed model call is an error, as in the totals');
    assert.equal(b2.session.errors, 1);
    assert.deepEqual(byKey(b2.tools, 'grep').tokens, {});
  });

  it('survives a parent chain that loops and a parent that is not in the session', () => {
    const e = events('r');
    const loop = session([
      {
        id: 'r',
        events: [
          e.toolCall('a', {}, { callId: 'x', parentCallId: 'y' }),
          e.toolCall('b', {}, { callId: 'y', parentCallId: 'x', tokens: { input: 3 } }),
          e.toolCall('c', {}, { callId: 'z', parentCallId: 'missing', tokens: { input: 4 } }),
        ],
      },
    ]);
    const lb = computeBreakdown(loop);
    assertSumsToTotals(loop, lb.agents, 'agents');
    assert.equal(lb.session.tokens.input, 7);
  });

  it('adds up to the totals for every demo session', () => {
    for (const { summary, load } of catalog()) {
      const demo = load();
      const db = computeBreakdown(demo);
      for (const [what, groups] of [
        ['runs', db.runs],
        ['agents', db.agents],
        ['models', db.models],
      ] as const)
        assertSumsToTotals(demo, groups, `${summary.id} ${what}`);
      assert.equal(sumGroups(db.agents).events, demo.totals.events, 'every event in one agent group');
    }
  });

  it('adds up to the totals in every grouping whatever the events say (property)', () => {
    // Any real magnitude, negatives, NaN and ±Infinity (which totals ignore); not sums that overflow.
    const num = fc.oneof(
      fc.integer({ min: 0, max: 1e6 }),
      fc.double({ min: -1e12, max: 1e12 }),
      fc.constantFrom(Number.NaN, Infinity, -Infinity, undefined),
    );
    const tokens = fc.option(
      fc.record({ input: num, output: num, cacheRead: num, cacheWrite: num, reasoning: num, total: num }, { requiredKeys: [] }),
      { nil: undefined },
    );
    const callIds = fc.constantFrom('a', 'b', 'c', 'd', undefined);
    const event = fc.record({
      kind: fc.constantFrom(
        'user_message',
        'assistant_message',
        'reasoning',
        'tool_call',
        'tool_result',
        'code_execution',
        'error',
        'other',
        'model_call',
      ),
      tokens,
      costUsd: num,
      latencyMs: num,
      timeMs: num,
      model: fc.option(fc.constantFrom('m1', 'm2'), { nil: undefined }),
      callId: callIds,
      parentCallId: callIds,
      isError: fc.option(fc.boolean(), { nil: undefined }),
      toolType: fc.option(fc.constantFrom('agent', 'function'), { nil: undefined }),
      result: fc.oneof(fc.string(), fc.jsonValue(), fc.constant(undefined)),
    });
    const runs = fc.array(
      fc.record({ events: fc.array(event, { maxLength: 12 }), agentName: fc.option(fc.constantFrom('A', 'B'), { nil: undefined }) }),
      { minLength: 1, maxLength: 3 },
    );
    fc.assert(
      fc.property(runs, (raw) => {
        const s2 = session(
          raw.map((r, i) => ({
            id: `r${i}`,
            agentName: r.agentName,
            events: r.events.map((e, j) => {
              const base = {
                id: `e${i}-${j}`,
                runId: `r${i}`,
                tokens: e.tokens,
                costUsd: e.costUsd,
                latencyMs: e.latencyMs,
                timeMs: e.timeMs,
                model: e.model,
              } as Record<string, unknown>;
              switch (e.kind) {
                case 'tool_call':
                  return {
                    ...base,
                    kind: e.kind,
                    name: 't',
                    callId: e.callId,
                    parentCallId: e.parentCallId,
                    toolType: e.toolType,
                    arguments: {},
                  } as Ev;
                case 'tool_result':
                  return {
                    ...base,
                    kind: e.kind,
                    callId: e.callId,
                    parentCallId: e.parentCallId,
                    result: e.result,
                    isError: e.isError,
                  } as Ev;
                case 'code_execution':
                  return { ...base, kind: e.kind, code: '', language: 'python', parentCallId: e.parentCallId } as Ev;
                case 'error':
                  return { ...base, kind: e.kind, message: 'x' } as Ev;
                case 'other':
                  return { ...base, kind: e.kind, type: 'x', fields: {} } as Ev;
                case 'model_call':
                  return {
                    ...base,
                    kind: e.kind,
                    parentCallId: e.parentCallId,
                    error: e.isError ? 'failed' : undefined,
                    timeToFirstTokenMs: e.latencyMs,
                  } as Ev;
                default:
                  return { ...base, kind: e.kind, text: '' } as Ev;
              }
            }),
          })),
        );
        const bb = computeBreakdown(s2);
        for (const [what, groups] of [
          ['runs', bb.runs],
          ['agents', bb.agents],
          ['models', bb.models],
        ] as const)
          assertSumsToTotals(s2, groups, what);
        assert.equal(sumGroups(bb.agents).events, s2.totals.events, 'every event in one agent group');
        for (const c of bb.calls)
          if (c.cacheHitRate !== undefined) assert.ok(c.cacheHitRate >= 0 && c.cacheHitRate <= 1, `rate ${c.cacheHitRate}`);
      }),
      { numRuns: 300 },
    );
  });
});

describe("request diff: compare a model call with its agent's previous request", () => {
  const call = (id: string, input: Array<{ role: string; text?: string }> | undefined, extra: Partial<SessionEvent> = {}): Ev =>
    ({ id, runId: 'r', kind: 'model_call', tokens: { input: 10 }, ...(input ? { input } : {}), ...extra }) as Ev;
  const s = withTotals({
    id: 's',
    provider: 'file',
    title: 'T',
    metadata: {},
    runs: [
      {
        id: 'r',
        events: [
          call('a', [
            { role: 'system', text: 'be brief' },
            { role: 'user', text: 'hi' },
          ]),
          call('b', [
            { role: 'system', text: 'be brief' },
            { role: 'user', text: 'hi' },
            { role: 'assistant', text: 'hello' },
          ]),
          { id: 'sub', runId: 'r', kind: 'tool_call', name: 'delegate', callId: 'k', toolType: 'agent', arguments: {} },
          call('x', [{ role: 'user', text: 'sub-agent' }], { parentCallId: 'k' }),
          call('c', [
            { role: 'system', text: 'be thorough' },
            { role: 'user', text: 'hi' },
          ]),
          call('d', undefined),
        ],
      },
    ],
  });

  it('marks the first message that differs (where the cache broke), comparing with the same agent', () => {
    const d = requestDiff(s, 'c');
    assert.ok(!('reason' in d), JSON.stringify(d));
    assert.equal(d.previousEventId, 'b', "the sub-agent's call in between is not the leader's previous request");
    assert.equal(d.firstDifferent, 0);
    assert.match(d.left, /### Message 1 {2}◀ first message that differs[^\n]*\nsystem\nbe brief/);
    assert.match(d.right, /### Message 1 {2}◀ first message that differs[^\n]*\nsystem\nbe thorough/);
  });

  it('marks nothing when the request only grew (the prefix, and the cache, held)', () => {
    const d = requestDiff(s, 'b');
    assert.ok(!('reason' in d));
    assert.equal(d.firstDifferent, undefined);
    assert.doesNotMatch(d.left + d.right, /◀/);
    assert.match(d.right, /### Message 3\nassistant\nhello/);
  });

  it('says why when there is nothing to compare', () => {
    assert.match((requestDiff(s, 'a') as { reason: string }).reason, /first model call/);
    assert.match((requestDiff(s, 'x') as { reason: string }).reason, /first model call/, 'the sub-agent has no earlier call of its own');
    assert.match((requestDiff(s, 'd') as { reason: string }).reason, /did not record the messages/);
    assert.match((requestDiff(s, 'sub') as { reason: string }).reason, /not a model call/);
  });

  it('works offline on the demo source: a session recorded two requests of one agent, and the prompt grew between them', () => {
    const demo = catalog()
      .map((e) => e.load())
      .find((x) => x.runs.flatMap((r) => r.events).filter((e) => e.kind === 'model_call' && e.input?.length).length >= 2);
    assert.ok(demo, 'a demo session with two recorded requests');
    const calls = computeBreakdown(demo).calls.filter((c) => c.kind === 'model_call');
    const [first, second] = calls.slice(-2);
    const d = requestDiff(demo, second!.eventId);
    assert.ok(!('reason' in d), JSON.stringify(d));
    assert.equal(d.previousEventId, first!.eventId);
    const inputs = [first, second].map(
      (c) => (demo.runs.flatMap((r) => r.events).find((e) => e.id === c!.eventId) as Extract<Ev, { kind: 'model_call' }>).input!,
    );
    assert.equal(
      d.firstDifferent,
      inputs[1]!.findIndex((m, i) => JSON.stringify(m) !== JSON.stringify(inputs[0]![i])),
      'marked where the two requests first differ',
    );
    assert.ok(second!.promptTokens! > first!.promptTokens!, 'the prompt grew (the prompt-growth chart shows both)');
  });
});
