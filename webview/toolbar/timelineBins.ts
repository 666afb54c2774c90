// What the timeline draws, kept as it grows: per colour, which stretches of the replay clock are
// covered by a bar, in a fixed number of bins that double in width when the clock outgrows them.
// A bar is folded in once (O(1), a difference array flushed before it is read) and a redraw reads
// the bins (O(bins)), so streaming a million events no longer redraws every bar on every redraw
// (~150 ms each at 1,000,000). Numbers only; the timeline does the canvas.

/** Bins per colour: a few per device pixel of a wide timeline, whatever the length of the session. */
export const BINS = 8192;

/** One colour's bins. */
export interface Lane {
  readonly key: string;
  /** Covered bins, as of the last flush. */
  readonly covered: Uint8Array;
  /** Bars folded in since: +1 at a start, −1 at an end. */
  readonly pending: Int32Array;
  dirty: boolean;
}

export class TimelineBins {
  /** Clock milliseconds per bin (doubles as the session grows). */
  private binMs = 1;
  /** The clock's end the bins reach (BINS × binMs). */
  private reach = BINS;
  private readonly lanes = new Map<string, Lane>();

  get keys(): Iterable<string> {
    return this.lanes.keys();
  }

  clear(): void {
    this.binMs = 1;
    this.reach = BINS;
    this.lanes.clear();
  }

  /** The bins of colour `key` (made on first use): resolved once, so folding an event costs no lookup. */
  lane(key: string): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { key, covered: new Uint8Array(BINS), pending: new Int32Array(BINS + 1), dirty: false };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  /** Covers [from, to) of the clock (at least the bin `from` is in) in colour `key` (or its lane). */
  add(key: string | Lane, from: number, to: number): void {
    const lane = typeof key === 'string' ? this.lane(key) : key;
    while (from >= this.reach || to >= this.reach) this.widen();
    const a = Math.floor(from / this.binMs);
    const b = Math.min(BINS, Math.max(a + 1, Math.ceil(to / this.binMs)));
    lane.pending[a]! += 1;
    lane.pending[b]! -= 1;
    lane.dirty = true;
  }

  /**
   * The covered stretches of colour `key` as canvas columns [from, to), at `columnsPerMs`, left to
   * right; `fill` is called once per stretch.
   */
  stretches(key: string, columns: number, columnsPerMs: number, fill: (from: number, to: number) => void): void {
    const lane = this.lanes.get(key);
    if (!lane) return;
    flush(lane);
    const bins = lane.covered;
    const perBin = this.binMs * columnsPerMs;
    let from = -1;
    let to = -1;
    for (let k = 0; k < BINS; k++) {
      if (!bins[k]) continue;
      const a = Math.min(columns, Math.floor(k * perBin));
      const b = Math.min(columns, Math.max(a + 1, Math.ceil((k + 1) * perBin)));
      if (from >= 0 && a <= to) {
        to = Math.max(to, b);
        continue;
      }
      if (from >= 0) fill(from, to);
      from = a;
      to = b;
    }
    if (from >= 0) fill(from, to);
  }

  /** Halves the resolution: each pair of bins becomes one, covered if either was. */
  private widen(): void {
    for (const lane of this.lanes.values()) {
      flush(lane);
      const bins = lane.covered;
      for (let k = 0; k < BINS / 2; k++) bins[k] = bins[2 * k]! | bins[2 * k + 1]!;
      bins.fill(0, BINS / 2);
    }
    this.binMs *= 2;
    this.reach = BINS * this.binMs;
  }
}

/** Brings a lane's covered bins up to date with the bars folded in since. */
function flush(lane: Lane): void {
  if (!lane.dirty) return;
  lane.dirty = false;
  const diff = lane.pending;
  const bins = lane.covered;
  let depth = 0;
  for (let k = 0; k < BINS; k++) {
    depth += diff[k]!;
    if (depth > 0) bins[k] = 1;
  }
  diff.fill(0);
}

/**
 * The bar of the run folded last, as its events come (in one chunk or over several). Their bars,
 * each from the event before (the first from itself) to its own end, touch or overlap, so their
 * bins are those of one bar from the run's first start to its furthest end, and of its last bar's
 * start (a bar covers at least the bin it starts in): two bars a run instead of one an event.
 */
export class RunBar {
  private from = 0;
  private to = 0;
  private lastFrom = 0;

  /** The run's first event: a bar from `start` to `end`. */
  begin(start: number, end: number): void {
    this.from = this.lastFrom = start;
    this.to = end;
  }

  /** A later event of the run: a bar from `previousStart` (the event before's) to `end`. */
  extend(previousStart: number, end: number): void {
    this.lastFrom = previousStart;
    if (end > this.to) this.to = end;
  }

  /** Covers the bar so far in `lane` (again as the run goes on: covering twice changes nothing). */
  addTo(bins: TimelineBins, lane: string | Lane): void {
    bins.add(lane, this.from, this.to);
    bins.add(lane, this.lastFrom, this.to);
  }
}
