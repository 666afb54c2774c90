// The timeline's bins against drawing every bar at once: bars folded in one at a time, read in
// between as a streaming session is redrawn, give the same stretches as all of them binned at the
// final resolution, and every bar's start is drawn in its colour.
import * as assert from 'assert';
import fc from 'fast-check';
import { BINS, RunBar, TimelineBins } from '../../webview/toolbar/timelineBins';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS) || 200 };
const KEYS = ['a', 'b', 'c'];

type Bar = { key: string; from: number; to: number };

/** Every bar binned at once at the width the bins end at, then read as columns. */
function reference(bars: Bar[], key: string, columns: number, perMs: number): Array<[number, number]> {
  let binMs = 1;
  for (const b of bars) while (Math.max(b.from, b.to) >= BINS * binMs) binMs *= 2;
  const covered = new Uint8Array(BINS);
  for (const b of bars.filter((x) => x.key === key)) {
    const a = Math.floor(b.from / binMs);
    const e = Math.min(BINS, Math.max(a + 1, Math.ceil(b.to / binMs)));
    covered.fill(1, a, e);
  }
  const cols = new Uint8Array(columns);
  for (let k = 0; k < BINS; k++) {
    if (!covered[k]) continue;
    const a = Math.min(columns, Math.floor(k * binMs * perMs));
    cols.fill(1, a, Math.min(columns, Math.max(a + 1, Math.ceil((k + 1) * binMs * perMs))));
  }
  const out: Array<[number, number]> = [];
  for (let c = 0; c < columns; c++) {
    if (!cols[c]) continue;
    const from = c;
    while (c < columns && cols[c]) c++;
    out.push([from, c]);
  }
  return out;
}

const read = (bins: TimelineBins, key: string, columns: number, perMs: number) => {
  const out: Array<[number, number]> = [];
  bins.stretches(key, columns, perMs, (from, to) => out.push([from, to]));
  return out;
};

describe('timeline bins', () => {
  it('fold bars one at a time into what binning them all at once gives, however often they are read', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...KEYS), fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 3_000 }), fc.boolean()), {
          maxLength: 200,
        }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 50, max: 3000 }),
        (steps, gapScale, columns) => {
          // A session's clock only grows: each bar starts at or after the one before.
          const bins = new TimelineBins();
          const bars: Bar[] = [];
          let t = 0;
          for (const [key, gap, width, readNow] of steps) {
            t += gap * gapScale;
            const bar = { key, from: t, to: t + width };
            bars.push(bar);
            bins.add(bar.key, bar.from, bar.to);
            if (readNow) read(bins, key, columns, columns / (t + width + 1));
          }
          const span = bars.length ? Math.max(...bars.map((b) => b.to)) + 1 : 1;
          const perMs = columns / span;
          for (const key of KEYS) {
            const got = read(bins, key, columns, perMs);
            assert.deepStrictEqual(got, reference(bars, key, columns, perMs), key);
            for (const b of bars.filter((x) => x.key === key)) {
              const c = Math.min(columns - 1, Math.floor(b.from * perMs));
              assert.ok(
                got.some(([f, e]) => f <= c && c < e),
                `bar at ${b.from} (column ${c}) drawn`,
              );
            }
          }
        },
      ),
      RUNS,
    );
  });

  it("fold a run's events as one run bar into the bins of one bar per event, across chunks and reads", () => {
    fc.assert(
      fc.property(
        // Per event: its run (a new run or the same as the event before), the clock's step to it,
        // its bar's length (often none), whether a chunk ends after it (the bar so far is added).
        fc.array(
          fc.tuple(
            fc.boolean(),
            fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 4_000 })),
            fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 6_000 })),
            fc.boolean(),
          ),
          {
            maxLength: 150,
          },
        ),
        // Steps of a power of two, so bars start and end on bin edges too (where a bar of no length
        // still covers its bin).
        fc.oneof(fc.integer({ min: 1, max: 200 }), fc.constantFrom(256, 1024, 4096)),
        fc.integer({ min: 50, max: 3000 }),
        (events, gapScale, columns) => {
          const perEvent = new TimelineBins();
          const perRun = new TimelineBins();
          const bar = new RunBar();
          let runs = 0;
          let t = 0;
          let before = 0;
          let span = 1;
          events.forEach(([newRun, gap, width, chunkEnds], i) => {
            t += gap * gapScale;
            const end = t + width;
            span = Math.max(span, end + 1);
            const first = i === 0 || newRun;
            if (first) {
              if (runs) bar.addTo(perRun, `run${(runs - 1) % 2}`);
              runs++;
              bar.begin(t, end);
            } else bar.extend(before, end);
            // As the timeline folded them before: each event's bar from the event before's start.
            perEvent.add(`run${(runs - 1) % 2}`, first ? t : before, end);
            if (chunkEnds) {
              bar.addTo(perRun, `run${(runs - 1) % 2}`);
              read(perRun, 'run0', columns, columns / span);
            }
            before = t;
          });
          if (runs) bar.addTo(perRun, `run${(runs - 1) % 2}`);
          for (const key of ['run0', 'run1'])
            assert.deepStrictEqual(read(perRun, key, columns, columns / span), read(perEvent, key, columns, columns / span), key);
        },
      ),
      RUNS,
    );
  });
});
