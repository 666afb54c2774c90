// The live breakdown (events folded in one at a time, a known key replacing its event) gives what
// the one-pass reference implementation (breakdownReference.ts) gives for the session as it
// stands, after every step of any sequence of appends, replacements, moves between runs and run
// changes; and computeBreakdown (the same builder folding a whole session) gives it too.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { computeBreakdown, type Session, type SessionEvent } from '../../src/model';
import { referenceBreakdown } from './breakdownReference';
import { BreakdownBuilder, type RunMeta } from '../../src/model/breakdownLive';
import { generateSession } from '../../src/providers/demo/generate';

type Ev = SessionEvent;

/**
 * Holds `actual` to `expected` field by field (getters read): token counts (integers here) and
 * everything else exactly, costs and times to 1e-9 relative (float sums taken in another order).
 */
function assertSame(actual: unknown, expected: unknown, path = 'breakdown'): void {
  if (typeof actual === 'number' && typeof expected === 'number' && /cost|Ms$|Rate$/i.test(path) && Number.isFinite(expected)) {
    assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `${path}: ${actual} ≠ ${expected}`);
    return;
  }
  if (actual && expected && typeof actual === 'object' && typeof expected === 'object') {
    assert.equal(Array.isArray(actual), Array.isArray(expected), `${path}: array or not`);
    const ak = Object.keys(actual).sort();
    const ek = Object.keys(expected).sort();
    assert.deepEqual(ak, ek, `${path}: fields`);
    for (const k of ek) assertSame((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  assert.deepEqual(actual, expected, path);
}

/** The session the folded steps describe: runs in order of first mention, events by first arrival. */
class Reference {
  private readonly runs = new Map<string, RunMeta>();
  private readonly events = new Map<string, Ev>();

  setRun(meta: RunMeta): void {
    this.runs.set(meta.id, meta);
  }

  put(e: Ev): void {
    if (!this.runs.has(e.runId)) this.runs.set(e.runId, { id: e.runId, totals: { tokens: {} } });
    this.events.set(e.id, e);
  }

  session(agentName: string | undefined): Session {
    const runs = [...this.runs.values()].map((m) => ({ ...m, events: [] as Ev[] }));
    const byId = new Map(runs.map((r) => [r.id, r]));
    for (const e of this.events.values()) byId.get(e.runId)!.events.push(e);
    const s: Session = { id: 's', provider: 'file', title: 'T', metadata: {}, runs, totals: { tokens: {} } };
    if (agentName !== undefined) s.agentName = agentName;
    return s;
  }
}

const num = fc.oneof(fc.integer({ min: -5, max: 1e6 }), fc.constantFrom(Number.NaN, Infinity, undefined, 0));
const money = fc.oneof(fc.double({ min: 0, max: 50, noNaN: true }), fc.constantFrom(Number.NaN, undefined, -1));
const tokens = fc.option(
  fc.record({ input: num, output: num, cacheRead: num, cacheWrite: num, reasoning: num, total: num }, { requiredKeys: [] }),
  { nil: undefined },
);
const callIds = fc.constantFrom('a', 'b', 'c', undefined);
const kinds = fc.constantFrom(
  'user_message',
  'assistant_message',
  'reasoning',
  'tool_call',
  'tool_result',
  'code_execution',
  'error',
  'other',
  'model_call',
);
const eventStep = fc.record({
  step: fc.constant('event' as const),
  id: fc.integer({ min: 0, max: 14 }),
  run: fc.integer({ min: 0, max: 2 }),
  kind: kinds,
  tokens,
  costUsd: money,
  latencyMs: fc.oneof(fc.integer({ min: 0, max: 1e5 }), fc.constant(undefined)),
  timeMs: fc.oneof(fc.integer({ min: 0, max: 1e4 }), fc.constant(undefined)),
  model: fc.option(fc.constantFrom('m1', 'p:m2'), { nil: undefined }),
  name: fc.option(fc.constantFrom('search', 'code:python', 'helper'), { nil: undefined }),
  callId: callIds,
  parentCallId: callIds,
  isError: fc.option(fc.boolean(), { nil: undefined }),
  toolType: fc.option(fc.constantFrom('agent', 'function'), { nil: undefined }),
  result: fc.oneof(fc.string({ maxLength: 30 }), fc.jsonValue({ maxDepth: 2 }), fc.constant(undefined)),
});
const runStep = fc.record({
  step: fc.constant('run' as const),
  run: fc.integer({ min: 0, max: 3 }),
  model: fc.option(fc.constantFrom('m1', 'm3'), { nil: undefined }),
  agentName: fc.option(fc.constantFrom('A', 'B'), { nil: undefined }),
  title: fc.option(fc.constant('Titled'), { nil: undefined }),
  providerTotals: fc.option(
    fc.record({
      tokens: fc.record({ input: fc.nat(2000) }, { requiredKeys: [] }),
      timeToFirstTokenMs: fc.option(fc.nat(900), { nil: undefined }),
    }),
    { nil: undefined },
  ),
});
const sessionStep = fc.record({
  step: fc.constant('session' as const),
  agentName: fc.option(fc.constantFrom('Leader', 'Other'), { nil: undefined }),
});

type EventStep = typeof eventStep extends fc.Arbitrary<infer T> ? T : never;

function toEvent(e: EventStep): Ev {
  const base = {
    id: `e${e.id}`,
    runId: `r${e.run}`,
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
        name: e.name ?? 't',
        callId: e.callId,
        parentCallId: e.parentCallId,
        toolType: e.toolType,
        arguments: {},
      } as Ev;
    case 'tool_result':
      return {
        ...base,
        kind: e.kind,
        name: e.name,
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
      return { ...base, kind: e.kind, type: 'x', fields: {}, parentCallId: e.parentCallId } as unknown as Ev;
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
}

describe('live breakdown (folded one event at a time)', () => {
  it('equals computeBreakdown after every step of appends, replacements and run changes (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 8, arbitrary: eventStep }, { weight: 1, arbitrary: runStep }, { weight: 1, arbitrary: sessionStep }), {
          maxLength: 40,
        }),
        (steps) => {
          let agentName: string | undefined = 'Leader';
          const ref = new Reference();
          const live = new BreakdownBuilder({ agentName, totals: { tokens: {} } }, { top: 3 });
          for (const s of steps) {
            if (s.step === 'event') {
              const e = toEvent(s);
              ref.put(e);
              live.put(e.id, e);
            } else if (s.step === 'run') {
              const meta: RunMeta = { id: `r${s.run}`, totals: { tokens: {} } };
              if (s.model !== undefined) meta.model = s.model;
              if (s.agentName !== undefined) meta.agentName = s.agentName;
              if (s.title !== undefined) meta.title = s.title;
              if (s.providerTotals !== undefined) meta.providerTotals = s.providerTotals;
              ref.setRun(meta);
              live.setRun(meta);
            } else {
              agentName = s.agentName;
              live.setSession(agentName === undefined ? { totals: { tokens: {} } } : { agentName, totals: { tokens: {} } });
            }
            const expected = referenceBreakdown(ref.session(agentName), { top: 3 });
            assertSame(live.result(), expected);
            assertSame(computeBreakdown(ref.session(agentName), { top: 3 }), expected);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('folds a whole session run by run (BreakdownBuilder.of) to what put() of each event gives, and to the reference (property, generated sessions)', () => {
    // of() places a run's events, then folds each once, and finds a call by looking back from the
    // run's end; put() counts dependents and folds again. The edits make what the fast path must
    // not get wrong: results and nested events before their call, results without a name, call
    // ids given twice, a parent that is no call, a first model call that changes what the run
    // counts, an event listed in one run that names another, a run listed twice.
    const edit = fc.record({
      op: fc.constantFrom('reverse', 'unname', 'dupCall', 'orphan', 'modelCall', 'move', 'dupRun'),
      run: fc.nat(),
      at: fc.nat(),
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.nat(1000), fc.array(edit, { maxLength: 6 }), (events, seed, edits) => {
        const s = generateSession({ events, seed });
        let listedElsewhere = false;
        for (const { op, run: ri, at } of edits) {
          if (!s.runs.length) break;
          const run = s.runs[ri % s.runs.length]!;
          const evs = run.events;
          const calls = evs.filter((e) => e.kind === 'tool_call');
          const pick = <T>(list: T[]): T | undefined => (list.length ? list[at % list.length] : undefined);
          const swap = (e: Ev | undefined, next: Ev) => {
            if (e) evs[evs.indexOf(e)] = next;
          };
          if (op === 'reverse') evs.reverse();
          else if (op === 'unname') {
            for (let i = 0; i < evs.length; i++) {
              const e = evs[i]!;
              if (e.kind === 'tool_result') {
                const { name: _, ...rest } = e;
                evs[i] = rest as Ev;
              }
            }
          } else if (op === 'dupCall') {
            const a = pick(calls);
            const b = calls[(at + 1) % Math.max(1, calls.length)];
            if (a && b && a !== b) swap(b, { ...b, callId: (a as { callId?: string }).callId } as Ev);
          } else if (op === 'orphan') swap(pick(evs), { ...pick(evs)!, parentCallId: 'no-such-call' } as Ev);
          else if (op === 'modelCall') {
            const mc = {
              id: `mc-${at}`,
              runId: run.id,
              kind: 'model_call',
              tokens: { input: 7, output: 3 },
              costUsd: 0.25,
              latencyMs: 40,
            } as Ev;
            evs.splice(at % (evs.length + 1), 0, mc);
          } else if (op === 'move' && s.runs.length > 1) {
            const other = s.runs[(ri + 1) % s.runs.length]!;
            swap(pick(evs), { ...pick(evs)!, runId: other.id } as Ev);
            listedElsewhere = true;
          } else if (op === 'dupRun') {
            s.runs.push({ ...run, events: evs.slice(0, at % (evs.length + 1)).map((e) => ({ ...e, id: `${e.id}-again` })) });
            listedElsewhere = true;
          }
        }
        const eachPut = new BreakdownBuilder(s, { top: 5 });
        let n = 0;
        for (const run of s.runs) {
          eachPut.setRun(run);
          for (const e of run.events) eachPut.put(n++, e);
        }
        const fast = BreakdownBuilder.of(s, { top: 5 }).result();
        assertSame(fast, eachPut.result());
        // The reference reads a session whose events sit in the run they name, each run once.
        if (!listedElsewhere) assertSame(fast, referenceBreakdown(s, { top: 5 }));
      }),
      { numRuns: 120 },
    );
  });

  it('folds a generated session to what computeBreakdown gives for it, and a streamed answer replaces its event', () => {
    const s = generateSession({ events: 3000, seed: 3 });
    const live = BreakdownBuilder.of(s);
    assertSame(live.result(), referenceBreakdown(s));
    assertSame(computeBreakdown(s), referenceBreakdown(s));
    // A model call streamed twice: its tokens count once, the last time's.
    const run = s.runs[0]!;
    const first = { id: 'late', runId: run.id, kind: 'model_call', tokens: { input: 10, output: 1 }, costUsd: 0.5 } as Ev;
    const grown = { ...first, tokens: { input: 10, output: 7 }, costUsd: 0.75 } as Ev;
    live.put('late', first);
    live.put('late', grown);
    run.events.push(grown);
    const expected = referenceBreakdown(s);
    const got = live.result();
    assertSame(got, expected);
    const late = got.calls.filter((c) => c.eventId === 'late');
    assert.equal(late.length, 1, 'the replaced call is one model call');
    assert.deepEqual([late[0]!.tokens.output, late[0]!.costUsd], [7, 0.75]);
  });

  it('keeps the sums of rows in more than one slab apart (a session of 5,000 runs: a row per run, 4,096 rows a slab)', () => {
    // Rows' sums share slabs of doubles (breakdownFold.ts, sumSlot): a row that wrote into its
    // neighbour's place, or a new slab started -0-less, would show in the runs' figures here.
    const runs = Array.from({ length: 5000 }, (_, i) => {
      const id = `r${i}`;
      const events: Ev[] = [
        {
          id: `${id}-m`,
          runId: id,
          kind: 'model_call',
          tokens: { input: i + 1, output: i % 7, cacheRead: i % 3 },
          costUsd: i / 1000,
          latencyMs: i % 11,
          timeMs: i,
        } as Ev,
        { id: `${id}-t`, runId: id, kind: 'tool_call', name: `tool${i % 5}`, callId: `c${i}`, latencyMs: i % 13 } as Ev,
      ];
      return { id, events, totals: { tokens: {} } };
    });
    const s: Session = { id: 's', provider: 'file', title: 'T', metadata: {}, runs, totals: { tokens: {} } };
    const live = BreakdownBuilder.of(s);
    assertSame(live.result(), referenceBreakdown(s));
    // Taken out and put back across the slabs: every run's first event replaced by one without figures, then restored.
    // (of() keys each event by its arrival number: run i's model call is event 2i.)
    runs.forEach((run, i) => live.put(2 * i, { id: `${run.id}-m`, runId: run.id, kind: 'assistant_message', text: '' } as Ev));
    const emptied = runs.map((r) => ({
      ...r,
      events: [{ id: `${r.id}-m`, runId: r.id, kind: 'assistant_message', text: '' } as Ev, r.events[1]!],
    }));
    assertSame(live.result(), referenceBreakdown({ ...s, runs: emptied }));
  });
});
