// What the list shows, as numbers only: the store's events after the kind / error filters and the
// folded runs, with a run heading item wherever a run starts. No DOM here: the virtual list draws
// a window of these items, replay and search walk `events`. A Projector keeps it current as the
// session grows by taking in only the new events, so a million events load in one pass over them.
import type { EventKind, SessionEvent } from '../../src/model/schema';
import type { RunHeader } from '../../src/protocol/messages';
import type { SessionStore } from '../store/sessionStore';

export interface ViewFilter {
  /** Kinds shown; every kind when the set is empty or full. */
  readonly hiddenKinds: ReadonlySet<EventKind>;
  readonly onlyErrors: boolean;
}

export const NO_FILTER: ViewFilter = { hiddenKinds: new Set(), onlyErrors: false };

export function isFiltering(f: ViewFilter): boolean {
  return f.onlyErrors || f.hiddenKinds.size > 0;
}

/** A stretch of one run's events in the list, drawn under one run heading. */
export interface Segment {
  /** Stable while the session grows: the run id and which stretch of it this is. */
  readonly key: string;
  readonly run: RunHeader;
  /** 1-based position of the run in the session (as its heading says "Run 3"). */
  readonly position: number;
  /** The run's events were interrupted by another run's: this stretch continues it. */
  readonly continued: boolean;
  /** Whether the run is in the session header (runs first named by events are flagged). */
  readonly listed: boolean;
  /** Folded by the reader: the heading shows, its events do not. */
  readonly collapsed: boolean;
}

export interface Projection {
  /** Per item: an event index (≥ 0), or a run heading as -(segment + 1). */
  readonly items: Int32Array;
  /**
   * Per item, the event index from which it is visible when later events are hidden during a
   * replay: an event's own index, a heading's first event. Never decreases along the items.
   */
  readonly keys: Int32Array;
  readonly segments: readonly Segment[];
  /** Per item, the segment (run stretch) it belongs to. */
  readonly segmentOf: Int32Array;
  /** The events that pass the filters, in session order (folded runs included: replay steps into them). */
  readonly events: Int32Array;
  /** Where each event sits in `items`, or -1 (filtered out or folded). Length = store size. */
  readonly itemOf: Int32Array;
  /** Which layout this is: projections of one Projector between two full passes share one. */
  readonly layout: number;
  /** Items [0, settled) stay as they are in every later projection of the same layout. */
  readonly settled: number;
}

export const headSegment = (item: number): number => -item - 1;

/** Whether event `index` (`e`) shows under the filter. */
export function passes(store: SessionStore, e: SessionEvent, index: number, f: ViewFilter): boolean {
  if (f.hiddenKinds.has(e.kind)) return false;
  if (f.onlyErrors && !store.isError(index)) return false;
  return true;
}

/** Per projector pass a new number: projections of one layout share their settled items. */
let layouts = 0;

/**
 * Keeps the projection of one store current as it grows: a pass takes in only the events added
 * since the one before (chunks while loading, a live session's appends), so loading a session is
 * O(events) in all instead of O(events) per pass. Changing a filter or a fold projects everything
 * again (`invalidate`). The items before `settled` never change in later passes of the same
 * layout; only the headings of runs without events so far, kept at the end, are laid out again.
 */
export class Projector {
  private items = new Int32Array(256);
  private keys = new Int32Array(256);
  private segmentOf = new Int32Array(256);
  private events = new Int32Array(256);
  private itemOf = new Int32Array(256).fill(-1);
  /** Per event taken in, its run's position (an upsert that moves an event to another run is seen). */
  private runOf = new Int32Array(256);
  private segments: Segment[] = [];
  /** How many of `segments` are laid out (the array is cut to it after each pass). */
  private segmentCount = 0;
  private count = 0;
  private eventCount = 0;
  /** Events taken in. */
  private done = 0;
  private layout = 0;
  private dirty = true;
  private filter: ViewFilter = NO_FILTER;
  private filtering = false;
  private isCollapsed: (runId: string) => boolean = () => false;

  // Per run (by position in store.runs): how many events so far, shown yet, stretches so far, and
  // whether it was laid out as a run without events before a later run's events.
  private readonly runPosition = new Map<string, number>();
  private runsKnown = 0;
  private lastKnownRun: RunHeader | undefined;
  /** The run of the event looked up last (events come in runs). */
  private lastRun: { id: string | undefined; index: number } = { id: undefined, index: 0 };
  private runEvents = new Uint32Array(16);
  private seen = new Uint8Array(16);
  private stretches = new Uint32Array(16);
  private shownEmpty = new Uint8Array(16);
  private nextEmpty = 0;
  /** An event names a run the store does not list (placed in the first): a run learnt later may be it. */
  private stray = false;
  private currentRun = -1;
  private headPending = false;
  private collapsed = false;
  private continued = false;

  /**
   * Where the trailing headings of runs without events yet start (items, segments): taken back
   * out before the next pass, which lays them out again after the new events. Laying them out
   * touches nothing else, so taking them out is two lengths set, whatever the number of runs.
   */
  private tail = { start: 0, segments: 0 };
  /**
   * Per run (by position), the segment of its first stretch in this layout: a heading laid out
   * again (the tail's, pass after pass, then the run's own once its events come) is given the same
   * object instead of a new one with a new key string, so a pass costs little per run not yet seen.
   * Beside it, the run it was made for: a segment is made again only for another run object (a new
   * header). Its fold and listing hold for the layout (a fold change invalidates; so does a header
   * that changes the runs), so laying out the tail reads no segment or run, only these arrays.
   */
  private firstStretch: Array<Segment | undefined> = [];
  private firstStretchRun: Array<RunHeader | undefined> = [];

  constructor(private readonly store: SessionStore) {}

  /** Lets go of what it laid out (its view is gone); a next pass would lay everything out again. */
  release(): void {
    this.items = new Int32Array(0);
    this.keys = new Int32Array(0);
    this.segmentOf = new Int32Array(0);
    this.events = new Int32Array(0);
    this.itemOf = new Int32Array(0);
    this.runOf = new Int32Array(0);
    this.segments = [];
    this.segmentCount = 0;
    this.firstStretch = [];
    this.firstStretchRun = [];
    this.dirty = true;
  }

  /** Filters or folds changed: the next pass projects every event again. */
  invalidate(): void {
    this.dirty = true;
  }

  /**
   * Events already taken in were replaced (a live answer growing). True when the projection may
   * change (a filter is on, or the event moved to another run): the next pass projects everything.
   */
  changed(indexes: Iterable<number>): boolean {
    for (const i of indexes) {
      if (i >= this.done) continue;
      const r = this.runIndexOf(i);
      if (this.filtering || r !== this.runOf[i]) {
        this.dirty = true;
        return true;
      }
    }
    return false;
  }

  /** The projection of the store as it is now, under `filter` and the folds `isCollapsed` says. */
  project(filter: ViewFilter, isCollapsed: (runId: string) => boolean): Projection {
    this.filter = filter;
    this.isCollapsed = isCollapsed;
    const n = this.store.events.length;
    this.knowRuns();
    let grows = !this.dirty && n >= this.done;
    if (grows) {
      this.reserve(n);
      this.lookUpRuns(this.done, n);
      grows = !this.revisits(n);
    }
    if (grows) this.undoTail();
    else {
      this.reset();
      this.reserve(n);
      this.lookUpRuns(0, n);
    }
    this.extend(n);
    return {
      items: this.items.subarray(0, this.count),
      keys: this.keys.subarray(0, this.count),
      segmentOf: this.segmentOf.subarray(0, this.count),
      segments: this.segments,
      events: this.events.subarray(0, this.eventCount),
      itemOf: this.itemOf.subarray(0, n),
      layout: this.layout,
      settled: this.tail.start,
    };
  }

  private reset(): void {
    this.dirty = false;
    this.layout = ++layouts;
    this.filtering = isFiltering(this.filter);
    this.count = 0;
    this.eventCount = 0;
    this.done = 0;
    this.segments = [];
    this.segmentCount = 0;
    this.firstStretch = [];
    this.firstStretchRun = [];
    this.itemOf.fill(-1);
    this.runEvents.fill(0);
    this.seen.fill(0);
    this.stretches.fill(0);
    this.shownEmpty.fill(0);
    this.nextEmpty = 0;
    this.stray = false;
    this.currentRun = -1;
    this.headPending = false;
    this.collapsed = false;
    this.continued = false;
    this.tail = { start: 0, segments: 0 };
  }

  /** Runs the store learnt of since the last pass (a header's, or first named by an event). */
  private knowRuns(): void {
    const runs = this.store.runs;
    if (runs.length < this.runsKnown || (this.runsKnown > 0 && runs[this.runsKnown - 1] !== this.lastKnownRun)) {
      // A new session in the same store: nothing of the old one holds.
      this.runPosition.clear();
      this.runsKnown = 0;
      this.dirty = true;
    }
    if (this.runsKnown < runs.length && this.stray) this.dirty = true;
    for (; this.runsKnown < runs.length; this.runsKnown++) this.runPosition.set(runs[this.runsKnown]!.id, this.runsKnown);
    this.lastKnownRun = runs[this.runsKnown - 1];
    this.lastRun = { id: undefined, index: 0 };
    if (this.runEvents.length < runs.length) {
      const size = Math.max(runs.length, this.runEvents.length * 2);
      this.runEvents = grow(this.runEvents, size);
      this.seen = grow(this.seen, size);
      this.stretches = grow(this.stretches, size);
      this.shownEmpty = grow(this.shownEmpty, size);
    }
  }

  private runIndexOf(i: number): number {
    const id = this.store.events[i]!.event.runId;
    // Events come in runs: most are in the run of the event before.
    if (id === this.lastRun.id) return this.lastRun.index;
    const r = this.runPosition.get(id);
    if (r === undefined) {
      this.stray = true;
      return 0;
    }
    this.lastRun = { id, index: r };
    return r;
  }

  /** Each of events [from, n)'s run, by position (once per event and pass: the loops after read it). */
  private lookUpRuns(from: number, n: number): void {
    for (let i = from; i < n; i++) this.runOf[i] = this.runIndexOf(i);
  }

  /**
   * Whether new events belong to a run already laid out as one without events (it stood before a
   * later run's events): projected afresh, its heading would stand before its own events instead.
   */
  private revisits(n: number): boolean {
    if (this.filtering) return false;
    for (let i = this.done; i < n; i++) if (this.shownEmpty[this.runOf[i]!]) return true;
    return false;
  }

  /** Takes the trailing headings of runs without events back out (the next pass lays them out again). */
  private undoTail(): void {
    this.count = this.tail.start;
    // The tail's segments are written over, not cut off: cut, the array would give back its room
    // and grow again by copies as the tail is laid out again.
    this.segmentCount = this.tail.segments;
  }

  /**
   * Room for events [done, n) and their items. Grown to what the whole session needs at worst when
   * its size is known (the host said how many events): a million events are laid out in arrays
   * allocated once, not doubled a dozen times while they stream in (each time a copy of up to
   * 8 MB, and a full collection of the page's heap the allocations may set off mid-pass).
   */
  private reserve(n: number): void {
    const expected = this.store.expectedEvents;
    // Every event could start a stretch of its own (runs interleaved): room for a heading each.
    const room = (events: number) => this.count + 2 * (events - this.done) + this.store.runs.length + 1;
    const items = room(n);
    if (this.items.length < items) {
      const size = Math.max(items, expected > n ? room(expected) : this.items.length * 2);
      this.items = grow(this.items, size);
      this.keys = grow(this.keys, size);
      this.segmentOf = grow(this.segmentOf, size);
    }
    if (this.events.length < n) {
      const size = Math.max(n, expected > n ? expected : this.events.length * 2);
      this.events = grow(this.events, size);
      this.runOf = grow(this.runOf, size);
      const before = this.itemOf.length;
      this.itemOf = grow(this.itemOf, size);
      this.itemOf.fill(-1, before);
    }
  }

  private pushItem(item: number, key: number): void {
    this.items[this.count] = item;
    this.keys[this.count] = key;
    this.segmentOf[this.count] = this.segmentCount - 1;
    this.count++;
  }

  private pushHead(runIndex: number, key: number, continued: boolean): void {
    const stretch = this.stretches[runIndex]!++;
    if (stretch === 0 && !continued) this.pushFirstStretch(runIndex, key);
    else {
      const run = this.store.runs[runIndex]!;
      const listed = runIndex < (this.store.header?.runs.length ?? 0);
      this.segments[this.segmentCount++] = {
        key: `${run.id}#${stretch}`,
        run,
        position: runIndex + 1,
        continued,
        listed,
        collapsed: this.isCollapsed(run.id),
      };
      this.pushItem(-this.segmentCount, key);
    }
  }

  /** The heading of a run's first stretch: the segment it had before in this layout, for the same run. */
  private pushFirstStretch(runIndex: number, key: number): void {
    const run = this.store.runs[runIndex]!;
    let seg = this.firstStretch[runIndex];
    if (seg === undefined || this.firstStretchRun[runIndex] !== run) {
      const listed = runIndex < (this.store.header?.runs.length ?? 0);
      seg = { key: `${run.id}#0`, run, position: runIndex + 1, continued: false, listed, collapsed: this.isCollapsed(run.id) };
      this.firstStretch[runIndex] = seg;
      this.firstStretchRun[runIndex] = run;
    }
    this.segments[this.segmentCount++] = seg;
    this.pushItem(-this.segmentCount, key);
  }

  /** Runs without events so far keep their place in header order (unless a filter is on). */
  private emptyRunsBefore(runIndex: number, key: number): void {
    for (; this.nextEmpty < runIndex; this.nextEmpty++) {
      const r = this.nextEmpty;
      if (!this.seen[r] && this.runEvents[r] === 0 && !this.filtering) {
        this.seen[r] = 1;
        this.shownEmpty[r] = 1;
        this.pushHead(r, key, false);
      }
    }
  }

  /**
   * The headings of the runs still without events, after everything else (what emptyRunsBefore
   * would lay out for them at the end), leaving the state of the runs as it was: each is its run's
   * first stretch, and the next pass takes them out again.
   */
  private layTail(key: number): void {
    if (this.filtering) return;
    const runs = this.store.runs.length;
    for (let r = this.nextEmpty; r < runs; r++) if (!this.seen[r] && this.runEvents[r] === 0) this.pushFirstStretch(r, key);
  }

  /** Lays out events [done, n) after what is laid out, then the runs still without events. */
  private extend(n: number): void {
    const events = this.store.events;
    const { runOf, runEvents, items, keys, segmentOf, itemOf } = this;
    for (let i = this.done; i < n; i++) runEvents[runOf[i]!]! += 1;
    // The loop below runs once per event of a million: the arrays and counts are held in locals,
    // and written back around the rare calls that lay out a heading.
    const filtering = this.filtering;
    let count = this.count;
    let eventCount = this.eventCount;
    let segment = this.segmentCount - 1;
    for (let i = this.done; i < n; i++) {
      const runIndex = runOf[i]!;
      if (runIndex !== this.currentRun) {
        this.currentRun = runIndex;
        this.continued = this.seen[runIndex] === 1;
        this.seen[runIndex] = 1;
        this.count = count;
        this.emptyRunsBefore(runIndex, i);
        count = this.count;
        segment = this.segmentCount - 1;
        // With a filter on, a run shows only when one of its events passes.
        this.headPending = true;
        this.collapsed = this.isCollapsed(this.store.runs[runIndex]!.id);
      }
      if (filtering && !passes(this.store, events[i]!.event, i, this.filter)) continue;
      this.events[eventCount++] = i;
      if (this.headPending) {
        this.headPending = false;
        this.count = count;
        this.pushHead(runIndex, i, this.continued);
        count = this.count;
        segment = this.segmentCount - 1;
      }
      if (this.collapsed) continue;
      itemOf[i] = count;
      items[count] = i;
      keys[count] = i;
      segmentOf[count] = segment;
      count++;
    }
    this.count = count;
    this.eventCount = eventCount;
    this.done = n;
    this.tail = { start: this.count, segments: this.segmentCount };
    this.layTail(Math.max(0, n - 1));
    this.segments.length = this.segmentCount;
  }
}

/** A projection of the whole store at once (what a Projector's first pass gives). */
export function project(store: SessionStore, filter: ViewFilter, isCollapsed: (runId: string) => boolean): Projection {
  return new Projector(store).project(filter, isCollapsed);
}

function grow<T extends Int32Array | Uint32Array | Uint8Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/** How many items show when events after `cursor` are hidden. */
export function visibleCount(p: Projection, cursor: number): number {
  let lo = 0;
  let hi = p.keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (p.keys[mid]! <= cursor) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first filtered event at or after `index` (or -1). */
export function nextEvent(p: Projection, index: number): number {
  const at = lowerBound(p.events, index);
  return at < p.events.length ? p.events[at]! : -1;
}

/** The last filtered event at or before `index` (or -1). */
export function prevEvent(p: Projection, index: number): number {
  const at = lowerBound(p.events, index + 1) - 1;
  return at >= 0 ? p.events[at]! : -1;
}

/** Position of `index` among the filtered events, or where it would go. */
export function lowerBound(a: Int32Array | readonly number[], value: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
