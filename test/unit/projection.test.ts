// The list's projection kept current pass by pass (webview/virtual/projection.ts's Projector takes
// in only the events added since its last pass) against the projection of the whole store at once
// (projectionReference.ts): any run headers, any chunks and live appends, upserts of events already
// shown (to another kind, another run, an error), filters and folds between them, the same items,
// headings, keys and event lists. And the row heights laid out as the projection grows (pushed, the
// tail of empty runs laid out again) against heights laid out afresh from the same measurements.
import * as assert from 'assert';
import fc from 'fast-check';
import type { EventKind, SessionEvent } from '../../src/model/schema';
import { SessionStore } from '../../webview/store/sessionStore';
import { Heights } from '../../webview/virtual/heights';
import { Projector, type Projection, type ViewFilter } from '../../webview/virtual/projection';
import { referenceProject } from './projectionReference';
import { beginMessage } from '../builders';

const RUNS = ['a', 'b', 'c', 'd', 'e', 'f'];
const KINDS: EventKind[] = ['user_message', 'assistant_message', 'tool_call', 'tool_result', 'error'];

interface Ev {
  run: string;
  kind: EventKind;
  failed: boolean;
}
type Op =
  | { type: 'chunk'; events: Ev[] }
  | { type: 'live'; events: Ev[]; upserts: Array<{ at: number; ev: Ev }> }
  | { type: 'end' }
  | { type: 'filter'; hidden: EventKind[]; onlyErrors: boolean }
  | { type: 'fold'; run: string; collapsed: boolean }
  | { type: 'measure'; at: number; height: number };

const ev = fc.record({ run: fc.constantFrom(...RUNS), kind: fc.constantFrom(...KINDS), failed: fc.boolean() });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant('chunk' as const), events: fc.array(ev, { maxLength: 12 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('live' as const),
      events: fc.array(ev, { maxLength: 4 }),
      upserts: fc.array(fc.record({ at: fc.nat(), ev }), { maxLength: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('end' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constant('filter' as const), hidden: fc.subarray(KINDS, { maxLength: 2 }), onlyErrors: fc.boolean() }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('fold' as const), run: fc.constantFrom(...RUNS), collapsed: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('measure' as const), at: fc.nat(), height: fc.integer({ min: 1, max: 500 }) }) },
);

function toEvent(e: Ev, id: string): SessionEvent {
  const base = { id, runId: e.run };
  switch (e.kind) {
    case 'tool_result':
      return { ...base, kind: 'tool_result', result: 'r', ...(e.failed ? { isError: true } : {}) };
    case 'error':
      return { ...base, kind: 'error', message: 'boom' };
    case 'tool_call':
      return { ...base, kind: 'tool_call', name: 't', arguments: {} };
    default:
      return { ...base, kind: e.kind, text: 'x' } as SessionEvent;
  }
}

function begin(store: SessionStore, listed: string[]): void {
  store.apply(beginMessage(listed));
}

const plain = (p: Projection) => ({
  items: Array.from(p.items),
  keys: Array.from(p.keys),
  segmentOf: Array.from(p.segmentOf),
  segments: p.segments.map((s) => ({ ...s })),
  events: Array.from(p.events),
  itemOf: Array.from(p.itemOf),
});

/** Plays `ops` into a store, projecting after each as the inspector does; calls `check` each time. */
function play(
  listed: string[],
  ops: Op[],
  check: (store: SessionStore, p: Projection, filter: ViewFilter, folded: Set<string>, o: Op) => void,
) {
  const store = new SessionStore();
  begin(store, listed);
  const projector = new Projector(store);
  store.subscribe((c) => {
    if (c.type === 'update') projector.changed(c.indexes);
  });
  let filter: ViewFilter = { hiddenKinds: new Set(), onlyErrors: false };
  const folded = new Set<string>();
  let next = 0;
  for (const o of ops) {
    if (o.type === 'chunk') {
      if (store.status === 'streaming') store.apply({ type: 'session/events', events: o.events.map((e) => toEvent(e, `n${next++}`)) });
      else store.apply({ type: 'session/append', events: o.events.map((e) => toEvent(e, `n${next++}`)) });
    } else if (o.type === 'live') {
      const n = store.events.length;
      const upserts = n ? o.upserts.map((u) => toEvent(u.ev, store.events[u.at % n]!.event.id)) : [];
      store.apply({ type: 'session/append', events: [...upserts, ...o.events.map((e) => toEvent(e, `n${next++}`))] });
    } else if (o.type === 'end') {
      store.apply({ type: 'session/end' });
    } else if (o.type === 'filter') {
      filter = { hiddenKinds: new Set(o.hidden), onlyErrors: o.onlyErrors };
      projector.invalidate();
    } else if (o.type === 'fold') {
      if (o.collapsed) folded.add(o.run);
      else folded.delete(o.run);
      projector.invalidate();
    }
    const p = projector.project(filter, (id) => folded.has(id));
    check(store, p, filter, folded, o);
  }
}

describe('list projection, kept current pass by pass', () => {
  it('lays out the same items as a projection of every event at once, through any appends, upserts, filters and folds', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...RUNS.slice(0, 5)), { maxLength: 5 }),
        fc.array(op, { maxLength: 25 }),
        (listed, ops) => {
          let before: { layout: number; settled: number; p: ReturnType<typeof plain> } | undefined;
          play(listed, ops, (store, p, filter, folded) => {
            const now = plain(p);
            assert.deepStrictEqual(
              now,
              referenceProject(store, filter, (id) => folded.has(id)),
            );
            if (before && before.layout === p.layout) {
              // What an earlier pass of this layout settled is still there, as it was.
              const k = before.settled;
              assert.deepStrictEqual(now.items.slice(0, k), before.p.items.slice(0, k));
              assert.deepStrictEqual(now.keys.slice(0, k), before.p.keys.slice(0, k));
              assert.deepStrictEqual(now.segmentOf.slice(0, k), before.p.segmentOf.slice(0, k));
              const segs = k ? before.p.segmentOf[k - 1]! + 1 : 0;
              assert.deepStrictEqual(now.segments.slice(0, segs), before.p.segments.slice(0, segs));
            }
            before = { layout: p.layout, settled: p.settled, p: now };
          });
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) },
    );
  });

  it('takes in a long session chunk by chunk in one pass over its events, not one per chunk', () => {
    const store = new SessionStore();
    begin(store, ['a', 'b']);
    const projector = new Projector(store);
    let layouts = new Set<number>();
    for (let c = 0; c < 50; c++) {
      store.apply({
        type: 'session/events',
        events: Array.from({ length: 100 }, (_, k) =>
          toEvent({ run: c < 25 ? 'a' : 'b', kind: 'assistant_message', failed: false }, `e${c}-${k}`),
        ),
      });
      const p = projector.project({ hiddenKinds: new Set(), onlyErrors: false }, () => false);
      layouts.add(p.layout);
      // Everything but the heading of the run still without events is settled.
      assert.strictEqual(p.settled, p.items.length - (c < 25 ? 1 : 0));
    }
    assert.strictEqual(layouts.size, 1, 'one layout grown, never projected again from the start');
    projector.invalidate();
    layouts = new Set([...layouts, projector.project({ hiddenKinds: new Set(['error']), onlyErrors: false }, () => false).layout]);
    assert.strictEqual(layouts.size, 2, 'a filter change lays everything out again');
  });
});

describe('row heights laid out as the projection grows', () => {
  // Estimates are averages, and a row measured later replaces its estimate by the difference: the
  // tree's sums then differ from a fresh one's in the last bits (298.0000000000001 for 298).
  const near = (actual: number, expected: number, what: string) =>
    assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual}, expected ${expected}`);
  const onEdge = (h: Heights, count: number, y: number) => {
    for (let pos = 0; pos <= count; pos++) if (Math.abs(h.offsetOf(pos) - y) < 1e-6) return true;
    return false;
  };

  it('give the same tops and rows as heights laid out afresh, once every row is measured', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...RUNS.slice(0, 5)), { maxLength: 5 }),
        fc.array(op, { maxLength: 25 }),
        fc.array(fc.integer({ min: -50, max: 20_000 }), { maxLength: 10 }),
        (listed, ops, ys) => {
          let heights: Heights | undefined;
          let last: Projection | undefined;
          let store: SessionStore | undefined;
          const measured = new Map<number, number>();
          play(listed, ops, (s, p, _f, _folded, o) => {
            store = s;
            heights ??= new Heights(s);
            heights.use(p, p.items.length);
            last = p;
            if (o.type === 'measure' && p.items.length) {
              const pos = o.at % p.items.length;
              const item = p.items[pos]!;
              if (item >= 0) heights.setEvent(item, o.height);
              else heights.setHead(pos, o.height);
              // Offsets read between passes, as the list reads them while drawing.
              assert.ok(heights.total > 0);
              measured.set(item, o.height);
            }
            // A measured row has its height in the layout.
            for (let pos = 0; pos < p.items.length; pos++) {
              const item = p.items[pos]!;
              const h = item >= 0 ? measured.get(item) : undefined;
              if (h !== undefined) near(heights.offsetOf(pos + 1) - heights.offsetOf(pos), h, `height of ${pos}`);
            }
          });
          if (!heights || !last || !store) return;
          const p = last;
          const fresh = new Heights(store);
          fresh.use(p, p.items.length);
          // Every row measured (the same in both), so estimates no longer differ.
          for (let pos = 0; pos < p.items.length; pos++) {
            const item = p.items[pos]!;
            const h = 20 + ((pos * 37) % 300);
            if (item >= 0) {
              heights.setEvent(item, h);
              fresh.setEvent(item, h);
            } else {
              heights.setHead(pos, h);
              fresh.setHead(pos, h);
            }
          }
          for (let pos = 0; pos <= p.items.length; pos++) near(heights.offsetOf(pos), fresh.offsetOf(pos), `top of ${pos}`);
          // A y on a row's edge may fall either side of it by the rounding above.
          for (const y of ys) if (!onEdge(fresh, p.items.length, y)) assert.strictEqual(heights.itemAt(y), fresh.itemAt(y), `row at ${y}`);
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) },
    );
  });
});
