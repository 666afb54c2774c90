// Where the page's scroll position (physical px) puts the viewport in the list's laid-out height
// (virtual px), once that height is more than a browser lays out: Chromium caps an element at
// ~33.5M px, so at a million events the spacers stopped the list near row 378,707. Above
// MAX_PHYSICAL_HEIGHT the list is squeezed into that many px and this maps between the two:
// small moves (a wheel, a key, the list keeping its rows still) move both by the same amount, so
// the rows on screen scroll as they always did; a jump (dragging the scrollbar) lands where the
// thumb says, in proportion; near either end the two are tied, so the top of the scrollbar is
// the first row and its bottom the last. Below the cap the two are the same number (scale 1), so
// a session of normal size scrolls exactly as before. Numbers only; the list does the DOM.

/** The list's spacers never add up to more than this (half Chromium's cap: room for rounding and what sits around the list). */
export const MAX_PHYSICAL_HEIGHT = 15_000_000;
/** Within this far of either end, physical and virtual positions move as one. */
const END_MARGIN = 5_000;

/**
 * The scroll range in list coordinates (0 = the list's top at the viewport's top): the physical
 * positions run over [0, max], the virtual ones over [0, max + extra]. Positions below 0 (the
 * header above the list in view) are the same in both.
 */
export interface ScrollSpan {
  /** The largest physical position (the page scrolled to its end). */
  max: number;
  /** How much more the virtual range is than the physical one (0 below the cap). */
  extra: number;
}

/** A physical position and the virtual position it stands for now. */
export interface ScrollPoint {
  physical: number;
  virtual: number;
}

/** The height the list takes on the page for a laid-out height of `virtualHeight`. */
export function physicalHeightOf(virtualHeight: number, cap = MAX_PHYSICAL_HEIGHT): number {
  return Math.min(virtualHeight, cap);
}

/** The middle stretch, between the two tied ends: [lo, hi] physically, squeezed by `scale`. */
function middleOf(span: ScrollSpan): { lo: number; hi: number; scale: number } {
  const margin = Math.min(END_MARGIN, Math.max(0, span.max) / 4);
  const lo = margin;
  const hi = span.max - margin;
  return { lo, hi, scale: hi > lo ? (hi - lo + span.extra) / (hi - lo) : 1 };
}

/** The virtual position a jump to physical `p` lands on: in proportion in the middle, tied at the ends. */
export function proportional(p: number, span: ScrollSpan): number {
  if (span.extra <= 0) return p;
  const m = middleOf(span);
  if (p <= m.lo) return p;
  if (p >= m.hi) return p + span.extra;
  return m.lo + (p - m.lo) * m.scale;
}

/**
 * The virtual positions physical `p` may stand for: a cone around the proportional one that
 * narrows to a point at each end of the middle, so however the small moves drifted, the ends stay
 * exact. Both edges rise at least as fast as `p` (a move never has to go back).
 */
export function boundsAt(p: number, span: ScrollSpan): [number, number] {
  const centre = proportional(p, span);
  if (span.extra <= 0) return [centre, centre];
  const m = middleOf(span);
  if (p <= m.lo || p >= m.hi) return [centre, centre];
  const slack = (m.scale - 1) * Math.min(p - m.lo, m.hi - p);
  return [centre - slack, centre + slack];
}

/** `v` made one that physical `p` can stand for. */
export function settle(p: number, v: number, span: ScrollSpan): number {
  const [lo, hi] = boundsAt(p, span);
  return Math.min(hi, Math.max(lo, v));
}

/**
 * The virtual position after the page scrolled from `prev` to physical `p`: moved by as much as
 * `p` did when that is at most `small` (the rows on screen scroll with it), else in proportion
 * (but never less far, nor the other way, than the move itself).
 */
export function follow(prev: ScrollPoint | undefined, p: number, span: ScrollSpan, small: number): number {
  if (span.extra <= 0) return p;
  if (!prev) return proportional(p, span);
  const moved = p - prev.physical;
  let v = prev.virtual + moved;
  if (Math.abs(moved) > small) {
    const jump = proportional(p, span);
    v = moved > 0 ? Math.max(jump, v) : Math.min(jump, v);
  }
  return settle(p, v, span);
}

/**
 * The inverse of follow: the physical position to scroll to for virtual position `v`, and the
 * virtual position that then is (within a pixel of `v`, as physical positions are whole pixels).
 * Near `prev` the move is made 1:1 (the rows on screen slide by it), else in proportion.
 */
export function aim(prev: ScrollPoint | undefined, v: number, span: ScrollSpan, small: number): ScrollPoint {
  if (span.extra <= 0) return { physical: v, virtual: v };
  if (prev && Math.abs(v - prev.virtual) <= small) {
    const physical = prev.physical + Math.round(v - prev.virtual);
    const virtual = settle(physical, v, span);
    // Not above the list for a position in it, and at the end for its end: a pixel of rounding
    // there would miss the row the end stands for (0 → -1 was seen).
    const endsKept = (physical >= 0 || v < 0) && (physical === span.max || v < span.max + span.extra);
    if (physical <= span.max && endsKept && Math.abs(virtual - v) <= 1) return { physical, virtual };
  }
  return nearest(v, span);
}

/** The whole physical position whose bounds come nearest to `v`: one of those around the proportional one's inverse. */
function nearest(v: number, span: ScrollSpan): ScrollPoint {
  const m = middleOf(span);
  let x: number;
  if (v <= m.lo) x = v;
  else if (v >= m.hi + span.extra) x = v - span.extra;
  else x = m.lo + (v - m.lo) / m.scale;
  let best: ScrollPoint | undefined;
  for (const guess of [Math.floor(x) - 1, Math.floor(x), Math.ceil(x), Math.ceil(x) + 1]) {
    // Below 0 (the header in view) positions are the same in both; past the end there are none.
    const physical = Math.min(guess, Math.max(0, Math.floor(span.max)));
    const virtual = settle(physical, v, span);
    if (!best || Math.abs(virtual - v) < Math.abs(best.virtual - v)) best = { physical, virtual };
  }
  return best!;
}
