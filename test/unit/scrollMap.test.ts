// The virtual list's map between the page's scroll position and the list's laid-out height, for
// lists taller than a browser lays out (a million events): both ends exact whatever the moves
// before, moves never reversed, small moves 1:1, a position aimed at reached within a pixel, and
// nothing changed at all below the cap.
import * as assert from 'assert';
import fc from 'fast-check';
import {
  MAX_PHYSICAL_HEIGHT,
  aim,
  boundsAt,
  follow,
  physicalHeightOf,
  proportional,
  settle,
  type ScrollPoint,
  type ScrollSpan,
} from '../../webview/virtual/scrollMap';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS) || 300 };
/** Float slack for sums of positions in the tens of millions. */
const EPS = 1e-6;
const SMALL = 2700;

/** A squeezed list: from a small scroll range (a page with room for whole pixels in its middle) to the real one (15M px over 90M), up to 200M laid out. */
const squeezed = fc.record({
  max: fc.oneof(fc.integer({ min: 100, max: 20_000 }), fc.integer({ min: 100, max: 20_000_000 })),
  extra: fc.oneof(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1, max: 200_000_000 })),
});

/** A position the list may be at: a physical one and a virtual one it may stand for. */
const pointIn = (span: ScrollSpan) =>
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(([a, t]): ScrollPoint => {
    const physical = Math.round(a * span.max);
    const [lo, hi] = boundsAt(physical, span);
    return { physical, virtual: lo + t * (hi - lo) };
  });

const spanAndPoint = squeezed.chain((span) => fc.tuple(fc.constant(span), pointIn(span)));

describe('scroll map of a list taller than the browser lays out', () => {
  it('below the cap, is the identity: every position, move and aim as before', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_PHYSICAL_HEIGHT }),
        fc.integer({ min: -2000, max: 20_000_000 }),
        fc.integer({ min: -2000, max: 20_000_000 }),
        (height, from, to) => {
          assert.equal(physicalHeightOf(height), height);
          const span = { max: height, extra: 0 };
          assert.equal(proportional(to, span), to);
          assert.deepEqual(boundsAt(to, span), [to, to]);
          assert.equal(follow({ physical: from, virtual: from }, to, span, SMALL), to);
          assert.deepEqual(aim({ physical: from, virtual: from }, to, span, SMALL), { physical: to, virtual: to });
        },
      ),
      RUNS,
    );
    assert.equal(physicalHeightOf(90_000_000), MAX_PHYSICAL_HEIGHT);
  });

  it('is exact at both ends, whatever position it came from', () => {
    fc.assert(
      fc.property(spanAndPoint, ([span, prev]) => {
        assert.equal(follow(prev, 0, span, SMALL), 0);
        assert.equal(follow(prev, span.max, span, SMALL), span.max + span.extra);
        assert.equal(follow(undefined, 0, span, SMALL), 0);
        assert.equal(follow(undefined, span.max, span, SMALL), span.max + span.extra);
        assert.deepEqual(aim(prev, 0, span, SMALL), { physical: 0, virtual: 0 });
        // From just below the top, a 1:1 move of a rounded -1.6 px went to -1 (CI seed 83917694).
        assert.deepEqual(aim({ physical: 1, virtual: 1.6 }, 0, span, SMALL), { physical: 0, virtual: 0 });
        assert.deepEqual(aim(prev, span.max + span.extra, span, SMALL), { physical: span.max, virtual: span.max + span.extra });
      }),
      RUNS,
    );
  });

  it('rises with the scroll position: the jump and both bounds, never decreasing', () => {
    fc.assert(
      fc.property(squeezed, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (span, a, b) => {
        const [p, q] = [a * span.max, b * span.max].sort((x, y) => x - y) as [number, number];
        assert.ok(proportional(p, span) <= proportional(q, span) + EPS);
        const [plo, phi] = boundsAt(p, span);
        const [qlo, qhi] = boundsAt(q, span);
        assert.ok(plo <= phi + EPS && qlo <= qhi + EPS);
        // Both edges rise at least as fast as the position: a move of d stays reachable by d.
        assert.ok(qlo - plo >= q - p - EPS * Math.max(1, q), `lo ${plo} → ${qlo} over ${q - p}`);
        assert.ok(qhi - phi >= q - p - EPS * Math.max(1, q), `hi ${phi} → ${qhi} over ${q - p}`);
        assert.ok(proportional(p, span) >= plo - EPS && proportional(p, span) <= phi + EPS);
      }),
      RUNS,
    );
  });

  it('never moves the list the other way than the page scrolled, nor less far', () => {
    fc.assert(
      fc.property(spanAndPoint, fc.double({ min: 0, max: 1, noNaN: true }), ([span, prev], a) => {
        const p = Math.round(a * span.max);
        const v = follow(prev, p, span, SMALL);
        const [lo, hi] = boundsAt(p, span);
        assert.ok(v >= lo - EPS && v <= hi + EPS, 'lands where the position may stand for');
        const tol = EPS * Math.max(1, Math.abs(prev.virtual));
        if (p > prev.physical) assert.ok(v - prev.virtual >= p - prev.physical - tol, `${prev.virtual} → ${v} for +${p - prev.physical}`);
        if (p < prev.physical) assert.ok(v - prev.virtual <= p - prev.physical + tol, `${prev.virtual} → ${v} for ${p - prev.physical}`);
        if (p === prev.physical) assert.ok(Math.abs(v - prev.virtual) <= tol);
      }),
      RUNS,
    );
  });

  it('moves 1:1 on small moves after a jump, while they stay well inside the range', () => {
    fc.assert(
      fc.property(
        fc.record({ max: fc.integer({ min: 100_000, max: 20_000_000 }), extra: fc.integer({ min: 1, max: 200_000_000 }) }),
        fc.array(fc.integer({ min: -SMALL, max: SMALL }), { maxLength: 60 }),
        (span, moves) => {
          const start = Math.round(span.max / 2);
          let at: ScrollPoint = { physical: start, virtual: follow(undefined, start, span, SMALL) };
          for (const d of moves) {
            const p = at.physical + d;
            if (Math.abs(p - start) > span.max / 8) break;
            const v = follow(at, p, span, SMALL);
            assert.ok(Math.abs(v - (at.virtual + d)) <= EPS * at.virtual, `moved ${v - at.virtual} for ${d}`);
            at = { physical: p, virtual: v };
          }
        },
      ),
      RUNS,
    );
  });

  it('reaches any position aimed at within a pixel, at a whole physical position that stands for it', () => {
    fc.assert(
      fc.property(spanAndPoint, fc.double({ min: 0, max: 1, noNaN: true }), ([span, prev], t) => {
        const target = t * (span.max + span.extra);
        const got = aim(prev, target, span, SMALL);
        assert.ok(Number.isInteger(got.physical), `physical ${got.physical}`);
        assert.ok(got.physical >= 0 && got.physical <= span.max, `physical ${got.physical} of ${span.max}`);
        assert.ok(Math.abs(got.virtual - target) <= 1 + EPS * target, `aimed at ${target}, got ${got.virtual}`);
        assert.equal(settle(got.physical, got.virtual, span), got.virtual, 'a position the page can stand at');
        // Staying there changes nothing.
        assert.equal(follow(got, got.physical, span, SMALL), got.virtual);
      }),
      RUNS,
    );
  });
});
