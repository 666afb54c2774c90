// A Piper session-events document (a saved file, or the events route's reply as bytes) mapped one
// slice of events at a time, straight from its bytes: the first FIRST_SLICE_EVENTS events are
// mapped and handed on before the rest are read, and no slice waits for the last to be mapped.
// Only the layout (byte ranges of runs and events, jsonScan.ts) is built for the whole document;
// each event is parsed, validated and mapped by map.ts's own functions when its slice comes, so the
// slices put together are the very Session mapPiperSession gives for the whole (a property holds
// them equal). What this does not hold is the whole: peak memory is one slice, not the session.
import type { Run, Session, SessionEvent } from '../../model';
import { sumTotals, TotalsFold } from '../../model/totals';
import { checkedParser, given, parseOrThrow, type MapContext } from '../mapping';
import { UniqueIds } from '../uniqueIds';
import type { SlicedSession } from '../types';
import { completeBytes, joinParts, PiperLayoutScan, type ArrivingBytes, type RunText } from './layoutScan';
import { parseElements, parseRange, textOf } from '../jsonScan';
import {
  mapPiperSession,
  mapValidEvent,
  piperEmptyReason,
  piperSessionFrame,
  piperSessionId,
  runFrame,
  runIdOf,
  type PiperResponseTop,
} from './map';
import { PiperRunEventSchema, PiperRunSchema, PiperSessionEventsSchema, type PiperRun, type PiperRunEvent } from './schema';

/** Files from this size are read in slices; smaller ones are read whole, as they always were. */
export const SLICED_FROM_BYTES = 2_000_000;
/** The first slice: enough for the first screen. */
export const FIRST_SLICE_EVENTS = 200;
export const SLICE_EVENTS = 2_000;

/** Events parsed with one JSON.parse (a batch is let go once mapped). */
const PARSE_BATCH = 500;

/** Where everything is in the document's bytes: its layout, scanned as far as it has been (layoutScan.ts). */
export type PiperLayout = PiperLayoutScan;

/** The document's shape is not Piper's session-events (no top-level object with a `runs` array). */
export const NOT_PIPER_LAYOUT = undefined;

/**
 * The whole layout of `buf` when it is an object with a `runs` array; undefined when it is
 * not that shape (another reader's file: read whole). Bytes that are not JSON throw JsonScanError.
 */
export function piperLayout(buf: Uint8Array): PiperLayout | undefined {
  const scan = new PiperLayoutScan(completeBytes(buf));
  while (!scan.finished) scan.step();
  return scan.notPiper ? NOT_PIPER_LAYOUT : scan;
}

/** A run's fields but its events, parsed. */
function runObject(buf: Uint8Array, text: RunText): Record<string, unknown> {
  if (text.value) return parseRange(buf, ...text.value) as Record<string, unknown>;
  const run = parseRange(...joinParts(text.fields.map(([s, e]) => buf.subarray(s, e)))) as Record<string, unknown>;
  if (text.eventsValue) run.events = parseRange(buf, ...text.eventsValue);
  return run;
}

/**
 * The document as the file readers' sniffing sees it (detect.ts: which format is this?): its
 * fields, and of its runs only the first, with its events left out (`events: []` when it has them).
 */
export function piperSkeleton(buf: Uint8Array, layout: PiperLayout): Record<string, unknown> {
  const top = layout.top();
  const first = layout.runTexts[0];
  if (!first) return { ...top, runs: [] };
  const run = runObject(buf, first);
  if (first.eventsGiven && !first.eventsValue) run.events = [];
  return { ...top, runs: [run] };
}

/** What the slices end with: the session with every run (events left out: they were handed on) and its totals. */
export interface PiperFrame {
  session: Session;
  /** How many events each run has (its `events` are empty here). */
  eventCounts: number[];
}

/**
 * Events in session order. The first slice (yielded even when the session has no events) brings
 * `head`: the session as far as that slice shows it (no runs, no totals yet: those come with the
 * frame at the end), for the header the page draws first, and `totalEvents`: how many events the
 * session has (estimated from the bytes read when the layout is not scanned to its end yet).
 * A slice with `wait` has no events: the next needs bytes that have not come; go on once it settles.
 */
export interface PiperSlice {
  events: SessionEvent[];
  head?: Session;
  totalEvents?: number;
  /** `totalEvents` is an estimate (the layout was not scanned to its end yet). */
  totalEstimated?: boolean;
  wait?: Promise<void>;
}

/** An event checked against PiperRunEventSchema without zod's copy of it. */
const checkedEvent = checkedParser(PiperRunEventSchema, 'Piper', 'a session');

/** The document's top (its fields but `runs`) checked against the schema, as the mapper reads it. */
function topData(layout: PiperLayout): PiperResponseTop {
  const data = parseOrThrow(PiperSessionEventsSchema, { ...layout.top(), runs: [] }, 'Piper', 'a session') as PiperResponseTop;
  delete (data as { runs?: unknown }).runs;
  return data;
}

/**
 * The header as the fields before `runs` give it, when they give it whole (they check, and name
 * the session's id, as a saved or served session does): then the first slice does not wait for
 * the layout's end. Undefined: the layout is scanned to its end first (the fields after the runs,
 * or the runs' own session ids, may be what names the session).
 */
function earlyHeader(layout: PiperLayout, ctx: MapContext): { data: PiperResponseTop; id: string } | undefined {
  try {
    const data = topData(layout);
    const id = given(data.session?.session_id) ?? given(ctx.sessionId);
    return id ? { data, id } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Maps the document in slices: yields the events FIRST_SLICE_EVENTS, then SLICE_EVENTS at a
 * time (each names its run), and returns the frame. The layout is scanned as the slices need it
 * (`bytes` may still be arriving: a slice with `wait` says so). Shape errors are
 * ResponseShapeErrors naming the path into the document, as mapPiperSession's; they come when the
 * slice holding them is mapped.
 */
export function* mapPiperSlices(
  bytes: Uint8Array | ArrivingBytes,
  layout: PiperLayout,
  ctx: MapContext = {},
  sizes: { first?: number; size?: number } = {},
): Generator<PiperSlice, PiperFrame> {
  const src = bytes instanceof Uint8Array ? completeBytes(bytes) : bytes;
  const first = sizes.first ?? FIRST_SLICE_EVENTS;
  const size = sizes.size ?? SLICE_EVENTS;
  /** Scans until `until` holds or the layout is finished, waiting for bytes as needed. */
  function* scan(until: () => boolean): Generator<PiperSlice, void> {
    while (!layout.finished && !until()) if (!layout.step()) yield { events: [], wait: src.more() };
  }
  const runMeta = (r: number): PiperRun =>
    parseOrThrow(PiperRunSchema, runObject(src.buf, layout.runTexts[r]!), 'Piper', 'a session', ['runs', r]);
  const eventAt = (r: number, i: number): PiperRunEvent => {
    const at = layout.runFirst[r]! + i;
    return parseOrThrow(PiperRunEventSchema, parseRange(src.buf, layout.events.start(at), layout.events.end(at)), 'Piper', 'a session', [
      'runs',
      r,
      'events',
      i,
    ]);
  };
  const sessionId = (data: PiperResponseTop) =>
    piperSessionId(data, ctx, () => {
      for (let r = 0; r < layout.runTexts.length; r++) {
        const sid = runMeta(r).session_id;
        if (sid) return sid;
      }
      return undefined;
    });

  yield* scan(() => layout.inRuns);
  let early = earlyHeader(layout, ctx);
  let whole: { data: PiperResponseTop; id: string } | undefined;
  if (!early) {
    // As the whole read: the document's fields are checked, and the session named, before any event.
    yield* scan(() => false);
    const data = topData(layout);
    whole = early = { data, id: sessionId(data) };
  }
  const head = early;

  // The same id rules as ensureUniqueIds (mapping.ts), applied as events arrive.
  const runIds = new UniqueIds();
  const eventIds = new UniqueIds();
  const runs: Array<Omit<Run, 'totals'> & { totals?: Run['totals'] }> = [];
  const eventCounts: number[] = [];
  let firstUser: string | undefined;
  let slice: SessionEvent[] = [];
  let limit = first;
  let headSent = false;
  const withHead = (events: SessionEvent[]): PiperSlice => ({
    events,
    head: { ...piperSessionFrame(head.data, ctx, head.id, firstUser, []), totals: { tokens: {} } },
    ...(layout.finished
      ? { totalEvents: layout.events.length }
      : {
          totalEvents: Math.max(layout.events.length, Math.round((layout.events.length * src.buf.length) / Math.max(1, layout.scanned))),
          totalEstimated: true,
        }),
  });
  for (let r = 0; ; r++) {
    yield* scan(() => r < layout.runTexts.length);
    if (r >= layout.runTexts.length) break;
    const meta = runMeta(r);
    const from = layout.runFirst[r]!;
    const count = layout.runEnd(r) - from;
    // A run without an id is named by its first event's run_id: those events are read first.
    const ownId = runIdOf(meta, meta.id ? undefined : Array.from({ length: count }, (_, i) => eventAt(r, i)), r);
    const frame: Omit<Run, 'totals'> & { totals?: Run['totals'] } = runFrame(meta, ownId);
    frame.id = runIds.free(ownId);
    const fold = new TotalsFold();
    let userSeen = false;
    let parsed: unknown[] = [];
    let parsedFrom = 0;
    for (let i = 0; i < count; i++) {
      if (i - parsedFrom >= parsed.length) {
        // A batch of the run's events in one JSON.parse (jsonScan.parseElements): one call each cost more than the parse.
        parsedFrom = i;
        parsed = parseElements(src.buf, layout.events, from + i, from + i + Math.min(PARSE_BATCH, count - i));
      }
      const raw = parsed[i - parsedFrom];
      parsed[i - parsedFrom] = undefined;
      const valid = checkedEvent(raw, ['runs', r, 'events', i]);
      const event = mapValidEvent(valid, ownId, i);
      if (frame.id !== ownId) event.runId = frame.id;
      event.id = eventIds.free(event.id);
      fold.add(event);
      if (!userSeen && event.kind === 'user_message') {
        // Like mapPiperSession: a run's first user message names an untitled session, if it has text.
        userSeen = true;
        if (firstUser === undefined && event.text.trim()) firstUser = event.text;
      }
      slice.push(event);
      if (slice.length >= limit) {
        yield headSent ? { events: slice } : withHead(slice);
        headSent = true;
        slice = [];
        limit = size;
      }
    }
    frame.totals = fold.result();
    runs.push(frame);
    eventCounts.push(count);
  }
  if (!headSent) yield withHead(slice);
  else if (slice.length) yield { events: slice };
  if (!whole) {
    // The fields after the runs, now read, are part of the header too (and are checked now).
    const data = topData(layout);
    whole = { data, id: sessionId(data) };
  }
  const session = piperSessionFrame(whole.data, ctx, whole.id, firstUser, runs) as Omit<Session, 'totals'>;
  const emptyReason = piperEmptyReason(eventCounts);
  if (emptyReason) session.emptyReason = emptyReason;
  return { session: { ...session, totals: sumTotals(session.runs.map((r) => r.totals)) }, eventCounts };
}

/** The whole session mapped from a document's bytes (export, compare, explain); holds nothing but `ctx`. */
function wholeMapper(ctx: MapContext): (bytes: Uint8Array) => Session {
  return (bytes) => mapPiperSession(JSON.parse(textOf(bytes, 0, bytes.length)), ctx);
}

/**
 * A Piper document as a SlicedSession: its bytes (a reply's, whole; or a file's, arriving), its
 * layout scanned as far as the caller has (the rest as the slices need it).
 */
export function piperSlicedSession(bytes: Uint8Array | ArrivingBytes, layout: PiperLayout, ctx: MapContext): SlicedSession {
  return {
    ...(bytes instanceof Uint8Array ? { bytes } : {}),
    ranges: layout.events,
    slices: () => mapPiperSlices(bytes, layout, ctx),
    whole: wholeMapper(ctx),
  };
}
