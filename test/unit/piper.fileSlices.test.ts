// A Piper session file read in slices (fileSlices.ts) is the same session as the file read whole
// (mapPiperSession): same events in the same order, same runs, ids, titles and totals, over the
// published shapes — the recorded fixture with fields missing, null, empty, oversized, mistyped or
// repeated (readerProperties.ts), and the demo generator's sessions in Piper's wire format — cut
// into slices of every size; and what the whole read refuses, the sliced read refuses.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Session, SessionEvent } from '../../src/model';
import { generateSession } from '../../src/providers/demo/generate';
import { ResponseShapeError } from '../../src/providers/mapping';
import { mapPiperSlices, piperLayout, type PiperFrame, type PiperSlice } from '../../src/providers/piper/fileSlices';
import { mapPiperSession } from '../../src/providers/piper/map';
import { piperWire } from '../../bench/normalise';
import { EXTREME_NUMBERS, mutate, mutations, mutationsWith, type Json } from './readerProperties';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS) || 100 };
const fixture = JSON.parse(readFileSync(join(__dirname, '../fixtures/piper-session.json'), 'utf8')) as Json;
const CTX = { sessionId: 'asked-for', connectionId: 'c1', agentName: 'Agent' };

/** The slices put together: every run's events where the frame counts them. */
function readSliced(text: string, sizes: { first: number; size: number }): { session: Session; slices: PiperSlice[] } | undefined {
  const buf = Buffer.from(text, 'utf8');
  const layout = piperLayout(buf);
  if (!layout) return undefined;
  const slices: PiperSlice[] = [];
  const it = mapPiperSlices(buf, layout, CTX, sizes);
  let step = it.next();
  while (!step.done) {
    slices.push(step.value);
    step = it.next();
  }
  const frame: PiperFrame = step.value;
  const events: SessionEvent[] = slices.flatMap((s) => s.events);
  let at = 0;
  const runs = frame.session.runs.map((r, i) => {
    const n = frame.eventCounts[i]!;
    const list = events.slice(at, (at += n));
    return { ...r, events: list };
  });
  assert.equal(at, events.length, 'the frame counts every event handed on');
  return { session: { ...frame.session, runs }, slices };
}

function outcome(read: () => Session | undefined): Session | ResponseShapeError | 'not this shape' {
  try {
    return read() ?? 'not this shape';
  } catch (e) {
    if (e instanceof ResponseShapeError) return e;
    throw e;
  }
}

function assertSame(payload: Json, indent: number | undefined, sizes: { first: number; size: number }): void {
  const text = JSON.stringify(payload, null, indent);
  const whole = outcome(() => mapPiperSession(JSON.parse(text), CTX));
  let slices: PiperSlice[] = [];
  const sliced = outcome(() => {
    const read = readSliced(text, sizes);
    slices = read?.slices ?? [];
    return read?.session;
  });
  if (whole instanceof ResponseShapeError) {
    assert.ok(
      !(sliced instanceof Object) || sliced instanceof ResponseShapeError,
      `the whole read refused (${whole.message}); the sliced did not`,
    );
    return;
  }
  if (typeof whole === 'string') return assert.fail('mapPiperSession returns a session or throws');
  assert.ok(
    !(sliced instanceof ResponseShapeError),
    `the sliced read refused what the whole read maps: ${sliced instanceof Error ? sliced.message : '?'}`,
  );
  if (sliced === 'not this shape') assert.fail('a session-events response the sliced read did not take');
  assert.deepStrictEqual(sliced, whole);
  // First `first` events (the first screen), then `size` at a time; the first brings the header.
  assert.ok(slices[0]?.head, 'the first slice brings the session header');
  assert.equal(slices[0]!.head!.id, whole.id);
  const counts = slices.map((s) => s.events.length);
  const total = whole.runs.reduce((n, r) => n + r.events.length, 0);
  assert.equal(counts[0], Math.min(sizes.first, total));
  for (let i = 1; i < counts.length; i++) assert.ok(counts[i]! > 0 && counts[i]! <= sizes.size, `slice ${i}: ${counts[i]} events`);
}

const sizes = fc.record({ first: fc.integer({ min: 1, max: 5 }), size: fc.integer({ min: 1, max: 7 }) });
const indent = fc.constantFrom(undefined, 2);

describe('a Piper file read in slices is the file read whole (fast-check)', function () {
  this.timeout(120_000);

  it('the recorded session with fields missing, null, empty, oversized, mistyped or repeated: same session, same totals, or both refuse', () => {
    fc.assert(
      fc.property(mutations, indent, sizes, (changes, ind, sz) => assertSame(mutate(fixture, changes), ind, sz)),
      RUNS,
    );
  });

  it('with numbers up to ±1.8e308: the same overflows named, never a different sum', () => {
    fc.assert(
      fc.property(mutationsWith(EXTREME_NUMBERS), sizes, (changes, sz) => assertSame(mutate(fixture, changes), undefined, sz)),
      RUNS,
    );
  });

  it("the demo generator's sessions in Piper's wire format, of up to 400 events: same session, same totals", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.nat(),
        fc.record({ first: fc.integer({ min: 1, max: 250 }), size: fc.integer({ min: 1, max: 300 }) }),
        (n, seed, sz) => assertSame(JSON.parse(piperWire(generateSession({ events: n, seed }))) as Json, undefined, sz),
      ),
      { numRuns: Math.ceil(RUNS.numRuns / 4) },
    );
  });

  it('the default slices: 200 events first, then 2,000', () => {
    const text = piperWire(generateSession({ events: 5_000, seed: 3 }));
    const read = readSliced(text, { first: 200, size: 2_000 })!;
    assert.deepStrictEqual(
      read.slices.map((s) => s.events.length),
      [200, 2_000, 2_000, 800],
    );
    assert.deepStrictEqual(read.session, mapPiperSession(JSON.parse(text), CTX));
  });
});
