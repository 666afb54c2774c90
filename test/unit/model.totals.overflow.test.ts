// Sums that cannot go wrong (fast-check): JSON carries figures up to ±1.8e308, and two of those
// added are ±Infinity, then NaN. Whatever the events report — small counts, huge or negative
// figures, NaN, ±Infinity — the totals hold only finite numbers; a field whose sum is beyond a
// number's range is left out and named in `overflow`, for runs and for the session, and an
// independent exact sum (BigInt) says when that must happen.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  compareTotals,
  computeTotals,
  overflowed,
  tokenSum,
  withTotals,
  TotalsSchema,
  type SessionEvent,
  type Totals,
} from '../../src/model';

const SMALL = fc.integer({ min: 0, max: 1000 });
const HUGE = fc.constantFrom(1e300, 1e308, Number.MAX_VALUE);
const ANY = fc.oneof(SMALL, HUGE, fc.constantFrom(-Number.MAX_VALUE, -1e308, NaN, Infinity, -Infinity), fc.double());
/** The smallest real sum that rounds to Infinity (round to nearest: MAX_VALUE + half an ulp). */
const OVER = BigInt(Number.MAX_VALUE) + 2n ** 970n;

type Figures = { input?: number; output?: number; cacheRead?: number; cost?: number; latency?: number };
const figures = (n: fc.Arbitrary<number>) => fc.record({ input: n, output: n, cacheRead: n, cost: n, latency: n }, { requiredKeys: [] });

function eventsOf(list: Figures[], runId: string): SessionEvent[] {
  return list.map((f, i) => {
    const e: SessionEvent = { id: `${runId}:${i}`, runId, kind: 'assistant_message', text: 'x', tokens: {} };
    if (f.input !== undefined) e.tokens!.input = f.input;
    if (f.output !== undefined) e.tokens!.output = f.output;
    if (f.cacheRead !== undefined) e.tokens!.cacheRead = f.cacheRead;
    if (f.cost !== undefined) e.costUsd = f.cost;
    if (f.latency !== undefined) e.latencyMs = f.latency;
    return e;
  });
}

const FIELDS = {
  'tokens.input': (t: Totals) => t.tokens.input,
  'tokens.output': (t: Totals) => t.tokens.output,
  'tokens.cacheRead': (t: Totals) => t.tokens.cacheRead,
  costUsd: (t: Totals) => t.costUsd,
  latencyMs: (t: Totals) => t.latencyMs,
};
const INPUT: Record<keyof typeof FIELDS, keyof Figures> = {
  'tokens.input': 'input',
  'tokens.output': 'output',
  'tokens.cacheRead': 'cacheRead',
  costUsd: 'cost',
  latencyMs: 'latency',
};

function assertFinite(t: Totals, where: string) {
  for (const [field, get] of Object.entries(FIELDS)) {
    const v = get(t);
    assert.ok(v === undefined || Number.isFinite(v), `${where}: ${field} is ${v}`);
    if (overflowed(t, field)) assert.equal(v, undefined, `${where}: ${field} overflowed but shows ${v}`);
  }
  const sum = tokenSum(t.tokens);
  assert.ok(sum === undefined || Number.isFinite(sum), `${where}: total tokens ${sum}`);
  assert.ok(TotalsSchema.safeParse(t).success, `${where}: the model takes the totals`);
}

describe('totals over huge figures (fast-check)', () => {
  it('any figures: runs and session hold only finite numbers or name the overflow; never NaN or ±Infinity', () => {
    fc.assert(
      fc.property(fc.array(fc.array(figures(ANY), { maxLength: 6 }), { minLength: 1, maxLength: 4 }), (runs) => {
        const session = withTotals({
          id: 's',
          provider: 'demo',
          title: 't',
          metadata: {},
          runs: runs.map((list, i) => ({ id: `r${i}`, events: eventsOf(list, `r${i}`) })),
        });
        session.runs.forEach((r) => assertFinite(r.totals, r.id));
        assertFinite(session.totals, 'session');
        // A run's overflow is the session's too: its sum cannot be smaller than a part beyond range.
        for (const r of session.runs)
          for (const f of r.totals.overflow ?? []) assert.ok(overflowed(session.totals, f), `session keeps ${f}`);
        // Compared with a provider's figure, an overflowed sum is a difference, never agreement.
        for (const f of session.totals.overflow ?? []) {
          if (!f.startsWith('tokens.')) continue;
          const key = f.slice(7) as keyof Totals['tokens'];
          assert.ok(compareTotals(session.totals, { tokens: { [key]: 5 } }).some((m) => m.field === f));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('non-negative figures: a field overflows exactly when the exact sum is beyond a number, else it is that sum', () => {
    fc.assert(
      fc.property(fc.array(figures(fc.oneof(SMALL, HUGE)), { maxLength: 8 }), (list) => {
        const t = computeTotals(eventsOf(list, 'r'));
        for (const [field, get] of Object.entries(FIELDS) as Array<[keyof typeof FIELDS, (t: Totals) => number | undefined]>) {
          const given = list.map((f) => f[INPUT[field]]).filter((v): v is number => v !== undefined);
          const exact = given.reduce((a, v) => a + BigInt(v), 0n);
          assert.equal(overflowed(t, field), exact >= OVER, `${field}: ${given.join(' + ')}`);
          if (!given.length) assert.equal(get(t), undefined);
          else if (exact < OVER && given.every((v) => v <= 1000)) assert.equal(get(t), Number(exact));
          else if (exact < OVER) assert.ok(Number.isFinite(get(t)!));
        }
      }),
      { numRuns: 300 },
    );
  });
});
