// What the list shows, as numbers only: the store's events after the kind / error filters and the
// folded runs, with a run heading item wherever a run starts. No DOM here: the virtual list draws
// a window of these items, replay and search walk `events`, and a 100,000-event session projects
// in a few milliseconds.
import type { EventKind } from '../../src/model/schema';
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
}

export const headSegment = (item: number): number => -item - 1;

export function passes(store: SessionStore, index: number, f: ViewFilter): boolean {
  const e = store.events[index]!.event;
  if (f.hiddenKinds.has(e.kind)) return false;
  if (f.onlyErrors && !store.isError(index)) return false;
  return true;
}

export function project(store: SessionStore, filter: ViewFilter, isCollapsed: (runId: string) => boolean): Projection {
  const n = store.events.length;
  // Every event could start a stretch of its own (runs interleaved): room for a heading each.
  const items = new Int32Array(2 * n + store.runs.length + 1);
  const keys = new Int32Array(items.length);
  const segmentOf = new Int32Array(items.length);
  const events = new Int32Array(n);
  const itemOf = new Int32Array(n).fill(-1);
  const segments: Segment[] = [];
  let count = 0;
  let eventCount = 0;
  const filtering = isFiltering(filter);

  const runPosition = new Map<string, number>();
  store.runs.forEach((r, i) => runPosition.set(r.id, i));
  const listedCount = store.header?.runs.length ?? 0;
  const runEvents = new Uint32Array(store.runs.length);
  for (let i = 0; i < n; i++) runEvents[runPosition.get(store.events[i]!.event.runId) ?? 0]! += 1;
  const seen = new Uint8Array(store.runs.length);
  const stretches = new Uint32Array(store.runs.length);
  let nextEmpty = 0;

  const pushItem = (item: number, key: number) => {
    items[count] = item;
    keys[count] = key;
    segmentOf[count] = segments.length - 1;
    count++;
  };
  const pushHead = (runIndex: number, key: number, continued: boolean) => {
    const run = store.runs[runIndex]!;
    const collapsed = isCollapsed(run.id);
    const segKey = `${run.id}#${stretches[runIndex]!++}`;
    segments.push({ key: segKey, run, position: runIndex + 1, continued, listed: runIndex < listedCount, collapsed });
    pushItem(-segments.length, key);
    return collapsed;
  };
  /** Runs without events so far keep their place in header order (unless a filter is on). */
  const emptyRunsBefore = (runIndex: number, key: number) => {
    for (; nextEmpty < runIndex; nextEmpty++) {
      if (!seen[nextEmpty] && runEvents[nextEmpty] === 0 && !filtering) {
        seen[nextEmpty] = 1;
        pushHead(nextEmpty, key, false);
      }
    }
  };

  let currentRun = -1;
  let headPending = false;
  let collapsed = false;
  let continued = false;
  for (let i = 0; i < n; i++) {
    const runIndex = runPosition.get(store.events[i]!.event.runId) ?? 0;
    if (runIndex !== currentRun) {
      currentRun = runIndex;
      continued = seen[runIndex] === 1;
      seen[runIndex] = 1;
      emptyRunsBefore(runIndex, i);
      // With a filter on, a run shows only when one of its events passes.
      headPending = true;
      collapsed = isCollapsed(store.runs[runIndex]!.id);
    }
    if (!passes(store, i, filter)) continue;
    events[eventCount++] = i;
    if (headPending) {
      headPending = false;
      pushHead(runIndex, i, continued);
    }
    if (collapsed) continue;
    itemOf[i] = count;
    pushItem(i, i);
  }
  emptyRunsBefore(store.runs.length, Math.max(0, n - 1));
  return {
    items: items.subarray(0, count),
    keys: keys.subarray(0, count),
    segmentOf: segmentOf.subarray(0, count),
    segments,
    events: events.subarray(0, eventCount),
    itemOf,
  };
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
