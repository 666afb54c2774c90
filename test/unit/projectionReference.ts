// The list's projection as it was first written (every event projected again on every pass), kept
// as the reference the incremental Projector (webview/virtual/projection.ts) is held to: the
// property in projection.test.ts compares what the projector builds pass by pass with what this
// builds from the whole store at once. Only the result's types are the page's own.
import type { SessionStore } from '../../webview/store/sessionStore';
import { isFiltering, type Segment, type ViewFilter } from '../../webview/virtual/projection';

export interface ReferenceProjection {
  items: number[];
  keys: number[];
  segmentOf: number[];
  segments: Segment[];
  events: number[];
  itemOf: number[];
}

export function referenceProject(store: SessionStore, filter: ViewFilter, isCollapsed: (runId: string) => boolean): ReferenceProjection {
  const n = store.events.length;
  const out: ReferenceProjection = { items: [], keys: [], segmentOf: [], segments: [], events: [], itemOf: new Array<number>(n).fill(-1) };
  const filtering = isFiltering(filter);
  const passes = (i: number) => {
    const e = store.events[i]!.event;
    if (filter.hiddenKinds.has(e.kind)) return false;
    return !filter.onlyErrors || store.isError(i);
  };
  const runPosition = new Map<string, number>();
  store.runs.forEach((r, i) => runPosition.set(r.id, i));
  const runOf = (i: number) => runPosition.get(store.events[i]!.event.runId) ?? 0;
  const listedCount = store.header?.runs.length ?? 0;
  const runEvents = new Array<number>(store.runs.length).fill(0);
  for (let i = 0; i < n; i++) runEvents[runOf(i)]! += 1;
  const seen = new Array<boolean>(store.runs.length).fill(false);
  const stretches = new Array<number>(store.runs.length).fill(0);
  let nextEmpty = 0;

  const pushItem = (item: number, key: number) => {
    out.items.push(item);
    out.keys.push(key);
    out.segmentOf.push(out.segments.length - 1);
  };
  const pushHead = (runIndex: number, key: number, continued: boolean) => {
    const run = store.runs[runIndex]!;
    out.segments.push({
      key: `${run.id}#${stretches[runIndex]!++}`,
      run,
      position: runIndex + 1,
      continued,
      listed: runIndex < listedCount,
      collapsed: isCollapsed(run.id),
    });
    pushItem(-out.segments.length, key);
  };
  const emptyRunsBefore = (runIndex: number, key: number) => {
    for (; nextEmpty < runIndex; nextEmpty++) {
      if (!seen[nextEmpty] && runEvents[nextEmpty] === 0 && !filtering) {
        seen[nextEmpty] = true;
        pushHead(nextEmpty, key, false);
      }
    }
  };

  let currentRun = -1;
  let headPending = false;
  let collapsed = false;
  let continued = false;
  for (let i = 0; i < n; i++) {
    const runIndex = runOf(i);
    if (runIndex !== currentRun) {
      currentRun = runIndex;
      continued = seen[runIndex]!;
      seen[runIndex] = true;
      emptyRunsBefore(runIndex, i);
      headPending = true;
      collapsed = isCollapsed(store.runs[runIndex]!.id);
    }
    if (!passes(i)) continue;
    out.events.push(i);
    if (headPending) {
      headPending = false;
      pushHead(runIndex, i, continued);
    }
    if (collapsed) continue;
    out.itemOf[i] = out.items.length;
    pushItem(i, i);
  }
  emptyRunsBefore(store.runs.length, Math.max(0, n - 1));
  return out;
}
